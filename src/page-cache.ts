import { openSync, closeSync, readdirSync, renameSync, rmSync, writeSync } from "node:fs";
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import type { Article } from "./article.ts";
import { checkKeptFiles } from "./kept-files.ts";
import { pageDigests, siteDigest, withoutPages, type SiteInputs } from "./page-digests.ts";
import { lock, unlock } from "./lock-files.ts";
import type { PageLists, SiteData } from "./site-data.ts";

// From one build to the next almost every page of an archive is as it was: rendering the 25,000 pages
// of 10,000 stories again was most of a rebuild. So npm run build keeps each page it writes from the
// lists that grow with the archive (article pages, short links, listing pages) under a digest of
// everything the page is made from (src/page-digests.ts), and the next build takes the kept file
// instead of rendering a page whose digest is the same.
//
// Kept pages are hard links to the files the build wrote (a copy where the file system allows none),
// so keeping them costs no space and taking one costs no write. The index records each file's size
// and modification time: a published file changed in place (which changes the kept one too) is not
// taken again. One build uses the folder at a time; another finds it locked and renders everything.

/** Where kept pages live: `.cache/pages`, or NEWS_PAGE_CACHE (the bench and tests use their own). */
export function pageCacheDir(env: NodeJS.ProcessEnv = process.env, root = process.cwd()): string {
  return path.resolve(root, env.NEWS_PAGE_CACHE || ".cache/pages");
}

/**
 * A kept page: the page's URL, its file in the site, the template that wrote it (for messages), the
 * file's size and modification time (whole seconds, which survive a CI cache's tar), and the link
 * targets it needs a file for (as places in the index's `targets`), so its links are checked without
 * reading it.
 */
export type KeptPage = [url: string, file: string, source: string, size: number, mtime: number, targets: number[]];

/** A page to take from the cache: its digest (the kept file's name) and what the index says of it. */
export interface ReusedPage {
  digest: string;
  page: KeptPage;
}

export interface PageIndex {
  /** The digest of what every page shares: pages kept under another are not taken. */
  site: string;
  /** Every link target of the kept pages, once (most pages link to the same sections and styles). */
  targets: string[];
  /** By digest, which is also the kept file's name. */
  pages: Map<string, KeptPage>;
}

// The index is a file of one JSON value a line, written by the page writer's thread as the build goes
// (PageIndexWriter), so that no thread holds every page's entry: at 100,000 stories that was 250,000
// entries, and the build passed 3 GiB.
//   ["news-page-cache", 3]                                    first
//   ["t", target]                                             the next link target (places count from 0)
//   ["p", digest, url, file, source, size, mtime, places]     a kept page
//   ["end", site]                                             last: an index without it was cut short
const INDEX_HEADER = JSON.stringify(["news-page-cache", 3]);
/** The cache's folder of kept pages, each named by its digest. */
const KEPT_FILES = "files";
/** Targets the index writer remembers (PageIndexWriter): the navigation and styles of every page, and the listings' stories in passing. */
const RECENT_TARGETS = 20_000;

/** The index in a file's text; undefined when it is not a whole index this code wrote. */
export function readPageIndex(text: string): PageIndex | undefined {
  const lines = (text.endsWith("\n") ? text.slice(0, -1) : text).split("\n");
  if (lines[0] !== INDEX_HEADER) return undefined;
  const index: PageIndex = { site: "", targets: [], pages: new Map() };
  for (let at = 1; at < lines.length; at++) {
    let line: unknown[];
    try {
      line = JSON.parse(lines[at]!) as unknown[];
    } catch {
      return undefined;
    }
    if (line[0] === "t" && typeof line[1] === "string") index.targets.push(line[1]);
    else if (line[0] === "p" && typeof line[1] === "string") index.pages.set(line[1], line.slice(2) as KeptPage);
    else if (line[0] === "end" && typeof line[1] === "string" && at === lines.length - 1) {
      index.site = line[1];
      return index;
    } else return undefined;
  }
  return undefined;
}

/**
 * Writes the next build's index as pages are kept and taken (on the page writer's thread), and puts it
 * in place once the build succeeded, removing the kept files it does not list (pages no longer built,
 * or built from other data: after a template change, every page the last index listed). Until then
 * they stay, and a build that fails leaves them for the next to remove as it opens the cache
 * (checkKeptFiles).
 */
