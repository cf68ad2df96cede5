import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import type { SiteData } from "./site-data.ts";

// Eleventy keeps every page it writes in memory until the build ends: it renders all pages' content
// first, then writes them, and returns every written page's text from write(). On 100,000 articles
// that alone is gigabytes. So a large archive is written by several Eleventy runs in one process, each
// writing one chunk of every long list of pages (article pages, short links, listing pages); the first
// also writes the pages there is one of (feeds, sitemaps, index pages). The articles are read once
// and shared between the runs. Memory is then bounded by the chunk, not by the archive.

/** The lists of pages that grow with the archive: each run writes its chunk of every one. */
export const CHUNKED_PAGE_LISTS = ["articlePages", "shortRedirectPages", "frontPages", "sectionPages", "tagPages", "authorPages", "monthPages"] as const satisfies readonly (keyof SiteData)[];

/**
 * "INDEX" or "INDEX:SIZE": this run writes pages INDEX*SIZE … (INDEX+1)*SIZE-1 of each chunked list;
 * run 0 also writes every other page. Without SIZE, chunkSizeFor decides.
 */
export const PAGE_CHUNK_ENV = "NEWS_PAGE_CHUNK";

/**
 * Pages of each list per Eleventy run: a site whose longest list has up to 10,000 pages is one run, as
 * fast as it can be; a larger archive is written 5,000 pages of each list at a time. (At 100,000
 * articles, 10,000-page runs of article pages alone peaked within a few MiB of 3 GiB, 5,000-page runs
 * well under; each extra run costs about a second.)
 */
export function chunkSizeFor(longestList: number, override?: number): number {
  if (override !== undefined && override > 0) return override;
  return longestList <= 10_000 ? 10_000 : 5_000;
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

/** The length of the site's longest chunked list, which decides how many runs there are. */
export function longestPageList(data: SiteData): number {
  return Math.max(...CHUNKED_PAGE_LISTS.map((list) => data[list].length));
}

/** The site data of one run: its chunk of every chunked list (the rest is written by run 0 alone). */
export function chunkOf(data: SiteData, chunk: PageChunk | undefined): SiteData {
  if (!chunk) return data;
  const size = chunkSizeFor(longestPageList(data), chunk.size);
  const slice = <T>(pages: T[]): T[] => pages.slice(chunk.index * size, (chunk.index + 1) * size);
  return {
    ...data,
    articlePages: slice(data.articlePages),
    shortRedirectPages: slice(data.shortRedirectPages),
    frontPages: slice(data.frontPages),
    sectionPages: slice(data.sectionPages),
    tagPages: slice(data.tagPages),
    authorPages: slice(data.authorPages),
    monthPages: slice(data.monthPages),
  };
}

/** How many runs the chunks need when the longest list has this many pages (at least one). */
export function chunkCount(longestList: number, override?: number): number {
  return Math.max(1, Math.ceil(longestList / chunkSizeFor(longestList, override)));
}

/**
 * The templates written once, by run 0: those that do not paginate over a chunked list. Read from
 * each template's front matter, so a new listing template is chunked as soon as it paginates over one.
 */
export function templatesWrittenOnce(templatesDir: string): string[] {
  const chunked = new Set<string>(CHUNKED_PAGE_LISTS.map((list) => `news.${list}`));
  return readdirSync(templatesDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".njk"))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !path.relative(templatesDir, file).startsWith(`_includes${path.sep}`))
    .filter((file) => {
      const pagination = (matter(readFileSync(file, "utf8")).data as { pagination?: { data?: unknown } }).pagination;
      return !(typeof pagination?.data === "string" && chunked.has(pagination.data));
    });
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

/** The longest chunked list of the last load, for the build script to plan the remaining runs. */
export const lastLoad = { longestList: 0 };
