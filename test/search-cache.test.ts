import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Article } from "../src/article.ts";
import { knownSearchKey, partFingerprint, rememberSearchKey, searchCacheKey } from "../src/search-cache.ts";
import { writeSearchIndex } from "../src/search-index.ts";
import { makeArticle } from "./helpers/articles.ts";
import { cameFromCache, markKeptIndexes } from "./helpers/cache-marks.ts";
import { fragmentTexts } from "./helpers/pagefind.ts";
import { article, buildFixture, makeFixtureSite, makeTempDir } from "./helpers/site.ts";

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
  const mark = () => markKeptIndexes(cacheDir);
  const copied = (site: string, folder: string) => cameFromCache(path.join(work, site, folder));
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

test("a part indexed again keeps, with the time they were first written, its files an earlier index kept with the same bytes (Pagefind's scripts too); only what changed is new", async () => {
  const cacheDir = path.join(work, "first-written-cache");
  const archive = [story("c", 3, "Ferries run."), story("b", 2, "Rowing crews race."), story("a", 1, "Harbour dredged.")];
  const first = path.join(work, "first-written-1");
  await writeSearchIndex(archive, first, { language: "en", cacheDir });
  const [kept] = (await readdir(cacheDir, { withFileTypes: true })).filter((entry) => entry.isDirectory());
  const firstWritten = new Date("2026-01-05T10:00:00Z");
  const fragments = await readdir(path.join(first, "pagefind/fragment"));
  assert.equal(fragments.length, 3);
  // Pagefind's scripts, styles and WebAssembly, named by Pagefind rather than by their content.
  const scripts = (await readdir(path.join(first, "pagefind"), { withFileTypes: true })).filter((entry) => entry.isFile() && entry.name !== "pagefind-entry.json" && !entry.name.endsWith(".pf_meta")).map((entry) => entry.name);
  assert.ok(scripts.includes("pagefind.js") && scripts.some((name) => name.startsWith("wasm.")), scripts.join(", "));
  // The site's files are the kept ones, linked: this dates both.
  for (const name of fragments) await utimes(path.join(first, "pagefind/fragment", name), firstWritten, firstWritten);
  for (const name of scripts) await utimes(path.join(first, "pagefind", name), firstWritten, firstWritten);
  // One kept fragment given other bytes under its name, as another index might: it must not stand in for Pagefind's.
  const [other, ...unchanged] = fragments;
  const otherKept = path.join(cacheDir, kept!.name, "fragment", other!);
  await rm(otherKept);
  await writeFile(otherKept, "other bytes");
  // And a script, as another version of Pagefind writes it under the same name.
  const [otherScript, ...sameScripts] = scripts;
  const otherScriptKept = path.join(cacheDir, kept!.name, otherScript!);
  await rm(otherScriptKept);
  await writeFile(otherScriptKept, "another version's");

  // A new story in the same part: every fragment is written again.
  const second = path.join(work, "first-written-2");
  await writeSearchIndex([story("d", 4, "Book fair opens."), ...archive], second, { language: "en", cacheDir });
  const written = path.join(second, "pagefind");
  const secondFragments = await readdir(path.join(written, "fragment"));
  assert.deepEqual(secondFragments.filter((name) => !fragments.includes(name)).length, 1, "the new story's fragment is new");
  for (const name of unchanged) {
    const [now, then] = [await stat(path.join(written, "fragment", name)), await stat(path.join(first, "pagefind/fragment", name))];
    assert.equal(now.ino, then.ino, `${name} is the file kept before`);
    assert.equal(now.mtimeMs, firstWritten.getTime(), `${name} keeps the time it was first written`);
  }
  for (const name of sameScripts) {
    const [now, then] = [await stat(path.join(written, name)), await stat(path.join(first, "pagefind", name))];
    assert.equal(now.ino, then.ino, `${name} is the file kept before`);
    assert.equal(now.mtimeMs, firstWritten.getTime(), `${name} keeps the time it was first written`);
  }
  const written2 = await stat(path.join(written, "fragment", other!));
  assert.ok(written2.mtimeMs > firstWritten.getTime(), "the namesake of other bytes is Pagefind's, written now");
  assert.deepEqual(await readFile(path.join(written, "fragment", other!)), await readFile(path.join(first, "pagefind/fragment", other!)));
  assert.ok((await stat(path.join(written, otherScript!))).mtimeMs > firstWritten.getTime(), "so is the script another version wrote other bytes under");
  assert.ok((await stat(path.join(written, "pagefind-entry.json"))).mtimeMs > firstWritten.getTime());
  // The index finds every story: its fragments are whole, and each names one.
  const urls = (await fragmentTexts(written)).map((text) => (JSON.parse(text) as { url: string }).url).sort();
  assert.deepEqual(urls, ["/world/a/", "/world/b/", "/world/c/", "/world/d/"]);
  // The part kept for the next build holds the same files.
  const [newKey] = (await readdir(cacheDir, { withFileTypes: true })).filter((entry) => entry.isDirectory() && entry.name !== kept!.name);
  assert.equal((await stat(path.join(cacheDir, newKey!.name, "fragment", unchanged[0]!))).ino, (await stat(path.join(first, "pagefind/fragment", unchanged[0]!))).ino);
});

