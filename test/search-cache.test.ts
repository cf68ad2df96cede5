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
  const mark = async () => {
    for (const name of await readdir(cacheDir)) await writeFile(path.join(cacheDir, name, "from-cache"), name);
  };
  const copied = async (site: string, folder: string) => (await readdir(path.join(work, site, folder))).includes("from-cache");
  const pages = async (site: string, folder: string) =>
    (JSON.parse(await readFile(path.join(work, site, folder, "pagefind-entry.json"), "utf8")) as { languages: Record<string, { page_count: number }> }).languages.en?.page_count;
  await mark();

  // Parts of 2 for the oldest, the newest in parts of 1 (src/search-shards.ts): a new story is a part of its own.
  const withNewStory = [story("d", 4, "Book fair opens."), ...archive];
  await writeSearchIndex(withNewStory, path.join(work, "second"), { language: "en", shardSize: 2, cacheDir });
  assert.ok(await copied("second", "pagefind"), "the part of the two oldest stories came from the cache");
  assert.ok(await copied("second", "pagefind-1"), "the part of the next story came from the cache");
  assert.ok(!(await copied("second", "pagefind-2")), "the new story's part was indexed");
  assert.equal(await pages("second", "pagefind-2"), 1);
  assert.equal((await readdir(cacheDir)).length, 3);

  await mark();
  const corrected = [withNewStory[0]!, story("c", 3, "Ferries run again."), ...archive.slice(1)];
  await writeSearchIndex(corrected, path.join(work, "third"), { language: "en", shardSize: 2, cacheDir });
  assert.ok(await copied("third", "pagefind"));
  assert.ok(!(await copied("third", "pagefind-1")), "the corrected story's part was indexed again");
  assert.ok(await copied("third", "pagefind-2"));
  assert.equal(await pages("third", "pagefind-1"), 1);
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
