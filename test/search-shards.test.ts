import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { parseHTML } from "linkedom";
import type { Article } from "../src/article.ts";
import { isMergedIndexData, searchDocument, searchFolders, searchShards, searchShardSize, SEARCH_SHARD_SIZE, SEARCH_SHARD_SIZE_ENV, storiesPerFolder, storiesPerFolderAfter, type SearchShard, type SearchSite } from "../src/search-shards.ts";
import { isSearchFolder } from "../src/site-folders.ts";
import { makeArticle, newestFirst } from "./helpers/articles.ts";
import { textOf } from "./helpers/site.ts";
import { seededRandom } from "./helpers/random.ts";

// Newest first, as the site data holds them.
const stories = [
  makeArticle({ slug: "third", published: "2026-01-03T10:00:00+05:00", section: "sport" }),
  makeArticle({ slug: "second", published: "2026-01-02T10:00:00+05:00", section: "lifestyle", lang: "ur" }),
  makeArticle({ slug: "first", published: "2026-01-01T10:00:00+05:00", section: "world" }),
];

/** Stories in folders of the archive by year, newest first; each folder's named YEAR-0 (its oldest), YEAR-1, … */
function datedArchive(storiesPerYear: Record<string, number>): Article[] {
  const stories = Object.entries(storiesPerYear).flatMap(([year, count]) =>
    Array.from({ length: count }, (_, index) => makeArticle({ slug: `${year}-${index}`, published: `${year}-01-${String(index + 1).padStart(2, "0")}T10:00:00Z`, archiveFolder: year })),
  );
  return newestFirst(stories);
}

/** The stories of an archive with no folders: all at its top. */
const oneFolder = (count: number) => new Map([["", count]]);

