import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import { PAGE_LISTS, type SiteData } from "./site-data.ts";

// Eleventy keeps every page of a run (its entry, its data, and unless the build has handed it on, its
// text) until the run ends. On 100,000 articles that alone is gigabytes. So a site is written by
// several Eleventy runs in one process. The lists of pages (PAGE_LISTS: article pages, short links, listing
// pages, the feeds, the sitemap's files) are laid end to end and cut into runs of so many pages; the first run
// also writes the pages there is one of (the sitemap index, index pages). The articles are read once and
// shared between the runs. Memory is then bounded by the run, not by the archive.

/**
 * "INDEX" or "INDEX:SIZE": this run writes pages INDEX*SIZE … (INDEX+1)*SIZE-1 of the chunked lists
 * laid end to end; run 0 also writes every other page. Without SIZE, chunkSizeFor decides.
 */
export const PAGE_CHUNK_ENV = "NEWS_PAGE_CHUNK";

/**
 * Pages per Eleventy run, whatever the archive's size. Each run's page entries, data and rendering
 * garbage are most of a build's memory peak; the articles themselves take much less (about 75 MB at
 * 10,000 articles, by a heap profile at the end of a build). Since pages
 * leave as they are rendered (src/rendered-pages.ts), more runs cost little time: a 10,000-article
 * rebuild (25,195 pages) peaked at 882–1,127 MiB in one run in 11.3–12.3 s, and at 696–701 MiB in runs of
 * 4,000 pages in 12.4–12.7 s. At 100,000 articles, runs of 5,000 pages took the build (with a search
 * part being indexed) to between 2,988 and 3,210 MiB, too near 3 GiB; runs of 4,000, on a busy day, to
 * 2,934–3,014 MiB, and runs of 3,000 to 2,835 MiB in no more time (10,000 articles: 532–568 MiB
 * against 547–585, the same time). Runs of 2,000 were no better at 100,000 (2,822 MiB).
 */
export const PAGES_PER_RUN = 3_000;

export function chunkSizeFor(override?: number): number {
  return override !== undefined && override > 0 ? override : PAGES_PER_RUN;
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
    throw new Error(`${PAGE_CHUNK_ENV}: expected INDEX or INDEX:SIZE such as 0:4000; found ${JSON.stringify(value)}`);
  }
  return { index: Number(match[1]), size: match[2] === undefined ? undefined : Number(match[2]) };
}

/** How many pages the chunked lists hold together, which decides how many runs there are. */
export function chunkedPageCount(data: SiteData): number {
  return PAGE_LISTS.reduce((total, list) => total + data[list].length, 0);
}

/** The site data of one run: the part of each chunked list that falls in its window (the rest is written by run 0 alone). */
export function chunkOf(data: SiteData, chunk: PageChunk | undefined): SiteData {
  if (!chunk) return data;
  const size = chunkSizeFor(chunk.size);
  const [from, to] = [chunk.index * size, (chunk.index + 1) * size];
  let offset = 0;
  const window = <T>(pages: T[]): T[] => {
    const start = offset;
    offset += pages.length;
    return pages.slice(Math.max(0, from - start), Math.max(0, to - start));
  };
  // In the order of PAGE_LISTS (src/site-data.ts), which lays them end to end.
  return {
    ...data,
    articlePages: window(data.articlePages),
    redirectPages: window(data.redirectPages),
    frontPages: window(data.frontPages),
    sectionPages: window(data.sectionPages),
    tagPages: window(data.tagPages),
    authorPages: window(data.authorPages),
    monthPages: window(data.monthPages),
    subjectFeeds: window(data.subjectFeeds),
    sitemapFiles: window(data.sitemapFiles),
    rssFeeds: window(data.rssFeeds),
    atomFeeds: window(data.atomFeeds),
  };
}

/** How many runs a site of this many chunked pages needs (at least one). */
export function chunkCount(pages: number, override?: number): number {
  return Math.max(1, Math.ceil(pages / chunkSizeFor(override)));
}

/**
 * The templates written once, by run 0: those that do not paginate over a chunked list. Read from
 * each template's front matter, so a new listing template is chunked as soon as it paginates over one.
 */
export function templatesWrittenOnce(templatesDir: string): string[] {
  const chunked = new Set<string>(PAGE_LISTS.map((list) => `news.${list}`));
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

/** The chunked pages of the last load, for the build script to plan the remaining runs. */
export const lastLoad = { pages: 0 };
