import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { buildSearchIndex } from "../src/search-index.ts";
import { article, buildFixture, makeFixtureSite, makeTempDir, readPage, textOf } from "./helpers/site.ts";

function page(lang: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><title>t</title></head><body><nav>Sections Sport</nav>${body}</body></html>`;
}

let site: string;
before(async () => {
  site = await makeTempDir("news-search-");
  const files: Record<string, string> = {
    "index.html": page("en", "<h1>Front page</h1><p>Harbour rowing regatta</p>"),
    "sport/regatta/index.html": page(
      "en",
      `<article data-pagefind-body><p><a data-pagefind-filter="section">Sport</a></p><h1>Rowing club wins</h1><ul><li>Coxless four clear in the final</li></ul><p>The crew thanked the boathouse.</p></article>`,
    ),
    "lifestyle/book-fair/index.html": page("ur", `<article data-pagefind-body><p><a data-pagefind-filter="section">Lifestyle</a></p><h1>کتاب میلہ</h1><p>بچوں کے لیے مفت داخلہ</p></article>`),
  };
  for (const [name, html] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(site, name)), { recursive: true });
    await writeFile(path.join(site, name), html);
  }
});
after(() => rm(site, { recursive: true, force: true }));

test("only article pages are indexed, all in the site's language, with their sections as a filter", async () => {
  await buildSearchIndex(site, "en-GB");
  const entry = JSON.parse(await readFile(path.join(site, "pagefind/pagefind-entry.json"), "utf8")) as { languages: Record<string, { page_count: number }> };
  assert.deepEqual(Object.keys(entry.languages), ["en"]);
  assert.equal(entry.languages.en?.page_count, 2, "the front page, without data-pagefind-body, is left out");
  const filters = await readdir(path.join(site, "pagefind/filter"));
  assert.equal(filters.length, 1);
  assert.ok((await readdir(path.join(site, "pagefind"))).includes("pagefind.js"));
});

test("a build has a search page that works without inline script and an index of its articles", async () => {
  const fixture = await makeFixtureSite({
    "regatta.md": article({ headline: "Rowing club wins", section: "sport", slug: "regatta" }, "The crew thanked the boathouse."),
  });
  try {
    const result = await buildFixture(fixture);
    assert.equal(result.code, 0, result.stderr);
    const page = await readPage(fixture.outputDir, "/search/");
    const query = page.querySelector("form[role=search] input[type=search]");
    assert.ok(query, "a search box");
    assert.equal(textOf(page.querySelector(`label[for="${query.getAttribute("id")}"]`)), "Words to find");
    const sections = Array.from(page.querySelectorAll("#search-section option")).map((option) => option.getAttribute("value"));
    assert.ok(sections.includes("Sport"), "sections to filter by");
    for (const script of Array.from(page.querySelectorAll("script"))) assert.ok(script.getAttribute("src"), "every script is an external file");
    assert.match(page.querySelector("noscript")?.innerHTML ?? "", /href="\/sport\/"/, "readers without JavaScript are sent to the sections");
    assert.equal(page.querySelector('meta[name="robots"]')?.getAttribute("content"), "noindex", "search engines do not list the search page");
    const entry = JSON.parse(await readFile(path.join(fixture.outputDir, "pagefind/pagefind-entry.json"), "utf8")) as { languages: Record<string, { page_count: number }> };
    assert.equal(entry.languages.en?.page_count, 1, "the one article, and no other page");
    const story = await readPage(fixture.outputDir, "/sport/regatta/");
    assert.equal(textOf(story.querySelector("[data-pagefind-body] [data-pagefind-filter=section]")), "Sport");
  } finally {
    await fixture.remove();
  }
});
