import type { DateTime } from "luxon";
import type { Article } from "./article.ts";
import { buildFeeds, feedEntries, subjectFeed, type AtomFeed, type Feed, type Feeds } from "./feeds.ts";
import type { ImageFacts } from "./image-facts.ts";
import type { SharePicture } from "./share-image.ts";
import { searchFolders, storiesPerFolder, storiesPerFolderAfter, type StoriesPerFolder } from "./search-shards.ts";
import { mapKept } from "./identity-diff.ts";
import { fillBuckets, type Buckets, type Filled } from "./subject-buckets.ts";
import { indexGroups, type IndexGroup } from "./subject-index.ts";
import { paginate, paginateFromOldest, type ListingPage } from "./listings.ts";
import { hasRedirectPage, redirectsInFile, shortUrlRedirects, type Redirect, type ShortRedirect } from "./redirects.ts";
import type { SiteSettings } from "./settings.ts";
import { listingLastmods, newsSitemapEntries, splitSitemap, type NewsSitemapEntry, type SitemapFile, type SitemapPage, type SitemapParts, type Sitemaps } from "./sitemaps.ts";

/** A section, tag or author: what a listing is about. */
export interface Subject {
  name: string;
  slug: string;
  /** Site-relative URL of the subject's first listing page. */
  url: string;
  /** Published articles filed under it. */
  count: number;
  /** Sections have a feed of their own, and tags and authors unless the `tagAndAuthorFeeds` setting is off; months do not. */
  feedUrl?: string;
}

/** One page of a section, tag or author listing, with what it lists (Eleventy paginates over a flat array). */
export interface SubjectPage extends ListingPage<Article> {
  subject: Subject;
}

/** Everything the templates list, derived from the articles in one pass. */
export interface SiteData {
  /** The moment the site is made as at: a story dated after it is scheduled (the preview shows it, flagged; src/publication-status.ts). */
  now: DateTime;
  /** Published articles, newest first. */
  articles: Article[];
  /** The articles to write a page for: all of them, except in the preview server's rebuilds (src/preview-delta.ts). */
  articlePages: Article[];
  /** The front page and its numbered pages, up to `listingPages` of them. */
  frontPages: ListingPage<Article>[];
  /** Every configured section, in the settings' order, even one with no stories yet. */
  sections: Subject[];
  /** Each section's pages, up to `listingPages` of them. */
  sectionPages: SubjectPage[];
  /** Every tag, in the tag index's order (src/subject-index.ts). */
  tags: Subject[];
  /** The tag index's headings and the tags under each. */
  tagIndex: IndexGroup<Subject>[];
  tagPages: SubjectPage[];
  /** Every month with stories, newest first: the dated archive (/archive/2024/07/). */
  months: Subject[];
  monthPages: SubjectPage[];
  /** Every author, in the author index's order. */
  authors: Subject[];
  authorIndex: IndexGroup<Subject>[];
  authorPages: SubjectPage[];
  /** The site's and sections' feeds as made: the preview's next save tells by them which changed (src/preview-delta.ts). */
  feeds: Feeds;
  /**
   * The site's and sections' RSS feeds to write: all of `feeds.rss`, except where the page cache took one
   * (src/page-cache.ts) or the preview's rebuild left one that did not change (src/preview-delta.ts).
   */
  rssFeeds: Feed[];
  /**
   * The Atom feed to write, as a list of one for the same reasons. Not among `rssFeeds`: each list is
   * written by one template, and the Atom feed's is its own (templates/feeds/atom.njk).
   */
  atomFeeds: AtomFeed[];
  /** Each tag's RSS feed, in the tag index's order, then each author's; none when the `tagAndAuthorFeeds` setting is off. */
  subjectFeeds: Feed[];
  /** The sitemap as made, every file and the index: the preview's next save makes its own from it (src/sitemaps.ts). */
  sitemaps: Sitemaps;
  /**
   * The sitemap's files of URLs to write: all of `sitemaps.files`, except where the page cache took a file
   * (src/page-cache.ts) or the preview's rebuild left one that did not change (src/preview-delta.ts).
   */
  sitemapFiles: SitemapFile[];
  /** Articles for the Google News sitemap: the last two days' stories. */
  newsSitemap: NewsSitemapEntry[];
  /** Every short link. */
  shortRedirects: ShortRedirect[];
  /** The stories' old addresses (the `moved` setting, src/moved-addresses.ts), each leading to a published story. */
  movedRedirects: Redirect[];
  /**
   * What the _redirects file holds: every old address without a page, then the newest stories' short links
   * and old addresses, REDIRECTS_FILE_LIMIT lines in all (src/redirects.ts, redirectsInFile).
   */
  redirectsInFile: Redirect[];
  /**
   * The short links and old addresses to write a redirect page for: all of them, except in the preview
   * server's rebuilds (src/preview-delta.ts), and split between the runs of a large build (src/page-chunks.ts).
   */
  redirectPages: Redirect[];
  /** The search indexes' folders, relative to the site root (none when the `search` setting is off); the search page loads the first and merges the rest (src/search-shards.ts). */
  searchIndexes: string[];
  /** Type and size of each lead image and of the logo, keyed by site URL. */
  images: ReadonlyMap<string, ImageFacts>;
  /** The picture shared links show for a page without its own, when the site names one (src/share-image.ts). */
  sharePicture?: SharePicture;
}

