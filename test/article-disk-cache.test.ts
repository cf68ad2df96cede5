import { existsSync, ftruncateSync, readdirSync, readlinkSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { deserialize, serialize } from "node:v8";
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, open, readdir, readFile, rm, stat, truncate, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { DateTime } from "luxon";
import type { Article } from "../src/article.ts";
import type { ReadCache } from "../src/article-cache.ts";
import { ArticleDiskCache, articleCacheDir } from "../src/article-disk-cache.ts";
import { findArticleFiles, loadArticles } from "../src/article-loader.ts";
import { keptBody, KeptBody } from "../src/compact-html.ts";
import { THREADS_ENV } from "../src/article-workers.ts";
import { ArticleValidationError, type Problem } from "../src/problems.ts";
import type { SiteSettings } from "../src/settings.ts";
import { collectGarbage } from "../src/collect-garbage.ts";
import { testSettings } from "./helpers/articles.ts";
import { solidPng } from "./helpers/images.ts";
import { article, buildFixture, endedPid, makeFixtureSite, readPage, textOf, type FixtureSite } from "./helpers/site.ts";
import { hashTree, treeDifferences } from "./helpers/tree.ts";

const NOW = "2026-11-30T12:00:00Z";
const now = DateTime.fromISO(NOW);
const DAY_S = 24 * 60 * 60;

const sites: FixtureSite[] = [];
after(() => Promise.all(sites.map((site) => site.remove())));

/** Three stories: a lead image beside one, a lead image under public/ for another, and a body with some Markdown in each. */
const STORIES = {
  "harbour.md": article({ headline: "Harbour reopens", slug: "harbour", image: "\n  src: lead.png\n  alt: Boats at the wall" }, "The **boats** came back at dawn."),
  "lead.png": solidPng(4, 3),
  "rowing.md": article({ headline: "Rowing crews race", date: "2026-01-06T10:00:00+05:00", image: "\n  src: /images/regatta.png\n  alt: The regatta" }),
  "opinion/fair.md": article(
    { headline: "The book fair", date: "2026-01-07T10:00:00+05:00", section: "opinion", tags: "[Books, Karachi]" },
    "A fair with *many* stalls.\n\n- poetry\n- history",
  ),
};

interface Archive {
  site: FixtureSite;
  publicDir: string;
  cacheDir: string;
  /** The build's cache, for a project at `root` (the code version comes from its package-lock.json). */
  open(settings?: SiteSettings, root?: string): Promise<ArticleDiskCache>;
  load(cache?: ReadCache, settings?: SiteSettings): Promise<Article[]>;
  file(name: string): string;
  /** Every article file, as the loader finds them. */
  files(): Promise<string[]>;
}

async function archive(files: Record<string, string | Buffer> = STORIES): Promise<Archive> {
  const site = await makeFixtureSite(files);
  sites.push(site);
  const publicDir = path.join(site.dir, "public");
  await mkdir(path.join(publicDir, "images"), { recursive: true });
  await writeFile(path.join(publicDir, "images/regatta.png"), solidPng(4, 3));
  const cacheDir = path.join(site.dir, "article-cache");
  const context = (settings: SiteSettings) => ({ settings, articlesDir: site.articlesDir, publicDir });
  return {
    site,
    publicDir,
    cacheDir,
    open: (settings = testSettings(), root?: string) => ArticleDiskCache.open(cacheDir, context(settings), root),
    load: (cache, settings = testSettings()) => loadArticles({ ...context(settings), now, cache }),
    file: (name) => path.join(site.articlesDir, name),
    files: () => findArticleFiles(site.articlesDir),
  };
}

/** The cache as the loader uses it, noting each file the loader had to read (it remembers every file it reads). */
function watched(cache: ArticleDiskCache, articlesDir: string): { cache: ReadCache; read: string[] } {
  const read: string[] = [];
  return {
    read,
    cache: {
      spoolDir: cache.spoolDir,
      reuse: (files) => cache.reuse(files),
      remember: (file, stamp, result) => {
        read.push(path.relative(articlesDir, file).split(path.sep).join("/"));
        cache.remember(file, stamp, result);
      },
    },
  };
}

/** Loads with a newly opened cache and stores it, as a build does; returns the articles and the files read. */
async function loadAndStore(news: Archive, settings?: SiteSettings): Promise<{ articles: Article[]; read: string[] }> {
  const cache = await news.open(settings);
  const watch = watched(cache, news.site.articlesDir);
  const articles = await news.load(watch.cache, settings);
  await cache.store();
  return { articles, read: watch.read.sort() };
}

/** How many of the files a newly opened cache would give without reading them. */
async function reusable(news: Archive, settings?: SiteSettings): Promise<number> {
  const { results } = await (await news.open(settings)).reuse(await news.files());
  return results.filter(Boolean).length;
}

/** What the templates see of the articles, bodies included. */
const plain = (articles: Article[]): unknown => JSON.parse(JSON.stringify(articles));

async function cacheFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith(".v8")).sort();
}

