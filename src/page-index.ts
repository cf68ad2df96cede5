import { openSync, closeSync, readdirSync, renameSync, rmSync, writeSync } from "node:fs";
import path from "node:path";

// The page cache's index (src/page-cache.ts): which page each kept file is, and the link targets it
// needs. A module of its own, with nothing but Node's own modules beside it, because the page writer's
// thread writes it: imported from page-cache.ts, whose digests import the site data, the thread loaded
// 48 of our modules and zod, sanitize-html, markdown-it and posthtml with them, in every build.

/**
 * A kept page: the page's URL, its file in the site, the template that wrote it (for messages), the
 * file's size and modification time (whole seconds, which survive a CI cache's tar), and the link
 * targets it needs a file for (as places in the index's `targets`), so its links are checked without
 * reading it.
 */
export type KeptPage = [url: string, file: string, source: string, size: number, mtime: number, targets: number[]];

/**
 * A page to take from the cache: its digest (the kept file's name), its file in the site, and its line
 * of the index, which the page writer's thread parses as it takes the page (keptEntry).
 */
export interface ReusedPage {
  digest: string;
  file: string;
  entry: string;
}

/** The index as a build reads it (readKeptIndex): each page's entry left as its line until the page is taken. */
export interface KeptIndex {
  /** The digest of what every page shares: pages kept under another are not taken. */
  site: string;
  /** Every link target of the kept pages, once (most pages link to the same sections and styles). */
  targets: string[];
  /**
   * Each kept page's line of the index, by digest (which is also the kept file's name). Parsed, at
   * 100,000 stories the 227,000 entries held about 155 MB of the rendering thread's heap until the pages
   * were handed on; as lines, the index's text (about 60 MB) and the map.
   */
  pages: Map<string, string>;
  /** Each kept file's name, size and modification time, in the index's order: what checkKeptFiles compares. */
  files: [digest: string, size: number, mtime: number][];
}

/** The index with every entry parsed: what tests and the broken link's message look into. */
export interface PageIndex {
  site: string;
  targets: string[];
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
export const KEPT_FILES = "files";
/** Targets the index writer remembers (PageIndexWriter): the navigation and styles of every page, and the listings' stories in passing. */
const RECENT_TARGETS = 20_000;

/** The index in a file's text, each page's entry as its line; undefined when it is not a whole index this code wrote. */
export function readKeptIndex(text: string): KeptIndex | undefined {
  const lines = (text.endsWith("\n") ? text.slice(0, -1) : text).split("\n");
  if (lines[0] !== INDEX_HEADER) return undefined;
  const index: KeptIndex = { site: "", targets: [], pages: new Map(), files: [] };
  for (let at = 1; at < lines.length; at++) {
    let line: unknown[];
    try {
      line = JSON.parse(lines[at]!) as unknown[];
    } catch {
      return undefined;
    }
    if (line[0] === "t" && typeof line[1] === "string") index.targets.push(line[1]);
    else if (line[0] === "p" && typeof line[1] === "string") {
      index.pages.set(line[1], lines[at]!);
      index.files.push([line[1], line[5] as number, line[6] as number]);
    } else if (line[0] === "end" && typeof line[1] === "string" && at === lines.length - 1) {
      index.site = line[1];
      return index;
    } else return undefined;
  }
  return undefined;
}

/** The index in a file's text, every entry parsed; undefined when it is not a whole index this code wrote. */
export function readPageIndex(text: string): PageIndex | undefined {
  const index = readKeptIndex(text);
  if (!index) return undefined;
  return { site: index.site, targets: index.targets, pages: new Map([...index.pages.values()].map(keptEntry)) };
}

/** A page's line of the index, parsed: its digest and what the index says of it (checked by the page cache before it is taken). */
export function keptEntry(line: string): [digest: string, page: KeptPage] {
  const [, digest, ...page] = JSON.parse(line) as [string, string, ...KeptPage];
  return [digest, page];
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