/**
 * The lists that templates write one page per item of, most of which grow with the archive. A build writes
 * every item (a large one split between runs, src/page-chunks.ts); the preview server's rebuilds cut
 * these down to the pages whose contents changed (src/preview-delta.ts), and npm run build takes from
 * its page cache the pages the last build kept that are the same (src/page-cache.ts). The tags' and
 * authors' feeds are among them (there are as many as there are tags and bylines), and the sitemap's
 * files (past the limit, the listing pages' and one a year): a file taken from the cache keeps the time
 * it was first written, so `aws s3 sync` uploads only those that changed. For that alone the site's and
 * sections' feeds are among them too, few as they are: each carries 50 stories' bodies (about 3 MB in all
 * at 10,000 stories), and a story changes only its section's and the site's. Every other page (the sitemap
 * index, the tag, author and archive indexes, _redirects) is written in full.
 */
export const PAGE_LISTS = ["articlePages", "redirectPages", "frontPages", "sectionPages", "tagPages", "authorPages", "monthPages", "subjectFeeds", "sitemapFiles", "rssFeeds", "atomFeeds"] as const satisfies readonly (keyof SiteData)[];
export type PageLists = Pick<SiteData, (typeof PAGE_LISTS)[number]>;

export interface SiteDataContext {
  /** The build's notion of the present (the news sitemap's window ends there). */
  now: DateTime;
  images?: ReadonlyMap<string, ImageFacts>;
  sharePicture?: SharePicture;
  /** The stories' old addresses, each with its published story (src/moved-addresses.ts). */
  movedRedirects?: Redirect[];
  /**
   * The site data made last from the same settings (the preview's last save): each tag, author and
   * month whose stories are the same objects keeps its pages and their sitemap dates, and the short
   * links keep their order, rather than all being made again for one story saved.
   */
  previous?: SiteData;
}

interface Bucket {
  subject: Subject;
  items: readonly Article[];
}

/** A tag's, author's or month's listing as one call made it, for the next to take while its stories are the same. */
interface Listing {
  items: readonly Article[];
  subject: Subject;
  pages: SubjectPage[];
  lastmods: SitemapPage[];
  /** A tag's or author's feed (a month has none, nor any of them when the `tagAndAuthorFeeds` setting is off). */
  feed?: Feed;
  /** A month's stories' sitemap lines, in its order (a tag's or author's stories are each under their month). */
  storyLines?: SitemapPage[];
}

/** Each site data's tag, author and month listings, by kind and slug. */
const listingsOf = new WeakMap<SiteData, Map<string, Listing>>();

