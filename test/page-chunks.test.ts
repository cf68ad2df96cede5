import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import type { Article } from "../src/article.ts";
import { chunkCount, chunkOf, pageChunkFromEnv } from "../src/page-chunks.ts";
import { article, buildFixture, makeFixtureSite } from "./helpers/site.ts";

async function filesUnder(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(path.relative(dir, path.join(entry.parentPath, entry.name)), await readFile(path.join(entry.parentPath, entry.name), "utf8"));
  }
  return files;
}

describe("writing article pages in chunks", () => {
  test("splits the pages into runs that cover each article once", () => {
    const articles = Array.from({ length: 7 }, (_, i) => ({ url: `/a${i}/` }) as Article);
    assert.equal(chunkCount(7, 3), 3);
    assert.equal(chunkCount(0, 3), 1);
    // Without a size: one run up to 10,000 pages, then 5,000 a run.
    assert.equal(chunkCount(10_000), 1);
    assert.equal(chunkCount(100_000), 20);
    assert.deepEqual([0, 1, 2].flatMap((index) => chunkOf(articles, { index, size: 3 })), articles);
    assert.deepEqual(pageChunkFromEnv({ NEWS_PAGE_CHUNK: "2:500" }), { index: 2, size: 500 });
    assert.deepEqual(pageChunkFromEnv({ NEWS_PAGE_CHUNK: "2" }), { index: 2, size: undefined });
    assert.throws(() => pageChunkFromEnv({ NEWS_PAGE_CHUNK: "two" }), /expected INDEX or INDEX:SIZE/);
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
