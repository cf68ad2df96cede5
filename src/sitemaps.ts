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
  /** Site-relative path of the file: /sitemap.xml, or past the limit /sitemap-pages.xml, /sitemap-2026.xml, /sitemap-2026-2.xml… */
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

/**
 * What the sitemap lists, in parts. A part the next call is given again (the same list) is taken whole:
 * a part is never changed once given.
 */
export interface SitemapParts {
  /** The pages that are not stories' (the front page, sections, tags, authors, the archive's pages), in the sitemap's order. */
  pages: readonly (readonly SitemapPage[])[];
  /** The stories' pages, a part per month of the archive, newest month first, each part under its month's year. */
  stories: readonly { year: string; pages: readonly SitemapPage[] }[];
}

/** The sitemap protocol's limit on URLs in one file (https://www.sitemaps.org/protocol.html). */
export const SITEMAP_URL_LIMIT = 50_000;

/**
 * Sitemap entries for the pages, in files of at most `limit` URLs. Up to the limit the sitemap is one
 * /sitemap.xml of every page, in the order of the parts. Past it, /sitemap.xml becomes an index of files
 * by what a save changes: /sitemap-pages.xml for the pages that are not stories', and a file for each
 * year's stories, /sitemap-2026.xml (a year of more than `limit` stories goes on in /sitemap-2026-2.xml…),
 * so that a new, edited or deleted story changes its own year's file and the listings' file, not every
 * file after it. The year is its archive month's (src/subject-buckets.ts: the site's time zone).
 *
 * The preview's next save gives this call's sitemaps as `previous`: a part given again keeps its entries,
 * such as an unchanged listing's or month's (src/site-data.ts), and a file whose parts are all kept is the
 * same object, which the preview does not write again (src/preview-delta.ts).
 */
export function splitSitemap(parts: SitemapParts, location: Pick<SiteLocation, "siteUrl">, limit = SITEMAP_URL_LIMIT, previous?: Sitemaps): Sitemaps {
  const kept = previous && madeFrom.get(previous);
  const made = kept?.siteUrl === location.siteUrl && kept.limit === limit ? kept : undefined;
  const lists = [...parts.pages, ...parts.stories.map((part) => part.pages)];
  const madeParts = lists.map((pages, index) => made?.byPart.get(pages) ?? madePart(pages, location, made?.parts[made.parts.length - lists.length + index]));
  const count = madeParts.reduce((sum, part) => sum + part.entries.length, 0);
  const groups = count > limit ? fileGroups(parts, madeParts, limit, made?.groups) : new Map<string, FileGroup>();
  const files = count > limit ? [...groups.values()].flatMap((group) => group.files) : filesOf("/sitemap", madeParts, Infinity);
  const sitemaps: Sitemaps = {
    files,
    indexes: count > limit ? [{ path: "/sitemap.xml", files: files.map((file) => ({ loc: absoluteUrl(file.path, location), lastmod: file.lastmod })) }] : [],
  };
  madeFrom.set(sitemaps, { siteUrl: location.siteUrl, limit, parts: madeParts, byPart: new Map(madeParts.map((part, index) => [lists[index]!, part])), groups });
  return sitemaps;
}

/**
 * The files past the limit, by name: "pages" first, then each year, newest first. A name whose parts are
 * all the ones it had last time keeps its files.
 */
function fileGroups(parts: SitemapParts, madeParts: readonly MadePart[], limit: number, before?: ReadonlyMap<string, FileGroup>): Map<string, FileGroup> {
  const partsOf = new Map<string, MadePart[]>([["pages", madeParts.slice(0, parts.pages.length)]]);
  parts.stories.forEach((part, index) => {
    const group = partsOf.get(part.year) ?? [];
    group.push(madeParts[parts.pages.length + index]!);
    partsOf.set(part.year, group);
  });
  const groups = new Map<string, FileGroup>();
  for (const [name, group] of partsOf) {
    const last = before?.get(name);
    const kept = last && last.parts.length === group.length && last.parts.every((part, index) => part === group[index]) ? last : undefined;
    groups.set(name, kept ?? { parts: group, files: filesOf(`/sitemap-${name}`, group, limit) });
  }
  return groups;
}

/** A part's entries and their dates as numbers, for the pages it lists. */
interface MadePart {
  pages: readonly SitemapPage[];
  entries: SitemapEntry[];
  times: number[];
}

/** The files of one kind of page past the limit (the listings', or a year's stories'), and the parts they were made from. */
interface FileGroup {
  parts: readonly MadePart[];
  files: SitemapFile[];
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

/** The parts' entries in files of at most `limit`, named `${base}.xml`, `${base}-2.xml`… */
function filesOf(base: string, parts: readonly MadePart[], limit: number): SitemapFile[] {
  const entries = parts.flatMap((part) => part.entries);
  const times = parts.flatMap((part) => part.times);
  const files: SitemapFile[] = [];
  for (let start = 0; start < entries.length || files.length === 0; start += limit) {
    const end = Math.min(start + limit, entries.length);
    const path = files.length === 0 ? `${base}.xml` : `${base}-${files.length + 1}.xml`;
    files.push({ path, entries: end - start === entries.length ? entries : entries.slice(start, end), lastmod: newest(entries, times, start, end) });
  }
  return files;
}

/** What each sitemap was made from, part by part and file by file, for the next to take what is the same (the preview's saves). */
const madeFrom = new WeakMap<
  Sitemaps,
  { siteUrl: string; limit: number; parts: readonly MadePart[]; byPart: ReadonlyMap<readonly SitemapPage[], MadePart>; groups: ReadonlyMap<string, FileGroup> }
>();

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