test("the cache key changes with any story's words, its address, or the language", async () => {
  const base = [{ url: "/world/a/", html: "<p>One</p>" }];
  const key = await searchCacheKey("en", base);
  assert.equal(await searchCacheKey("en", [{ url: "/world/a/", html: "<p>One</p>" }]), key);
  assert.notEqual(await searchCacheKey("en", [{ url: "/world/a/", html: "<p>Two</p>" }]), key);
  assert.notEqual(await searchCacheKey("en", [{ url: "/world/b/", html: "<p>One</p>" }]), key);
  assert.notEqual(await searchCacheKey("ur", base), key);
});

test("a fingerprint changes with any story's digest, its address, the code, the language, the site's words or Node's ICU data", async () => {
  const stories = [{ url: "/world/a/", digest: "d1" }];
  const site = { language: "fr", words: { by: "Par" } };
  const fingerprint = await partFingerprint(site, "code", stories);
  assert.equal(await partFingerprint({ language: "fr", words: { by: "Par" } }, "code", [{ url: "/world/a/", digest: "d1" }]), fingerprint);
  assert.notEqual(await partFingerprint(site, "code", [{ url: "/world/a/", digest: "d2" }]), fingerprint);
  assert.notEqual(await partFingerprint(site, "code", [{ url: "/world/b/", digest: "d1" }]), fingerprint);
  assert.notEqual(await partFingerprint(site, "other code", stories), fingerprint);
  assert.notEqual(await partFingerprint({ ...site, language: "fr-CA" }, "code", stories), fingerprint);
  // A story's digest does not hold the site's words, which its search document's byline does.
  assert.notEqual(await partFingerprint({ ...site, words: { by: "Signé" } }, "code", stories), fingerprint);
  assert.notEqual(await partFingerprint({ language: "fr" }, "code", stories), fingerprint);
  // Node's ICU data: a byline's joining words come from it (Intl.ListFormat).
  const icu = Object.getOwnPropertyDescriptor(process.versions, "icu")!;
  Object.defineProperty(process.versions, "icu", { ...icu, value: "0.0-other" });
  try {
    assert.notEqual(await partFingerprint(site, "code", stories), fingerprint);
  } finally {
    Object.defineProperty(process.versions, "icu", icu);
  }
});

test("a key remembered under a fingerprint is found again; an unknown or damaged one is not", async () => {
  const cacheDir = path.join(work, "keys");
  const key = "0123456789abcdef0123456789abcdef";
  assert.equal(await knownSearchKey(cacheDir, "f1"), undefined);
  await rememberSearchKey(cacheDir, "f1", key);
  assert.equal(await knownSearchKey(cacheDir, "f1"), key);
  await writeFile(path.join(cacheDir, "f2.key"), "not a key");
  assert.equal(await knownSearchKey(cacheDir, "f2"), undefined);
});

