import type { DateTime } from "luxon";
import type { Article } from "./article.ts";
import type { ListingPage } from "./listings.ts";
import { mapKept } from "./identity-diff.ts";
import { absoluteUrl, type SiteLocation } from "./site-urls.ts";
import { xmlText } from "./xml-text.ts";

/** A page to list in the sitemap: its site-relative URL and when its content last changed. */
export interface SitemapPage {
  url: string;
  /** RFC 3339 with an offset; absent when nothing dates the page (an empty listing). */
  lastmod?: string;
}

export interface SitemapEntry {
  /** Absolute, percent-encoded. */
  loc: string;
  lastmod?: string;
}

export interface SitemapFile {
  /** Site-relative path of the file, e.g. /sitemap.xml or /sitemap-2.xml. */
  path: string;
  entries: SitemapEntry[];
  /** The newest lastmod of its entries, for the sitemap index. */
  lastmod?: string;
}

export interface SitemapIndex {
  path: string;
  files: { loc: string; lastmod?: string }[];
}

export interface Sitemaps {
  /** The URL files; one (at /sitemap.xml) unless there are more pages than one file may hold. */
  files: SitemapFile[];
  /**
   * When the pages are split over several files, /sitemap.xml is an index naming each of them: then
   * this holds that one index, otherwise nothing (a list, so a template can paginate over it).
   */
  indexes: SitemapIndex[];
}

/** The sitemap protocol's limit on URLs in one file (https://www.sitemaps.org/protocol.html). */
export const SITEMAP_URL_LIMIT = 50_000;

/**
 * Sitemap entries for the pages, in the order of `parts` and of the pages within each, split into files
 * of at most `limit` URLs. Up to the limit the sitemap is one /sitemap.xml; past it /sitemap.xml becomes
 * an index of /sitemap-1.xml, /sitemap-2.xml… A part is never changed once given: the next call (the
 * preview's next save, given this one's sitemaps as `previous`) takes the entries of a part it is given
 * again, such as an unchanged listing's dates (src/site-data.ts), as they are.
 */
export function splitSitemap(parts: readonly (readonly SitemapPage[])[], location: Pick<SiteLocation, "siteUrl">, limit = SITEMAP_URL_LIMIT, previous?: Sitemaps): Sitemaps {
  const kept = previous && madeFrom.get(previous);
  const made = kept?.siteUrl === location.siteUrl ? kept : undefined;
  const madeParts = parts.map((pages, index) => made?.byPart.get(pages) ?? madePart(pages, location, made?.parts[made.parts.length - parts.length + index]));
  const entries = madeParts.flatMap((part) => part.entries);
  const times = madeParts.flatMap((part) => part.times);
  const sitemaps: Sitemaps =
    entries.length <= limit
      ? { files: [{ path: "/sitemap.xml", entries, lastmod: newest(entries, times) }], indexes: [] }
      : splitFiles(entries, times, location, limit);
  madeFrom.set(sitemaps, { siteUrl: location.siteUrl, parts: madeParts, byPart: new Map(madeParts.map((part, index) => [parts[index]!, part])) });
  return sitemaps;
}

/** A part's entries and their dates as numbers, for the pages it lists. */
interface MadePart {
  pages: readonly SitemapPage[];
  entries: SitemapEntry[];
  times: number[];
}

/**
 * A part not given last time, made from the part as far from the end last time: the stories' lines, a new
 * list at each save, share all but a few lines with the last, and those at their start and end are taken
 * from it (src/identity-diff.ts) rather than each looked up.
 */
function madePart(pages: readonly SitemapPage[], location: Pick<SiteLocation, "siteUrl">, before?: MadePart): MadePart {
  const make = (page: SitemapPage) => entryOf(page, location);
  const entries = before ? mapKept(before.pages, before.entries, pages, make) : pages.map(make);
  const times = before ? mapKept(before.entries, before.times, entries, timeOf) : entries.map(timeOf);
  return { pages: [...pages], entries, times };
}

function splitFiles(entries: readonly SitemapEntry[], times: readonly number[], location: Pick<SiteLocation, "siteUrl">, limit: number): Sitemaps {
  const files: SitemapFile[] = [];
  for (let start = 0; start < entries.length; start += limit) {
    const end = Math.min(start + limit, entries.length);
    files.push({ path: `/sitemap-${files.length + 1}.xml`, entries: entries.slice(start, end), lastmod: newest(entries, times, start, end) });
  }
  return {
    files,
    indexes: [{ path: "/sitemap.xml", files: files.map((file) => ({ loc: absoluteUrl(file.path, location), lastmod: file.lastmod })) }],
  };
}

/** What each sitemap was made from, part by part, for the next to take what is the same (the preview's saves). */
const madeFrom = new WeakMap<Sitemaps, { siteUrl: string; parts: readonly MadePart[]; byPart: ReadonlyMap<readonly SitemapPage[], MadePart> }>();

