import type { Article } from "./article.ts";
import { isArticleFile } from "./article-loader.ts";
import type { Feed } from "./feeds.ts";
import type { ListingPage } from "./listings.ts";
import { hasRedirectPage, type Redirect } from "./redirects.ts";
import { identityDiff } from "./identity-diff.ts";
import { cameOutBetween } from "./publication-status.ts";
import type { SitemapFile } from "./sitemaps.ts";
import { isLeadCard, sameCard } from "./story-cards.ts";
import type { PageLists, SiteData, SubjectPage } from "./site-data.ts";

// The preview server's rebuilds after an editor saves articles write only the pages that changed:
// Eleventy keeps earlier output on disk, so a page not rendered again is still there as it was.
// Articles read again are new objects (src/article-cache.ts hands back the same object for an
// unchanged file), so "changed" is a matter of identity, not of comparing every field.
// Templates, CSS and settings are as they were (onlyArticlesChanged), so a page whose data is the
// same renders the same.

/**
 * The pages an article-only rebuild writes: of each list that templates write a page per item of
 * (the sitemap's files and every feed among them), the items whose page would differ from the one already on disk.
 * This is the whole rule; a list added to PageLists must be given its line here. Both site data are
 * whole, as buildSiteData made them. Every other page (the sitemap index among them) is written in full.
 */
export function pagesToWrite(previous: SiteData, next: SiteData, { listSaved = false }: { listSaved?: boolean } = {}): PageLists {
  const saved = new Set(changedArticles(previous.articles, next.articles));
  // A scheduled story whose time came between the two is the same object, but no longer flagged as scheduled
  // (a feed flags none: its entries change only when saved).
  const cameOut = new Set(cameOutBetween(next.articles, previous.now.toMillis(), next.now.toMillis()));
  const changed = new Set([...saved, ...cameOut]);
  // A listing page is written again when a card on it shows something else (changedListingPages: a saved
  // story's body is on none), or when it lists a story that came out, whose card no longer flags it. With
  // `listSaved` (npm start's warm-up rebuilds, src/preview-rebuilds.ts) every listing of a saved story is
  // written, cards unchanged or not: rendering listings is what those rebuilds are there to have done once
  // before an editor's first save.
  const listed = listSaved ? changed : cameOut;
  const listing = <Page extends ListingPage<Article>>(changedPages: Page[], pages: readonly Page[]) => withPagesListing(changedPages, pages, listed);
  return {
    articlePages: next.articlePages.filter((article) => changed.has(article)),
    frontPages: listing(changedListingPages(previous.frontPages, next.frontPages), next.frontPages),
    sectionPages: listing(changedSubjectPages(previous.sectionPages, next.sectionPages), next.sectionPages),
    tagPages: listing(changedSubjectPages(previous.tagPages, next.tagPages), next.tagPages),
    authorPages: listing(changedSubjectPages(previous.authorPages, next.authorPages), next.authorPages),
    monthPages: listing(changedSubjectPages(previous.monthPages, next.monthPages), next.monthPages),
    redirectPages: [...changedRedirects(previous.shortRedirects, next.shortRedirects), ...changedRedirects(previous.movedRedirects, next.movedRedirects).filter(hasRedirectPage)],
    subjectFeeds: changedFeeds(previous.subjectFeeds, next.subjectFeeds, saved),
    sitemapFiles: changedSitemapFiles(previous.sitemapFiles, next.sitemapFiles),
    rssFeeds: changedFeeds(previous.feeds.rss, next.feeds.rss, saved),
    atomFeeds: changedFeeds([previous.feeds.atom], [next.feeds.atom], saved),
  };
}

/**
 * The changed pages and, in the order of `pages`, every other page that lists one of `stories`. A listing
 * kept whole from the last save (the same object) is not among the changed ones, however its stories'
 * status changed; only the few times a scheduled story comes out are all pages looked through.
 */
function withPagesListing<Page extends ListingPage<Article>>(changedPages: Page[], pages: readonly Page[], stories: ReadonlySet<Article>): Page[] {
  if (stories.size === 0) return changedPages;
  const chosen = new Set(changedPages);
  return pages.filter((page) => chosen.has(page) || page.items.some((item) => stories.has(item)));
}

/** No page from any list: what a rebuild writes while the articles have problems (the preview shows those instead). */
export const NO_PAGES: PageLists = {
  articlePages: [],
  frontPages: [],
  sectionPages: [],
  tagPages: [],
  authorPages: [],
  monthPages: [],
  redirectPages: [],
  subjectFeeds: [],
  sitemapFiles: [],
  rssFeeds: [],
  atomFeeds: [],
};

/** The articles that are not, by identity, among the previous build's. */
export function changedArticles(previous: readonly Article[], next: readonly Article[]): Article[] {
  return identityDiff(previous, next).added;
}

/**
 * The listing pages to write again: those whose stories' cards, page count, neighbours or link to the
 * archive differ from the page at the same address last time, or whose heading differs (`sameHeading`:
 * what the page shows besides its stories). A story saved is a new object; one whose card is as it was
 * (a correction to its body alone) leaves the pages that list it as they were.
 */
export function changedListingPages<Page extends ListingPage<Article>>(
  previous: readonly Page[],
  next: readonly Page[],
  sameHeading: (old: Page, page: Page) => boolean = () => true,
): Page[] {
  // A listing whose stories are the same objects keeps its page objects (src/site-data.ts): only the
  // others are looked at, which at 100,000 stories is a few of 40,000 pages.
  const { removed, added } = identityDiff(previous, next);
  const before = new Map(removed.map((page) => [page.url, page]));
  return added.filter((page) => {
    const old = before.get(page.url);
    if (!old || old.total !== page.total || old.items.length !== page.items.length || !sameLinks(old, page) || !sameHeading(old, page)) return true;
    return page.items.some((item, index) => !sameCard(item, old.items[index]!, isLeadCard(page, index)));
  });
}