describe("searchShards", () => {
  test("splits the stories oldest first, so older indexes keep their stories as new ones arrive", () => {
    const shards = searchShards(stories, 2);
    assert.deepEqual(
      shards.map((shard) => [shard.folder, shard.articles.map((story) => story.slug)]),
      [
        ["pagefind/", ["first", "second"]],
        ["pagefind-1/", ["third"]],
      ],
    );
    assert.deepEqual(searchFolders(oneFolder(stories.length), 2), ["pagefind/", "pagefind-1/"], "the search page is told the same folders");
  });

  test("tells a search folder from the site's other top-level folders", () => {
    for (const folder of searchFolders(oneFolder(12_000))) assert.ok(isSearchFolder(folder.replace(/\/$/, "")), folder);
    for (const name of ["pagefind-ui", "pagefinder", "pagefind-1a", "search", "index.html", "world"]) assert.equal(isSearchFolder(name), false, name);
  });

  test("the newest stories are in small parts, so a new story or a correction re-indexes few", () => {
    // Newest first: story 0 is the newest.
    const archive = (count: number) => Array.from({ length: count }, (_, index) => makeArticle({ slug: `s${count - 1 - index}`, published: "2026-01-01T10:00:00+05:00" }));
    const layout = (count: number, size: number) => searchShards(archive(count), size).map((shard) => shard.articles.map((story) => story.slug));
    // Parts of 8 for the oldest, as long as 2 newer stories (a quarter of 8) are left after them; then parts of 2
    // as long as one story (a twentieth of 8, rounded up) is left after them; the rest one by one.
    assert.deepEqual(
      searchShards(archive(11), 8).map((shard) => [shard.folder, shard.articles.length]),
      [
        ["pagefind/", 8],
        ["pagefind-1/", 2],
        ["pagefind-2/", 1],
      ],
    );
    assert.deepEqual(searchFolders(oneFolder(11), 8), ["pagefind/", "pagefind-1/", "pagefind-2/"], "the search page is told the same folders");
    assert.deepEqual(layout(9, 8).map((part) => part.join(" ")), ["s0 s1", "s2 s3", "s4 s5", "s6 s7", "s8"], "nine stories are too few for a full part with two after it");
    // Parts of 40, 10 and 2: stories are added one at a time, as a newsroom publishes them.
    const size = 40;
    let before: string[][] = [];
    for (let count = 1; count <= 200; count++) {
      const after = layout(count, size);
      assert.equal(searchFolders(oneFolder(count), size).length, after.length, `${count} stories: the folders match the parts`);
      assert.deepEqual(after.flat(), archive(count).map((story) => story.slug).reverse(), `${count} stories: each once, oldest first`);
      // No part is split or moved: each part starts where a part started before, or at the new story.
      const starts = (parts: string[][]) => parts.map((part) => part[0]);
      for (const start of starts(after)) assert.ok(starts(before).includes(start) || start === `s${count - 1}`, `${count} stories: ${JSON.stringify(after)}`);
      // So at most two parts are indexed again: the new story's, and one that the smaller parts before it became.
      const changed = after.filter((part) => !before.some((old) => old.join(" ") === part.join(" ")));
      assert.ok(changed.length <= 2, `${count} stories: ${changed.length} parts changed`);
      // The newest story is in a part of the smallest size, which holds at most 2.
      assert.ok(after.at(-1)!.length <= 2 && after.at(-1)!.includes(`s${count - 1}`), `${count} stories: ${JSON.stringify(after)}`);
      before = after;
    }
    // At the real sizes: at 10,000 stories, three full parts, three of 625 and five of 125 (what a correction to the newest indexes).
    assert.deepEqual(
      searchShards(archive(10_000)).map((shard) => shard.articles.length),
      [2_500, 2_500, 2_500, 625, 625, 625, 125, 125, 125, 125, 125],
    );
    // A reader's search loads at most nine indexes besides the full parts of 2,500 (the oldest, which stay put).
    for (let count = 0; count <= 20_000; count += 1) {
      const full = Math.max(0, Math.floor((count - 625) / 2_500));
      assert.ok(searchFolders(oneFolder(count)).length - full <= 9, `${count} stories: ${searchFolders(oneFolder(count)).length} indexes`);
    }
  });

  test("a part holds one folder's stories, and only the newest folder has small parts", () => {
    // Newest first, as the site data holds them: 7 stories of 2024, 5 of 2025, 11 of 2026.
    const archive = datedArchive({ "2024": 7, "2025": 5, "2026": 11 });
    const parts = searchShards(archive, 4);
    assert.deepEqual(
      parts.map((part) => [part.folder, part.articles.map((story) => story.slug).join(" "), part.full]),
      [
        ["pagefind/", "2024-0 2024-1 2024-2 2024-3", true],
        ["pagefind-1/", "2024-4 2024-5 2024-6", true],
        ["pagefind-2/", "2025-0 2025-1 2025-2 2025-3", true],
        ["pagefind-3/", "2025-4", true],
        ["pagefind-4/", "2026-0 2026-1 2026-2 2026-3", true],
        ["pagefind-5/", "2026-4 2026-5 2026-6 2026-7", true],
        ["pagefind-6/", "2026-8", false],
        ["pagefind-7/", "2026-9", false],
        ["pagefind-8/", "2026-10", false],
      ],
    );
    assert.deepEqual(searchFolders(storiesPerFolder(archive), 4), parts.map((part) => part.folder), "the search page is told the same folders");
  });

  test("a shard's parts are the whole site's parts of its folder, numbered among the others", () => {
    const archive = datedArchive({ "2024": 7, "2025": 5, "2026": 11 });
    const described = (parts: SearchShard[]) => parts.map((part) => ({ folder: part.folder, stories: part.articles.map((story) => story.slug) }));
    const whole = described(searchShards(archive, 4));
    for (const year of ["2024", "2025", "2026"]) {
      const own = archive.filter((story) => story.archiveFolder === year);
      const elsewhere = storiesPerFolder(archive.filter((story) => story.archiveFolder !== year));
      const wholeOfYear = whole.filter((part) => part.stories[0]!.startsWith(year));
      assert.ok(wholeOfYear.length >= 2, year);
      assert.deepEqual(described(searchShards(own, 4, elsewhere)), wholeOfYear, year);
    }
    // A job that writes no article pages is told the archive's stories and indexes none of them.
    assert.deepEqual(searchShards([], 4, storiesPerFolder(archive)), []);
  });

  test("a story added to an older folder moves that folder's parts alone", () => {
    const contents = (stories: Article[]) => searchShards(stories, 4).map((part) => part.articles.map((story) => story.slug).join(" "));
    const before = contents(datedArchive({ "2024": 7, "2025": 5, "2026": 11 }));
    const backfilled = makeArticle({ slug: "2025-late", published: "2025-06-15T10:00:00Z", archiveFolder: "2025" });
    const after = contents(newestFirst([...datedArchive({ "2024": 7, "2025": 5, "2026": 11 }), backfilled]));
    const changed = after.filter((part) => !before.includes(part));
    assert.ok(changed.length > 0 && changed.every((part) => part.startsWith("2025")), JSON.stringify(changed));
  });

  test("a site with no stories still has one, empty, index", () => {
    assert.deepEqual(
      searchShards([], 2).map((shard) => [shard.folder, shard.articles.length]),
      [["pagefind/", 0]],
    );
    assert.deepEqual(searchFolders(oneFolder(0), 2), ["pagefind/"]);
  });
});

