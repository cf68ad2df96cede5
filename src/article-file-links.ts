import path from "node:path";
import type { Article } from "./article.ts";
import { safeDecode } from "./site-urls.ts";
import { changedArticle } from "./compact-html.ts";

// An editor may link to another story by its file, as an editor's own preview (and GitHub's) follows
// it: [the ruling](../10/court-ruling.md). npm run check accepts such a link when the file is an article;
// the published page must then link to that article's address. A body is rendered as its file is read,
// before the other stories' addresses are known, so the links are put right once every story is read.
// The story as read is left as it is (the read caches hand it out again, and store it): the story with
// its links put right is a copy, the same copy while they resolve the same way, so a story whose target
// moved counts as changed.

/** A link in a rendered body to a Markdown file by a relative path: its href, and any fragment. */
const FILE_LINK = /(<a\s[^>]*?\bhref=")([^"/:?#][^":?#]*\.(?:md|markdown))(#[^"]*)?"/gi;

/** Whether a rendered body links to a Markdown file (noted as it is read, so no other body is decoded). */
export function hasArticleFileLinks(html: string): boolean {
  FILE_LINK.lastIndex = 0;
  return FILE_LINK.test(html);
}

const resolved = new WeakMap<Article, { html: string; article: Article }>();

/**
 * The stories with each link to another story's file pointing at that story's address. A link to a
 * file that is no story is left as it was: npm run check reports it, and the build's link check fails on it.
 */
export function linkArticleFiles(articles: readonly Article[], others: readonly Pick<Article, "sourcePath" | "url">[] = []): Article[] {
  if (!articles.some((article) => article.bodyFileLinks)) return [...articles];
  const urlOfFile = new Map([...articles, ...others].map((article) => [path.resolve(article.sourcePath), article.url]));
  return articles.map((article) => {
    if (!article.bodyFileLinks) return article;
    const folder = path.dirname(path.resolve(article.sourcePath));
    const html = article.html.replace(FILE_LINK, (whole, start: string, target: string, fragment: string | undefined) => {
      const url = urlOfFile.get(path.resolve(folder, safeDecode(target.replaceAll("&amp;", "&"))));
      return url ? `${start}${url}${fragment ?? ""}"` : whole;
    });
    if (html === article.html) return article;
    const kept = resolved.get(article);
    if (kept?.html === html) return kept.article;
    const linked = changedArticle(article, { html });
    resolved.set(article, { html, article: linked });
    return linked;
  });
}
