import type { Article } from "./article.ts";
import { paginate, type ListingPage } from "./listings.ts";
import type { SiteSettings } from "./settings.ts";

/** Everything the templates list, derived from the articles in one pass. */
export interface SiteData {
  /** Published articles, newest first: one page each. */
  articles: Article[];
  /** The front page and its numbered archive pages. */
  frontPages: ListingPage<Article>[];
}

export function buildSiteData(articles: Article[], settings: SiteSettings): SiteData {
  return {
    articles,
    frontPages: paginate(articles, settings.perPage, "/"),
  };
}