describe("searchDocument", () => {
  test("holds the story's words, escapes its front matter and names its section as a filter", () => {
    const story = makeArticle({
      slug: "x",
      published: "2026-01-01T10:00:00+05:00",
      section: "sport",
      headline: `<img src=x onerror="alert(1)"> & more`,
      bullets: ["<b>bold</b> claim"],
      authors: ["Sana Q"],
      tags: ["Rowing"],
      html: "<p>Body text.</p>",
    });
    const { document } = parseHTML(searchDocument(story, { language: "en" }));
    const body = document.querySelector("[data-pagefind-body]");
    assert.equal(textOf(body?.querySelector("h1")), `<img src=x onerror="alert(1)"> & more`);
    assert.equal(body?.querySelectorAll("img").length, 0, "the headline is text, not markup");
    assert.equal(body?.querySelectorAll("b").length, 0);
    assert.equal(textOf(body?.querySelector("[data-pagefind-filter=section]")), "Sport");
    assert.ok(body?.querySelector("[data-pagefind-filter=section]")?.closest("[data-pagefind-ignore]"), "the section name filters, it is not searched as text");
    assert.match(textOf(body), /By Sana Q/);
    assert.match(textOf(body), /Body text\./);
    assert.match(textOf(body), /Rowing/);
  });

  test("gives the body's images as their alt text, however their tags are written, between the words around them, and no image", () => {
    const html =
      `<p>Before <IMG SRC="/media/a.png" alt="nets > ropes" title='a > b'> between <picture><source srcset="/img/b.webp"><img src="/img/b.jpeg" alt="the quay &amp; its &lt;b&gt;boats&lt;/b&gt;" /></picture>` +
      `<img src=c.png alt='<script>alert(1)</script>'>then <img src="d.png" alt="">after.</p>`;
    const story = makeArticle({ slug: "x", published: "2026-01-01T10:00:00+05:00", html });
    const body = parseHTML(searchDocument(story, { language: "en" })).document.querySelector("[data-pagefind-body]");
    assert.equal(body?.querySelectorAll("img, script, b").length, 0, "alt text is text, not markup");
    assert.equal(textOf(body?.querySelector("p:last-of-type")), "Before nets > ropes between the quay & its <b>boats</b> <script>alert(1)</script> then after.");
  });

  test("holds the lead image's alt text, as text, before its caption", () => {
    const image = { url: "/images/lead.jpg", alt: "Boats <moored> at the wall", caption: "The harbour at dawn.", credit: "Staff" };
    const story = makeArticle({ slug: "x", published: "2026-01-01T10:00:00+05:00", image, html: "<p>Body text.</p>" });
    const body = parseHTML(searchDocument(story, { language: "en" })).document.querySelector("[data-pagefind-body]");
    assert.deepEqual([...(body?.querySelectorAll("p") ?? [])].map((paragraph) => textOf(paragraph)), ["Boats <moored> at the wall", "The harbour at dawn. Staff", "Body text."]);
    assert.equal(body?.querySelectorAll("img, moored").length, 0);
  });
});

