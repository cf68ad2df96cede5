import type { Article } from "./article.ts";
import { prefixedPath, type SiteLocation } from "./site-urls.ts";

/** A short link and the article it leads to. */
export interface ShortRedirect {
  code: string;
  /** Site-relative path of the redirect page, /s/<code>/. */
  from: string;
  /** Site-relative URL of the article. */
  to: string;
  headline: string;
  lang: string;
  dir: string;
}

/**
 * One redirect per article, ordered by code so the redirect map is the same on every build.
 * (The loader has already failed the build when two articles share a code.)
 */
export function shortUrlRedirects(articles: readonly Article[]): ShortRedirect[] {
  return articles
    .map((article) => ({ code: article.shortCode, from: `/s/${article.shortCode}/`, to: article.url, headline: article.headline, lang: article.lang, dir: article.dir }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/**
 * Short links in the `_redirects` file: the newest stories' (those being shared). Cloudflare Pages
 * reads at most 2,000 static redirects from the file, and Netlify warns that 10,000 or more may fail a
 * deploy; a 10,000-story archive had a line for each. Every short link also has its page, /s/<code>/,
 * which sends the reader on from any host, so an older link still arrives.
 */
export const REDIRECTS_FILE_LIMIT = 2_000;

/**
 * The `_redirects` file Netlify and Cloudflare Pages read: `/s/<code> /path/ 301`, one line each,
 * with the path prefix on both sides since the file sits in the published folder.
 */
export function redirectsFile(redirects: readonly ShortRedirect[], location: Pick<SiteLocation, "pathPrefix">): string {
  const lines = redirects.map((redirect) => `${encodeURI(prefixedPath(`/s/${redirect.code}`, location))} ${encodeURI(prefixedPath(redirect.to, location))} 301`);
  return lines.length ? `${lines.join("\n")}\n` : "";
}