async function problemsOf(loading: Promise<unknown>): Promise<Problem[]> {
  try {
    await loading;
  } catch (error) {
    if (error instanceof ArticleValidationError) return [...error.problems];
    throw error;
  }
  assert.fail("expected the articles to be refused");
}

const ALL = ["harbour.md", "opinion/fair.md", "rowing.md"];

test("the cache folder is .cache/articles under the project, or NEWS_ARTICLE_CACHE", () => {
  assert.equal(articleCacheDir({}, "/site"), "/site/.cache/articles");
  assert.equal(articleCacheDir({ NEWS_ARTICLE_CACHE: "tmp/articles" }, "/site"), "/site/tmp/articles");
  assert.equal(articleCacheDir({ NEWS_ARTICLE_CACHE: "/elsewhere" }, "/site"), "/elsewhere");
});

test("a stored cache gives every article back without reading a file, as a load without a cache would", async () => {
  const news = await archive();
  const first = await loadAndStore(news);
  assert.deepEqual(first.read, ALL, "an empty cache reads every file");
  assert.equal((await cacheFiles(news.cacheDir)).length, 1);
  assert.equal(await reusable(news), 3);

  const second = await loadAndStore(news);
  assert.deepEqual(second.read, [], "nothing is read again");
  const uncached = plain(await news.load());
  assert.deepEqual(plain(second.articles), uncached);
  assert.deepEqual(plain(first.articles), uncached);
  // The comparison is of whole articles: bodies and both kinds of lead image are in it.
  const [fair, rowing, harbour] = second.articles;
  assert.equal(fair?.html, "<p>A fair with <em>many</em> stalls.</p>\n<ul>\n<li>poetry</li>\n<li>history</li>\n</ul>\n");
  assert.deepEqual(fair?.tags.map((tag) => tag.name), ["Books", "Karachi"]);
  assert.equal(rowing?.image?.file, path.join(news.publicDir, "images/regatta.png"));
  assert.equal(harbour?.image?.file, news.file("lead.png"));
  assert.match(harbour?.image?.url ?? "", /^\/media\/[0-9a-f]{8}\/lead\.png$/);
  assert.match(harbour?.html ?? "", /<strong>boats<\/strong>/);
});

test("articles read on worker threads are kept with their bodies", async () => {
  const news = await archive();
  const threads = process.env[THREADS_ENV];
  process.env[THREADS_ENV] = "2";
  try {
    assert.deepEqual((await loadAndStore(news)).read, ALL);
  } finally {
    if (threads === undefined) delete process.env[THREADS_ENV];
    else process.env[THREADS_ENV] = threads;
  }
  const cached = await loadAndStore(news);
  assert.deepEqual(cached.read, []);
  assert.deepEqual(plain(cached.articles), plain(await news.load()));
  assert.match(cached.articles[2]?.html ?? "", /<strong>boats<\/strong>/);
});