export function buildSiteData(articles: Article[], settings: SiteSettings, context: SiteDataContext): SiteData {
  const lastBuckets = context.previous && bucketsOf.get(context.previous);
  const filled = fillBuckets(
    articles,
    settings.sections.map((section) => section.slug),
    settings.language,
    lastBuckets && { articles: context.previous!.articles, buckets: lastBuckets },
  );
  const { lastChanged, monthOf: monthOfArticle } = filled;
  // Each call's subjects are its own: paginating one sets its count.
  const sections: Bucket[] = settings.sections.map((section) => ({
    subject: { name: section.name, slug: section.slug, url: `/${section.slug}/`, count: 0, feedUrl: `/${section.slug}/rss.xml` },
    items: filled.sections.get(section.slug)!,
  }));
  const bucketsIn = (subjects: Map<string, Filled>, withFeed: boolean): Bucket[] =>
    [...subjects.values()].map(({ link, items }) => ({
      subject: { name: link.name, slug: link.slug, url: link.url, count: 0, ...(withFeed ? { feedUrl: subjectFeedUrl(link) } : {}) },
      items,
    }));

  // A name is in the language of the newest story that spells it as its page does (src/subject-buckets.ts).
  const indexOf = (subjects: Map<string, Filled>, kind: "tags" | "authors") =>
    indexGroups(bucketsIn(subjects, settings.tagAndAuthorFeeds), ({ subject, items }) => ({ name: subject.name, lang: (items.find((article) => article[kind].some((link) => link.slug === subject.slug && link.name === subject.name)) ?? items[0]!).lang }), settings.language);
  const tagGroups = indexOf(filled.tags, "tags");
  const authorGroups = indexOf(filled.authors, "authors");
  const tags = tagGroups.flatMap((group) => group.items);
  const authors = authorGroups.flatMap((group) => group.items);
  const months = bucketsIn(filled.months, false).sort((a, b) => (a.subject.slug < b.subject.slug ? 1 : -1));

  // Tags, authors and months list every story they have, in pages that keep their stories as new ones
  // come (a daily paper's current month holds thousands).
  const earlier = context.previous && listingsOf.get(context.previous);
  const listings = new Map<string, Listing>();
  const entryOf = feedEntries(settings, context.images);
  const listingOf = (kind: "tag" | "author" | "month", bucket: Bucket): Listing => {
    const key = `${kind}\n${bucket.subject.slug}`;
    const old = earlier?.get(key);
    let listing: Listing;
    if (old && sameItems(old.items, bucket.items)) {
      listing = old;
      bucket.subject = old.subject;
    } else {
      const pages = pagesOf(bucket, settings.perPage, "fromOldest");
      // A month's lines for the stories it shares with last time's are taken from it, not each looked up.
      const storyLines = kind !== "month" ? undefined : old?.storyLines ? mapKept(old.items, old.storyLines, bucket.items, sitemapPageOf) : bucket.items.map(sitemapPageOf);
      listing = { items: bucket.items, subject: bucket.subject, pages, lastmods: listingLastmods(pages), ...(kind === "month" || !settings.tagAndAuthorFeeds ? {} : { feed: feedOf(kind, bucket) }), ...(storyLines ? { storyLines } : {}) };
    }
    listings.set(key, listing);
    return listing;
  };
  // Made with the listing, and kept with it while its stories are the same: a new story makes again only the feeds it joins.
  const feedOf = (kind: "tag" | "author", { subject, items }: Bucket): Feed =>
    subjectFeed({ kind, subject: { name: subject.name, url: subject.url, feedUrl: subject.feedUrl! }, items }, settings, { entryOf });
  const tagListings = tags.map((bucket) => listingOf("tag", bucket));
  const authorListings = authors.map((bucket) => listingOf("author", bucket));
  const monthListings = months.map((bucket) => listingOf("month", bucket));
  const tagPages = tagListings.flatMap((listing) => listing.pages);
  const authorPages = authorListings.flatMap((listing) => listing.pages);
  const pagesOfMonth = new Map(monthListings.map((listing) => [listing.subject.slug, listing.pages]));
  const monthPages = monthListings.flatMap((listing) => listing.pages);

  // The front page and the sections stop after `listingPages` pages; their last page sends the reader
  // on to the archive page where the next story is.
  const olderInArchive = <Page extends ListingPage<Article>>(pages: Page[], items: readonly Article[]): Page[] => {
    const next = items[pages.length * settings.perPage];
    if (next === undefined) return pages;
    const olderUrl = pagesOfMonth.get(monthOfArticle(next).slug)!.find((page) => page.items.includes(next))!.url;
    return [...pages.slice(0, -1), { ...pages.at(-1)!, olderUrl }];
  };
  const frontPages = olderInArchive(paginate(articles, settings.perPage, "/", settings.listingPages), articles);
  const sectionPages = sections.flatMap((bucket) => olderInArchive(pagesOf(bucket, settings.perPage, settings.listingPages), bucket.items));

  // In parts, in the sitemap's order: a listing or month kept from the last save gives its lines again, the
  // same list, and the sitemap takes their entries whole (src/sitemaps.ts). The stories come month by month,
  // as the archive lists them, each filed under its month's year: newest first, as the site orders them,
  // but where the clock went back across the start of a month (a story of the repeated hour then comes
  // after those of the new month's first hour, as in the archive).
  const sitemapParts: SitemapParts = {
    pages: [
      listingLastmods(frontPages),
      listingLastmods(sectionPages),
      indexPage("/tags/", lastChanged.tags),
      ...tagListings.map((listing) => listing.lastmods),
      indexPage("/authors/", lastChanged.authors),
      ...authorListings.map((listing) => listing.lastmods),
      indexPage("/archive/", lastChanged.all),
      ...monthListings.map((listing) => listing.lastmods),
    ],
    stories: monthListings.map((listing) => ({ year: yearOf(listing.subject), pages: listing.storyLines! })),
  };

  const shortRedirects = shortUrlRedirects(articles, context.previous && { articles: context.previous.articles, redirects: context.previous.shortRedirects });
  const movedRedirects = context.movedRedirects ?? [];
  const counted = context.previous && perFolderOf.get(context.previous);
  const perFolder = !settings.search ? undefined : counted ? storiesPerFolderAfter(counted, context.previous!.articles, articles) : storiesPerFolder(articles);
  const sitemaps = splitSitemap(sitemapParts, settings, settings.sitemapLimit, context.previous?.sitemaps);
  const feeds = buildFeeds({ articles, sections }, settings, { sharePicture: context.sharePicture, entryOf });
  const data: SiteData = {
    now: context.now,
    articles,
    articlePages: articles,
    frontPages,
    sections: sections.map((bucket) => bucket.subject),
    sectionPages,
    tags: tags.map((bucket) => bucket.subject),
    tagIndex: subjectsIn(tagGroups),
    tagPages,
    authors: authors.map((bucket) => bucket.subject),
    authorIndex: subjectsIn(authorGroups),
    authorPages,
    months: months.map((bucket) => bucket.subject),
    monthPages,
    feeds,
    rssFeeds: feeds.rss,
    atomFeeds: [feeds.atom],
    subjectFeeds: [...tagListings, ...authorListings].flatMap((listing) => listing.feed ?? []),
    sitemaps,
    sitemapFiles: sitemaps.files,
    newsSitemap: newsSitemapEntries(articles, context.now, settings),
    shortRedirects,
    movedRedirects,
    redirectsInFile: redirectsInFile(articles, movedRedirects),
    redirectPages: movedRedirects.length ? [...shortRedirects, ...movedRedirects.filter(hasRedirectPage)] : shortRedirects,
    searchIndexes: perFolder ? searchFolders(perFolder) : [],
    images: context.images ?? new Map(),
    ...(context.sharePicture ? { sharePicture: context.sharePicture } : {}),
  };
  listingsOf.set(data, listings);
  bucketsOf.set(data, filled);
  if (perFolder) perFolderOf.set(data, perFolder);
  return data;
}

