// The site's own words (src/site-words.ts) on a site in another language: given in the settings, they
// are the site's; not given, they stay English and are marked so, so that a screen reader set to Urdu
// does not read "Published" as Urdu.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { listFiles } from "../src/link-check.ts";
import { ENGLISH_WORDS } from "../src/site-words.ts";
import { SettingsError } from "../src/settings.ts";
import { article, buildFixture, makeFixtureSite, readPage, textOf, type FixtureSite } from "./helpers/site.ts";
import { testSettings } from "./helpers/articles.ts";

const NOW = ["--now", "2026-01-10T00:00:00Z"];
const ARTICLES = {
  "2026/01/mela.md": article({ headline: "کتاب میلہ شروع", date: "2026-01-05T10:00:00+05:00", slug: "kitab-mela", author: "Desk", tags: "[books]" }, "کتاب میلہ شروع ہو گیا۔"),
  "2026/01/harbour.md": article({ headline: "Harbour reopens", date: "2026-01-06T10:00:00+05:00", slug: "harbour", lang: "en" }, "The harbour reopened on Monday."),
};
const ENGLISH = new Set<string>(Object.values(ENGLISH_WORDS));

/** Every text of every page that is one of the English words, with the language it is read in (its nearest lang). */
async function englishWordsRead(outputDir: string): Promise<Array<{ page: string; word: string; lang: string | null; dir: string | null }>> {
  const found = [];
  for (const file of await listFiles(outputDir)) {
    if (!file.endsWith(".html")) continue;
    const page = `/${file.replace(/index\.html$/, "")}`;
    const document = await readPage(outputDir, page);
    const walker = document.createTreeWalker(document.body, 4 /* NodeFilter.SHOW_TEXT */);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const word = (node.textContent ?? "").trim().replace(/^\(|\)$/g, "");
      if (!ENGLISH.has(word)) continue;
      const marked = node.parentElement?.closest("[lang]");
      const direction = node.parentElement?.closest("[dir]");
      found.push({ page, word, lang: marked?.getAttribute("lang") ?? null, dir: direction?.getAttribute("dir") ?? null });
    }
  }
  return found;
}

describe("an Urdu site that gives none of the words", () => {
  let site: FixtureSite;
  before(async () => {
    site = await makeFixtureSite(ARTICLES, { language: "ur" });
    const result = await buildFixture(site, NOW);
    assert.equal(result.code, 0, result.stderr);
  });
  after(() => site.remove());

  test("its pages are Urdu and right to left, masthead and footer too", async () => {
    for (const page of ["/", "/world/", "/search/", "/404.html", "/tags/"]) {
      const document = await readPage(site.outputDir, page);
      assert.deepEqual([document.documentElement.getAttribute("lang"), document.documentElement.getAttribute("dir")], ["ur", "rtl"], page);
      for (const part of [".masthead", ".site-footer"]) {
        const element = document.querySelector(part);
        assert.deepEqual([element?.getAttribute("lang"), element?.getAttribute("dir")], ["ur", "rtl"], `${page} ${part}`);
      }
    }
  });

  test("every English word on every page is read as English, left to right", async () => {
    const words = await englishWordsRead(site.outputDir);
    for (const word of ["Skip to the content", "Skip to the story", "Search", "Archive", "Tags", "Published", "By", "Short URL:", "Copy", "Follow", "Page not found", "Words to find", "All sections"]) {
      assert.ok(words.some((found) => found.word === word), `"${word}" is on some page`);
    }
    assert.deepEqual(words.filter((found) => found.lang !== "en" || found.dir !== "ltr"), []);
  });

  test("the search page's status, which its script writes in English, is marked as English", async () => {
    const status = (await readPage(site.outputDir, "/search/")).querySelector("[data-search-status]");
    assert.deepEqual([status?.getAttribute("lang"), status?.getAttribute("dir")], ["en", "ltr"]);
  });

  test("on an English story's page its English words need no mark", async () => {
    const document = await readPage(site.outputDir, "/world/harbour/");
    assert.equal(document.documentElement.getAttribute("lang"), "en");
    assert.equal(document.querySelector(".story span[lang]"), null);
    assert.equal(textOf(document.querySelector(".short-url")).startsWith("Short URL:"), true);
    // The skip link reads in the page's language; the masthead keeps the site's, and marks its English.
    assert.equal(document.querySelector(".skip-link span[lang]"), null);
    assert.equal(document.querySelector(".search-link span")?.getAttribute("lang"), "en");
  });
});

