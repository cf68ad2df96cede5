import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseHTML } from "linkedom";
import { PAGE_BUDGET_BYTES, pageWeight, usesWebFonts } from "../src/page-weight.ts";
import { makeTempDir, useSampleSite } from "./helpers/site.ts";

describe("pageWeight", () => {
  let dir: string;
  before(async () => {
    dir = await makeTempDir("news-weight-");
    await mkdir(path.join(dir, "story"), { recursive: true });
    await mkdir(path.join(dir, "css"));
    await writeFile(path.join(dir, "story/index.html"), `<link rel="stylesheet" href="/css/a.css"><script src="/js.js" defer></script><p>${"x".repeat(100)}</p>`);
    await writeFile(path.join(dir, "css/a.css"), "body{margin:0}");
    await writeFile(path.join(dir, "js.js"), `@font-face{} console.log(1)`);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("counts the page and every stylesheet and script it links to, compressed", async () => {
    const weight = await pageWeight(dir, "/story/");
    assert.deepEqual(weight.files.map((file) => file.url), ["/story/", "/css/a.css", "/js.js"]);
    assert.ok(weight.files.every((file) => file.bytes > 0 && file.bytes < 200));
    assert.equal(weight.total, weight.files.reduce((sum, file) => sum + file.bytes, 0));
    assert.equal(await usesWebFonts(dir, weight), true);
  });
});

describe("the sample site's pages", () => {
  const sample = useSampleSite();

  // One page of each kind a reader can land on first: the longest of the sample's stories, and the listing of
  // each kind with the most cards.
  const PAGES = {
    article: "/pakistan/washington-shared-interest-pakistan/",
    "article (second longest)": "/pakistan/pakistan-rejects-amnesty-spyware-claims/",
    "article in Urdu": "/lifestyle/example-bay-book-fair/",
    front: "/",
    section: "/pakistan/",
    tag: "/tags/example-bay/",
    author: "/authors/placeholder-newsroom/",
    "archive month": "/archive/2026/11/",
    archive: "/archive/",
    "tag index": "/tags/",
    "author index": "/authors/",
    search: "/search/",
    "404": "/404.html",
  };
  for (const [kind, url] of Object.entries(PAGES)) {
    test(`the ${kind} page (${url}) weighs at most 14 KB compressed with its CSS and JS, and uses no web fonts`, async () => {
      const weight = await pageWeight(sample.outputDir, url);
      const breakdown = weight.files.map((file) => `${file.url} ${file.bytes} B`).join(", ");
      assert.ok(weight.total <= PAGE_BUDGET_BYTES, `${weight.total} B is over the ${PAGE_BUDGET_BYTES} B budget: ${breakdown}`);
      assert.ok(weight.files.some((file) => file.url.endsWith(".css")) && weight.files.some((file) => file.url.endsWith(".js")), breakdown);
      assert.equal(await usesWebFonts(sample.outputDir, weight), false);
    });
  }

  // A listing sets it before it knows whether it lists a story (its stories reach a template only as a card's: test/story-cards.test.ts).
  test("a page loads the relative-time script only where it has a time to turn relative, or lists no story yet", async () => {
    const pages = (await readdir(sample.outputDir, { recursive: true })).filter((file) => file.endsWith(".html") && !file.startsWith("pagefind"));
    assert.ok(pages.length > 30, pages.join(" "));
    for (const page of pages) {
      const { document } = parseHTML(await readFile(path.join(sample.outputDir, page), "utf8"));
      const times = document.querySelectorAll("time[data-relative]").length > 0;
      const emptyListing = document.querySelector(".front") !== null && document.querySelector(".story-card") === null;
      const loads = [...document.querySelectorAll("script[src]")].some((script) => /\/js\/relative-time\.[0-9a-f]{8}\.js$/.test(script.getAttribute("src") ?? ""));
      assert.equal(loads, times || emptyListing, `${page}: ${times ? "relative times, but no script" : "the script, but no relative time"}`);
    }
  });
});