describe("searchDocument's byline", () => {
  const story = (lang: string) => makeArticle({ slug: `x-${lang}`, published: "2026-01-01T10:00:00+05:00", authors: ["Amélie Roux", "Jean Dupont", "Sana Q"], lang, html: "<p>Text.</p>" });
  /** The byline's paragraph: the one that holds the first author's name. */
  const bylineOf = (lang: string, site: SearchSite) =>
    [...parseHTML(searchDocument(story(lang), site)).document.querySelectorAll("[data-pagefind-body] p")].find((paragraph) => textOf(paragraph).includes("Amélie Roux"));

  test("joins the authors' names in the story's language", () => {
    assert.equal(textOf(bylineOf("fr", { language: "en" })), "By Amélie Roux, Jean Dupont et Sana Q");
    assert.equal(textOf(bylineOf("en", { language: "en" })), "By Amélie Roux, Jean Dupont, and Sana Q");
  });

  test("says the site's word for by, marked with its language where the story's is another, as the story's page does", () => {
    const french = { language: "fr", words: { by: "Par" } };
    const inFrench = bylineOf("fr", french);
    assert.equal(textOf(inFrench), "Par Amélie Roux, Jean Dupont et Sana Q");
    assert.equal(inFrench?.querySelector("[lang]"), null, "the word is in the story's language");
    const inEnglish = bylineOf("en", french);
    assert.equal(textOf(inEnglish), "Par Amélie Roux, Jean Dupont, and Sana Q");
    assert.equal(inEnglish?.querySelector("span")?.outerHTML, `<span lang="fr" dir="ltr">Par</span>`);
    // A French site that gives no word for it has the English one, marked as English.
    assert.equal(bylineOf("fr", { language: "fr" })?.querySelector("span")?.outerHTML, `<span lang="en" dir="ltr">By</span>`);
  });
});

describe("searchShardSize", () => {
  test("takes the size a test sets, and ignores one that is not a positive number", () => {
    assert.equal(searchShardSize({ [SEARCH_SHARD_SIZE_ENV]: "3" }), 3);
    assert.equal(searchShardSize({}), SEARCH_SHARD_SIZE);
    // A size of 0 would ask for endless parts of nothing.
    for (const value of ["", "0", "-2", "many"]) assert.equal(searchShardSize({ [SEARCH_SHARD_SIZE_ENV]: value }), SEARCH_SHARD_SIZE, value);
  });
});

describe("isMergedIndexData", () => {
  test("keeps a bundle's entry, metadata and hashed folders, not the script and files the first bundle already has", () => {
    for (const name of ["pagefind-entry.json", "pagefind.en_0a1b2c.pf_meta", "index", "fragment", "filter"]) assert.ok(isMergedIndexData(name), name);
    for (const name of ["pagefind.js", "pagefind-worker.js", "wasm.en.pagefind", "pagefind-ui.css", "pagefind-ui.js"]) assert.ok(!isMergedIndexData(name), name);
  });
});

describe("storiesPerFolderAfter", () => {
  test("counts as a count of every story does, looking only at the stories that differ", () => {
    const next = seededRandom(20261206);
    const story = (folder: number) => ({ archiveFolder: String(2020 + folder) });
    for (let round = 0; round < 200; round++) {
      const before = Array.from({ length: next(40) }, () => story(next(4)));
      const after = [...before];
      for (let edit = next(4); edit > 0; edit--) {
        const at = next(after.length + 1);
        if (next(2) === 0) after.splice(at, 0, story(next(5)));
        else after.splice(at, 1);
      }
      const counts = storiesPerFolderAfter(storiesPerFolder(before), before, after);
      assert.deepEqual([...counts].sort(), [...storiesPerFolder(after)].sort(), `round ${round}`);
    }
    // A save at 100,000 stories: the stories both lists hold are not looked at.
    const kept = Array.from({ length: 1000 }, () => story(next(4)));
    const looked: string[] = [];
    const watched = (folder: string) => ({
      get archiveFolder() {
        looked.push(folder);
        return folder;
      },
    });
    const before = [...kept.slice(0, 500), watched("2021"), ...kept.slice(500)];
    const after = [...kept.slice(0, 500), watched("2024"), ...kept.slice(500)];
    const counts = storiesPerFolderAfter(storiesPerFolder(before), before, after);
    looked.length = 0;
    storiesPerFolderAfter(counts, after, before);
    assert.deepEqual(looked.sort(), ["2021", "2024"]);
  });
});