export class PageIndexWriter {
  readonly #dir: string;
  readonly #partial: string;
  readonly #fd: number;
  #lines: string[] = [INDEX_HEADER];
  /** The digests listed: a digest is 64 characters, a tenth of a page's entry. */
  readonly #listed = new Set<string>();
  /**
   * Where each target recently written is: a target used again points there. Forgotten when it grows
   * large, so that a large archive's targets (each story's address and short link) are not all held;
   * a target written again after that is simply written twice.
   */
  readonly #places = new Map<string, number>();
  #targetCount = 0;
  /** The last index's targets, and where each went in this one (-1 until it is needed). */
  #lastTargets: readonly string[] = [];
  #lastPlaces = new Int32Array(0);

  constructor(dir: string) {
    this.#dir = dir;
    this.#partial = path.join(dir, `index.json.${process.pid}.partial`);
    this.#fd = openSync(this.#partial, "w");
  }

  /** A page this build wrote, and the link targets it needs a file for. */
  keep(digest: string, url: string, file: string, source: string, size: number, mtime: number, targets: readonly string[]): void {
    this.#page(digest, [url, file, source, size, mtime, targets.map((target) => this.#place(target))]);
  }

  /** The targets the pages taken from the last index point into. */
  takeFrom(targets: readonly string[]): void {
    this.#lastTargets = targets;
    this.#lastPlaces = new Int32Array(targets.length).fill(-1);
  }

  /** A page taken from the last index, as it was kept. */
  take(digest: string, page: KeptPage): void {
    const places = page[5].map((place) => {
      let now = this.#lastPlaces[place] ?? -1;
      if (now < 0) {
        now = this.#place(this.#lastTargets[place] ?? "");
        this.#lastPlaces[place] = now;
      }
      return now;
    });
    this.#page(digest, [page[0], page[1], page[2], page[3], page[4], places]);
  }

