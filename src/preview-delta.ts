import type { Article } from "./article.ts";
import type { ListingPage } from "./listings.ts";

// The preview server's rebuilds after an editor saves articles write only the pages that changed:
// Eleventy keeps earlier output on disk, so a page not rendered again is still there as it was.
// Articles read again are new objects (src/article-cache.ts hands back the same object for an
// unchanged file), so "changed" is a matter of identity, not of comparing every field.

/** The articles that are not, by identity, among the previous build's. */
export function changedArticles(previous: readonly Article[], next: readonly Article[]): Article[] {
  const before = new Set(previous);
  return next.filter((article) => !before.has(article));
}

/**
 * The listing pages to write again: those whose stories, page count or neighbours differ from the
 * page at the same address last time, or that list a changed article.
 */
export function changedListingPages<T>(previous: readonly ListingPage<T>[], next: readonly ListingPage<T>[], changed: ReadonlySet<T>): ListingPage<T>[] {
  const before = new Map(previous.map((page) => [page.url, page]));
  return next.filter((page) => {
    const old = before.get(page.url);
    if (!old || old.total !== page.total || old.items.length !== page.items.length) return true;
    return page.items.some((item, index) => item !== old.items[index] || changed.has(item));
  });
}

/** True when every file behind a rebuild is an article, so the templates and settings are as they were. */
export function onlyArticlesChanged(changedFiles: readonly string[]): boolean {
  return changedFiles.length > 0 && changedFiles.every((file) => /\.(md|markdown)$/i.test(file));
}
