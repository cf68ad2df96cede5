import { describe, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { DateTime } from "luxon";
import { chunkCount, chunkOf, chunkedPageCount, pageChunkFromEnv, templatesWrittenOnce } from "../src/page-chunks.ts";
import { buildSiteData, PAGE_LISTS } from "../src/site-data.ts";
import { makeArticle, testSettings } from "./helpers/articles.ts";
import { article, buildFixture, filesUnder, makeFixtureSite, PROJECT_ROOT } from "./helpers/site.ts";

describe("writing pages in chunks", () => {
  test("splits every long list of pages into runs that cover each page once", () => {
    const stories = Array.from({ length: 7 }, (_, i) =>
      makeArticle({ slug: `s${i}`, published: `2026-01-0${i + 1}T10:00:00+05:00`, section: "world", tags: ["Harbour"], authors: ["Sana Q"] }),
    );
    const data = buildSiteData(stories, testSettings({ perPage: 2 }), { now: DateTime.fromISO("2026-02-01T00:00:00Z") });
    const pages = chunkedPageCount(data);
    assert.equal(pages, PAGE_LISTS.reduce((total, list) => total + data[list].length, 0));
    const runs = chunkCount(pages, 3);
    assert.equal(runs, Math.ceil(pages / 3));
    const chunks = Array.from({ length: runs }, (_, index) => chunkOf(data, { index, size: 3 }));
    for (const list of PAGE_LISTS) {
      assert.deepEqual(chunks.flatMap((chunk) => chunk[list] as unknown[]), data[list], `${list}: every page in exactly one run`);
    }
    for (const chunk of chunks) assert.ok(chunkedPageCount(chunk) <= 3, "no run writes more than its share");
    assert.equal(chunks[2]!.sitemaps, data.sitemaps, "pages there is one of come from the whole archive");
    // Without a size: 3,000 pages a run, whatever the archive's size.
    assert.equal(chunkCount(3_000), 1);
    assert.equal(chunkCount(3_001), 2);
    assert.equal(chunkCount(25_195), 9);
    assert.equal(chunkCount(100_000), 34);
    assert.equal(chunkCount(0, 3), 1);
    assert.deepEqual(pageChunkFromEnv({ NEWS_PAGE_CHUNK: "2:500" }), { index: 2, size: 500 });
    assert.deepEqual(pageChunkFromEnv({ NEWS_PAGE_CHUNK: "2" }), { index: 2, size: undefined });
    assert.throws(() => pageChunkFromEnv({ NEWS_PAGE_CHUNK: "two" }), /expected INDEX or INDEX:SIZE/);
  });

  test("only the pages there is one of are left to the first run", () => {
    const once = templatesWrittenOnce(path.join(PROJECT_ROOT, "templates")).map((file) => path.relative(path.join(PROJECT_ROOT, "templates"), file)).sort();
    assert.ok(once.includes("sitemaps/index.njk") && once.includes("search.njk"), once.join(", "));
    for (const chunked of ["article.njk", "index.njk", "listings/tag.njk", "listings/section.njk", "listings/author.njk", "listings/archive-month.njk", "feeds/subject-rss.njk", "sitemaps/urls.njk", "feeds/rss.njk", "feeds/atom.njk"]) {
      assert.ok(!once.includes(chunked), `${chunked} is written in chunks`);
    }
    assert.ok(!once.some((file) => file.startsWith("_includes")), "layouts are not pages");
  });

  test("a build in chunks writes the same site, file for file, as one run", async () => {
    const stories: Record<string, string> = {};
    for (let i = 0; i < 23; i++) stories[`2025/story-${i}.md`] = article({ headline: `"Story ${i}"`, date: `2025-01-${String(i + 1).padStart(2, "0")}T10:00:00+05:00` });
    const site = await makeFixtureSite(stories, { perPage: 5 });
    try {
      const whole = await buildFixture(site, ["--now", "2026-01-01T00:00:00Z"]);
      assert.equal(whole.code, 0, whole.stderr);
      const expected = await filesUnder(site.outputDir);
      const chunked = await buildFixture(site, ["--now", "2026-01-01T00:00:00Z"], { NEWS_CHUNK_SIZE: "4" });
      assert.equal(chunked.code, 0, chunked.stderr);
      const actual = await filesUnder(site.outputDir);
      assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
      for (const [file, text] of expected) assert.equal(actual.get(file), text, file);
      // Every one of the 23 article pages, written across six runs.
      assert.equal([...actual.keys()].filter((file) => /^world\/story-\d+\/index\.html$/.test(file)).length, 23);
    } finally {
      await site.remove();
    }
  });
});
