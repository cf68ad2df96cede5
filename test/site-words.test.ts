// The site's own words (src/site-words.ts) on a site in another language: given in the settings, they
// are the site's; not given, they stay English and are marked so, so that a screen reader set to Urdu
// does not read "Published" as Urdu.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { listFiles } from "../src/link-check.ts";
import { ENGLISH_WORDS, fillIn, numberedWord, pageOfTotal, titleWithSite, wordsFor, type WordName } from "../src/site-words.ts";
import { SettingsError } from "../src/settings.ts";
import { article, assertBuildAndCheckRefuse, buildFixture, makeFixtureSite, readPage, textOf, type FixtureSite } from "./helpers/site.ts";
import { testSettings } from "./helpers/articles.ts";
import { parseXml, textIn, type XmlNode } from "./helpers/xml.ts";

const NOW = ["--now", "2026-01-10T00:00:00Z"];
const ARTICLES = {
  "2026/01/mela.md": article({ headline: "کتاب میلہ شروع", date: "2026-01-05T10:00:00+05:00", slug: "kitab-mela", author: "Desk", tags: "[books]" }, "کتاب میلہ شروع ہو گیا۔"),
  "2026/01/harbour.md": article({ headline: "Harbour reopens", date: "2026-01-06T10:00:00+05:00", slug: "harbour", lang: "en" }, "The harbour reopened on Monday."),
};
// A page's number, and the pager's, stand outside their English word's mark ("page 2", "Page 2 of 10"): the word is its text round them.
const ENGLISH = new Set<string>(Object.values(ENGLISH_WORDS).map((text) => text.replace(/\s*\{(?:number|page|total)\}\s*/g, " ").trim()));

/** The words a script is given on its element's data-words, as the script reads them. */
function scriptWords(element: Element | null): Record<string, { text: string; lang?: string; dir?: string }> {
  return JSON.parse(element?.getAttribute("data-words") ?? "null");
}

/** The meta description of a built page. */
async function descriptionOf(outputDir: string, page: string): Promise<string | null | undefined> {
  return (await readPage(outputDir, page)).querySelector('meta[name="description"]')?.getAttribute("content");
}

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

// The site's own names are in its language: its section, as an Urdu site would name it.
const URDU_SECTIONS = [{ slug: "world", name: "دنیا" }];