describe("an Urdu site that gives some of the words", () => {
  let site: FixtureSite;
  const words = { search: "تلاش", published: "شائع ہوا", skipToContent: "مواد پر جائیں", archive: "آرکائیو & <پرانی>" };
  before(async () => {
    site = await makeFixtureSite(ARTICLES, { language: "ur", words });
    const result = await buildFixture(site, NOW);
    assert.equal(result.code, 0, result.stderr);
  });
  after(() => site.remove());

  test("a given word is the site's, unmarked among the site's text, and escaped", async () => {
    const document = await readPage(site.outputDir, "/");
    assert.equal(textOf(document.querySelector(".search-link")), "تلاش");
    assert.equal(textOf(document.querySelector(".skip-link")), "مواد پر جائیں");
    assert.equal(textOf(document.querySelector('.site-footer a[href="/archive/"]')), "آرکائیو & <پرانی>");
    assert.equal(document.querySelector(".masthead span[lang], .skip-link span[lang], .site-footer a[href='/archive/'] *"), null);
    assert.equal(textOf(document.querySelector("title")), "Example Bay News");
    assert.equal(textOf((await readPage(site.outputDir, "/search/")).querySelector("title")), "تلاش | Example Bay News");
  });

  test("one not given stays English, marked", async () => {
    const document = await readPage(site.outputDir, "/");
    const tags = document.querySelector('.site-footer a[href="/tags/"] span');
    assert.deepEqual([tags?.getAttribute("lang"), tags?.getAttribute("dir"), textOf(tags)], ["en", "ltr", "Tags"]);
  });

  test("on an English story's page a given word is marked as Urdu, right to left; the English ones are not marked", async () => {
    const document = await readPage(site.outputDir, "/world/harbour/");
    const published = document.querySelector(".published > span");
    assert.deepEqual([published?.getAttribute("lang"), published?.getAttribute("dir"), textOf(published)], ["ur", "rtl", "شائع ہوا"]);
    assert.equal(document.querySelector(".short-url span[lang]"), null);
  });

  test("on an Urdu story's page the given word needs no mark", async () => {
    const document = await readPage(site.outputDir, `/world/${encodeURI("kitab-mela")}/`);
    assert.equal(document.querySelector(".published span[lang]"), null);
    assert.ok(textOf(document.querySelector(".published")).startsWith("شائع ہوا"));
  });
});

describe("the words setting", () => {
  test("a word the site does not have, or an empty one, is refused naming it", () => {
    assert.throws(() => testSettings({ words: { serch: "تلاش" } as never }), (error: unknown) => error instanceof SettingsError && /words\.serch: unknown field; src\/site-words\.ts lists the words/.test(error.message));
    assert.throws(() => testSettings({ words: { search: " " } }), (error: unknown) => error instanceof SettingsError && /words\.search: expected a word or phrase, not an empty text/.test(error.message));
  });
});

describe("an English site", () => {
  let site: FixtureSite;
  before(async () => {
    site = await makeFixtureSite({ "2026/01/harbour.md": ARTICLES["2026/01/harbour.md"] });
    const result = await buildFixture(site, NOW);
    assert.equal(result.code, 0, result.stderr);
  });
  after(() => site.remove());

  test("marks none of its words", async () => {
    const words = await englishWordsRead(site.outputDir);
    assert.ok(words.length > 20);
    assert.deepEqual(words.filter((found) => found.lang !== "en"), []);
    for (const file of (await listFiles(site.outputDir)).filter((name) => name.endsWith(".html"))) {
      const document = await readPage(site.outputDir, `/${file.replace(/index\.html$/, "")}`);
      assert.equal(document.querySelector("body span[lang]"), null, path.join("/", file));
    }
  });
});