test("articles read on worker threads leave their bodies in a file beside the cache, not in memory, and the folder as it was", async () => {
  const news = await archive();
  const threads = process.env[THREADS_ENV];
  process.env[THREADS_ENV] = "2";
  let stories: Article[];
  let cache: ArticleDiskCache;
  try {
    cache = await news.open();
    stories = await news.load(watched(cache, news.site.articlesDir).cache);
  } finally {
    if (threads === undefined) delete process.env[THREADS_ENV];
    else process.env[THREADS_ENV] = threads;
  }
  assert.deepEqual(stories.map((story) => keptBody(story).held), [false, false, false], "read back when asked for, before the cache is stored");
  assert.deepEqual(await readdir(news.cacheDir), [], "the file the bodies wait in has no name there");
  const uncached = plain(await news.load());
  assert.deepEqual(plain(stories), uncached);
  assert.deepEqual(
    stories.map((story) => keptBody(story).digest),
    stories.map((story) => new KeptBody(new TextEncoder().encode(story.html)).digest),
    "each comes with the digest of its bytes",
  );
  await cache.store();
  assert.deepEqual(plain(stories), uncached, "and can still be read once the cache is stored");
  const again = await loadAndStore(news);
  assert.deepEqual(again.read, []);
  assert.deepEqual(plain(again.articles), uncached);
});

test("a body whose file of this build's is cut short stops with the file's name, and does not ask for a file to be deleted", { skip: !existsSync("/proc/self/fd") && "needs /proc" }, async () => {
  // The reading threads' body files have no name once open; this process still has them, as descriptors.
  const bodyFiles = () => new Set(readdirSync("/proc/self/fd").filter((fd) => { try { return readlinkSync(`/proc/self/fd/${fd}`).includes("/.bodies-"); } catch { return false; } }));
  const news = await archive();
  const before = bodyFiles();
  const threads = process.env[THREADS_ENV];
  process.env[THREADS_ENV] = "2";
  let stories: Article[];
  try {
    stories = await news.load(watched(await news.open(), news.site.articlesDir).cache);
  } finally {
    if (threads === undefined) delete process.env[THREADS_ENV];
    else process.env[THREADS_ENV] = threads;
  }
  const made = [...bodyFiles()].filter((fd) => !before.has(fd));
  assert.ok(made.length > 0, "the bodies went into files of their own");
  for (const fd of made) ftruncateSync(Number(fd), 0);
  assert.throws(
    () => stories[0]!.html,
    (error: Error) =>
      error.message.includes(stories[0]!.sourcePath) &&
      error.message.includes(path.join(news.cacheDir, ".bodies-")) &&
      /check the disk and build again/.test(error.message) &&
      !/delete/.test(error.message),
  );
});

test("a changed article is read again and shows its new text; a touched one is matched by its text and reused", async () => {
  const news = await archive();
  await loadAndStore(news);
  await writeFile(news.file("rowing.md"), article({ headline: "Rowing final postponed by wind", date: "2026-01-06T10:00:00+05:00", image: "\n  src: /images/regatta.png\n  alt: The regatta" }));
  const later = new Date(Date.now() + 60_000);
  await utimes(news.file("harbour.md"), later, later);

  const next = await loadAndStore(news);
  assert.deepEqual(next.read, ["rowing.md"]);
  assert.deepEqual(
    next.articles.map((story) => story.headline),
    ["The book fair", "Rowing final postponed by wind", "Harbour reopens"],
  );
  assert.deepEqual(plain(next.articles), plain(await news.load()));
  assert.deepEqual((await loadAndStore(news)).read, []);

  // A touch alone is stored too, so that the build after need not hash the file again.
  const [file] = await cacheFiles(news.cacheDir);
  const before = await stat(path.join(news.cacheDir, file!), { bigint: true });
  const evenLater = new Date(Date.now() + 120_000);
  await utimes(news.file("harbour.md"), evenLater, evenLater);
  assert.deepEqual((await loadAndStore(news)).read, []);
  assert.notEqual((await stat(path.join(news.cacheDir, file!), { bigint: true })).mtimeNs, before.mtimeNs);
});

