import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, read, readFileSync, readSync, statSync } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat, utimes } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { deserialize, serialize } from "node:v8";
import type { Article } from "./article.ts";
import { fileStamp, type ReadCache } from "./article-cache.ts";
import { sourceHash, type LoadOptions, type ReadResult } from "./article-loader.ts";
import { fieldsBesideBody, keepHtmlCompact, keptBody, KeptBody, type BodyInFile } from "./compact-html.ts";
import { codeVersion } from "./code-version.ts";
import { isRunning } from "./processes.ts";

// Reading an archive (YAML, validation, Markdown, sanitising) was a quarter of a 10,000-article build,
// and from one build to the next almost every article is as it was. The build keeps what each article
// became in one file on disk, under the hash of the article's text; the next build reads only the
// files whose text changed. On a fresh checkout (CI, with the folder restored by actions/cache) every
// file's modification time is new, so an entry is matched by the hash of the text, not by the time.
//
// What else an article's outcome depends on names the cache file: the settings, the folders, the code
// that reads articles (every source file and the locked dependencies) and Node's version (its ICU
// formats dates). Articles with problems are never kept: they are read, and reported, every time.
// One known gap: an article whose lead image was found under public/ keeps it there when a file of the
// same name later appears beside the article (which, read afresh, it would prefer); editing the
// article, or any change of settings or code, reads it again.

/** Where the build keeps read articles: `.cache/articles`, or NEWS_ARTICLE_CACHE (the bench uses its own). */
export function articleCacheDir(env: NodeJS.ProcessEnv = process.env, root = process.cwd()): string {
  return path.resolve(root, env.NEWS_ARTICLE_CACHE || ".cache/articles");
}

/** Cache files not used for this long are removed when a build stores one. */
const KEEP_UNUSED_MS = 7 * 24 * 60 * 60 * 1000;

/** One kept article: its file's stamp and text hash, the article without its body, and the body. */
interface Entry {
  stamp: string;
  hash: string;
  article: Article;
  body: KeptBody;
}

/** A block of the cache file as it was read: where its bytes are, and the stories it holds. */
interface StoredBlock {
  start: number;
  end: number;
  stories: string[];
}

/** The cache file a build opened: its entries, and its blocks, which the next store may copy as they are. */
interface OpenedFile {
  entries: [string, Entry][];
  blocks: StoredBlock[];
  fd: number;
}

export type ArticleCacheContext = Pick<LoadOptions, "settings" | "articlesDir" | "archiveDir" | "publicDir" | "renderBodies">;

/** The loader's cache for a build (src/article-loader.ts), read from disk at the start and stored after the read. */
export class ArticleDiskCache implements ReadCache {
  readonly #dir: string;
  readonly #file: string;
  readonly #kept: Map<string, Entry>;
  /** The opened file's blocks, which the store may copy, and the descriptor they are read through. */
  readonly #blocks: Pick<OpenedFile, "fd" | "blocks"> | undefined;
  /** What this build read or reused: the next build's cache. */
  readonly #current = new Map<string, Entry>();
  #changed = false;

  private constructor(dir: string, file: string, opened: OpenedFile | undefined) {
    this.#dir = dir;
    this.#file = file;
    this.#blocks = opened && { fd: opened.fd, blocks: opened.blocks };
    this.#kept = new Map(opened?.entries);
  }

  /** Bodies read this build wait beside the cache (src/article-workers.ts) until it is stored with them. */
  get spoolDir(): string {
    return this.#dir;
  }

