import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import { PAGE_LISTS, type SiteData } from "./site-data.ts";

// Eleventy keeps every page it writes in memory until the build ends: it renders all pages' content
// first, then writes them, and returns every written page's text from write(). On 100,000 articles
// that alone is gigabytes. So a large archive is written by several Eleventy runs in one process. The
// lists of pages that grow with the archive (article pages, short links, listing pages) are laid end
// to end and cut into runs of so many pages; the first run also writes the pages there is one of
// (feeds, sitemaps, index pages). The articles are read once and shared between the runs. Memory is
// then bounded by the run, not by the archive.


/**
 * "INDEX" or "INDEX:SIZE": this run writes pages INDEX*SIZE … (INDEX+1)*SIZE-1 of the chunked lists
 * laid end to end; run 0 also writes every other page. Without SIZE, chunkSizeFor decides.
 */
export const PAGE_CHUNK_ENV = "NEWS_PAGE_CHUNK";

/**
 * Pages per Eleventy run. A site of up to 30,000 such pages (about 12,000 articles) is one run, as
 * fast as it can be: 10,000 articles, 25,000 pages, peaked at 1.5 GiB. A larger archive is written
 * 4,000 pages at a time: its articles alone take gigabytes, and a first run that wrote every short
 * link and listing page of 100,000 articles (about 150,000 pages) took the process past 4 GiB. At
 * 5,000 a run the 100,000-article build peaked between 2,988 and 3,210 MiB (with a search part being
 * indexed), too near 3 GiB; at 4,000, 2,932 MiB in the same time. Each extra run costs about a second.
 */
export function chunkSizeFor(pages: number, override?: number): number {
  if (override !== undefined && override > 0) return override;
  return pages <= 30_000 ? Math.max(1, pages) : 4_000;
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
  const size = chunkSizeFor(chunkedPageCount(data), chunk.size);
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
    shortRedirectPages: window(data.shortRedirectPages),
    frontPages: window(data.frontPages),
    sectionPages: window(data.sectionPages),
    tagPages: window(data.tagPages),
    authorPages: window(data.authorPages),
    monthPages: window(data.monthPages),
  };
}

/** How many runs a site of this many chunked pages needs (at least one). */
export function chunkCount(pages: number, override?: number): number {
  return Math.max(1, Math.ceil(pages / chunkSizeFor(pages, override)));
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