test("bodies are not held: a stored body is read from the cache file when a page asks for it, and one read this build once the cache is stored", async () => {
  const news = await archive();
  const first = await loadAndStore(news);
  assert.deepEqual(first.read, ALL);
  assert.deepEqual(first.articles.map((story) => keptBody(story).held), [false, false, false], "moved to the file once it was stored");
  assert.deepEqual(plain(first.articles), plain(await news.load()));

  const cache = await news.open();
  const stories = await news.load(cache);
  assert.deepEqual(stories.map((story) => keptBody(story).held), [false, false, false], "none is read until asked for");
  const [file] = await cacheFiles(news.cacheDir);
  const bytes = await readFile(path.join(news.cacheDir, file!));
  const at = bytes.indexOf("many</em>");
  assert.ok(at > 0, "the body is in the file as it is published");
  // Changed in place (a cache file is never changed so): the story shows it, so its body was not held.
  bytes.write("MANY", at);
  const handle = await open(path.join(news.cacheDir, file!), "r+");
  await handle.write(bytes, at, 4, at);
  await handle.close();
  assert.match(stories[0]!.html, /<em>MANY<\/em>/);
});

test("a cache this process stored is found again by it after the code changed meanwhile: the process runs the code it loaded", async () => {
  // The lock file stands for the code: a test must not edit src/, which other test files are running.
  const news = await archive();
  const root = news.site.dir;
  await writeFile(path.join(root, "package-lock.json"), JSON.stringify({ lockfileVersion: 3, packages: { "node_modules/luxon": { version: "3.0.0" } } }));
  const stored = await news.open(undefined, root);
  await news.load(stored);
  await stored.store();
  await writeFile(path.join(root, "package-lock.json"), JSON.stringify({ lockfileVersion: 3, packages: { "node_modules/luxon": { version: "3.0.1" } } }));

  const watch = watched(await news.open(undefined, root), news.site.articlesDir);
  const stories = await news.load(watch.cache);
  assert.deepEqual(watch.read, [], "every story taken from the cache");
  assert.deepEqual(stories.map((story) => keptBody(story).held), [false, false, false], "its body left in the file");
});

test("a stored body whose cache file was cut short after it was opened names the story and the cache file", async () => {
  const news = await archive();
  await loadAndStore(news);
  const { articles } = await loadAndStore(news);
  const [file] = await cacheFiles(news.cacheDir);
  await truncate(path.join(news.cacheDir, file!), 10);
  for (const story of articles) {
    assert.throws(
      () => story.html,
      (error: Error) => error.message.includes(story.sourcePath) && error.message.includes(path.join(news.cacheDir, file!)) && /delete the file and build again/.test(error.message),
    );
  }
});

test("a build reading bodies from the cache file is not disturbed by another build storing the cache", async () => {
  const news = await archive();
  await loadAndStore(news);
  const reading = await news.load(await news.open());
  await writeFile(news.file("opinion/fair.md"), article({ headline: "The book fair", date: "2026-01-07T10:00:00+05:00", section: "opinion" }, "Another text altogether."));
  const other = await loadAndStore(news);
  assert.deepEqual(other.read, ["opinion/fair.md"]);
  assert.equal(reading[0]!.html, "<p>A fair with <em>many</em> stalls.</p>\n<ul>\n<li>poetry</li>\n<li>history</li>\n</ul>\n");
  assert.match(reading[2]!.html, /<strong>boats<\/strong>/);
  assert.equal(other.articles[0]!.html, "<p>Another text altogether.</p>\n");
});