test("with each story's digest, a part is named by the digests, without making its documents", async () => {
  const cacheDir = path.join(work, "cache-by-digest");
  const archive = [story("c", 3, "Ferries run."), story("b", 2, "Rowing crews race."), story("a", 1, "Harbour dredged.")];
  const digestsBy = (versions: Record<string, string>) => (article: Article) => `${article.url} ${versions[article.url] ?? "v1"}`;
  await writeSearchIndex(archive, path.join(work, "by-digest-1"), { language: "en", shardSize: 2, cacheDir, storyDigest: digestsBy({}) });
  assert.equal((await readdir(cacheDir)).filter((name) => name.endsWith(".key")).length, 2, "each part's key is remembered under its fingerprint");
  await markKeptIndexes(cacheDir);
  const fromCache = (site: string, folder: string) => cameFromCache(path.join(work, site, folder));

  // Story a's text changes but its digest is given as before: the remembered key decides, so its part is
  // copied. (A digest must change with the story: the page cache's does.)
  const changed = [archive[0]!, archive[1]!, story("a", 1, "Harbour dredged again.")];
  await writeSearchIndex(changed, path.join(work, "by-digest-2"), { language: "en", shardSize: 2, cacheDir, storyDigest: digestsBy({}) });
  assert.ok(await fromCache("by-digest-2", "pagefind"), "named by the digests alone");
  // With its digest changed too, the part is indexed afresh.
  await writeSearchIndex(changed, path.join(work, "by-digest-3"), { language: "en", shardSize: 2, cacheDir, storyDigest: digestsBy({ "/world/a/": "v2" }) });
  assert.ok(!(await fromCache("by-digest-3", "pagefind")), "the changed story's part was indexed again");
  assert.ok(await fromCache("by-digest-3", "pagefind-1"));
});

test("npm run build names its search parts by the page cache's story digests", async () => {
  const site = await makeFixtureSite({ "a.md": article({ headline: "Harbour dredged" }), "b.md": article({ headline: "Ferries run", date: "2024-07-09T10:00:00+05:00" }) });
  try {
    const result = await buildFixture(site, ["--now", "2026-01-01T00:00:00Z"]);
    assert.equal(result.code, 0, result.stderr);
    const kept = await readdir(path.join(site.dir, "search-cache"));
    assert.equal(kept.filter((name) => name.endsWith(".key")).length, 1, `one part, named by its fingerprint: ${kept.join(", ")}`);
  } finally {
    await site.remove();
  }
});

test("npm run build's search index says the site's word for by, and the new one once it is changed", async () => {
  const byline = { headline: "Le port rouvre", lang: "fr", author: "Amélie Roux" };
  const site = await makeFixtureSite({ "a.md": article(byline) }, { language: "fr", words: { by: "Par" } });
  try {
    const bylines = async () => (await fragmentTexts(path.join(site.outputDir, "pagefind"))).map((text) => (JSON.parse(text) as { content: string }).content);
    const first = await buildFixture(site, ["--now", "2026-02-01T00:00:00Z"]);
    assert.equal(first.code, 0, first.stderr);
    assert.match((await bylines()).join("\n"), /Par Amélie Roux/);
    // The story is as it was, so its digest is too: only the words name the part anew.
    await writeFile(site.settingsFile, JSON.stringify({ language: "fr", words: { by: "Signé" } }));
    const second = await buildFixture(site, ["--now", "2026-02-01T00:00:00Z"]);
    assert.equal(second.code, 0, second.stderr);
    const content = (await bylines()).join("\n");
    assert.match(content, /Signé Amélie Roux/);
    assert.doesNotMatch(content, /Par Amélie/, "the part was not taken from the cache with the old word");
  } finally {
    await site.remove();
  }
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
  // A restored index is linked too, but for its entry, which is the site's own copy, written now (s3-sync.test.ts);
  // removing the site leaves the cache whole.
  const again = path.join(work, "linked-again");
  await writeSearchIndex([story("a", 1, "Harbour dredged.")], again, { language: "en", cacheDir });
  const meta = (await readdir(path.join(cacheDir, key!))).find((name) => name.endsWith(".pf_meta"))!;
  assert.equal((await stat(path.join(again, "pagefind", meta))).ino, (await stat(path.join(cacheDir, key!, meta))).ino);
  const againEntry = path.join(again, "pagefind/pagefind-entry.json");
  assert.notEqual((await stat(againEntry)).ino, (await stat(kept)).ino);
  assert.equal(await readFile(againEntry, "utf8"), await readFile(kept, "utf8"));
  await rm(site, { recursive: true });
  await rm(again, { recursive: true });
  assert.deepEqual(JSON.parse(await readFile(kept, "utf8")).languages.en.page_count, 1);
});
