import type { Article } from "./article.ts";

// An article's rendered body is most of its weight, and held for the whole build. Bodies with
// typographic quotes (nearly all) are two-byte strings in V8; as UTF-8 bytes outside the JavaScript
// heap they take about half, and on 100,000 articles that is the difference between fitting in 3 GiB
// or not. The text is decoded when a page reads it, once per page.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The body as UTF-8 bytes (what a worker thread transfers instead of the string). */
export function encodeHtml(html: string): Uint8Array {
  return encoder.encode(html);
}

const compacted = new WeakMap<Article, Uint8Array>();

/** Replaces `article.html` with a property that decodes the bytes on each read; the article is otherwise as it was. */
export function keepHtmlCompact(article: Article, bytes: Uint8Array = encodeHtml(article.html)): Article {
  Object.defineProperty(article, "html", { get: () => decoder.decode(bytes), enumerable: true, configurable: true });
  compacted.set(article, bytes);
  return article;
}

/**
 * A copy of the article with `changes` made, whose body is still kept as bytes. A spread
 * (`{ ...article, image }`) reads the body through its property and copies the decoded string: every
 * story with a lead image held its body as a string.
 */
export function changedArticle(article: Article, changes: Partial<Article>): Article {
  const { html, ...fields } = changes;
  const copy = Object.assign(Object.defineProperties({}, Object.getOwnPropertyDescriptors(article)), fields) as Article;
  if (html !== undefined) return keepHtmlCompact(copy, encodeHtml(html));
  const bytes = compacted.get(article);
  if (bytes) compacted.set(copy, bytes);
  return copy;
}

/** The article's fields but its body, which is not read (nor decoded). */
export function fieldsBesideBody(article: Article): Omit<Article, "html"> {
  const fields: Partial<Article> = {};
  for (const key of Object.keys(article) as (keyof Article)[]) if (key !== "html") Object.assign(fields, { [key]: article[key] });
  return fields as Omit<Article, "html">;
}

/** The body as UTF-8 bytes: those it is kept as, or freshly encoded. */
export function htmlBytes(article: Article): Uint8Array {
  return compacted.get(article) ?? encodeHtml(article.html);
}