for (const [where, image, article] of [
  ["beside the article", "lead.png", "harbour.md"],
  ["under public/", "public/images/regatta.png", "rowing.md"],
] as const) {
  test(`a lead image ${where} deleted after the cache was stored is reported, not taken from the cache`, async () => {
    const news = await archive();
    await loadAndStore(news);
    await rm(image.startsWith("public/") ? path.join(news.site.dir, image) : news.file(image));

    const cache = await news.open();
    const watch = watched(cache, news.site.articlesDir);
    const problems = await problemsOf(news.load(watch.cache));
    assert.deepEqual(watch.read, [article], "only the article of the deleted image is read again");
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.ok(problems[0]!.file.endsWith(`articles/${article}`), problems[0]!.file);
    assert.equal(problems[0]!.field, "image.src");
    assert.match(problems[0]!.message, /found no file at/);
  });
}

test("an article with problems is never kept: it is reported on every load, and loads once it is fixed", async () => {
  const news = await archive({ ...STORIES, "broken.md": article({ date: "next Tuesday" }) });
  for (let load = 0; load < 2; load++) {
    const cache = await news.open();
    const watch = watched(cache, news.site.articlesDir);
    const problems = await problemsOf(news.load(watch.cache));
    assert.deepEqual(
      problems.map((problem) => [path.basename(problem.file), problem.field]),
      [["broken.md", "date"]],
    );
    assert.deepEqual(watch.read.sort(), load === 0 ? ["broken.md", ...ALL] : ["broken.md"]);
    await cache.store();
  }
  assert.equal(await reusable(news), 3, "the three good articles are kept, the broken one is not");

  await writeFile(news.file("broken.md"), article({ headline: "Mended at last", date: "2026-01-08T10:00:00+05:00" }));
  const mended = await loadAndStore(news);
  assert.deepEqual(mended.read, ["broken.md"]);
  assert.equal(mended.articles[0]?.headline, "Mended at last");
  assert.equal(await reusable(news), 4);
});

test("other settings open another cache file and take nothing from the first", async () => {
  const news = await archive();
  await loadAndStore(news);
  const london = testSettings({ timeZone: "Europe/London" });
  const moreSections = testSettings({ sections: [...testSettings().sections, { slug: "weather", name: "Weather" }] });
  assert.equal(await reusable(news, london), 0);
  assert.equal(await reusable(news, moreSections), 0);

  const inLondon = await loadAndStore(news, london);
  assert.deepEqual(inLondon.read, ALL);
  assert.match(inLondon.articles[0]!.published.display, /^07 January 2026 05:00 /, "times are shown in the other zone");
  assert.equal((await cacheFiles(news.cacheDir)).length, 2);
  // Each settings' file serves its own loads.
  assert.equal(await reusable(news, london), 3);
  assert.equal(await reusable(news), 3);
  assert.deepEqual(plain((await loadAndStore(news, london)).articles), plain(await news.load(undefined, london)));
});

describe("a cache file that cannot be read is ignored: every article is read again", () => {
  const corruptions: Record<string, (bytes: Buffer) => Buffer> = {
    garbage: () => Buffer.from("this is not a cache \u0000\u00ff\u0013 at all"),
    "readable, but not a cache's entries": () => serialize([["a.md", { stamp: "1", article: {} }]]),
    "cut short": (bytes) => bytes.subarray(0, Math.floor(bytes.length / 2)),
    empty: () => Buffer.alloc(0),
  };
  for (const [name, corrupt] of Object.entries(corruptions)) {
    test(name, async () => {
      const news = await archive();
      await loadAndStore(news);
      const [file] = await cacheFiles(news.cacheDir);
      const kept = path.join(news.cacheDir, file!);
      await writeFile(kept, corrupt(await readFile(kept)));

      const again = await loadAndStore(news);
      assert.deepEqual(again.read, ALL);
      assert.deepEqual(plain(again.articles), plain(await news.load()));
      // The store after it mends the file.
      assert.deepEqual(await cacheFiles(news.cacheDir), [file]);
      assert.equal(await reusable(news), 3);
    });
  }
});

