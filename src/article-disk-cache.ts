import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm, stat, utimes } from "node:fs/promises";
import path from "node:path";
import { deserialize, serialize } from "node:v8";
import type { Article } from "./article.ts";
import { fileStamp, type ReadCache } from "./article-cache.ts";
import { sourceHash, type LoadOptions, type ReadResult } from "./article-loader.ts";
import { fieldsBesideBody, htmlBytes, keepHtmlCompact } from "./compact-html.ts";
import { codeVersion } from "./code-version.ts";

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

/** One kept article: its file's stamp and text hash, the article without its body, and the body as UTF-8. */
interface Entry {
  stamp: string;
  hash: string;
  article: Article;
  html: Uint8Array;
}

export type ArticleCacheContext = Pick<LoadOptions, "settings" | "articlesDir" | "publicDir" | "renderBodies">;

/** The loader's cache for a build (src/article-loader.ts), read from disk at the start and stored after the read. */
export class ArticleDiskCache implements ReadCache {
  readonly #dir: string;
  readonly #file: string;
  readonly #kept: Map<string, Entry>;
  /** What this build read or reused: the next build's cache. */
  readonly #current = new Map<string, Entry>();
  #changed = false;

  private constructor(dir: string, file: string, kept: Map<string, Entry>) {
    this.#dir = dir;
    this.#file = file;
    this.#kept = kept;
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
    let kept = new Map<string, Entry>();
    try {
      const entries = readEntries(await readFile(file));
      if (entries) kept = new Map(entries);
    } catch {
      // No cache yet, or one this Node cannot read: every article is read.
    }
    return new ArticleDiskCache(dir, file, kept);
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
      return { article: keepHtmlCompact({ ...entry.article }, entry.html), sourceHash: entry.hash };
    });
    if (this.#current.size !== this.#kept.size) this.#changed = true;
    return { results, stamps };
  }

  remember(file: string, stamp: string, result: ReadResult): void {
    if (!("article" in result) || !result.sourceHash) return;
    const html = htmlBytes(result.article);
    this.#current.set(file, { stamp, hash: result.sourceHash, article: { ...fieldsBesideBody(result.article), html: "" }, html });
    this.#changed = true;
  }

  /** Writes what this build read for the next one, unless it is what the cache held; forgets cache files long unused. */
  async store(): Promise<void> {
    if (!this.#changed) {
      // Used: kept from the clean-up below for another week.
      const now = new Date();
      await utimes(this.#file, now, now).catch(() => undefined);
      return;
    }
    await mkdir(this.#dir, { recursive: true });
    // Written whole, then renamed: a build that stops half-way leaves the last complete cache.
    const partial = `${this.#file}.${process.pid}.partial`;
    await writeEntries(partial, [...this.#current]);
    await rename(partial, this.#file);
    const now = Date.now();
    for (const entry of await readdir(this.#dir, { withFileTypes: true })) {
      const other = path.join(this.#dir, entry.name);
      if (other === this.#file || !entry.isFile() || !/\.v8(?:\.\d+\.partial)?$/.test(entry.name)) continue;
      const info = await stat(other).catch(() => undefined);
      if (info && now - info.mtimeMs > KEEP_UNUSED_MS) await rm(other, { force: true });
    }
  }
}

/**
 * Entries per serialized block. The file is a run of blocks, each its length (4 bytes) and then V8's
 * serialization of up to this many entries: serialized whole, 100,000 articles made one buffer of
 * half a gigabyte in the middle of the build.
 */
const ENTRIES_PER_BLOCK = 1_000;

async function writeEntries(file: string, entries: [string, Entry][]): Promise<void> {
  const handle = await open(file, "w");
  try {
    for (let start = 0; start < entries.length; start += ENTRIES_PER_BLOCK) {
      const block = serialize(entries.slice(start, start + ENTRIES_PER_BLOCK));
      const length = Buffer.alloc(4);
      length.writeUInt32LE(block.length);
      await handle.writev([length, block]);
    }
  } finally {
    await handle.close();
  }
}

/** The entries in a cache file; undefined when it is not one (cut short, or written by other code). */
function readEntries(bytes: Buffer): [string, Entry][] | undefined {
  const entries: [string, Entry][] = [];
  for (let at = 0; at < bytes.length; ) {
    if (at + 4 > bytes.length) return undefined;
    const end = at + 4 + bytes.readUInt32LE(at);
    if (end > bytes.length) return undefined;
    const block: unknown = deserialize(bytes.subarray(at + 4, end));
    if (!Array.isArray(block) || !block.every(isEntry)) return undefined;
    entries.push(...block);
    at = end;
  }
  return entries;
}

function isEntry(value: unknown): value is [string, Entry] {
  if (!Array.isArray(value) || typeof value[0] !== "string") return false;
  const entry = value[1] as Partial<Entry> | undefined;
  return typeof entry?.stamp === "string" && typeof entry.hash === "string" && typeof entry.article === "object" && entry.html instanceof Uint8Array;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
