// Front matter is text as the editor wrote it: YAML's core schema reads unquoted numbers, and the
// site published `tags: [007, 3.10]` as the tags 7 and 3.1, `headline: 1e3` as 1000 and
// `shortUrl: 01234` refused (it would have been 1234). Built with the real build, read with a parser.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { buildFixture, makeFixtureSite, readPage, textOf, type FixtureSite } from "./helpers/site.ts";

const sites: FixtureSite[] = [];
after(() => Promise.all(sites.map((site) => site.remove())));

test("numbers in the front matter are published as written", async () => {
  const story = [
    "---",
    "headline: 1e3",
    "date: 2026-01-05T10:00:00+05:00",
    "section: world",
    "bullets:",
    "  - 0x1F",
    "dateline: 1.50",
    "tags: [007, 3.10, 2024]",
    "author: 1_000",
    "shortUrl: 01234",
    "draft: false",
    "---",
    "",
    "The story.",
    "",
  ].join("\n");
  const site = await makeFixtureSite({ "story.md": story });
  sites.push(site);
  const result = await buildFixture(site, ["--now", "2026-11-30T12:00:00Z"]);
  assert.equal(result.code, 0, result.stderr);
  const page = await readPage(site.outputDir, "/world/story/");
  assert.equal(textOf(page.querySelector("h1")), "1e3");
  assert.deepEqual(Array.from(page.querySelectorAll(".summary li"), (item) => textOf(item)), ["0x1F"]);
  assert.equal(textOf(page.querySelector(".dateline")), "1.50:");
  assert.deepEqual(Array.from(page.querySelectorAll("ul.tags a"), (link) => textOf(link)), ["007", "3.10", "2024"]);
  assert.ok(Array.from(page.querySelectorAll("a[href^='/authors/']"), (link) => textOf(link)).includes("1_000"));
  assert.equal(page.querySelector(".short-url a")?.getAttribute("href"), "https://news.example.com/s/01234");
  assert.ok(existsSync(path.join(site.outputDir, "s", "01234", "index.html")), "the pinned short code keeps its leading zero");
});
