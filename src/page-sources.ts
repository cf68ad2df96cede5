import type { DateTime } from "luxon";
import { loadArticles } from "./article-loader.ts";
import { linksInArticleFile, type BodyLink } from "./article-links.ts";
import { resolveAsChecked, type BrokenLink, type LinkSource } from "./link-check.ts";
import type { RenderedPage } from "./rendered-pages.ts";
import type { SiteSettings } from "./settings.ts";

/** A page the build wrote: its URL and the template it came from. */
export type WrittenPage = Pick<RenderedPage, "url" | "inputPath">;

/**
 * Names where each broken link of a built page came from, for the link check's message: the article's
 * Markdown file for an article page, with the lines of its body that hold the link, and the template for
 * any other page (or for a link an article page's template made). Reads the articles' front matter again
 * (without rendering), and the body of an article only when its page has a broken link, so it costs
 * nothing until there is something to report.
 */
export async function pageSourceFinder(
  written: readonly WrittenPage[],
  options: { settings: SiteSettings; articlesDir: string; publicDir: string; now: DateTime; includeUnpublished: boolean },
): Promise<(link: BrokenLink) => LinkSource | undefined> {
  const sources = new Map<string, string>();
  for (const page of written) sources.set(page.url, page.inputPath.replace(/^\.\//, ""));
  const articles = await loadArticles({ ...options, renderBodies: false }).catch(() => []);
  const articleFiles = new Set<string>();
  for (const article of articles) {
    sources.set(article.url, article.sourcePath);
    articleFiles.add(article.sourcePath);
  }
  const checked = { baseUrl: options.settings.baseUrl, pathPrefix: options.settings.pathPrefix };
  const bodies = new Map<string, readonly BodyLink[]>();
  return (link) => {
    const file = sources.get(link.page) ?? sources.get(decodeURI(link.page));
    if (file === undefined) return undefined;
    if (!articleFiles.has(file)) return { file };
    let links = bodies.get(file);
    if (!links) bodies.set(file, (links = linksInArticleFile(file, options.settings.htmlPolicy)));
    // Compared where each leads, as the check resolved it: the page holds a link as markdown-it wrote it
    // (percent-encoded, with the path prefix), the body as the editor did.
    const lines = links.filter((written) => resolveAsChecked(written.target, link.page, checked) === link.resolved).map((written) => written.line);
    return { file, lines: [...new Set(lines)] };
  };
}
