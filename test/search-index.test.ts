import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import fsPromises, { readFile, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import workerThreads, { type WorkerOptions } from "node:worker_threads";
import { contentSecurityPolicy, metaContentSecurityPolicy } from "../src/content-security-policy.ts";
import { RebuildGate } from "../src/rebuild-gate.ts";
import { mayStartBesideFullParts, SearchIndexRuns, searchStagingFolder, searchThreading, SEARCH_THREADS_ENV, writeSearchIndex, type SearchThreadReply, type SearchPartRequest, type SearchThreadMessage } from "../src/search-index.ts";
import { searchShards, SEARCH_SHARD_SIZE_ENV } from "../src/search-shards.ts";
import { isSearchFolder } from "../src/site-folders.ts";
import { makeArticle } from "./helpers/articles.ts";
import { replaceBuiltinExport } from "./helpers/builtins.ts";
import { CACHE_MARK, cacheMarkOf, cameFromCache, markKeptIndexes } from "./helpers/cache-marks.ts";
import { solidPng } from "./helpers/images.ts";
import { fragmentTexts, pidNotingPagefind as pidNotingPagefindIn, realPagefind } from "./helpers/pagefind.ts";
import { processState } from "./helpers/process-state.ts";
import { article, buildFixture, eventually, makeFixtureSite, makeTempDir, readPage, textOf } from "./helpers/site.ts";
import { filesIn, hashTree, treeDifferences } from "./helpers/tree.ts";

interface PagefindEntry {
  languages: Record<string, { page_count: number }>;
}

async function entryOf(dir: string): Promise<PagefindEntry> {
  return JSON.parse(await readFile(path.join(dir, "pagefind-entry.json"), "utf8")) as PagefindEntry;
}

// Newest first, as the site data holds them.
const stories = [
  makeArticle({ slug: "third", published: "2026-01-03T10:00:00+05:00", section: "sport", headline: "Rowing club wins", html: "<p>The crew thanked the boathouse.</p>" }),
  makeArticle({ slug: "second", published: "2026-01-02T10:00:00+05:00", section: "lifestyle", headline: "کتاب میلہ", html: "<p>بچوں کے لیے مفت داخلہ</p>", lang: "ur" }),
  makeArticle({ slug: "first", published: "2026-01-01T10:00:00+05:00", section: "world", headline: "Harbour reopens", html: "<p>Ferries run again.</p>" }),
];

describe("writeSearchIndex", () => {
  let site: string;
  before(async () => {
    site = await makeTempDir("news-search-");
    await writeSearchIndex(stories, site, { language: "en-GB", shardSize: 2 });
  });
  after(() => rm(site, { recursive: true, force: true }));

  test("writes one Pagefind bundle per part, each in the site's language, with the section filter", async () => {
    const first = await entryOf(path.join(site, "pagefind"));
    const second = await entryOf(path.join(site, "pagefind-1"));
    assert.deepEqual(Object.keys(first.languages), ["en"], "the Urdu story is in the one site-wide index");
    assert.equal(first.languages.en?.page_count, 2);
    assert.equal(second.languages.en?.page_count, 1);
    for (const folder of ["pagefind", "pagefind-1"]) {
      assert.equal((await readdir(path.join(site, folder, "filter"))).length, 1, `${folder} has the section filter`);
    }
  });

  test("the first bundle is whole; the others keep only what the search page loads when it merges them", async () => {
    const first = await readdir(path.join(site, "pagefind"));
    for (const file of ["pagefind.js", "pagefind-worker.js", "wasm.en.pagefind"]) assert.ok(first.includes(file), file);
    const merged = await readdir(path.join(site, "pagefind-1"));
    assert.deepEqual(
      merged.map((name) => name.replace(/^pagefind\.en_[0-9a-f]+\.pf_meta$/, "pagefind.en_<hash>.pf_meta")).sort(),
      ["filter", "fragment", "index", "pagefind-entry.json", "pagefind.en_<hash>.pf_meta"],
    );
  });
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
    assert.equal(page.querySelector("form[data-search]")?.getAttribute("data-search-indexes"), "pagefind/");
    const entry = await entryOf(path.join(fixture.outputDir, "pagefind"));
    assert.equal(entry.languages.en?.page_count, 1, "the one article, and no other page");
  } finally {
    await fixture.remove();
  }
});

test("a story is found by its pictures' alt text and its lead image's caption, and its search result carries no picture, since the search page shows none", async () => {
  const fixture = await makeFixtureSite({
    "harbour.md": article(
      { headline: "Harbour reopens", slug: "harbour", image: "\n  src: lead.png\n  alt: Cormorants on the harbour wall\n  caption: The wall at first light" },
      'The ferries are back.\n\n![The quay at dawn](quay.png)\n\nThe gulls came too.\n\n<img src="quay.png" alt="Nets > ropes" width="64">\n\nThe end.',
    ),
    "lead.png": solidPng(64, 48),
    "quay.png": solidPng(64, 48, [200, 120, 60]),
  });
  try {
    const result = await buildFixture(fixture);
    assert.equal(result.code, 0, result.stderr);
    const page = await readPage(fixture.outputDir, "/world/harbour/");
    assert.equal(page.querySelectorAll("article img").length, 3, "the story's page shows its lead image and both body images");
    const [fragment, ...others] = (await fragmentTexts(path.join(fixture.outputDir, "pagefind"))).map((text) => JSON.parse(text) as { url: string; content: string; word_count: number; meta: Record<string, string> });
    assert.equal(others.length, 0);
    assert.equal(fragment?.url, "/world/harbour/");
    assert.deepEqual(Object.keys(fragment.meta).sort(), ["dir", "lang", "title"], "no image or image_alt");
    // The raw <img> stands in no paragraph of its own, so Pagefind ends its words with no full stop.
    assert.equal(fragment.content, "Harbour reopens. Cormorants on the harbour wall. The wall at first light. The ferries are back. The quay at dawn. The gulls came too. Nets > ropes The end.");
    assert.equal(fragment.word_count, fragment.content.split(" ").length, "Pagefind indexed every word of them");
    const story = await readPage(fixture.outputDir, "/world/harbour/");
    assert.equal(textOf(story.querySelector("article")).includes("Cormorants"), false, "the alt text stays the picture's on the page, not words readers see");
  } finally {
    await fixture.remove();
  }
});