/** The links a listing page has besides its stories: to its neighbours and on to the archive. */
function sameLinks(old: ListingPage<unknown>, page: ListingPage<unknown>): boolean {
  return old.previousUrl === page.previousUrl && old.nextUrl === page.nextUrl && old.olderUrl === page.olderUrl;
}

/**
 * Section, tag, author and month listings also print their subject's name and feed on every page: a
 * tag takes its name from its newest story, so an edit there renames every page of the tag.
 */
function changedSubjectPages(previous: readonly SubjectPage[], next: readonly SubjectPage[]): SubjectPage[] {
  return changedListingPages(previous, next, (old, page) => old.subject.name === page.subject.name && old.subject.feedUrl === page.subject.feedUrl);
}

/**
 * The feeds to write again: those new, renamed, or whose stories differ from the feed at the same address
 * last time or were changed, or whose date does. A tag's or author's feed kept with its listing
 * (src/site-data.ts) is the same object, and is not looked at: a story saved changes the few feeds it is
 * in. The site's and sections' are made anew each time.
 */
function changedFeeds<F extends Feed>(previous: readonly F[], next: readonly F[], changed: ReadonlySet<Article>): F[] {
  const { removed, added } = identityDiff(previous, next);
  const before = new Map(removed.map((feed) => [feed.path, feed]));
  return added.filter((feed) => {
    const old = before.get(feed.path);
    if (!old || old.title !== feed.title || old.updated?.rfc3339 !== feed.updated?.rfc3339 || old.stories.length !== feed.stories.length) return true;
    return feed.stories.some((story, index) => story !== old.stories[index] || changed.has(story));
  });
}

/**
 * Sitemap files whose lines differ from the file at the same address last time (a kept page's line is the
 * same object, and so is a file made of kept parts alone: src/sitemaps.ts).
 */
export function changedSitemapFiles(previous: readonly SitemapFile[], next: readonly SitemapFile[]): SitemapFile[] {
  const before = new Map(previous.map((file) => [file.path, file]));
  return next.filter((file) => {
    const old = before.get(file.path);
    if (old === file) return false;
    if (!old || old.lastmod !== file.lastmod || old.entries.length !== file.entries.length) return true;
    return file.entries.some((entry, index) => {
      const was = old.entries[index]!;
      return entry !== was && (entry.loc !== was.loc || entry.lastmod !== was.lastmod);
    });
  });
}

/**
 * Redirect pages whose link is new or says something else than last time. A story's redirect is the
 * same object while the story is, so only the few that are not are compared, by value.
 */
export function changedRedirects<R extends Redirect>(previous: readonly R[], next: readonly R[]): R[] {
  const { removed, added } = identityDiff(previous, next);
  const before = new Map(removed.map((redirect) => [redirect.from, redirect]));
  return added.filter((redirect) => {
    const old = before.get(redirect.from);
    return !old || (Object.keys(redirect) as (keyof R)[]).some((key) => old[key] !== redirect[key]);
  });
}

/**
 * Site-relative URLs of the pages the previous build wrote from the site data that the next one does
 * not write at all: a deleted, renamed or re-sectioned article's page and short link, the last page
 * of a listing that shrank. Eleventy never removes output, so these stay on disk unless removed.
 *
 * An article, listing page or short link that is the same object in both (the read cache's unchanged
 * stories, src/site-data.ts's unchanged listings) has the same address in both, so only the others are
 * compared: at 100,000 stories, a set of every page's address made for each save was a third of a second.
 * (No two pages share an address: Eleventy refuses to build a site where they do.)
 */
export function removedPages(previous: SiteData, next: SiteData): string[] {
  const gone: string[] = [];
  const added = new Set<string>();
  const compare = <T>(before: readonly T[], after: readonly T[], urlOf: (item: T) => string) => {
    const difference = identityDiff(before, after);
    for (const item of difference.removed) gone.push(urlOf(item));
    for (const item of difference.added) added.add(urlOf(item));
  };
  const pageUrl = (page: ListingPage<unknown>) => page.url;
  compare(previous.articles, next.articles, (article) => article.url);
  for (const list of LISTINGS) compare(previous[list], next[list], pageUrl);
  compare(previous.shortRedirects, next.shortRedirects, (redirect) => redirect.from);
  compare(previous.movedRedirects, next.movedRedirects, (redirect) => redirect.from);
  compare(previous.feeds.rss, next.feeds.rss, (feed) => feed.path);
  compare(previous.subjectFeeds, next.subjectFeeds, (feed) => feed.path);
  compare(previous.sitemaps.files, next.sitemaps.files, (file) => file.path);
  compare(previous.sitemaps.indexes, next.sitemaps.indexes, (index) => index.path);
  return gone.filter((url) => !added.has(url));
}

/** The site data's listings, each a template's pages. */
const LISTINGS = ["frontPages", "sectionPages", "tagPages", "authorPages", "monthPages"] as const satisfies readonly (keyof SiteData)[];

/** True when every file behind a rebuild is an article, so the templates and settings are as they were. */
export function onlyArticlesChanged(changedFiles: readonly string[]): boolean {
  return changedFiles.length > 0 && changedFiles.every(isArticleFile);
}