test("store does not rewrite the file when nothing changed, but marks it used", async () => {
  const news = await archive();
  await loadAndStore(news);
  const [file] = await cacheFiles(news.cacheDir);
  const kept = path.join(news.cacheDir, file!);
  const yesterday = Date.now() / 1000 - DAY_S;
  await utimes(kept, yesterday, yesterday);
  const before = await stat(kept, { bigint: true });
  const bytes = await readFile(kept);

  assert.deepEqual((await loadAndStore(news)).read, []);
  const after = await stat(kept, { bigint: true });
  assert.ok(after.mtimeNs > before.mtimeNs, "used today: kept from the clean-up of caches unused for a week");
  assert.equal(after.ino, before.ino, "the file was not replaced");
  assert.deepEqual(await readFile(kept), bytes, "the file was not written");
  assert.deepEqual(await readdir(news.cacheDir), [file]);

  // A deleted article is a change: the next cache no longer holds it.
  await rm(news.file("opinion/fair.md"));
  await loadAndStore(news);
  assert.notEqual((await stat(kept, { bigint: true })).mtimeNs, before.mtimeNs);
  const { results } = await (await news.open()).reuse([news.file("harbour.md"), news.file("rowing.md")]);
  assert.equal(results.filter(Boolean).length, 2);
  assert.equal((await readFile(kept)).includes("The book fair"), false);
});

test("a cache holds none of the stories it took from its file once it has begun to store", async () => {
  const news = await archive();
  await loadAndStore(news);
  const cache = await news.open();
  // Each story comes from the file with tags and bylines of its own, which the loader replaces by ones
  // every story shares (src/article-loader.ts): kept by the cache until its store was done, they were a
  // second copy of the archive through the busiest part of a rebuild.
  let asRead = 0;
  let letGo = 0;
  const gone = new FinalizationRegistry(() => letGo++);
  const articles = await news.load({
    spoolDir: cache.spoolDir,
    reuse: async (files) => {
      const reused = await cache.reuse(files);
      for (const result of reused.results) {
        if (!result || !("article" in result)) continue;
        gone.register(result.article.tags, undefined);
        gone.register(result.article.authors, undefined);
        asRead += 2;
      }
      return reused;
    },
    remember: (file, stamp, result) => cache.remember(file, stamp, result),
  });
  assert.equal(asRead, 6, "every story came from the cache");
  await cache.store();
  // The registry hears of each collection in a task of its own; a few collections, as each may leave some.
  for (let tries = 0; tries < 10 && letGo < asRead; tries++) {
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve));
  }
  assert.equal(letGo, asRead, "the stories' own tags and bylines are no longer held, though the cache is");
  assert.deepEqual(plain(articles), plain(await news.load()), "the site's stories are whole");
});