  static async open(dir: string, context: ArticleCacheContext, root = process.cwd()): Promise<ArticleDiskCache> {
    const key = createHash("sha256")
      .update(codeVersion(root))
      // Dates are formatted through ICU and its time-zone data, which come with Node.
      .update(JSON.stringify([process.versions.node, process.versions.icu, process.versions.tz]))
      // Paths as the loader shows them in messages and uses them for lead images.
      .update(JSON.stringify({ ...context, root, articlesDir: path.resolve(context.articlesDir), publicDir: path.resolve(context.publicDir) }))
      .digest("hex")
      .slice(0, 32);
    const file = path.join(dir, `${key}.v8`);
    let opened: OpenedFile | undefined;
    let fd: number | undefined;
    try {
      // Open for the whole build: the bodies are read from it as pages ask for them, and a build that
      // stores the cache meanwhile puts a new file in its place, leaving this one whole.
      fd = openSync(file, "r");
      opened = readEntries(file, fd);
      if (opened) fd = undefined;
    } catch {
      // No cache yet, or one this Node cannot read: every article is read.
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    return new ArticleDiskCache(dir, file, opened);
  }

  async reuse(files: readonly string[]): Promise<{ results: (ReadResult | undefined)[]; stamps: string[] }> {
    const stamps = files.map(fileStamp);
    const results = files.map((file, index): ReadResult | undefined => {
      const entry = this.#kept.get(file);
      if (!entry) return undefined;
      if (entry.stamp !== stamps[index] && entry.hash !== sourceHash(readFileSync(file))) return undefined;
      // A lead image deleted since: read the article again, to report it.
      if (entry.article.image && !isFile(entry.article.image.file)) return undefined;
      if (entry.stamp !== stamps[index]) this.#changed = true;
      this.#current.set(file, { ...entry, stamp: stamps[index]! });
      return { article: keepHtmlCompact(entry.article, entry.body), sourceHash: entry.hash };
    });
    if (this.#current.size !== this.#kept.size) this.#changed = true;
    return { results, stamps };
  }

  remember(file: string, stamp: string, result: ReadResult): void {
    if (!("article" in result) || !result.sourceHash) return;
    this.#current.set(file, { stamp, hash: result.sourceHash, article: { ...fieldsBesideBody(result.article), html: "" }, body: keptBody(result.article) });
    this.#changed = true;
  }

  /**
   * Writes what this build read for the next one, unless it is what the cache held; forgets cache files
   * long unused. The cache's last use: it lets go of its stories as it begins, keeping only those it
   * writes. Its work waits for turns of the event loop, which the site data, the page plan and
   * Eleventy's first run hold for seconds at a time, and the stories it read from its file come with
   * tags, authors and a section of their own (the site's share one of each, src/article-loader.ts):
   * held until then, they were a second copy of the archive, about 2 KB a story, through the busiest
   * part of a rebuild (docs/performance-history.md, forty-third round).
   */
  async store(): Promise<void> {
    const changed = this.#changed;
    const copied = changed && this.#blocks ? this.#unchangedBlocks(this.#blocks.blocks) : [];
    const inCopied = new Set(copied.flatMap((block) => block.stories));
    const written = changed ? [...this.#current].filter(([story]) => !inCopied.has(story)) : [];
    const stamps = changed ? Array.from(this.#current, ([story, entry]): [string, string] => [story, entry.stamp]) : [];
    this.#kept.clear();
    this.#current.clear();
    if (!changed) {
      // Used: kept from the clean-up below for another week.
      const now = new Date();
      await utimes(this.#file, now, now).catch(() => undefined);
      await this.#removeOthers();
      return;
    }
    await mkdir(this.#dir, { recursive: true });
    // Written whole, then renamed: a build that stops half-way leaves the last complete cache.
    const partial = `${this.#file}.${process.pid}.partial`;
    const moves = await writeEntries(partial, this.#file, written, stamps, this.#blocks && { fd: this.#blocks.fd, blocks: copied });
    await rename(partial, this.#file);
    // The bodies this build read are in the file now: read from there, they are held no longer.
    for (const [body, range] of moves) body.moveTo(range);
    await this.#removeOthers();
  }

  /**
   * Removes the caches no build has used for a week (another settings file's, an older version's), and
   * what builds that were stopped while storing theirs left: a cache of 100,000 stories is hundreds of
   * MB, which a CI system would otherwise keep and restore with the cache for a week.
   */
  async #removeOthers(): Promise<void> {
    const now = Date.now();
    for (const entry of await readdir(this.#dir, { withFileTypes: true }).catch(() => [])) {
      const other = path.join(this.#dir, entry.name);
      const match = /\.v8(?:\.(\d+)\.partial)?$/.exec(entry.name);
      if (other === this.#file || !entry.isFile() || !match) continue;
      if (match[1] !== undefined && !isRunning(Number(match[1]))) {
        await rm(other, { force: true });
        continue;
      }
      const info = await stat(other).catch(() => undefined);
      if (info && now - info.mtimeMs > KEEP_UNUSED_MS) await rm(other, { force: true });
    }
  }

  /**
   * The blocks of the opened file that the new one can take as they are: every story in them reused
   * (the same body), and enough of them that small blocks do not pile up build after build; the
   * stories of a small block are written again with those read this build.
   */
  #unchangedBlocks(blocks: readonly StoredBlock[]): StoredBlock[] {
    return blocks.filter(
      (block) => block.stories.length >= MIN_COPIED_BLOCK && block.stories.every((story) => this.#current.get(story)?.body === this.#kept.get(story)?.body),
    );
  }
}

/**
 * Entries per block. The file is a run of blocks, each the length of its entries and of its bodies
 * (4 bytes each), V8's serialization of up to this many entries (each naming its body's place among
 * the block's bodies), and then the bodies, as UTF-8 one after another: a build reads the entries,
 * and a body only when a page needs it. Serialized whole, 100,000 articles made one buffer of half a
 * gigabyte in the middle of the build.
 *
 * The files' stamps follow the blocks, serialized on their own, then their length and STAMPS_MARK (4
 * bytes each). A block's offsets count from its own bodies, so a block whose stories were all reused
 * is copied into the next file byte for byte: after a correction, or on a fresh checkout where every
 * stamp is new, a store writes one block and the stamps instead of serializing the whole archive again
 * (at 10,000 stories, about 0.7 s of the main thread while the pages render).
 */
const ENTRIES_PER_BLOCK = 1_000;
/** Blocks with fewer stories than this are written again, with the stories read this build, rather than copied. */
const MIN_COPIED_BLOCK = ENTRIES_PER_BLOCK / 4;
/** Ends a cache file of this layout ("STMP"). */
const STAMPS_MARK = 0x504d5453;

/** An entry as the file has it: its body as [offset among the block's bodies, length, digest]; its stamp is kept apart. */
type StoredEntry = [file: string, Omit<Entry, "body" | "stamp"> & { body: [offset: number, length: number, digest: string] }];

const readAt = promisify(read);

/**
 * Writes a new file (to be renamed `named`), which stays open for reading: the blocks `copy` names,
 * from the file open as its `fd`, as they are, then `entries` (the stories not in those blocks, taken
 * out of the list as they are written), then every story's stamp; returns each body that was held
 * with where it now is, for the caller to move it there once the file is in place.
 */
async function writeEntries(
  file: string,
  named: string,
  entries: [string, Entry][],
  stamps: [story: string, stamp: string][],
  copy?: { fd: number; blocks: StoredBlock[] },
): Promise<[KeptBody, BodyInFile][]> {
  const handle = await open(file, "w");
  const fd = openSync(file, "r");
  const moves: [KeptBody, BodyInFile][] = [];
  try {
    let at = 0;
    // Read off this thread, as the writes are (the pages are rendering on it meanwhile), through one buffer.
    const copied = copy?.blocks ?? [];
    if (copy) {
      const buffer = Buffer.allocUnsafe(Math.max(0, ...copied.map((block) => block.end - block.start)));
      for (const block of copied) {
        const length = block.end - block.start;
        const { bytesRead } = await readAt(copy.fd, buffer, 0, length, block.start);
        if (bytesRead !== length) throw new Error(`the article cache file ended before its block at ${block.start}`);
        await handle.write(buffer, 0, length);
        at += length;
      }
    }
    // Each block's stories are let go once it is written: a first build's whole archive waits here.
    while (entries.length > 0) {
      const inBlock = entries.splice(0, ENTRIES_PER_BLOCK);
      const stored: StoredEntry[] = [];
      const bodies: Uint8Array[] = [];
      let length = 0;
      for (const [name, { body, stamp: _stamp, ...entry }] of inBlock) {
        const bytes = body.bytes();
        stored.push([name, { ...entry, body: [length, bytes.length, body.digest] }]);
        bodies.push(bytes);
        length += bytes.length;
      }
      const block = serialize(stored);
      const lengths = Buffer.alloc(8);
      lengths.writeUInt32LE(block.length);
      lengths.writeUInt32LE(length, 4);
      const first = at + 8 + block.length;
      stored.forEach(([, { body }], index) => {
        const [story, { body: kept }] = inBlock[index]!;
        if (kept.held) moves.push([kept, { file: named, fd, offset: first + body[0], length: body[1], story }]);
      });
      await handle.writev([lengths, block, ...bodies]);
      at = first + length;
    }
    const stampBytes = serialize(stamps);
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(stampBytes.length);
    trailer.writeUInt32LE(STAMPS_MARK, 4);
    await handle.writev([stampBytes, trailer]);
  } catch (error) {
    closeSync(fd);
    throw error;
  } finally {
    await handle.close();
  }
  if (moves.length === 0) closeSync(fd);
  return moves;
}

/** The entries in an open cache file, their bodies left in it; undefined when it is not one (cut short, or written by other code). */
function readEntries(file: string, fd: number): OpenedFile | undefined {
  const stamps = readStamps(fd);
  if (!stamps) return undefined;
  const size = stamps.blocksEnd;
  const entries: [string, Entry][] = [];
  const blocks: StoredBlock[] = [];
  const lengths = Buffer.alloc(8);
  for (let at = 0; at < size; ) {
    if (at + 8 > size || readSync(fd, lengths, 0, 8, at) !== 8) return undefined;
    const blockLength = lengths.readUInt32LE(0);
    const bodiesLength = lengths.readUInt32LE(4);
    const first = at + 8 + blockLength;
    if (first + bodiesLength > size) return undefined;
    const bytes = Buffer.alloc(blockLength);
    if (readSync(fd, bytes, 0, blockLength, at + 8) !== blockLength) return undefined;
    const block: unknown = deserialize(bytes);
    if (!Array.isArray(block)) return undefined;
    const stories: string[] = [];
    for (const stored of block as unknown[]) {
      if (!isStoredEntry(stored, bodiesLength)) return undefined;
      const [name, { body, ...entry }] = stored;
      entries.push([name, { ...entry, stamp: stamps.of.get(name) ?? "", body: new KeptBody({ file, fd, offset: first + body[0], length: body[1], story: name }, body[2]) }]);
      stories.push(name);
    }
    blocks.push({ start: at, end: first + bodiesLength, stories });
    at = first + bodiesLength;
  }
  return { entries, blocks, fd };
}

/** The files' stamps at the end of a cache file, and where its blocks end; undefined when the file does not end so. */
function readStamps(fd: number): { of: Map<string, string>; blocksEnd: number } | undefined {
  const size = fstatSync(fd).size;
  const trailer = Buffer.alloc(8);
  if (size < 8 || readSync(fd, trailer, 0, 8, size - 8) !== 8 || trailer.readUInt32LE(4) !== STAMPS_MARK) return undefined;
  const length = trailer.readUInt32LE(0);
  const blocksEnd = size - 8 - length;
  if (blocksEnd < 0) return undefined;
  const bytes = Buffer.alloc(length);
  if (readSync(fd, bytes, 0, length, blocksEnd) !== length) return undefined;
  const stamps: unknown = deserialize(bytes);
  if (!Array.isArray(stamps) || !stamps.every((pair) => Array.isArray(pair) && typeof pair[0] === "string" && typeof pair[1] === "string")) return undefined;
  return { of: new Map(stamps as [string, string][]), blocksEnd };
}

function isStoredEntry(value: unknown, bodiesLength: number): value is StoredEntry {
  if (!Array.isArray(value) || typeof value[0] !== "string") return false;
  const entry = value[1] as Partial<StoredEntry[1]> | undefined;
  const body: unknown[] = Array.isArray(entry?.body) ? entry.body : [];
  const [offset, length, digest] = body;
  return (
    typeof entry?.hash === "string" &&
    typeof entry.article === "object" &&
    Number.isSafeInteger(offset) &&
    Number.isSafeInteger(length) &&
    (offset as number) >= 0 &&
    (length as number) >= 0 &&
    (offset as number) + (length as number) <= bodiesLength &&
    typeof digest === "string"
  );
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
