// Every page's headings go down one level at a time (h1, then h2, then h3), as screen-reader users
// navigate by them and axe's heading-order rule asks: on listing pages below the first too, where
// there is no lead story.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { article, buildFixture, makeFixtureSite, readPage, type FixtureSite } from "./helpers/site.ts";

describe("heading order", () => {
  let site: FixtureSite;
  before(async () => {
    const articles: Record<string, string> = {};
    for (let day = 1; day <= 7; day++) {
      articles[`story-${day}.md`] = article({ headline: `Story ${day}`, date: `2026-01-0${day}T10:00:00+05:00`, tags: "[Harbour]", author: "Staff Reporter" });
    }
    // Two stories a page and two pages a section: the front, section, tag, author and month listings all have pages below the first.
    site = await makeFixtureSite(articles, { perPage: 2, listingPages: 2 });
    const result = await buildFixture(site, ["--now", "2026-11-30T12:00:00Z"]);
    assert.equal(result.code, 0, result.stderr);
  });
  after(() => site.remove());

  test("no page skips a level, on listing pages below the first too", async () => {
    const pages = (await readdir(site.outputDir, { recursive: true })).filter((file) => file.endsWith("index.html") && !file.startsWith(`s${path.sep}`));
    const listings = pages.filter((file) => file.split(path.sep).includes("page"));
    assert.ok(listings.length >= 5, `pages below the first were built: ${listings.join(", ")}`);
    const skips: string[] = [];
    for (const file of pages) {
      const url = `/${path.dirname(file) === "." ? "" : `${path.dirname(file).split(path.sep).join("/")}/`}`;
      const levels = Array.from((await readPage(site.outputDir, url)).querySelectorAll("h1, h2, h3, h4, h5, h6"), (heading) => Number(heading.tagName[1]));
      if (levels[0] !== 1) skips.push(`${url}: starts at h${levels[0]}`);
      levels.forEach((level, index) => {
        if (index > 0 && level > levels[index - 1]! + 1) skips.push(`${url}: h${levels[index - 1]} then h${level}`);
      });
    }
    assert.deepEqual(skips, []);
  });

  test("a lead story's headline is an h2 and the stories under it h3", async () => {
    const front = await readPage(site.outputDir, "/");
    assert.equal(front.querySelector(".story-card--lead .story-card__headline")?.tagName, "H2");
    assert.deepEqual(
      Array.from(front.querySelectorAll(".story-card:not(.story-card--lead) .story-card__headline"), (heading) => heading.tagName),
      ["H3"],
    );
    const second = await readPage(site.outputDir, "/page/2/");
    assert.deepEqual(
      Array.from(second.querySelectorAll(".story-card__headline"), (heading) => heading.tagName),
      ["H2", "H2"],
    );
  });
});