test("a store copies the blocks whose stories were all reused byte for byte: after every file is touched, and after a correction, only the corrected story's block is written again", async () => {
  // 1,250 stories: a block of 1,000 and one of 250, each large enough to be copied.
  const stories: Record<string, string> = {};
  for (let n = 0; n < 1250; n++) stories[`s${String(n).padStart(4, "0")}.md`] = article({ headline: `Story ${n}`, slug: `story-${n}` }, `Paragraph ${n}.`);
  const news = await archive(stories);
  await loadAndStore(news);
  const [name] = await cacheFiles(news.cacheDir);
  const file = path.join(news.cacheDir, name!);
  const blocksOf = (bytes: Buffer) => {
    const blocks: { bytes: Buffer; stories: string[] }[] = [];
    // The layout src/article-disk-cache.ts describes: lengths of entries and bodies, entries, bodies; the stamps after the blocks.
    const end = bytes.length - 8 - bytes.readUInt32LE(bytes.length - 8);
    for (let at = 0; at < end; ) {
      const entries = bytes.readUInt32LE(at);
      const next = at + 8 + entries + bytes.readUInt32LE(at + 4);
      blocks.push({ bytes: bytes.subarray(at, next), stories: (deserialize(bytes.subarray(at + 8, at + 8 + entries)) as [string][]).map(([story]) => story) });
      at = next;
    }
    return blocks;
  };
  const first = blocksOf(await readFile(file));
  assert.deepEqual(first.map((block) => block.stories.length), [1000, 250]);
  // How many bodies a store reads to write them (a copied block's are not read).
  const bodiesReadByStore = async () => {
    const cache = await news.open();
    const watch = watched(cache, news.site.articlesDir);
    await news.load(watch.cache);
    const bytes = Object.getOwnPropertyDescriptor(KeptBody.prototype, "bytes")!.value as KeptBody["bytes"];
    const bodies = new Set<KeptBody>();
    KeptBody.prototype.bytes = function (this: KeptBody) {
      bodies.add(this);
      return bytes.call(this);
    };
    try {
      await cache.store();
    } finally {
      KeptBody.prototype.bytes = bytes;
    }
    return { read: watch.read, count: bodies.size };
  };

  // A fresh checkout: every file's time is new, its text the same.
  const later = Date.now() / 1000 + 60;
  for (const story of await news.files()) await utimes(story, later, later);
  const before = await stat(file, { bigint: true });
  assert.deepEqual(await bodiesReadByStore(), { read: [], count: 0 });
  assert.notEqual((await stat(file, { bigint: true })).ino, before.ino, "the new stamps were stored");
  const touched = blocksOf(await readFile(file));
  assert.deepEqual(touched.map((block) => block.bytes), first.map((block) => block.bytes), "both blocks copied as they were");
  assert.equal(await reusable(news), 1250);

  // A correction to a story of the second block.
  const corrected = touched[1]!.stories[100]!;
  await writeFile(corrected, `${await readFile(corrected, "utf8")}\nCorrection: the figure was wrong.\n`);
  assert.deepEqual(await bodiesReadByStore(), { read: [path.relative(news.site.articlesDir, corrected)], count: 250 });
  const after = blocksOf(await readFile(file));
  assert.deepEqual(after[0]!.bytes, first[0]!.bytes, "the first block copied as it was");
  assert.deepEqual(after.slice(1).flatMap((block) => block.stories).sort(), first[1]!.stories.slice().sort(), "the second written again, with the corrected story");
  const again = await loadAndStore(news);
  assert.deepEqual(again.read, []);
  const story = again.articles.find((article) => article.sourcePath.endsWith(path.basename(corrected)));
  assert.match(story?.html ?? "", /Correction: the figure was wrong/);
});

test("storing a cache removes cache files unused for more than 7 days and keeps recent ones", async () => {
  const news = await archive();
  await mkdir(news.cacheDir, { recursive: true });
  const aged = async (name: string, days: number) => {
    const file = path.join(news.cacheDir, name);
    await writeFile(file, "an older cache");
    const time = Date.now() / 1000 - days * DAY_S;
    await utimes(file, time, time);
  };
  await aged("old.v8", 8);
  await aged("recent.v8", 6);
  await aged("old.v8.1234.partial", 8);
  // What a build stopped while storing its cache left, however recent; not a running build's.
  await aged(`stopped.v8.${endedPid()}.partial`, 0);
  await aged(`writing.v8.${process.pid}.partial`, 0);
  // Not the cache's own: left alone, however old.
  await aged("notes.txt", 30);
  await mkdir(path.join(news.cacheDir, "old-folder.v8"));
  await utimes(path.join(news.cacheDir, "old-folder.v8"), 0, 0);

  await loadAndStore(news);
  const [own] = (await cacheFiles(news.cacheDir)).filter((name) => !["recent.v8", "old-folder.v8"].includes(name) && !name.endsWith(".partial"));
  assert.deepEqual((await readdir(news.cacheDir)).sort(), [own!, "notes.txt", "old-folder.v8", "recent.v8", `writing.v8.${process.pid}.partial`].sort());
  assert.equal(await reusable(news), 3, "this build's own file is kept");
});

