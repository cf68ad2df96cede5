import type { UserConfig } from "@11ty/eleventy";
import type { Article } from "./article.ts";
import { ArticleReadCache } from "./article-cache.ts";
import { changedArticles, changedListingPages, onlyArticlesChanged } from "./preview-delta.ts";
import type { SiteData } from "./site-data.ts";

declare module "@11ty/eleventy" {
  interface UserConfig {
    on(event: "eleventy.beforeWatch", handler: (changedFiles: string[]) => unknown): UserConfig;
  }
}

/**
 * Makes the preview server's rebuilds cost what changed. A full build (npm run build, and the preview
 * server's first build) is untouched. In watch/serve mode, articles are remembered between rebuilds
 * (only saved files are read again), and when only articles changed, only their pages and the listing
 * pages they move are written again. Any other change (a template, CSS, settings) writes every page.
 */
export class PreviewRebuilds {
  #watching = false;
  #onlyArticles = false;
  #cache = new ArticleReadCache();
  #previous?: SiteData;

  constructor(eleventyConfig: UserConfig) {
    eleventyConfig.on("eleventy.before", ({ runMode }) => {
      this.#watching = runMode !== "build";
    });
    eleventyConfig.on("eleventy.beforeWatch", (changedFiles) => {
      this.#onlyArticles = onlyArticlesChanged(changedFiles);
    });
  }

  /** The loader's cache while the server watches; none for a one-off build. */
  get cache(): ArticleReadCache | undefined {
    return this.#watching ? this.#cache : undefined;
  }

  /** The site data, with the pages to write cut down to what changed when only articles changed. */
  select(next: SiteData): SiteData {
    const previous = this.#previous;
    const delta = this.#watching && this.#onlyArticles && previous !== undefined;
    this.#onlyArticles = false;
    if (!this.#watching) return next;
    this.#previous = next;
    if (!delta) return next;
    const changed = changedArticles(previous.articles, next.articles);
    const changedSet = new Set<Article>(changed);
    return { ...next, articlePages: changed, frontPages: changedListingPages(previous.frontPages, next.frontPages, changedSet) };
  }
}
