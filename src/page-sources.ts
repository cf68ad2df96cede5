import type { DateTime } from "luxon";
import { loadArticles } from "./article-loader.ts";
import type { RenderedPage } from "./rendered-pages.ts";
import type { SiteSettings } from "./settings.ts";

/** A page the build wrote: its URL and the template it came from. */
export type WrittenPage = Pick<RenderedPage, "url" | "inputPath">;

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
  for (const page of written) sources.set(page.url, page.inputPath.replace(/^\.\//, ""));
  const articles = await loadArticles({ ...options, renderBodies: false }).catch(() => []);
  for (const article of articles) sources.set(article.url, article.sourcePath);
  return (page) => sources.get(page) ?? sources.get(decodeURI(page));
}