describe("an Urdu site that gives none of the words", () => {
  let site: FixtureSite;
  before(async () => {
    site = await makeFixtureSite(ARTICLES, { language: "ur", sections: URDU_SECTIONS });
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

  test("the section menu's label, which an attribute holds, is read as English: the menu is marked so (not its direction), each section's name marked back as Urdu", async () => {
    for (const page of ["/", "/world/harbour/", "/world/kitab-mela/"]) {
      const menu = (await readPage(site.outputDir, page)).querySelector("nav.sections");
      assert.deepEqual([menu?.getAttribute("aria-label"), menu?.getAttribute("lang"), menu?.getAttribute("dir")], ["Sections", "en", null], page);
      const names = Array.from(menu?.querySelectorAll("a") ?? [], (link) => [link.getAttribute("lang"), link.getAttribute("dir"), textOf(link)]);
      assert.deepEqual(names, [["ur", "rtl", "دنیا"]], page);
    }
  });

  test("the words the search page's script writes are English, marked so", async () => {
    const words = scriptWords((await readPage(site.outputDir, "/search/")).querySelector("[data-search-status]"));
    assert.deepEqual(words.searching, { text: "Searching…", lang: "en", dir: "ltr" });
    assert.deepEqual(words.searchFoundMany, { text: "{count} stories found for “{query}” {inSection}.", lang: "en", dir: "ltr" });
  });

  test("on an English story's page its English words need no mark", async () => {
    const document = await readPage(site.outputDir, "/world/harbour/");
    assert.equal(document.documentElement.getAttribute("lang"), "en");
    assert.equal(document.querySelector('.story span[lang="en"]'), null);
    assert.equal(textOf(document.querySelector(".short-url")).startsWith("Short URL:"), true);
    // The skip link reads in the page's language; the masthead keeps the site's, and marks its English.
    assert.equal(document.querySelector(".skip-link span[lang]"), null);
    assert.equal(document.querySelector(".search-link span")?.getAttribute("lang"), "en");
  });

  test("on an English story's page and card, the site's section name and the dates it writes are marked as Urdu, right to left", async () => {
    const marks = (element: Element | null | undefined) => [element?.getAttribute("lang"), element?.getAttribute("dir"), textOf(element)];
    const page = await readPage(site.outputDir, "/world/harbour/");
    assert.deepEqual(marks(page.querySelector(".story .kicker a")), ["ur", "rtl", "دنیا"]);
    assert.deepEqual(marks(page.querySelector('.story .follow span[lang="ur"]')), ["ur", "rtl", "دنیا"]);
    const time = page.querySelector(".times time");
    assert.deepEqual(marks(time), ["ur", "rtl", textOf(time)]);
    assert.match(textOf(time), /جنوری/);
    const card = (await readPage(site.outputDir, "/")).querySelector('article.story-card[lang="en"]');
    assert.deepEqual(marks(card?.querySelector(".kicker a")), ["ur", "rtl", "دنیا"]);
    assert.deepEqual(marks(card?.querySelector("time")).slice(0, 2), ["ur", "rtl"]);
  });

  test("on an Urdu story's page and card they need no mark", async () => {
    const page = await readPage(site.outputDir, `/world/${encodeURI("kitab-mela")}/`);
    const card = (await readPage(site.outputDir, "/")).querySelector('article.story-card[lang="ur"]');
    for (const element of [page.querySelector(".story .kicker a"), page.querySelector(".times time"), card?.querySelector(".kicker a"), card?.querySelector("time")]) {
      assert.ok(element);
      assert.equal(element.getAttribute("lang"), null);
    }
    assert.equal(page.querySelector('.story .follow span[lang="ur"]'), null);
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

  test("a place a word does not have is refused, naming the word, its places and the stranger", () => {
    assert.throws(
      () => testSettings({ words: { tagDescription: "Articles sur {section}, {site}" } }),
      (error: unknown) =>
        error instanceof SettingsError &&
        error.message.includes('words.tagDescription: expected only {tag} and {site} filled in (its English: "Stories tagged {tag} from {site}."), not {section} (in the settings laid over it)'),
    );
    assert.throws(() => testSettings({ words: { search: "{query}" } }), (error: unknown) => error instanceof SettingsError && /words\.search: expected no \{…\} filled in .*, not \{query\}/.test(error.message));
    // Its places in another order, or some left out, are the word's own affair.
    assert.equal(testSettings({ words: { tagDescription: "{site} : {tag}", sectionDescription: "Actualités" } }).words?.tagDescription, "{site} : {tag}");
  });
});

describe("filling in a word's places", () => {
  test("each place once, in one pass, and a place with no value goes with the spaces before it", () => {
    assert.equal(fillIn("Stories tagged {tag} from {site}.", { tag: "{site}", site: "Bay" }), "Stories tagged {site} from Bay.");
    assert.equal(fillIn("No stories found for “{query}” {inSection}.", { query: "port" }), "No stories found for “port”.");
    assert.equal(fillIn("{count}件 {inSection}", { count: 3, inSection: "" }), "3件");
  });
});

describe("a page's number in its word", () => {
  const number = (language: string, words: Record<string, string>, name: "page" | "pageAtStart") => numberedWord(wordsFor({ language, words }, language), name, "2");

  test("where the word places it, or else after it, spaced as the word's language spaces words", () => {
    assert.deepEqual(number("ja", { page: "{number}ページ" }, "page"), { html: "2ページ", text: "2ページ" });
    assert.deepEqual(number("ja", { page: "ページ" }, "page"), { html: "ページ2", text: "ページ2" });
    assert.deepEqual(number("de", { pageAtStart: "Seite" }, "pageAtStart"), { html: "Seite 2", text: "Seite 2" });
    assert.deepEqual(number("en", {}, "pageAtStart"), { html: "Page 2", text: "Page 2" });
  });

  test("outside the mark of a word left in English, and escaped", () => {
    assert.deepEqual(number("ur", {}, "page"), { html: '<span lang="en" dir="ltr">page</span> 2', text: "page 2" });
    assert.deepEqual(number("fr", { page: "p. <{number}>" }, "page"), { html: "p. &lt;2&gt;", text: "p. <2>" });
  });
});

describe("the pager's page and total in its word", () => {
  const position = (language: string, words: Record<string, string>) => pageOfTotal(wordsFor({ language, words }, language), "2", "10");

  test("where the word places them, as each language writes them", () => {
    assert.deepEqual(position("ja", { pageAtStart: "{number}ページ", of: "{total}ページ中{page}" }), { html: "10ページ中2ページ", text: "10ページ中2ページ" });
    assert.deepEqual(position("ja", { pageAtStart: "{number}", of: "{page} / {total}ページ" }), { html: "2 / 10ページ", text: "2 / 10ページ" });
    assert.deepEqual(position("zh", { pageAtStart: "第{number}页", of: "{page}，共{total}页" }), { html: "第2页，共10页", text: "第2页，共10页" });
  });

  test("as before where the word leaves them out: the page before it and the total after it, spaced as its language spaces words", () => {
    assert.deepEqual(position("en", {}), { html: "Page 2 of 10", text: "Page 2 of 10" });
    assert.deepEqual(position("fr", { pageAtStart: "Page", of: "sur" }), { html: "Page 2 sur 10", text: "Page 2 sur 10" });
    assert.deepEqual(position("ja", { pageAtStart: "{number}ページ", of: "／" }), { html: "2ページ／10", text: "2ページ／10" });
    assert.deepEqual(position("de", { pageAtStart: "Seite", of: "{page} von" }), { html: "Seite 2 von 10", text: "Seite 2 von 10" });
  });

  test("the numbers outside the marks of words left in English, and the word escaped", () => {
    const english = '<span lang="en" dir="ltr">';
    assert.deepEqual(position("ur", {}), { html: `${english}Page</span> 2 ${english}of</span> 10`, text: "Page 2 of 10" });
    assert.deepEqual(position("ur", { pageAtStart: "صفحہ" }), { html: `صفحہ 2 ${english}of</span> 10`, text: "صفحہ 2 of 10" });
    assert.deepEqual(position("fr", { of: "<{page}> & {total}" }), { html: `&lt;${english}Page</span> 2&gt; &amp; 10`, text: "<Page 2> & 10" });
  });
});

describe("a Japanese site whose words place the page's number", () => {
  let site: FixtureSite;
  before(async () => {
    const story = (slug: string, date: string) => article({ headline: "港が再開", slug, date, lang: "ja" }, "港が再開した。");
    site = await makeFixtureSite(
      { "2026/01/a.md": story("a", "2026-01-05T10:00:00+09:00"), "2026/01/b.md": story("b", "2026-01-06T10:00:00+09:00") },
      { language: "ja", perPage: 1, sections: [{ slug: "world", name: "国際" }], words: { page: "{number}ページ", pageAtStart: "{number}ページ", of: "{total}ページ中{page}" } },
    );
    const result = await buildFixture(site, NOW);
    assert.equal(result.code, 0, result.stderr);
  });
  after(() => site.remove());

  test("the front page's and a section's later pages: their headings, titles and pager", async () => {
    const front = await readPage(site.outputDir, "/page/2/");
    assert.equal(front.querySelector("h1")?.textContent, "Example Bay News：2ページ");
    assert.equal(front.querySelector("title")?.textContent, "2ページ | Example Bay News");
    assert.equal(front.querySelector(".pager__position")?.textContent, "2ページ中2ページ");
    const section = await readPage(site.outputDir, "/world/page/2/");
    assert.equal(section.querySelector("h1")?.textContent, "国際(2ページ)");
    assert.equal(section.querySelector("title")?.textContent, "国際：2ページ | Example Bay News");
  });
});

/** Every word, given: its English with "FR·" before each part, so any English of the site's own left on a page stands out. */
const EVERY_WORD = Object.fromEntries((Object.entries(ENGLISH_WORDS) as Array<[WordName, string]>).map(([name, text]) => [name, text.replace(/[^{}]+(?=\{|$)/g, (part) => part.replace(/\S+/g, (word) => `FR·${word}`))]));

/** English of the site's own (a word's text between its places, four letters or more): what a page of a site that gives every word must not hold. */
const ENGLISH_PARTS = [...new Set(Object.values(ENGLISH_WORDS).flatMap((text) => text.split(/\s*\{[A-Za-z]+\}\s*/)))].map((part) => part.trim()).filter((part) => /[A-Za-z]{4}/.test(part));

describe("a French site that gives some of the words round its pages and its scripts", () => {
  let site: FixtureSite;
  const words = {
    sectionDescription: "Les derniers articles de la rubrique {section}, sur {site}.",
    tagDescription: "{site} : les articles « {tag} » & d'autres",
    searchDescription: "Chercher dans les articles de {site}.",
    copied: "Copié !",
    searchFoundMany: "{count} articles trouvés pour « {query} » {inSection}.",
  };
  before(async () => {
    site = await makeFixtureSite(
      {
        "2026/01/port.md": article({ headline: "Le port rouvre", date: "2026-01-05T10:00:00+05:00", slug: "port", author: "Rédaction", tags: "[mer]" }, "Le port a rouvert lundi."),
        "2026/01/harbour.md": article({ headline: "Harbour reopens", date: "2026-01-06T10:00:00+05:00", slug: "harbour", lang: "en" }, "The harbour reopened on Monday."),
      },
      { language: "fr", words },
    );
    const result = await buildFixture(site, NOW);
    assert.equal(result.code, 0, result.stderr);
  });
  after(() => site.remove());

  test("the listing and search pages' meta descriptions are the words given, filled in and escaped; one not given stays English", async () => {
    assert.equal(await descriptionOf(site.outputDir, "/world/"), "Les derniers articles de la rubrique World, sur Example Bay News.");
    assert.equal(await descriptionOf(site.outputDir, "/tags/mer/"), "Example Bay News : les articles « mer » & d'autres");
    assert.equal(await descriptionOf(site.outputDir, "/search/"), "Chercher dans les articles de Example Bay News.");
    assert.equal(await descriptionOf(site.outputDir, "/authors/redaction/"), "Stories by Rédaction from Example Bay News.");
    assert.equal(await descriptionOf(site.outputDir, "/archive/2026/01/"), "Stories Example Bay News published in janvier 2026.");
    assert.match(await readFile(path.join(site.outputDir, "tags/mer/index.html"), "utf8"), /content="Example Bay News : les articles « mer » &amp; d&#39;autres"/);
  });

  test("a section's feed is described in the same words", async () => {
    const feed = await readFile(path.join(site.outputDir, "world/rss.xml"), "utf8");
    const channel = (parseXml(feed).rss as XmlNode).channel as XmlNode;
    assert.equal(textIn(channel.description), "Les derniers articles de la rubrique World, sur Example Bay News.");
  });

  test("the copy button's script is given its words, each marked where it is not in the story's language", async () => {
    const french = (await readPage(site.outputDir, "/world/port/")).querySelector("button.copy-short-url");
    assert.deepEqual(scriptWords(french), { copied: { text: "Copié !" }, copyFailed: { text: "Press Ctrl+C to copy", lang: "en", dir: "ltr" } });
    const english = (await readPage(site.outputDir, "/world/harbour/")).querySelector("button.copy-short-url");
    assert.deepEqual(scriptWords(english), { copied: { text: "Copié !", lang: "fr", dir: "ltr" }, copyFailed: { text: "Press Ctrl+C to copy" } });
  });

  test("the search page's script is given its words, the English ones marked", async () => {
    const status = (await readPage(site.outputDir, "/search/")).querySelector("[data-search-status]");
    const given = scriptWords(status);
    assert.deepEqual(given.searchFoundMany, { text: "{count} articles trouvés pour « {query} » {inSection}." });
    assert.deepEqual(given.searchInSection, { text: "in {section}", lang: "en", dir: "ltr" });
    assert.deepEqual(Object.keys(given).sort(), ["searchFoundMany", "searchFoundMore", "searchFoundNone", "searchFoundOne", "searchInSection", "searchUnavailable", "searching"]);
    assert.equal(status?.getAttribute("lang"), null, "each status is marked by the word it is written in");
  });
});

/** Attributes that hold names and addresses, not text a reader is given. */
const NOT_TEXT = new Set(["class", "id", "href", "src", "srcset", "action", "for", "name", "rel", "type", "datetime", "data-copy", "data-search-indexes"]);

describe("a French site that gives every word", () => {
  let site: FixtureSite;
  before(async () => {
    site = await makeFixtureSite(
      {
        "2026/01/port.md": article({ headline: "Le port rouvre", date: "2026-01-05T10:00:00+05:00", slug: "port", author: "Rédaction", tags: "[mer]" }, "Le port a rouvert lundi.\n\n| Quai | Départs |\n| --- | --- |\n| Nord | 12 |\n\n```\nhoraires\n```"),
        "2026/01/calme.md": article({ headline: "Mer calme", date: "2026-01-06T10:00:00+05:00", slug: "calme" }, "La mer est calme."),
        "2026/01/marees.md": article({ headline: "Les marées", date: "2026-01-07T10:00:00+05:00", slug: "marees" }, "Les marées de la semaine.\n\n<table><tr><th>Lundi</th><td>6 h 12</td></tr></table>"),
      },
      { language: "fr", description: "Les nouvelles de la baie.", words: EVERY_WORD },
    );
    const result = await buildFixture(site, NOW);
    assert.equal(result.code, 0, result.stderr);
  });
  after(() => site.remove());

  test("a story with a table or a block of code loads the script that names them while they scroll, and gives it its words; a story without loads neither", async () => {
    const scrollScript = (page: Document) => [...page.querySelectorAll("script[src]")].filter((script) => /\/js\/scroll-boxes\.[0-9a-f]{8}\.js$/.test(script.getAttribute("src") ?? "")).length;
    const withBoxes = await readPage(site.outputDir, "/world/port/");
    assert.equal(scrollScript(withBoxes), 1);
    assert.deepEqual(scriptWords(withBoxes.querySelector(".story__body")), { scrollingTable: { text: "FR·Table, FR·scrolls FR·sideways" }, scrollingCode: { text: "FR·Code, FR·scrolls FR·sideways" } });
    // A table written as HTML scrolls as a Markdown one does.
    assert.equal(scrollScript(await readPage(site.outputDir, "/world/marees/")), 1);
    const without = await readPage(site.outputDir, "/world/calme/");
    assert.equal(scrollScript(without), 0);
    assert.equal(without.querySelector(".story__body")?.hasAttribute("data-words"), false);
  });

  test("no page has English of the site's own left, in its text or in any attribute (aria-label, title, alt, meta description, the scripts' words)", async () => {
    const left: string[] = [];
    for (const file of (await listFiles(site.outputDir)).filter((name) => name.endsWith(".html"))) {
      const document = await readPage(site.outputDir, `/${file.replace(/index\.html$/, "")}`);
      const texts: string[] = [];
      const walker = document.createTreeWalker(document.documentElement, 4 /* NodeFilter.SHOW_TEXT */);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) if (node.parentElement?.tagName !== "SCRIPT") texts.push(node.textContent ?? "");
      for (const element of document.querySelectorAll("*")) for (const attribute of element.attributes) if (!NOT_TEXT.has(attribute.name)) texts.push(attribute.value);
      for (const text of texts) {
        // A word given is "FR·" before each of its words; what is left once those go must not be English of the site's.
        const bare = text.replace(/FR·\S+|\{[A-Za-z]+\}/g, " ");
        for (const part of ENGLISH_PARTS) if (bare.includes(part)) left.push(`${file}: "${part}" in "${text}"`);
      }
    }
    assert.deepEqual(left, []);
  });
});

/** A built page's <title>, and the title of its link to the feed at `feed` when it has one, as a reader's browser reads them. */
async function titlesOf(outputDir: string, page: string, feed?: string): Promise<{ title: string | undefined; feedLink?: string | null }> {
  const document = await readPage(outputDir, page);
  const title = document.querySelector("title")?.textContent;
  if (!feed) return { title };
  return { title, feedLink: document.querySelector(`link[rel="alternate"][href="${feed}"]`)?.getAttribute("title") };
}

/** A feed's own title as a feed reader's XML parser reads it (the helper decodes RSS's &#x26; as a reader does). */
async function feedTitle(outputDir: string, file: string): Promise<string> {
  const feed = parseXml(await readFile(path.join(outputDir, file), "utf8"));
  const rss = feed.rss as XmlNode | undefined;
  return textIn(rss ? (rss.channel as XmlNode).title : (feed.feed as XmlNode).title).trim();
}

describe("joining a page's title and the site's name", () => {
  test("as the titleWithSite word puts them, in one pass", () => {
    assert.equal(titleWithSite(wordsFor({ language: "en" }, "en"), "Harbour reopens", "Example Bay News"), "Harbour reopens | Example Bay News");
    assert.equal(titleWithSite(wordsFor({ language: "ja", words: { titleWithSite: "{title}：港湾新聞" } }, "ja"), "港が再開", "Example Bay News"), "港が再開：港湾新聞");
    assert.equal(titleWithSite(wordsFor({ language: "zh", words: { titleWithSite: "{site}_{title}" } }, "zh"), "港口重开 {site}", "海湾新闻"), "海湾新闻_港口重开 {site}");
  });

  test("every language's default is the English one", () => {
    for (const language of ["en", "ja", "zh", "ur", "ar", "fr"]) assert.equal(wordsFor({ language }, language).text.titleWithSite, "{title} | {site}", language);
  });

  test("a pattern without {title} is refused, naming the word and what it needs", () => {
    const refused = (pattern: string) =>
      assert.throws(
        () => testSettings({ words: { titleWithSite: pattern } }),
        (error: unknown) =>
          error instanceof SettingsError &&
          error.message.includes(`words.titleWithSite: expected {title} in it, where each page's own title goes (its English: "{title} | {site}"), not "${pattern}" (in the settings laid over it)`),
      );
    refused("{site}");
    refused("朝日新聞");
    refused("{Title} | {site}");
    assert.equal(testSettings({ words: { titleWithSite: "{title}：朝日新聞" } }).words?.titleWithSite, "{title}：朝日新聞");
  });
});

describe("a Japanese site that joins its pages' titles and its name its own way", () => {
  let site: FixtureSite;
  // Escaped wherever it goes: a quote that would end an attribute, and an entity that must stay as written.
  const join = (title: string) => `${title}｜Example Bay News "&amp;"`;
  before(async () => {
    const story = (slug: string, date: string) => article({ headline: "港が<再開>", slug, date, lang: "ja", author: "Desk", tags: "[port]" }, "港が再開した。");
    site = await makeFixtureSite(
      { "2026/01/a.md": story("a", "2026-01-05T10:00:00+09:00"), "2026/01/b.md": story("b", "2026-01-06T10:00:00+09:00") },
      {
        language: "ja",
        perPage: 1,
        sections: [{ slug: "world", name: "国際" }],
        words: { titleWithSite: '{title}｜{site} "&amp;"', page: "{number}ページ", pageAtStart: "{number}ページ" },
        moved: { "/old/harbour/": "/world/a/" },
      },
    );
    const result = await buildFixture(site, NOW);
    assert.equal(result.code, 0, result.stderr);
  });
  after(() => site.remove());

  test("every kind of page's <title> is the page's own title and the name joined so; the front page's is the name alone", async () => {
    const [shortLink] = await readdir(path.join(site.outputDir, "s"));
    const pages: Record<string, string> = {
      "/": "Example Bay News",
      "/page/2/": join("2ページ"),
      "/world/a/": join("港が<再開>"),
      "/world/": join("国際"),
      "/world/page/2/": join("国際：2ページ"),
      "/tags/port/": join("port"),
      "/authors/desk/": join("Desk"),
      "/tags/": join("Tags"),
      "/authors/": join("Authors"),
      "/archive/": join("Archive"),
      "/archive/2026/01/": join("2026年1月"),
      "/search/": join("Search"),
      "/404.html": join("Page not found"),
      [`/s/${shortLink}/`]: join("港が<再開>"),
      "/old/harbour/": join("港が<再開>"),
    };
    for (const [page, title] of Object.entries(pages)) assert.equal((await titlesOf(site.outputDir, page)).title, title, page);
  });

  test("the links to a section's, tag's and author's feed are titled so", async () => {
    assert.equal((await titlesOf(site.outputDir, "/world/a/", "/world/rss.xml")).feedLink, join("国際"));
    assert.equal((await titlesOf(site.outputDir, "/world/", "/world/rss.xml")).feedLink, join("国際"));
    assert.equal((await titlesOf(site.outputDir, "/tags/port/", "/tags/port/rss.xml")).feedLink, join("port"));
    assert.equal((await titlesOf(site.outputDir, "/authors/desk/", "/authors/desk/rss.xml")).feedLink, join("Desk"));
  });

  test("so are those feeds' own titles; the site's feeds are the name alone", async () => {
    assert.equal(await feedTitle(site.outputDir, "world/rss.xml"), join("国際"));
    assert.equal(await feedTitle(site.outputDir, "tags/port/rss.xml"), join("port"));
    assert.equal(await feedTitle(site.outputDir, "authors/desk/rss.xml"), join("Desk"));
    assert.equal(await feedTitle(site.outputDir, "rss.xml"), "Example Bay News");
    assert.equal(await feedTitle(site.outputDir, "feed.xml"), "Example Bay News");
  });
});

describe("a site whose titleWithSite has no {title}", () => {
  test("is refused by the build and the check, naming the settings file, the word and what it needs", async () => {
    const site = await makeFixtureSite({ "2026/01/harbour.md": ARTICLES["2026/01/harbour.md"] }, { words: { titleWithSite: "{site}" } });
    try {
      await assertBuildAndCheckRefuse(site, NOW[1]!, /words\.titleWithSite: expected \{title\} in it, where each page's own title goes \(its English: "\{title\} \| \{site\}"\), not "\{site\}" \(in [^)]*settings\.json\)/);
    } finally {
      await site.remove();
    }
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

  test("joins its pages' titles and its name as it always has: \"Harbour reopens | Example Bay News\"", async () => {
    assert.deepEqual(await titlesOf(site.outputDir, "/world/harbour/", "/world/rss.xml"), { title: "Harbour reopens | Example Bay News", feedLink: "World | Example Bay News" });
    assert.deepEqual(await titlesOf(site.outputDir, "/world/", "/world/rss.xml"), { title: "World | Example Bay News", feedLink: "World | Example Bay News" });
    assert.equal((await titlesOf(site.outputDir, "/404.html")).title, "Page not found | Example Bay News");
    assert.equal((await titlesOf(site.outputDir, "/")).title, "Example Bay News");
    assert.equal(await feedTitle(site.outputDir, "world/rss.xml"), "World | Example Bay News");
  });

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
