import type { Article } from "./article.ts";

// Eleventy keeps every page it writes in memory until the build ends: it renders all pages' content
// first, then writes them, and returns every written page's text from write(). On 100,000 articles
// that alone is gigabytes. So a large archive is written by several Eleventy runs in one process, each
// writing one chunk of the article pages (the first also writes everything else); the articles are
// read once and shared between the runs. Memory is then bounded by the chunk, not by the archive.

/**
 * "INDEX" or "INDEX:SIZE": this run writes article pages INDEX*SIZE … (INDEX+1)*SIZE-1; run 0 also
 * writes every other page. Without SIZE, chunkSizeFor decides.
 */
export const PAGE_CHUNK_ENV = "NEWS_PAGE_CHUNK";

/**
 * Article pages per Eleventy run: a site of up to 10,000 articles is one run, as fast as it can be;
 * a larger archive is written 5,000 pages at a time. (At 100,000 articles, 10,000-page runs peaked
 * within a few MiB of 3 GiB, 5,000-page runs well under; each extra run costs about a second.)
 */
export function chunkSizeFor(articlePages: number, override?: number): number {
  if (override !== undefined && override > 0) return override;
  return articlePages <= 10_000 ? 10_000 : 5_000;
}

export interface PageChunk {
  index: number;
  /** Absent: chunkSizeFor decides. */
  size?: number;
}

export function pageChunkFromEnv(env: NodeJS.ProcessEnv = process.env): PageChunk | undefined {
  const value = env[PAGE_CHUNK_ENV];
  if (!value) return undefined;
  const match = /^(\d+)(?::(\d+))?$/.exec(value);
  if (!match || (match[2] !== undefined && Number(match[2]) < 1)) {
    throw new Error(`${PAGE_CHUNK_ENV}: expected INDEX or INDEX:SIZE such as 0:10000; found ${JSON.stringify(value)}`);
  }
  return { index: Number(match[1]), size: match[2] === undefined ? undefined : Number(match[2]) };
}

/** The article pages of one chunk. */
export function chunkOf(articles: Article[], chunk: PageChunk | undefined): Article[] {
  if (!chunk) return articles;
  const size = chunkSizeFor(articles.length, chunk.size);
  return articles.slice(chunk.index * size, (chunk.index + 1) * size);
}

/** How many runs the chunks need for this many article pages (at least one). */
export function chunkCount(articlePages: number, override?: number): number {
  return Math.max(1, Math.ceil(articlePages / chunkSizeFor(articlePages, override)));
}

/**
 * The articles, read once per process while chunks are written: every run of the chunked build asks
 * for the same archive with the same options. The key says which archive and options.
 */
const loaded = new Map<string, Promise<unknown>>();
export function loadOnce<T>(key: string, load: () => Promise<T>): Promise<T> {
  let articles = loaded.get(key) as Promise<T> | undefined;
  if (!articles) {
    articles = load();
    loaded.set(key, articles);
    // A failed load is not kept: the error is reported by the run that asked.
    articles.catch(() => loaded.delete(key));
  }
  return articles;
}

/** The number of article pages of the last load, for the build script to plan the remaining runs. */
export const lastLoad = { articlePages: 0 };
