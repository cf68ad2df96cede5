import { openSync, closeSync, readdirSync, readSync, renameSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { StringDecoder } from "node:string_decoder";
import { TargetPlaces } from "./target-places.ts";

// The page cache's index (src/page-cache.ts): which page each kept file is, and the link targets it
// needs. A module of its own, with nothing but Node's own modules and src/target-places.ts beside it,
// because the page writer's thread writes it: imported from page-cache.ts, whose digests import the site
// data, the thread loaded 48 of our modules and zod, sanitize-html, markdown-it and posthtml with them,
// in every build.

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

/** The index file taken pages come from, and how many link targets it lists (their entries point into them by place). */
export interface TakenIndex {
  file: string;
  targets: number;
}

/**
 * The index as a build reads it (readKeptIndex): each page's entry left as its line until the page is
 * taken, and the link targets counted, not kept (the page writer's thread reads them: readIndexTargets).
 * At 100,000 stories the index parsed whole was 223 MB of the rendering thread's heap (a million targets
 * 101 MB, the 229,000 pages 122 MB), held until the pages were handed on, the moment of a rebuild's peak.
 */
export interface KeptIndex {
  /** The digest of what every page shares: pages kept under another are not taken. */
  site: string;
  /** How many link targets the index lists: a page's entry points into them by place. */
  targetCount: number;
  /** Each kept page's line of the index, by digest (which is also the kept file's name). */
  pages: Map<string, string>;
  /** Each kept file's name, size and modification time, in the index's order: what checkKeptFiles compares. */
  files: [digest: string, size: number, mtime: number][];
}

/** The index with every entry parsed: what tests and a broken link's message look into. */
export interface PageIndex {
  site: string;
  /** Every link target of the kept pages, once (most pages link to the same sections and styles). */
  targets: string[];
  /** By digest. */
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
/** Targets the index writer keeps at hand (PageIndexWriter): the navigation and styles of every page, and the listings' stories in passing. */
const RECENT_TARGETS = 20_000;

/** The index in a file's text, each page's entry as its line; undefined when it is not a whole index this code wrote. */
export function readKeptIndex(text: string): KeptIndex | undefined {
  const index: KeptIndex = { site: "", targetCount: 0, pages: new Map(), files: [] };
  const site = eachLine(text, (line, lineText) => {
    if (line[0] === "t") index.targetCount++;
    else {
      const digest = line[1] as string;
      // A copy of its own: a line cut from the file's text keeps all of the text (144 MB at 100,000 stories, most of it targets).
      index.pages.set(digest, Buffer.from(lineText, "utf8").toString("utf8"));
      index.files.push([digest, line[5] as number, line[6] as number]);
    }
  });
  return site === undefined ? undefined : { ...index, site };
}

/** The index in a file's text, every entry parsed; undefined when it is not a whole index this code wrote. */
export function readPageIndex(text: string): PageIndex | undefined {
  const index: PageIndex = { site: "", targets: [], pages: new Map() };
  const site = eachLine(text, (line) => {
    if (line[0] === "t") index.targets.push(line[1] as string);
    else index.pages.set(line[1] as string, line.slice(2) as KeptPage);
  });
  return site === undefined ? undefined : { ...index, site };
}

/**
 * Hands each target's and page's line of an index to `each`, parsed and as text; returns the site's
 * digest from the last line, or undefined when the text is not a whole index this code wrote.
 */
function eachLine(text: string, each: (line: unknown[], lineText: string) => void): string | undefined {
  const lines = (text.endsWith("\n") ? text.slice(0, -1) : text).split("\n");
  if (lines[0] !== INDEX_HEADER) return undefined;
  for (let at = 1; at < lines.length; at++) {
    let line: unknown;
    try {
      line = JSON.parse(lines[at]!);
    } catch {
      return undefined;
    }
    if (!Array.isArray(line) || typeof line[1] !== "string") return undefined;
    if (line[0] === "end") return at === lines.length - 1 ? line[1] : undefined;
    if (line[0] !== "t" && line[0] !== "p") return undefined;
    each(line, lines[at]!);
  }
  return undefined;
}

/**
 * The link targets of the index in `file`, read a part at a time. Read by the page writer's thread, which
 * checks the taken pages' links: held by the rendering thread and sent, a million targets at 100,000
 * stories (101 MB parsed) were there, in the message and on the writer's thread at once.
 */
export function readIndexTargets(file: string): string[] {
  const targets: string[] = [];
  const fd = openSync(file, "r");
  try {
    const decoder = new StringDecoder("utf8");
    const part = Buffer.alloc(1 << 20);
    let rest = "";
    for (let read = readSync(fd, part); read > 0; read = readSync(fd, part)) {
      const lines = (rest + decoder.write(part.subarray(0, read))).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) if (line.startsWith('["t",')) targets.push((JSON.parse(line) as [string, string])[1]);
    }
  } finally {
    closeSync(fd);
  }
  return targets;
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
  /** The bytes of the lines so far, and of those written to the file. */
  #bytes = Buffer.byteLength(INDEX_HEADER) + 1;
  #flushedBytes = 0;
  /** The digests listed: a digest is 64 characters, a tenth of a page's entry. */
  readonly #listed = new Set<string>();
  /**
   * Where each target written is: a target used again points there, so each is written once. Remembering
   * only the last 20,000 wrote each story's address and short link again in every listing that named it
   * later: at 100,000 stories, 1,036,274 target lines for 356,356 targets, 80 MB of the 144 MB index, and
   * what a rebuild's page writer read back and held (101 MB).
   */
  readonly #places = new TargetPlaces((start, length) => this.#targetAt(start, length));
  /** The targets used last, by text: most of a page's are its navigation's, found here without reading the index back. */
  readonly #recent = new Map<string, number>();
  /** The last index's targets, and where each went in this one (-1 until it is needed). */
  #lastTargets: readonly string[] = [];
  #lastPlaces = new Int32Array(0);

  constructor(dir: string) {
    this.#dir = dir;
    this.#partial = path.join(dir, `index.json.${process.pid}.partial`);
    // Read too: a target met again is confirmed by its line (TargetPlaces).
    this.#fd = openSync(this.#partial, "w+");
  }

  /** A page this build wrote, and the link targets it needs a file for. */
  keep(digest: string, url: string, file: string, source: string, size: number, mtime: number, targets: readonly string[]): void {
    // Kept apart from the page's text, which would otherwise stay in memory with them.
    this.#page(digest, [url, file, source, size, mtime, targets.map((target) => this.#place(target, detached))]);
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
        now = this.#place(this.#lastTargets[place] ?? "", (target) => target);
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
    this.#push(JSON.stringify(["end", site]));
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
    this.#push(JSON.stringify(["p", digest, ...page]));
    if (this.#lines.length >= 256) this.#flush();
  }

  /** The target's place in this index, written now if it is new; `own` gives the string to keep it at hand by. */
  #place(target: string, own: (target: string) => string): number {
    let place = this.#recent.get(target);
    if (place !== undefined) return place;
    place = this.#places.find(target);
    if (place === undefined) {
      const line = JSON.stringify(["t", target]);
      place = this.#places.add(target, this.#bytes, Buffer.byteLength(line));
      this.#push(line);
    }
    if (this.#recent.size >= RECENT_TARGETS) this.#recent.clear();
    this.#recent.set(own(target), place);
    return place;
  }

  /** The target of the line at `start`, `length` bytes long, read back from the file. */
  #targetAt(start: number, length: number): string {
    if (start + length > this.#flushedBytes) this.#flush();
    const line = Buffer.allocUnsafe(length);
    readSync(this.#fd, line, 0, length, start);
    return (JSON.parse(line.toString("utf8")) as [string, string])[1];
  }

  #push(line: string): void {
    this.#lines.push(line);
    this.#bytes += Buffer.byteLength(line) + 1;
  }

  #flush(): void {
    writeSync(this.#fd, `${this.#lines.join("\n")}\n`);
    this.#lines = [];
    this.#flushedBytes = this.#bytes;
  }
}

/** A copy of a string that shares no memory with the text it was cut from. */
function detached(text: string): string {
  return Buffer.from(text, "utf8").toString("utf8");
}