describe("npm run build with the article cache", () => {
  let site: FixtureSite;
  let cacheDir: string;
  let env: NodeJS.ProcessEnv;
  let firstTree: Map<string, string>;

  test("the first build stores one cache file", async () => {
    // The build reads the project's public/, which has no regatta.png.
    const { "rowing.md": _, ...stories } = STORIES;
    site = await makeFixtureSite({ ...stories, "rowing.md": article({ headline: "Rowing crews race", date: "2026-01-06T10:00:00+05:00" }) });
    sites.push(site);
    cacheDir = path.join(site.dir, "article-cache");
    env = { NEWS_ARTICLE_CACHE: cacheDir, NEWS_IMAGE_CACHE: path.join(site.dir, "image-cache"), NEWS_SEARCH_CACHE: path.join(site.dir, "search-cache") };
    const result = await buildFixture(site, ["--now", NOW], env);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((await cacheFiles(cacheDir)).length, 1);
    assert.equal(textOf((await readPage(site.outputDir, "/world/harbour/")).querySelector("h1")), "Harbour reopens");
    firstTree = await hashTree(site.outputDir);
  });

  test("a second build takes every article from the cache and writes the same site, byte for byte", async () => {
    const [file] = await cacheFiles(cacheDir);
    const kept = path.join(cacheDir, file!);
    const before = await stat(kept, { bigint: true });
    const bytes = await readFile(kept);
    const result = await buildFixture(site, ["--now", NOW], env);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(treeDifferences(firstTree, await hashTree(site.outputDir)), []);
    assert.equal((await stat(kept, { bigint: true })).ino, before.ino, "the cache held every article: nothing new was stored");
    assert.deepEqual(await readFile(kept), bytes);
    assert.deepEqual(await cacheFiles(cacheDir), [file]);
  });

  test("an article edited between builds is published with its new text", async () => {
    await writeFile(path.join(site.articlesDir, "harbour.md"), STORIES["harbour.md"].replace("Harbour reopens", "Harbour closes again"));
    const result = await buildFixture(site, ["--now", NOW], env);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(textOf((await readPage(site.outputDir, "/world/harbour/")).querySelector("h1")), "Harbour closes again");
    assert.ok(treeDifferences(firstTree, await hashTree(site.outputDir)).includes("world/harbour/index.html"));
  });
});

test("an article rewritten in place to the same length, its modification time put back, is read again by the next build", async () => {
  const site = await makeFixtureSite({ "2026/01/harbour.md": article({ headline: "Harbour reopens" }, "The harbour reopened on Monday.") });
  try {
    assert.equal((await buildFixture(site, ["--now", "2026-01-10T00:00:00Z"])).code, 0);
    const file = path.join(site.articlesDir, "2026/01/harbour.md");
    const reference = path.join(site.dir, "time-reference");
    // The file's time to the nanosecond, as `touch -r`, `cp -p` or `rsync -a --inplace` puts one back.
    assert.equal(spawnSync("touch", ["-r", file, reference]).status, 0);
    const handle = await open(file, "r+");
    await handle.writeFile(article({ headline: "Harbour reopens" }, "The harbour reopened on Friday."));
    await handle.close();
    assert.equal(spawnSync("touch", ["-r", reference, file]).status, 0);

    const result = await buildFixture(site, ["--now", "2026-01-10T00:00:00Z"]);
    assert.equal(result.code, 0, result.stderr);
    const page = await readPage(site.outputDir, "/world/harbour/");
    assert.match(textOf(page.querySelector("article")), /reopened on Friday/);
  } finally {
    await site.remove();
  }
});