/** Where a tag's or author's feed is published: beside its first listing page. */
function subjectFeedUrl(subject: Pick<Subject, "url">): string {
  return `${subject.url}rss.xml`;
}

/** An index's groups of buckets as groups of their subjects (a listing kept from the last call gives its bucket the old subject). */
function subjectsIn(groups: readonly IndexGroup<Bucket>[]): IndexGroup<Subject>[] {
  return groups.map((group) => ({ ...group, items: group.items.map((bucket) => bucket.subject) }));
}

/** Whether two listings hold the same stories, by identity, in the same order. */
function sameItems(a: readonly Article[], b: readonly Article[]): boolean {
  // A bucket no save changed is the same list (src/subject-buckets.ts).
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

/** Each site data's buckets, for the next call to change by what changed (src/subject-buckets.ts). */
const bucketsOf = new WeakMap<SiteData, Buckets>();

/** Each site data's count of stories in each top-level folder of the archive, for the next call to change by what changed. */
const perFolderOf = new WeakMap<SiteData, StoriesPerFolder>();

/** A story's sitemap line, the same object while the story is (src/sitemaps.ts keeps each line's entry by it). */
const sitemapPages = new WeakMap<Article, SitemapPage>();
function sitemapPageOf(article: Article): SitemapPage {
  let page = sitemapPages.get(article);
  if (!page) {
    page = { url: article.url, lastmod: article.modified.iso };
    sitemapPages.set(article, page);
  }
  return page;
}

function pagesOf(bucket: Bucket, perPage: number, pages: number | "fromOldest" = Infinity): SubjectPage[] {
  bucket.subject.count = bucket.items.length;
  const listing = pages === "fromOldest" ? paginateFromOldest(bucket.items, perPage, bucket.subject.url) : paginate(bucket.items, perPage, bucket.subject.url, pages);
  return listing.map((page) => ({ ...page, subject: bucket.subject }));
}

/** An archive month's year (its address is /archive/YYYY/MM/). */
function yearOf(month: Subject): string {
  return month.slug.slice(0, month.slug.indexOf("/"));
}

/** The tag, author or archive index: it changes whenever any story it lists does. */
function indexPage(url: string, lastChanged: Article | undefined): SitemapPage[] {
  return [{ url, lastmod: lastChanged?.modified.iso }];
}
