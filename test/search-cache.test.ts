import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { searchCacheKey } from "../src/search-cache.ts";
import { writeSearchIndex } from "../src/search-index.ts";
import { makeArticle } from "./helpers/articles.ts";
import { makeTempDir } from "./helpers/site.ts";

const story = (slug: string, day: number, text: string) =>
  makeArticle({ slug, published: `2026-01-0${day}T10:00:00+05:00`, section: "world", headline: `Story ${slug}`, html: `<p>${text}</p>` });

let work: string;
before(async () => {
  work = await makeTempDir("news-search-cache-");
});
after(() => rm(work, { recursive: true, force: true }));

test("a part whose stories are unchanged is copied from the cache; only the changed part is indexed again", async () => {
  const cacheDir = path.join(work, "cache");
  const archive = [story("c", 3, "Ferries run."), story("b", 2, "Rowing crews race."), story("a", 1, "Harbour dredged.")];
  await writeSearchIndex(archive, path.join(work, "first"), { language: "en", shardSize: 2, cacheDir });
  const kept = await readdir(cacheDir);
  assert.equal(kept.length, 2, "each part is kept");

  // Mark every kept index: a part that comes back with the mark was copied, not made again.
  for (const name of kept) await writeFile(path.join(cacheDir, name, "from-cache"), name);
  const withNewStory = [story("d", 4, "Book fair opens."), ...archive];
  await writeSearchIndex(withNewStory, path.join(work, "second"), { language: "en", shardSize: 2, cacheDir });
  const older = await readFile(path.join(work, "second/pagefind/from-cache"), "utf8").catch(() => undefined);
  assert.ok(older && kept.includes(older), "the part of the two oldest stories came from the cache");
  const newer = await readdir(path.join(work, "second/pagefind-1"));
  assert.ok(!newer.includes("from-cache"), "the part that gained a story was indexed again");
  const entry = JSON.parse(await readFile(path.join(work, "second/pagefind-1/pagefind-entry.json"), "utf8")) as { languages: Record<string, { page_count: number }> };
  assert.equal(entry.languages.en?.page_count, 2);
  assert.equal((await readdir(cacheDir)).length, 3);
});

test("the cache key changes with any story's words, its address, or the language", async () => {
  const base = [{ url: "/world/a/", html: "<p>One</p>" }];
  const key = await searchCacheKey("en", base);
  assert.equal(await searchCacheKey("en", [{ url: "/world/a/", html: "<p>One</p>" }]), key);
  assert.notEqual(await searchCacheKey("en", [{ url: "/world/a/", html: "<p>Two</p>" }]), key);
  assert.notEqual(await searchCacheKey("en", [{ url: "/world/b/", html: "<p>One</p>" }]), key);
  assert.notEqual(await searchCacheKey("ur", base), key);
});

test("without a cache every part is indexed afresh", async () => {
  await writeSearchIndex([story("a", 1, "Harbour dredged.")], path.join(work, "plain"), { language: "en" });
  assert.ok((await readdir(path.join(work, "plain/pagefind"))).includes("pagefind-entry.json"));
});

test("a kept index and the site's copy are the same files, linked, not written twice", async () => {
  const cacheDir = path.join(work, "linked-cache");
  const site = path.join(work, "linked");
  await writeSearchIndex([story("a", 1, "Harbour dredged.")], site, { language: "en", cacheDir });
  const [key] = await readdir(cacheDir);
  const entry = path.join(site, "pagefind/pagefind-entry.json");
  const kept = path.join(cacheDir, key!, "pagefind-entry.json");
  assert.equal((await stat(entry)).ino, (await stat(kept)).ino);
  // A restored index is linked too, and removing the site leaves the cache whole.
  const again = path.join(work, "linked-again");
  await writeSearchIndex([story("a", 1, "Harbour dredged.")], again, { language: "en", cacheDir });
  assert.equal((await stat(path.join(again, "pagefind/pagefind-entry.json"))).ino, (await stat(kept)).ino);
  await rm(site, { recursive: true });
  await rm(again, { recursive: true });
  assert.deepEqual(JSON.parse(await readFile(kept, "utf8")).languages.en.page_count, 1);
});