  /**
   * Puts the index in place for the next build (a failure costs that build time, not this one its
   * pages), then removes the kept files it does not list. Removed now rather than by the next build:
   * a CI cache saved in between would hold both (twice the pages after a template change), and on ext4
   * without a journal the inodes freed would slow the next build's new files.
   */
  finish(site: string): void {
    this.#lines.push(JSON.stringify(["end", site]));
    this.#flush();
    closeSync(this.#fd);
    renameSync(this.#partial, path.join(this.#dir, "index.json"));
    const files = path.join(this.#dir, KEPT_FILES);
    try {
      for (const name of readdirSync(files)) if (!this.#listed.has(name)) rmSync(path.join(files, name), { force: true });
    } catch {
      // The index is in place; what could not be removed now, the next build removes as it opens the cache.
    }
  }

  #page(digest: string, page: KeptPage): void {
    this.#listed.add(digest);
    this.#lines.push(JSON.stringify(["p", digest, ...page]));
    if (this.#lines.length >= 256) this.#flush();
  }

  #place(target: string): number {
    let place = this.#places.get(target);
    if (place === undefined) {
      if (this.#places.size >= RECENT_TARGETS) this.#places.clear();
      place = this.#targetCount++;
      // Kept apart from the page's text, which would otherwise stay in memory with it.
      this.#places.set(Buffer.from(target, "utf8").toString("utf8"), place);
      this.#lines.push(JSON.stringify(["t", target]));
    }
    return place;
  }

  #flush(): void {
    writeSync(this.#fd, `${this.#lines.join("\n")}\n`);
    this.#lines = [];
  }
}

/** The page cache npm run build uses, once it has opened it (src/cli/build.ts); the plugin plans with it. */
export const buildPageCache: { current?: PageCache } = {};

/** What a build takes from the cache, and the digests of the pages it renders. */
interface PagePlan {
  reused: ReusedPage[];
  /** Digest by URL, of each page left to render. */
  digests: Map<string, string>;
}

/**
 * The page cache of one build: opened (and locked) before the build starts, and asked which pages it
 * holds once the site data is made. The next index is written by the page writer's thread
 * (PageIndexWriter), which keeps and takes the pages.
 */
export class PageCache {
  readonly dir: string;
  /** The kept pages, each named by its digest. */
  readonly filesDir: string;
  readonly #inputs: Omit<SiteInputs, "images">;
  #index: PageIndex;
  /** The index's files that are still as it describes them, by digest; checked while the articles are read. */
  readonly #intact: Promise<Set<string>>;
  #site = "";
  #plan: PagePlan = { reused: [], digests: new Map() };
  /** Each story's own digest, from the plan (src/page-digests.ts). */
  readonly #stories = new Map<Article, string>();
  #resolvePlanned: () => void = () => undefined;
  readonly #planned = new Promise<void>((resolve) => (this.#resolvePlanned = resolve));

  private constructor(dir: string, inputs: Omit<SiteInputs, "images">, index: PageIndex) {
    this.dir = dir;
    this.filesDir = path.join(dir, KEPT_FILES);
    this.#inputs = inputs;
    this.#index = index;
    this.#intact = checkKeptFiles(
      this.filesDir,
      [...index.pages].map(([digest, page]) => [digest, page[3], page[4]] as const),
    ).catch(() => new Set<string>());
  }

  /** Opens the cache for this build; undefined when another build holds it (this one then renders every page). */
  static async open(dir: string, inputs: Omit<SiteInputs, "images">): Promise<PageCache | undefined> {
    await mkdir(path.join(dir, KEPT_FILES), { recursive: true });
    if (!lock(path.join(dir, "lock"))) return undefined;
    let index: PageIndex | undefined;
    try {
      index = readPageIndex(await readFile(path.join(dir, "index.json"), "utf8"));
    } catch {
      // No index yet, or not one this code wrote: every page is rendered.
    }
    // What a build that stopped left half-written.
    for (const name of await readdir(dir)) if (name.endsWith(".partial")) await rm(path.join(dir, name), { force: true });
    return new PageCache(dir, inputs, index ?? { site: "", targets: [], pages: new Map() });
  }

  /**
   * Which pages of the site data to take from the cache: those kept under the same digest, whose file
   * is intact. Returns the site data without them; `planned` tells the build what was taken.
   */
  async plan<Data extends PageLists & Pick<SiteData, "images">>(data: Data): Promise<Data> {
    this.#site = siteDigest({ ...this.#inputs, images: data.images });
    const digests = pageDigests(data, this.#site, this.#stories);
    // Awaited even when nothing can be taken: the same thread removes the kept files the last index does
    // not list, and must be done before this build keeps any of its own.
    const intact = await this.#intact;
    if (this.#index.site !== this.#site) intact.clear();
    const reused: ReusedPage[] = [];
    const reusedUrls = new Set<string>();
    for (const [url, digest] of digests) {
      const page = this.#index.pages.get(digest);
      if (!page || !isKeptPage(page, url, this.#index.targets.length) || !intact.has(digest)) continue;
      reused.push({ digest, page });
      reusedUrls.add(url);
      digests.delete(url);
    }
    this.#plan = { reused, digests };
    this.#resolvePlanned();
    return withoutPages(data, reusedUrls);
  }

  /** A story's own digest, once the site data is planned: what the search index asks to know its parts unchanged without remaking them. */
  storyDigest(article: Article): string | undefined {
    return this.#stories.get(article);
  }

  /** Resolves once the site data is planned (the first run's load); then takeReused() tells what to take. */
  get planned(): Promise<void> {
    return this.#planned;
  }

  /**
   * The pages to take, and the link targets their entries point into; asked once, after which the
   * cache holds neither, nor the last index (at 100,000 stories, 250,000 entries).
   */
  takeReused(): { reused: ReusedPage[]; targets: readonly string[] } {
    const taken = { reused: this.#plan.reused, targets: this.#index.targets };
    this.#plan.reused = [];
    this.#index = { site: this.#index.site, targets: [], pages: new Map() };
    return taken;
  }

  /** The digest of a page this build renders, when it is one the cache keeps; asked once a page, as it is written. */
  digestOf(url: string): string | undefined {
    const digest = this.#plan.digests.get(url);
    // Not needed again: at 100,000 stories these are 250,000 entries.
    this.#plan.digests.delete(url);
    return digest;
  }

  /** The digest of what every page of this build shares, once planned: the next index is stored under it. */
  get site(): string {
    return this.#site;
  }

  /** Lets another build use the cache. */
  close(): void {
    unlock(path.join(this.dir, "lock"));
  }
}

/** Whether an index's entry is one this code wrote for the page at `url`: the index is a file anyone could have changed. */
function isKeptPage(page: unknown, url: string, targetCount: number): page is KeptPage {
  if (!Array.isArray(page) || page.length !== 6) return false;
  const [pageUrl, file, source, size, mtime, places] = page as unknown[];
  const inside = typeof file === "string" && file !== "" && !path.isAbsolute(file) && !file.split(/[\\/]/).includes("..");
  return (
    pageUrl === url &&
    inside &&
    typeof source === "string" &&
    Number.isInteger(size) &&
    Number.isInteger(mtime) &&
    Array.isArray(places) &&
    places.every((place) => Number.isInteger(place) && place >= 0 && place < targetCount)
  );
}
