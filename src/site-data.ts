import type { Article } from "./article.ts";
import { paginate, type ListingPage } from "./listings.ts";
import type { SiteSettings } from "./settings.ts";

/** Everything the templates list, derived from the articles in one pass. */
export interface SiteData {
  /** Published articles, newest first. */
  articles: Article[];
  /** The articles to write a page for: all of them, except in the preview server's rebuilds (src/preview-delta.ts). */
  articlePages: Article[];
  /** The front page and its numbered archive pages. */
  frontPages: ListingPage<Article>[];
}

export function buildSiteData(articles: Article[], settings: SiteSettings): SiteData {
  return {
    articles,
    articlePages: articles,
    frontPages: paginate(articles, settings.perPage, "/"),
  };
}