test("a site with search turned off has no search page, no link to one, no index, and a policy that allows no WebAssembly", async () => {
  const fixture = await makeFixtureSite({ "regatta.md": article({ headline: "Rowing club wins", section: "sport", slug: "regatta" }, "The crew thanked the boathouse.") }, { search: false });
  try {
    const result = await buildFixture(fixture);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(existsSync(path.join(fixture.outputDir, "search")), false, "no search page");
    assert.deepEqual((await readdir(fixture.outputDir)).filter(isSearchFolder), [], "no search index");
    assert.equal(existsSync(path.join(fixture.dir, "search-cache")), false, "nothing indexed for a later build");
    const pages = [await readPage(fixture.outputDir, "/"), await readPage(fixture.outputDir, "/sport/"), await readPage(fixture.outputDir, "/404.html")];
    for (const page of pages) {
      assert.ok(page.querySelector(".masthead .site-name"), "the page has its masthead");
      assert.equal(page.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content"), metaContentSecurityPolicy({ search: false }), "no WebAssembly allowed");
      assert.deepEqual(Array.from(page.querySelectorAll("a[href]"), (link) => link.getAttribute("href")).filter((href) => href?.startsWith("/search")), []);
    }
    assert.ok((await readFile(path.join(fixture.outputDir, "_headers"), "utf8")).includes(`Content-Security-Policy: ${contentSecurityPolicy({ search: false })}\n`), "the header without WebAssembly too");
    assert.ok(!(await readFile(path.join(fixture.outputDir, "_headers"), "utf8")).includes("pagefind"), "no cache rule for index chunks");
  } finally {
    await fixture.remove();
  }
});

test("a build of more stories than one index holds writes several, and the search page names them all", async () => {
  const fixture = await makeFixtureSite({
    "a.md": article({ headline: "Harbour reopens", date: "2026-01-01T10:00:00+05:00" }),
    "b.md": article({ headline: "Rowing club wins", date: "2026-01-02T10:00:00+05:00", section: "sport" }),
    "c.md": article({ headline: "Book fair opens", date: "2026-01-03T10:00:00+05:00", section: "lifestyle" }),
  });
  try {
    const result = await buildFixture(fixture, [], { [SEARCH_SHARD_SIZE_ENV]: "2" });
    assert.equal(result.code, 0, result.stderr);
    const page = await readPage(fixture.outputDir, "/search/");
    assert.equal(page.querySelector("form[data-search]")?.getAttribute("data-search-indexes"), "pagefind/ pagefind-1/");
    assert.equal((await entryOf(path.join(fixture.outputDir, "pagefind"))).languages.en?.page_count, 2);
    assert.equal((await entryOf(path.join(fixture.outputDir, "pagefind-1"))).languages.en?.page_count, 1);
  } finally {
    await fixture.remove();
  }
});

test("the preview leaves a part already in its folder alone, and rewrites a changed one without leftovers", async () => {
  const site = await makeTempDir("news-search-preview-");
  try {
    const inPlace = new Map<string, string>();
    await writeSearchIndex(stories, site, { language: "en", shardSize: 2, inPlace });
    await writeFile(path.join(site, "pagefind/left-alone"), "");
    await writeFile(path.join(site, "pagefind-1/stale"), "");
    const edited = [{ ...stories[0]!, headline: "Rowing club wins the final" }, ...stories.slice(1)];
    await writeSearchIndex(edited, site, { language: "en", shardSize: 2, inPlace });
    assert.ok((await readdir(path.join(site, "pagefind"))).includes("left-alone"), "the unchanged part was not written again");
    const rewritten = await readdir(path.join(site, "pagefind-1"));
    assert.ok(!rewritten.includes("stale"), "the changed part was written into an empty folder");
    assert.ok(rewritten.includes("pagefind-entry.json"));
  } finally {
    await rm(site, { recursive: true, force: true });
  }
});

test("the preview, with the search cache, puts in place a changed part whose unchanged stories' files are the kept ones, and the part holds what one made afresh holds", async () => {
  const site = await makeTempDir("news-search-preview-kept-");
  const cacheDir = `${site}-cache`;
  const fresh = `${site}-fresh`;
  try {
    const inPlace = new Map<string, string>();
    await writeSearchIndex(stories, site, { language: "en", shardSize: 2, inPlace, cacheDir });
    const fragments = path.join(site, "pagefind/fragment");
    const before = new Map(await Promise.all((await readdir(fragments)).map(async (name) => [name, (await fsPromises.stat(path.join(fragments, name))).ino] as const)));
    // A saved story joins the oldest part (shardSize 2): it is written beside the site and put in place.
    const saved = makeArticle({ slug: "zeroth", published: "2025-12-31T10:00:00+05:00", section: "world", headline: "Quay rebuilt", html: "<p>Stone by stone.</p>" });
    await writeSearchIndex([...stories, saved], site, { language: "en", shardSize: 2, inPlace, cacheDir });
    const after = await readdir(fragments);
    const kept = after.filter((name) => before.has(name));
    assert.ok(kept.length > 0, `some of the part's stories are unchanged: ${after.join(", ")}`);
    for (const name of kept) assert.equal((await fsPromises.stat(path.join(fragments, name))).ino, before.get(name), `${name} is the kept file`);
    await writeSearchIndex([...stories, saved], fresh, { language: "en", shardSize: 2 });
    assert.deepEqual(await hashTree(site), await hashTree(fresh), "the same files and bytes as an index made afresh, and nothing beside them");
    assert.ok(!existsSync(searchStagingFolder(site)));
  } finally {
    for (const folder of [site, cacheDir, fresh]) await rm(folder, { recursive: true, force: true });
  }
});

test("the preview makes no search document for a part of the same story objects as the part in place, and makes them for a part with a story saved", async () => {
  const site = await makeTempDir("news-search-same-");
  try {
    // Each story's body, as searchDocument reads it, counted: the preview's read cache hands back the same object for a file not saved.
    let read = 0;
    const counted = (story: (typeof stories)[number]) => {
      const { html, ...rest } = story;
      return Object.defineProperty(rest, "html", { enumerable: true, get: () => (read++, html) }) as typeof story;
    };
    const archive = stories.map(counted);
    const inPlace = new Map<string, string>();
    const inPlaceStories = new Map<string, readonly (typeof stories)[number][]>();
    await writeSearchIndex(archive, site, { language: "en", shardSize: 2, inPlace, inPlaceStories });
    assert.equal(read, 3, "a first run makes every document");
    const keys = new Map(inPlace);
    read = 0;
    await writeSearchIndex([...archive], site, { language: "en", shardSize: 2, inPlace, inPlaceStories });
    assert.equal(read, 0, "no document made again for parts of the same stories");
    assert.deepEqual(inPlace, keys);
    // The newest story saved: its part (pagefind-1/, the newest) is made again, the other is not.
    read = 0;
    const saved = [counted({ ...stories[0]!, headline: "Rowing club wins the final" }), ...archive.slice(1)];
    await writeSearchIndex(saved, site, { language: "en", shardSize: 2, inPlace, inPlaceStories });
    assert.equal(read, 1, "only the saved story's part is made again");
    assert.equal(inPlace.get("pagefind/"), keys.get("pagefind/"));
    assert.notEqual(inPlace.get("pagefind-1/"), keys.get("pagefind-1/"));
    assert.ok((await fragmentTexts(path.join(site, "pagefind-1"))).some((text) => text.includes("the final")));
  } finally {
    await rm(site, { recursive: true, force: true });
  }
});

test("the preview's parts are never missing from the site while it rewrites them, and nothing is left beside it", async () => {
  const site = await makeTempDir("news-search-served-");
  try {
    const inPlace = new Map<string, string>();
    await writeSearchIndex(stories, site, { language: "en", shardSize: 2, inPlace });
    const entries = ["pagefind", "pagefind-1"].map((folder) => path.join(site, folder, "pagefind-entry.json"));
    const before = await Promise.all(entries.map((entry) => readFile(entry, "utf8")));
    // Looked at every millisecond from this thread while Pagefind (another process) rewrites both parts.
    let looks = 0;
    const missing = new Set<string>();
    const watch = setInterval(() => {
      looks++;
      for (const entry of entries) if (!existsSync(entry)) missing.add(path.relative(site, entry));
    }, 1);
    const edited = stories.map((story) => ({ ...story, headline: `${story.headline}, updated` }));
    try {
      await writeSearchIndex(edited, site, { language: "en", shardSize: 2, inPlace });
    } finally {
      clearInterval(watch);
    }
    assert.ok(looks > 20, `looked ${looks} times`);
    assert.deepEqual([...missing], [], "a part was missing while it was rewritten");
    const after = await Promise.all(entries.map((entry) => readFile(entry, "utf8")));
    for (const [index, entry] of entries.entries()) assert.notEqual(after[index], before[index], `${entry} names the new index`);
    assert.equal((await entryOf(path.join(site, "pagefind"))).languages.en?.page_count, 2);
    assert.equal((await entryOf(path.join(site, "pagefind-1"))).languages.en?.page_count, 1);
    const fresh = path.join(site, "..", `${path.basename(site)}-fresh`);
    try {
      await writeSearchIndex(edited, fresh, { language: "en", shardSize: 2 });
      assert.deepEqual(await filesIn(site), await filesIn(fresh), "the parts hold what an index made afresh holds, and nothing else");
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
    assert.ok(!existsSync(searchStagingFolder(site)), "the parts were written beside the site, and that folder is gone");
    // Eleventy names the preview's output folder with a trailing slash.
    assert.equal(searchStagingFolder(`${site}/`), searchStagingFolder(site));
    assert.equal(path.dirname(searchStagingFolder(`${site}/`)), path.dirname(site), "beside the site, not in it");
  } finally {
    await rm(site, { recursive: true, force: true });
  }
});

describe("searchThreading", () => {
  const unset = { threads: 1, newestOnSecondThread: true };
  test("one thread, and a second for the newest parts once the pages are written, unless NEWS_SEARCH_THREADS says how many", () => {
    assert.deepEqual(searchThreading({}), unset);
    assert.deepEqual(searchThreading({ [SEARCH_THREADS_ENV]: "1" }), { threads: 1, newestOnSecondThread: false }, "one Pagefind at a time throughout");
    assert.deepEqual(searchThreading({ [SEARCH_THREADS_ENV]: "2" }), { threads: 2, newestOnSecondThread: false });
    assert.deepEqual(searchThreading({ [SEARCH_THREADS_ENV]: "4" }), { threads: 4, newestOnSecondThread: false });
  });

  test("a value that is not a positive number is ignored", () => {
    for (const value of ["", "0", "-2", "many", " "]) assert.deepEqual(searchThreading({ [SEARCH_THREADS_ENV]: value }), unset, JSON.stringify(value));
  });

  test("reads the process's environment when given none", () => {
    const before = process.env[SEARCH_THREADS_ENV];
    process.env[SEARCH_THREADS_ENV] = "5";
    try {
      assert.deepEqual(searchThreading(), { threads: 5, newestOnSecondThread: false });
    } finally {
      if (before === undefined) delete process.env[SEARCH_THREADS_ENV];
      else process.env[SEARCH_THREADS_ENV] = before;
    }
  });
});

/** The address of every story in a Pagefind bundle, read from its fragments (each is gzip of "pagefind_dcd" and JSON). */
async function storiesIn(bundle: string): Promise<string[]> {
  return (await fragmentTexts(bundle)).map((text) => (JSON.parse(text) as { url: string }).url).sort();
}

/** Runs `run` with `settings` in the environment (search threads started meanwhile inherit them), then puts back what was there. */
async function withEnvironment<T>(settings: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const saved = Object.keys(settings).map((name) => [name, process.env[name]] as const);
  Object.assign(process.env, settings);
  try {
    return await run();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/**
 * The search threads writeSearchIndex starts while `run` runs, and the parts each is sent (told to `sent`
 * as each is); `events` is what happened in order: "sent X", "writing X" (Pagefind writes it), "done X".
 */
async function watchSearchThreads(
  run: () => Promise<void>,
  sent: (target: string) => void = () => undefined,
  noted: (event: string) => void = () => undefined,
  /** Given the build's leave for a thread to write a part, to pass on (`answer`) when it likes. */
  writeAnswered: (target: string, answer: () => void) => void = (_, answer) => answer(),
): Promise<{ threads: string[][]; mostAtOnce: number; events: string[] }> {
  const threads: string[][] = [];
  const events: string[] = [];
  const note = (event: string) => {
    events.push(event);
    noted(event);
  };
  let indexing = 0;
  let mostAtOnce = 0;
  const RealWorker = workerThreads.Worker;
  class WatchedWorker extends RealWorker {
    readonly #parts?: string[];
    constructor(file: string | URL, options?: WorkerOptions) {
      super(file, options);
      if (!String((options?.workerData as { entry?: unknown } | undefined)?.entry).endsWith("/search-worker.ts")) return;
      this.#parts = [];
      threads.push(this.#parts);
      this.on("message", (reply: SearchThreadReply) => {
        if ("pid" in reply) return;
        if ("writing" in reply) return note(`writing ${path.basename(reply.writing)}`);
        indexing--;
        note(`done ${path.basename(this.#parts?.at(-1) ?? "")}`);
      });
    }
    override postMessage(part: unknown, transferList?: Parameters<InstanceType<typeof RealWorker>["postMessage"]>[1]): void {
      if (this.#parts && "write" in (part as SearchThreadMessage)) {
        return writeAnswered((part as { write: string }).write, () => super.postMessage(part, transferList));
      }
      if (this.#parts && "documents" in (part as SearchThreadMessage)) {
        this.#parts.push((part as SearchPartRequest).target);
        note(`sent ${path.basename((part as SearchPartRequest).target)}`);
        sent((part as SearchPartRequest).target);
        mostAtOnce = Math.max(mostAtOnce, ++indexing);
      }
      super.postMessage(part, transferList);
    }
  }
  const restore = replaceBuiltinExport(workerThreads, "Worker", WatchedWorker);
  try {
    await run();
  } finally {
    restore();
  }
  return { threads, mostAtOnce, events };
}

describe("writeSearchIndex on several threads", () => {
  const story = (slug: string, day: number, text: string) =>
    makeArticle({ slug, published: `2026-01-0${day}T10:00:00+05:00`, section: "world", headline: `Story ${slug}`, html: `<p>${text}</p>` });
  // Three parts of two, two and one stories, oldest first.
  const archive = [
    story("e", 5, "Kites fly over the bay."),
    story("d", 4, "Book fair opens."),
    story("c", 3, "Ferries run again."),
    story("b", 2, "Rowing crews race."),
    story("a", 1, "Harbour dredged."),
  ];
  let work: string;
  let oneThread: Awaited<ReturnType<typeof watchSearchThreads>>;
  let twoThreads: Awaited<ReturnType<typeof watchSearchThreads>>;
  before(async () => {
    work = await makeTempDir("news-search-threads-");
    oneThread = await watchSearchThreads(() => writeSearchIndex(archive, path.join(work, "one"), { language: "en", shardSize: 2, threads: 1 }));
    twoThreads = await watchSearchThreads(() => writeSearchIndex(archive, path.join(work, "two"), { language: "en", shardSize: 2, threads: 2, cacheDir: path.join(work, "cache") }));
  });
  after(() => rm(work, { recursive: true, force: true }));

  test("a thread has Pagefind write a part only once the build has answered that it may", async () => {
    // Until then the build may still take the part for one being added, and start another beside it.
    const site = path.join(work, "answered");
    let answered = false;
    let writtenUnanswered = false;
    let answerNow = () => undefined as void;
    await watchSearchThreads(
      () => writeSearchIndex(archive.slice(0, 1), site, { language: "en", shardSize: 2, threads: 1 }),
      undefined,
      (event) => {
        if (event !== "done pagefind" || answered) return;
        writtenUnanswered = true;
        answerNow();
      },
      (_, answer) => {
        // Withheld for a while: a thread that did not wait reports its part written well within it.
        answerNow = () => {
          clearTimeout(timer);
          answered = true;
          answer();
        };
        const timer = setTimeout(answerNow, 1_500);
      },
    );
    assert.equal(writtenUnanswered, false, "the part was written before the build answered");
    assert.ok(existsSync(path.join(site, "pagefind", "pagefind-entry.json")), "written once answered");
  });

  test("two threads index two parts at once, and each part once", () => {
    assert.equal(oneThread.threads.length, 1);
    assert.equal(oneThread.mostAtOnce, 1);
    assert.deepEqual(oneThread.threads[0]!.map((target) => path.basename(target)), ["pagefind", "pagefind-1", "pagefind-2"]);
    assert.equal(twoThreads.threads.length, 2);
    assert.equal(twoThreads.mostAtOnce, 2);
    assert.deepEqual(twoThreads.threads.flat().map((target) => path.basename(target)).sort(), ["pagefind", "pagefind-1", "pagefind-2"]);
  });

  test("writes the same parts, holding the same stories, as one thread does", async () => {
    const one = path.join(work, "one");
    const two = path.join(work, "two");
    assert.deepEqual((await readdir(two)).sort(), ["pagefind", "pagefind-1", "pagefind-2"]);
    assert.deepEqual(await storiesIn(path.join(two, "pagefind")), ["/world/a/", "/world/b/"]);
    assert.deepEqual(await storiesIn(path.join(two, "pagefind-1")), ["/world/c/", "/world/d/"]);
    assert.deepEqual(await storiesIn(path.join(two, "pagefind-2")), ["/world/e/"]);
    for (const folder of ["pagefind", "pagefind-1", "pagefind-2"]) {
      assert.deepEqual(await storiesIn(path.join(two, folder)), await storiesIn(path.join(one, folder)), folder);
      assert.deepEqual(await entryOf(path.join(two, folder)), await entryOf(path.join(one, folder)), folder);
    }
    assert.deepEqual(treeDifferences(await hashTree(one), await hashTree(two)), [], "Pagefind wrote the same bytes");
  });

  test("a second write of the same stories restores every part from the cache, starting no search thread", async () => {
    const cacheDir = path.join(work, "cache");
    const kept = await readdir(cacheDir);
    assert.equal(kept.length, 3, "each part was kept");
    for (const name of kept) assert.ok((await readdir(path.join(cacheDir, name))).includes("pagefind.js"), "the cache keeps whole bundles, whichever part they were");
    // Mark every kept index: a part that comes back with the mark was copied, not made again.
    await markKeptIndexes(cacheDir);
    const again = path.join(work, "again");
    const watched = await watchSearchThreads(() => writeSearchIndex(archive, again, { language: "en", shardSize: 2, threads: 2, cacheDir }));
    assert.deepEqual(watched.threads, []);
    const marks = await Promise.all(["pagefind", "pagefind-1", "pagefind-2"].map((folder) => cacheMarkOf(path.join(again, folder))));
    assert.deepEqual([...marks].sort(), [...kept].sort(), "each part from its own kept index");
    for (const name of kept) assert.ok((await readdir(path.join(cacheDir, name))).includes("pagefind.js"), "a restored part is trimmed in the site, not in the cache");
    assert.ok(!(await readdir(path.join(again, "pagefind-1"))).includes("pagefind.js"));
    const restored = await hashTree(again);
    for (const folder of ["pagefind", "pagefind-1", "pagefind-2"]) restored.delete(`${folder}/${CACHE_MARK}`);
    assert.deepEqual(treeDifferences(await hashTree(path.join(work, "one")), restored), []);
  });

  test("a build that copies parts from the cache asks Pagefind for the rest once its pages are written", async () => {
    const corrected = [story("e", 5, "Kites fly over the bay. Correction: over the harbour."), ...archive.slice(1)];
    const site = path.join(work, "corrected");
    // Marked here as well as in the test before, so this one also runs alone.
    const cacheDir = path.join(work, "cache");
    await markKeptIndexes(cacheDir);
    let release = () => undefined as void;
    let released = false;
    const pagesWritten = new Promise<void>((resolve) => (release = () => ((released = true), resolve())));
    const sentBeforeRelease: boolean[] = [];
    const watching = watchSearchThreads(
      () => writeSearchIndex(corrected, site, { language: "en", shardSize: 2, threads: 1, cacheDir, pagesWritten }),
      () => sentBeforeRelease.push(!released),
    );
    // The unchanged parts are copied meanwhile.
    assert.ok(await eventually(async () => ["pagefind", "pagefind-1"].every((folder) => cameFromCache(path.join(site, folder)))));
    assert.deepEqual(sentBeforeRelease, [], "nothing went to Pagefind before the pages were written");
    release();
    const watched = await watching;
    assert.deepEqual(watched.threads.flat().map((target) => path.basename(target)), ["pagefind-2"]);
    assert.deepEqual(sentBeforeRelease, [false]);
  });

  test("Pagefind runs with one allocator arena, after any allocator settings the build was started with", async () => {
    // A stand-in for Pagefind's binary that notes its allocator settings and runs the real one.
    const log = path.join(work, "allocator-settings.log");
    const binary = path.join(work, "pagefind-noting-settings");
    await writeFile(binary, `#!/bin/sh\necho "\${_RJEM_MALLOC_CONF:-none}" >> '${log}'\nexec '${realPagefind()}' "$@"\n`, { mode: 0o755 });
    const settingsOf = async (started: string | undefined) => {
      await rm(log, { force: true });
      const saved = process.env._RJEM_MALLOC_CONF;
      if (started) process.env._RJEM_MALLOC_CONF = started;
      else delete process.env._RJEM_MALLOC_CONF;
      try {
        await withEnvironment({ PAGEFIND_EXTENDED_BINARY_PATH: binary }, () =>
          writeSearchIndex(archive, path.join(work, `settings-${started ?? "none"}`), { language: "en", shardSize: 2, threads: 1 }),
        );
      } finally {
        if (saved === undefined) delete process.env._RJEM_MALLOC_CONF;
        else process.env._RJEM_MALLOC_CONF = saved;
      }
      return (await readFile(log, "utf8")).trim().split("\n");
    };
    // One Pagefind process for each of the three parts.
    assert.deepEqual(await settingsOf(undefined), ["narenas:1", "narenas:1", "narenas:1"]);
    assert.deepEqual(await settingsOf("narenas:4,tcache:false"), Array(3).fill("narenas:1,narenas:4,tcache:false"));
    assert.deepEqual(await storiesIn(path.join(work, "settings-none", "pagefind")), ["/world/a/", "/world/b/"], "the real Pagefind wrote the index");
  });

  test("the preview's Pagefind and its search thread run at a low priority, a build's at the build's own", { skip: existsSync("/proc/self/stat") ? false : "needs /proc" }, async () => {
    // A stand-in for Pagefind's binary that notes the niceness of each thread of the process that started
    // it (the main thread first), runs the real one and then notes its own niceness (it outlives the
    // signal that closes Pagefind's process: the real one ends when its input does).
    const log = path.join(work, "niceness.log");
    const threadsLog = path.join(work, "thread-niceness.log");
    const binary = path.join(work, "pagefind-noting-niceness");
    const niceness = (stat: string) => `sed 's/.*) //' ${stat} | cut -d' ' -f17`;
    await writeFile(
      binary,
      `#!/bin/sh\ntrap '' TERM\n` +
        `echo "$(${niceness("/proc/$PPID/stat")}) $(for t in /proc/$PPID/task/*/stat; do ${niceness("$t")}; done | sort -un | tr '\\n' ' ')" >> '${threadsLog}'\n` +
        `'${realPagefind()}' "$@"\ncode=$?\n${niceness("/proc/$$/stat")} >> '${log}'\nexit $code\n`,
      { mode: 0o755 },
    );
    const nicenessOf = async (background: boolean) => {
      await rm(log, { force: true });
      await rm(threadsLog, { force: true });
      await withEnvironment({ PAGEFIND_EXTENDED_BINARY_PATH: binary }, () =>
        writeSearchIndex(archive, path.join(work, `niceness-${background}`), { language: "en", shardSize: 2, threads: 1, background }),
      );
      // Each stand-in writes as it ends, which may be just after the part is written.
      assert.ok(await eventually(async () => existsSync(log) && (await readFile(log, "utf8")).trim().split("\n").length === 3));
      const lines = async (file: string) => (await readFile(file, "utf8")).trim().split("\n").map((line) => line.trim());
      return { pagefind: await lines(log), threads: await lines(threadsLog) };
    };
    const own = String(os.getPriority());
    const low = String(Math.max(Number(own), 10));
    const build = await nicenessOf(false);
    assert.deepEqual(build.pagefind, [own, own, own]);
    assert.deepEqual(build.threads, Array(3).fill(`${own} ${own}`), "every thread at the build's niceness");
    const preview = await nicenessOf(true);
    assert.deepEqual(preview.pagefind, [low, low, low]);
    // The main thread, which rebuilds, keeps its niceness; the search thread's is lowered (Linux gives each thread its own).
    assert.deepEqual(preview.threads, Array(3).fill(process.platform === "linux" ? `${own} ${[...new Set([own, low])].join(" ")}` : `${own} ${own}`));
    assert.deepEqual(await storiesIn(path.join(work, "niceness-true", "pagefind")), ["/world/a/", "/world/b/"], "the real Pagefind wrote the index");
  });

  test("a Pagefind that cannot start an index fails the part with its reason, naming the index", { timeout: 60_000 }, async () => {
    // A stand-in for Pagefind's binary that answers its first request, to start an index, with an error,
    // in Pagefind's own service protocol (base64 JSON messages, each ended by a comma).
    const binary = path.join(work, "pagefind-refusing");
    const reply = `{ message_id: JSON.parse(Buffer.from(first, "base64").toString()).message_id, payload: { type: "Error", message: "no index for this stand-in" } }`;
    await writeFile(
      binary,
      `#!${process.execPath}\nlet input = "";\nprocess.stdin.on("data", (chunk) => {\n  input += chunk;\n  if (!input.includes(",") || input === "done") return;\n  const first = input.slice(0, input.indexOf(","));\n  input = "done";\n  process.stdout.write(Buffer.from(JSON.stringify(${reply})).toString("base64") + ",");\n});\n`,
      { mode: 0o755 },
    );
    await withEnvironment({ PAGEFIND_EXTENDED_BINARY_PATH: binary }, () =>
      assert.rejects(
        writeSearchIndex(archive, path.join(work, "refused"), { language: "en", shardSize: 2, threads: 1 }),
        /^Error: Pagefind could not start on the stories of .*refused\/pagefind\/: no index for this stand-in$/,
      ),
    );
  });

  const pidNotingPagefind = (name: string) => pidNotingPagefindIn(work, name);
  /** Parts of 1,000 stories this long keep Pagefind busy for a second or more. */
  const longStories = (count: number) => Array.from({ length: count }, (_, index) => story(`k${index}`, (index % 9) + 1, `Story ${index}. ${"More of the story. ".repeat(200)}`));

  // Without the fix this waited for ever: the timeout makes it a failure.
  test("a Pagefind killed part-way fails the part with a message naming it, rather than leaving the build waiting", { timeout: 60_000 }, async () => {
    const { binary, pids } = await pidNotingPagefind("pagefind-killed");
    await withEnvironment({ PAGEFIND_EXTENDED_BINARY_PATH: binary }, async () => {
      const indexing = writeSearchIndex(longStories(1_000), path.join(work, "killed"), { language: "en", shardSize: 1_000, threads: 1 });
      // As the system does when memory runs out.
      assert.ok(await eventually(async () => (await pids()).length === 1));
      process.kill((await pids())[0]!, "SIGKILL");
      await assert.rejects(indexing, /^Error: Pagefind could not index the stories of .*killed\/pagefind\/: Pagefind was stopped by SIGKILL \(most often by the system, out of memory\)$/);
    });
  });

  test("while the preview rebuilds, its background index's Pagefind is stopped and no part begins; all goes on once the rebuild ends", { timeout: 120_000, skip: existsSync("/proc/self/stat") ? false : "needs /proc" }, async () => {
    const { binary, pids } = await pidNotingPagefind("pagefind-held");
    const rebuilds = new RebuildGate();
    const site = path.join(work, "held");
    const stories = longStories(2_000);
    await withEnvironment({ PAGEFIND_EXTENDED_BINARY_PATH: binary }, async () => {
      const indexing = writeSearchIndex(stories, site, { language: "en", shardSize: 1_000, threads: 1, background: true, rebuilds });
      try {
        assert.ok(await eventually(async () => (await pids()).length === 1), "the first part's Pagefind started");
        const [first] = await pids();
        rebuilds.started();
        assert.ok(await eventually(async () => (await processState(first!)) === "T"), "stopped once the rebuild started");
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        assert.equal(await processState(first!), "T", "still stopped");
        assert.deepEqual(await pids(), [first], "no other part begun");
      } finally {
        // Also when an assertion failed: the index would otherwise wait, and its thread keep the tests running.
        rebuilds.ended();
        await indexing;
      }
    });
    const parts = searchShards(stories, 1_000);
    assert.equal((await pids()).length, parts.length, "the other parts indexed after the rebuild, each by a Pagefind of its own");
    for (const part of parts) assert.equal((await entryOf(path.join(site, part.folder))).languages.en?.page_count, part.articles.length, part.folder);
  });

  test("a Pagefind stopped for a rebuild is continued when the preview's process exits, so it ends rather than wait stopped for ever", { timeout: 120_000, skip: existsSync("/proc/self/stat") ? false : "needs /proc" }, async () => {
    const { binary, pids } = await pidNotingPagefind("pagefind-left");
    const script = path.join(work, "exits-while-held.mts");
    const own = (module: string) => JSON.stringify(new URL(`../src/${module}`, import.meta.url).href);
    await writeFile(
      script,
      `import { writeSearchIndex } from ${own("search-index.ts")};\nimport { RebuildGate } from ${own("rebuild-gate.ts")};\nimport { makeArticle } from ${JSON.stringify(new URL("./helpers/articles.ts", import.meta.url).href)};\n` +
        `const rebuilds = new RebuildGate();\n` +
        `const stories = Array.from({ length: 1_000 }, (_, i) => makeArticle({ slug: "k" + i, published: "2026-01-05T10:00:00+05:00", html: "<p>" + "More of the story. ".repeat(200) + "</p>" }));\n` +
        `void writeSearchIndex(stories, process.argv[2], { language: "en", shardSize: 1_000, threads: 1, background: true, rebuilds });\n` +
        // Once Pagefind has started (its pid noted), a rebuild starts and, while it holds Pagefind stopped, the process exits.
        `process.stdin.once("data", () => { rebuilds.started(); process.stdin.once("data", () => process.exit(0)); });\n`,
    );
    const child = spawn(process.execPath, ["--import", "tsx", script, path.join(work, "left")], { env: { ...process.env, PAGEFIND_EXTENDED_BINARY_PATH: binary }, stdio: ["pipe", "inherit", "inherit"] });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      assert.ok(await eventually(async () => (await pids()).length === 1), "Pagefind started");
      const [pagefind] = await pids();
      child.stdin.write("rebuild\n");
      assert.ok(await eventually(async () => (await processState(pagefind!)) === "T"), "stopped for the rebuild");
      child.stdin.write("exit\n");
      await exited;
      assert.ok(await eventually(async () => (await processState(pagefind!)) === undefined || (await processState(pagefind!)) === "Z"), "Pagefind ended");
    } finally {
      child.kill("SIGKILL");
      for (const pid of await pids()) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // It has ended, as it should.
        }
      }
    }
  });

  test("the preview's index waits for a rebuild under way, then indexes the stories as that rebuild left them", async () => {
    const runs = new SearchIndexRuns("rebuild-brought", { language: "en", shardSize: 2 });
    const site = path.join(work, "brought");
    // The rebuild is of a correction to the oldest story.
    const newer = archive.map((each) => (each.slug === "a" ? story("a", 1, "Harbour dredged twice.") : each));
    const parts = searchShards(newer, 2);
    let indexedDuringRebuild = true;
    const watched = await watchSearchThreads(async () => {
      runs.startInBackground(archive, site, 0);
      runs.rebuildStarted();
      await new Promise((resolve) => setTimeout(resolve, 500));
      indexedDuringRebuild = existsSync(site);
      // The rebuild ends.
      runs.startInBackground(newer, site, 0);
      const indexed = async () =>
        parts.every((part) => existsSync(path.join(site, part.folder, "pagefind-entry.json"))) && (await fragmentTexts(path.join(site, "pagefind")).catch((): string[] => [])).some((text) => text.includes("twice"));
      assert.ok(await eventually(indexed));
    });
    assert.equal(indexedDuringRebuild, false, "nothing indexed while the rebuild was under way");
    assert.deepEqual(watched.threads.flat().map((target) => path.basename(target) + "/"), parts.map((part) => part.folder), "each part indexed once, from the newer stories");
    for (const part of parts) assert.deepEqual(await storiesIn(path.join(site, part.folder)), part.articles.map((article) => article.url).sort(), part.folder);
  });

  test("the second thread starts a part beside a full one only if it is of the smallest size, and only while the full one is being added", () => {
    assert.equal(mayStartBesideFullParts(625, { indexing: 0, writing: 0 }, 125), true, "no full part with Pagefind");
    assert.equal(mayStartBesideFullParts(125, { indexing: 1, writing: 0 }, 125), true, "a smallest part beside a full one being added");
    assert.equal(mayStartBesideFullParts(90, { indexing: 1, writing: 0 }, 125), true);
    assert.equal(mayStartBesideFullParts(625, { indexing: 1, writing: 0 }, 125), false, "a larger part waits");
    assert.equal(mayStartBesideFullParts(125, { indexing: 1, writing: 1 }, 125), false, "nothing while a full part is written");
  });

  describe("with a second thread for the newest parts", () => {
    // Parts of 20, 5, 5, 1 and 1 stories, oldest first (parts of 20, then of 5, then of 1).
    const longer = Array.from({ length: 32 }, (_, index) => story(`s${31 - index}`, (index % 9) + 1, `Story number ${31 - index} of the archive.`));
    const sizes = new Map([["pagefind", 20], ["pagefind-1", 5], ["pagefind-2", 5], ["pagefind-3", 1], ["pagefind-4", 1]]);
    const parts = [...sizes.keys()];
    /** `heldUntilFullWriting`: a part whose folder is emptied only once the full part is about to be written. */
    const build = async (newestOnSecondThread: boolean, site: string, heldUntilFullWriting?: string) => {
      let released = false;
      let release = () => undefined as void;
      const pagesWritten = new Promise<void>((resolve) => (release = () => ((released = true), resolve())));
      const sentBeforeRelease: string[] = [];
      let fullWriting = () => undefined as void;
      const writing = new Promise<void>((resolve) => (fullWriting = resolve));
      const realRm = fsPromises.rm;
      const restoreRm = replaceBuiltinExport(fsPromises, "rm", async (target, options) => {
        if (heldUntilFullWriting && path.resolve(String(target)) === path.join(site, heldUntilFullWriting)) await writing;
        return realRm(target, options);
      });
      try {
        const watched = await watchSearchThreads(
          () => writeSearchIndex(longer, site, { language: "en", shardSize: 20, threads: 1, pagesWritten, newestOnSecondThread }),
          (target) => {
            if (!released) sentBeforeRelease.push(path.basename(target));
            // The pages are written while Pagefind indexes the oldest part, as in a first build.
            release();
          },
          (event) => event === "writing pagefind" && fullWriting(),
        );
        return { threads: watched.threads.map((sent) => sent.map((target) => path.basename(target))), mostAtOnce: watched.mostAtOnce, sentBeforeRelease, events: watched.events };
      } finally {
        restoreRm();
      }
    };
    // Beside a full part the second thread starts only a smallest part, and only while the full part is
    // being added: Pagefind writing a full part is the build's largest memory.
    const assertStartedOnlyBesideAdding = (second: string[], events: string[]) => {
      let fullWithPagefind = false;
      let fullWritten = false;
      for (const event of events) {
        const [what, part = ""] = event.split(" ");
        if (part === "pagefind") [fullWithPagefind, fullWritten] = [what !== "done", what === "writing"];
        if (what === "sent" && second.includes(part)) {
          assert.ok(!fullWritten, `${part} was started while the full part was written: ${events.join(", ")}`);
          assert.ok(!fullWithPagefind || sizes.get(part) === 1, `${part} was started beside the full part: ${events.join(", ")}`);
        }
      }
    };
    before(async () => {
      const strict = await build(false, path.join(work, "strictly-one"));
      assert.deepEqual(strict.threads, [parts], "without it, one thread indexes every part, oldest first");
    });

    test("it starts once the pages are written and takes only the parts smaller than a full one, newest first", async () => {
      const { threads, mostAtOnce, sentBeforeRelease, events } = await build(true, path.join(work, "second-thread"));
      assert.deepEqual(sentBeforeRelease, ["pagefind"], "one thread until the pages are written");
      assert.equal(threads.length, 2);
      const [first, second] = threads as [string[], string[]];
      assert.equal(first[0], "pagefind", "the first thread goes oldest first");
      assert.ok(second.length > 0 && second[0] === "pagefind-4", `the second starts with the newest: ${JSON.stringify(second)}`);
      assert.deepEqual(second, [...second].sort().reverse(), "newest first");
      assert.ok(!second.includes("pagefind"), "never a full part");
      assert.deepEqual([...first, ...second].sort(), parts, "each part once");
      assert.equal(mostAtOnce, 2);
      assertStartedOnlyBesideAdding(second, events);
      assert.deepEqual(treeDifferences(await hashTree(path.join(work, "strictly-one")), await hashTree(path.join(work, "second-thread"))), [], "the same bytes as one thread writes");
    });

    test("a newest part taken while the full part is being added, and reached only once it is about to be written, waits until it is written", async () => {
      // The part is taken at once, but its folder is emptied only when the full part's writing is announced:
      // the moment a full part began writing between a part's taking and its sending (seen under load).
      const { threads, events } = await build(true, path.join(work, "held-newest"), "pagefind-4");
      const second = threads[1] ?? [];
      assert.equal(second[0], "pagefind-4", `the second thread took the newest part: ${events.join(", ")}`);
      assert.ok(events.indexOf("sent pagefind-4") > events.indexOf("done pagefind"), `sent after the full part was written: ${events.join(", ")}`);
      assertStartedOnlyBesideAdding(second, events);
      assert.deepEqual(treeDifferences(await hashTree(path.join(work, "strictly-one")), await hashTree(path.join(work, "held-newest"))), [], "the same bytes as one thread writes");
    });
  });

  test("a build that copies nothing indexes at once", async () => {
    const never = new Promise<void>(() => undefined);
    await writeSearchIndex(archive, path.join(work, "first-build"), { language: "en", shardSize: 2, threads: 1, cacheDir: path.join(work, "empty-cache"), pagesWritten: never });
    assert.deepEqual((await readdir(path.join(work, "first-build"))).sort(), ["pagefind", "pagefind-1", "pagefind-2"]);
  });
});