/**
 * When each page of a listing last changed. A page shows its own stories, but which stories those are
 * depends on every newer one, so page n changed when any story on pages 1..n last did; in a listing
 * numbered from its oldest page (paginateFromOldest), a page below the top one keeps its stories, and
 * changed when one of them did.
 */
export function listingLastmods(pages: readonly ListingPage<Article>[]): SitemapPage[] {
  const result: SitemapPage[] = [];
  let newestMs = -Infinity;
  let newestIso: string | undefined;
  for (const page of pages) {
    // Pages of one listing come together, newest first (several listings may follow one another); a top page starts the next.
    if (page.top || page.total === undefined) {
      newestMs = -Infinity;
      newestIso = undefined;
    }
    for (const article of page.items) {
      if (article.modified.epochMs > newestMs) {
        newestMs = article.modified.epochMs;
        newestIso = article.modified.iso;
      }
    }
    result.push({ url: page.url, lastmod: newestIso });
  }
  return result;
}

export interface NewsSitemapEntry {
  loc: string;
  title: string;
  /** RFC 3339 with the newsroom's offset. */
  publicationDate: string;
  /** The language as Google News names it: ISO 639 (zh-cn and zh-tw keep their region). */
  language: string;
}

/** How long a story stays in the Google News sitemap after it is first published: Google reads two days. */
export const NEWS_WINDOW_HOURS = 48;

export interface NewsSitemapOptions {
  /** How far back from "now" an article still counts as news (Google: two days). */
  windowHours?: number;
  /** Google News reads at most 1,000 URLs from one news sitemap. */
  limit?: number;
}

/**
 * The articles for the Google News sitemap: first published within the window before the build's
 * "now" (not after it: a scheduled story is not news yet), newest first, at most `limit`. `articles`
 * come newest first, as the site data holds them.
 */
export function newsSitemapEntries(
  articles: readonly Article[],
  now: DateTime,
  location: Pick<SiteLocation, "siteUrl">,
  { windowHours = NEWS_WINDOW_HOURS, limit = 1000 }: NewsSitemapOptions = {},
): NewsSitemapEntry[] {
  const nowMs = now.toMillis();
  const earliestMs = nowMs - windowHours * 3_600_000;
  // The site's stories come newest first, so those in the window are at the start: looking no further
  // than the first story before it spares the preview a pass over the archive on every save.
  const pastWindow = articles.findIndex((article) => article.published.epochMs <= earliestMs);
  return (pastWindow === -1 ? articles : articles.slice(0, pastWindow))
    .filter((article) => article.published.epochMs > earliestMs && article.published.epochMs <= nowMs && !article.draft)
    .sort((a, b) => b.published.epochMs - a.published.epochMs || (a.url < b.url ? -1 : 1))
    .slice(0, limit)
    .map((article) => ({
      loc: absoluteUrl(article.url, location),
      title: xmlText(article.headline),
      publicationDate: article.published.iso,
      language: newsLanguage(article.lang),
    }));
}

/** Google News wants an ISO 639 code; only Chinese keeps its script region (zh-cn, zh-tw). */
export function newsLanguage(lang: string): string {
  const [primary = "", region = ""] = lang.toLowerCase().split("-");
  if (primary === "zh" && (region === "tw" || region === "hant" || region === "hk")) return "zh-tw";
  if (primary === "zh") return "zh-cn";
  return primary;
}

// The preview makes the sitemap again on every save, from page objects mostly the same as the last
// save's (a story's, and an unchanged listing's, are kept: src/site-data.ts): each one's entry, and its
// date as a number, are made once rather than 300,000 times a save at 100,000 stories.
const madeEntries = new WeakMap<SitemapPage, { siteUrl: string; entry: SitemapEntry }>();
const entryTimes = new WeakMap<SitemapEntry, number>();

function entryOf(page: SitemapPage, location: Pick<SiteLocation, "siteUrl">): SitemapEntry {
  const made = madeEntries.get(page);
  if (made?.siteUrl === location.siteUrl) return made.entry;
  const entry = { loc: absoluteUrl(page.url, location), lastmod: page.lastmod };
  madeEntries.set(page, { siteUrl: location.siteUrl, entry });
  return entry;
}

/** An entry's date as a number, for comparing dates written with different offsets. */
function timeOf(entry: SitemapEntry): number {
  let ms = entryTimes.get(entry);
  if (ms === undefined) {
    ms = entry.lastmod ? Date.parse(entry.lastmod) : NaN;
    entryTimes.set(entry, ms);
  }
  return ms;
}

/** The newest date among the entries from `start` to `end`; `times` are their dates as numbers. */
function newest(entries: readonly SitemapEntry[], times: readonly number[], start = 0, end = entries.length): string | undefined {
  let best: string | undefined;
  let bestMs = -Infinity;
  for (let index = start; index < end; index++) {
    if (times[index]! > bestMs) {
      bestMs = times[index]!;
      best = entries[index]!.lastmod;
    }
  }
  return best;
}
