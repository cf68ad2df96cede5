import type { DateTime } from "luxon";
import { loadArticles } from "./article-loader.ts";
import type { SiteSettings } from "./settings.ts";

/** What Eleventy's write() reports for each page it wrote. */
export interface WrittenPage {
  url?: unknown;
  inputPath?: unknown;
  outputPath?: unknown;
  content?: unknown;
}

/**
 * Names the source of each built page, for error messages about pages: the article's Markdown file
 * for an article page, the template for any other page. Reads the articles' front matter again
 * (without rendering), so it is called only when there is something to report.
 */
export async function pageSourceFinder(
  written: readonly WrittenPage[],
  options: { settings: SiteSettings; articlesDir: string; publicDir: string; now: DateTime; includeUnpublished: boolean },
): Promise<(page: string) => string | undefined> {
  const sources = new Map<string, string>();
  for (const page of written) {
    if (typeof page.url === "string" && typeof page.inputPath === "string") sources.set(page.url, page.inputPath.replace(/^\.\//, ""));
  }
  const articles = await loadArticles({ ...options, renderBodies: false }).catch(() => []);
  for (const article of articles) sources.set(article.url, article.sourcePath);
  return (page) => sources.get(page) ?? sources.get(decodeURI(page));
}

/** Eleventy's write() resolves to [passthrough copies, pages]; anything else yields no pages. */
export function writtenPages(result: unknown): WrittenPage[] {
  if (!Array.isArray(result)) return [];
  const pages: unknown = result[1];
  return Array.isArray(pages) ? pages.filter((page): page is WrittenPage => typeof page === "object" && page !== null) : [];
}
