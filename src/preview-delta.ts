import type { Article } from "./article.ts";
import { isArticleFile } from "./article-loader.ts";
import type { ListingPage } from "./listings.ts";
import type { ShortRedirect } from "./redirects.ts";
import type { PageLists, SiteData, SubjectPage } from "./site-data.ts";

// The preview server's rebuilds after an editor saves articles write only the pages that changed:
// Eleventy keeps earlier output on disk, so a page not rendered again is still there as it was.
// Articles read again are new objects (src/article-cache.ts hands back the same object for an
// unchanged file), so "changed" is a matter of identity, not of comparing every field.
// Templates, CSS and settings are as they were (onlyArticlesChanged), so a page whose data is the
// same renders the same.

/**
 * The pages an article-only rebuild writes: of each list that templates write a page per item of,
 * the items whose page would differ from the one already on disk. This is the whole rule; a list
 * added to PageLists must be given its line here. Both site data are whole, as buildSiteData made them.
 */
export function pagesToWrite(previous: SiteData, next: SiteData): PageLists {
  const changed = new Set(changedArticles(previous.articles, next.articles));
  return {
    articlePages: next.articlePages.filter((article) => changed.has(article)),
    frontPages: changedListingPages(previous.frontPages, next.frontPages, changed),
    sectionPages: changedSubjectPages(previous.sectionPages, next.sectionPages, changed),
    tagPages: changedSubjectPages(previous.tagPages, next.tagPages, changed),
    authorPages: changedSubjectPages(previous.authorPages, next.authorPages, changed),
    monthPages: changedSubjectPages(previous.monthPages, next.monthPages, changed),
    shortRedirectPages: changedRedirects(previous.shortRedirects, next.shortRedirects),
  };
}

/** No page from any list: what a rebuild writes while the articles have problems (the preview shows those instead). */
export const NO_PAGES: PageLists = {
  articlePages: [],
  frontPages: [],
  sectionPages: [],
  tagPages: [],
  authorPages: [],
  monthPages: [],
  shortRedirectPages: [],
};

/** The articles that are not, by identity, among the previous build's. */
export function changedArticles(previous: readonly Article[], next: readonly Article[]): Article[] {
  const before = new Set(previous);
  return next.filter((article) => !before.has(article));
}

/**
 * The listing pages to write again: those whose stories, page count, neighbours or link to the archive
 * differ from the page at the same address last time, or that list a changed article, or whose heading differs
 * (`sameHeading`: what the page shows besides its stories).
 */
export function changedListingPages<Page extends ListingPage<T>, T>(
  previous: readonly Page[],
  next: readonly Page[],
  changed: ReadonlySet<T>,
  sameHeading: (old: Page, page: Page) => boolean = () => true,
): Page[] {
  const before = new Map(previous.map((page) => [page.url, page]));
  return next.filter((page) => {
    const old = before.get(page.url);
    if (!old || old.total !== page.total || old.items.length !== page.items.length || !sameLinks(old, page) || !sameHeading(old, page)) return true;
    return page.items.some((item, index) => item !== old.items[index] || changed.has(item));
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
function changedSubjectPages(previous: readonly SubjectPage[], next: readonly SubjectPage[], changed: ReadonlySet<Article>): SubjectPage[] {
  return changedListingPages(previous, next, changed, (old, page) => old.subject.name === page.subject.name && old.subject.feedUrl === page.subject.feedUrl);
}

/** Redirect pages whose link is new or says something else than last time (a story's redirect is the same object while the story is; otherwise by value). */
export function changedRedirects(previous: readonly ShortRedirect[], next: readonly ShortRedirect[]): ShortRedirect[] {
  const before = new Map(previous.map((redirect) => [redirect.code, redirect]));
  return next.filter((redirect) => {
    const old = before.get(redirect.code);
    return old !== redirect && (!old || (Object.keys(redirect) as (keyof ShortRedirect)[]).some((key) => old[key] !== redirect[key]));
  });
}

/**
 * Site-relative URLs of the pages the previous build wrote from the site data that the next one does
 * not write at all: a deleted, renamed or re-sectioned article's page and short link, the last page
 * of a listing that shrank. Eleventy never removes output, so these stay on disk unless removed.
 */
export function removedPages(previous: SiteData, next: SiteData): string[] {
  const kept = pageSet(next);
  return [...pageSet(previous)].filter((url) => !kept.has(url));
}

/** Each site data's pages, kept while it is: the preview's next save compares with them again. */
const pageSets = new WeakMap<SiteData, Set<string>>();
function pageSet(data: SiteData): Set<string> {
  let pages = pageSets.get(data);
  if (!pages) {
    pages = new Set(pagesFrom(data));
    pageSets.set(data, pages);
  }
  return pages;
}

/**
 * Every page written from a list in the site data (a template paginating over it), in full. The other
 * templates write the same files on every build.
 */
function pagesFrom(data: SiteData): string[] {
  const listings = [data.frontPages, data.sectionPages, data.tagPages, data.authorPages, data.monthPages];
  return [
    ...data.articles.map((article) => article.url),
    ...listings.flatMap((pages) => pages.map((page) => page.url)),
    ...data.shortRedirects.map((redirect) => redirect.from),
    ...data.feeds.rss.map((feed) => feed.path),
    ...data.sitemaps.files.map((file) => file.path),
    ...data.sitemaps.indexes.map((index) => index.path),
  ];
}

/** True when every file behind a rebuild is an article, so the templates and settings are as they were. */
export function onlyArticlesChanged(changedFiles: readonly string[]): boolean {
  return changedFiles.length > 0 && changedFiles.every(isArticleFile);
}
