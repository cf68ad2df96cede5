import type { Article } from "./article.ts";
import { identityDiff } from "./identity-diff.ts";
import { resorted } from "./incremental.ts";
import { textDirection } from "./languages.ts";
import { titleWithSite, wordsFor, type WordsSetting } from "./site-words.ts";
import { absoluteUrl, prefixedPath, type SiteLocation } from "./site-urls.ts";
import { escapeHtml } from "./html-escape.ts";

/** An address that sends the reader on to a story: a short link, or a story's old address (src/moved-addresses.ts). */
export interface Redirect {
  /** Site-relative path of the redirect page: /s/<code>/, or the old address. */
  from: string;
  /** Site-relative URL of the article. */
  to: string;
  headline: string;
  lang: string;
  dir: string;
}

/** A short link and the article it leads to. */
export interface ShortRedirect extends Redirect {
  code: string;
}

/** Whether a redirect's address is a short link's (/s/<code>/), whose page says so; any other is a story's old address. */
function isShortLink(from: string): boolean {
  return from.startsWith("/s/");
}

/**
 * One redirect per article, ordered by code so the redirect map is the same on every build.
 * (The loader has already failed the build when two articles share a code.) Given the articles and
 * redirects of an earlier call (the preview's last save), the stories that are not the same objects are
 * taken out of its list and put in again where their codes go (`resorted`): sorting 100,000 codes again
 * was half a second of every save at that size.
 */
export function shortUrlRedirects(articles: readonly Article[], previous?: { articles: readonly Article[]; redirects: readonly ShortRedirect[] }): ShortRedirect[] {
  if (!previous) return articles.map(redirectOf).sort(byCode);
  const { removed, added } = identityDiff(previous.articles, articles);
  return resorted(previous.redirects, removed.map(redirectOf), added.map(redirectOf), byCode);
}

function byCode(a: ShortRedirect, b: ShortRedirect): number {
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/**
 * A story's redirect, the same object while the story is (the preview's read cache hands back the same
 * story for an unchanged file): the preview then finds the redirects that changed by identity, and does
 * not make 100,000 of them again for every save.
 */
const redirects = new WeakMap<Article, ShortRedirect>();
function redirectOf(article: Article): ShortRedirect {
  let redirect = redirects.get(article);
  if (!redirect) {
    redirect = { code: article.shortCode, from: `/s/${article.shortCode}/`, to: article.url, headline: article.headline, lang: article.lang, dir: article.dir };
    redirects.set(article, redirect);
  }
  return redirect;
}

/**
 * Lines in the `_redirects` file. Cloudflare Pages reads at most 2,000 static redirects from the file,
 * and Netlify warns that 10,000 or more may fail a deploy; a 10,000-story archive had a line for each.
 */
export const REDIRECTS_FILE_LIMIT = 2_000;

/**
 * Whether the site writes a page at a redirect's address: a folder's (/s/<code>/, an old /world/x/) or an
 * .html file's (an old /news/2019/05/story-123.html, which every host serves as HTML). An old address of
 * another file (/story.php) gets only its 301 line in _redirects: a static host serves such a file as a
 * download, where Cloudflare Pages and Netlify follow the line anyway.
 */
export function hasRedirectPage(redirect: Pick<Redirect, "from">): boolean {
  return redirect.from.endsWith("/") || /\.html?$/i.test(redirect.from);
}

/**
 * What the `_redirects` file holds, REDIRECTS_FILE_LIMIT lines at most: first every old address that
 * has no page (the moved setting allows no more than fit), which nothing else answers; then the newest
 * stories' short links and old addresses, a story at a time, as far as the lines go. Everything left
 * out has its page, which sends the reader on from any host (a search engine takes its instant refresh
 * as a permanent redirect), so the lines go where a 301 is asked for most: the stories being shared and
 * read now. `articles` are newest first.
 */
export function redirectsInFile(articles: readonly Article[], moved: readonly Redirect[]): Redirect[] {
  const lines = moved.filter((redirect) => !hasRedirectPage(redirect));
  const movedByStory = new Map<string, Redirect[]>();
  for (const redirect of moved) {
    if (hasRedirectPage(redirect)) movedByStory.set(redirect.to, [...(movedByStory.get(redirect.to) ?? []), redirect]);
  }
  for (const article of articles) {
    if (lines.length >= REDIRECTS_FILE_LIMIT) break;
    lines.push(redirectOf(article), ...(movedByStory.get(article.url) ?? []));
  }
  // In order of address: a new story changes a line or two of the file, not its order.
  return lines.slice(0, REDIRECTS_FILE_LIMIT).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

/**
 * The `_redirects` file Netlify and Cloudflare Pages read: `/s/<code> /path/ 301` (or an old address,
 * `/world/old-slug /path/ 301`), one line each, with the path prefix on both sides since the file sits in
 * the published folder. The source is written
 * without its last slash, as readers type a short link.
 */
export function redirectsFile(redirects: readonly Redirect[], location: Pick<SiteLocation, "pathPrefix">): string {
  const lines = redirects.map((redirect) => `${encodeURI(prefixedPath(redirect.from.replace(/\/$/, ""), location))} ${encodeURI(prefixedPath(redirect.to, location))} 301`);
  return lines.length ? `${lines.join("\n")}\n` : "";
}

/** What a short link's page takes from the site besides the story. */
export interface RedirectPageSite extends SiteLocation {
  /** The site's name, with the headline in the page's title (the `titleWithSite` word). */
  name: string;
  /** The site's language (BCP 47): the page's own words are in it; the headline is in the story's. */
  language: string;
  /** The site's own words in its language (src/site-words.ts); one not given is English, marked so. */
  words?: WordsSetting;
  /** The Content Security Policy every page carries as a meta tag (src/content-security-policy.ts). */
  contentSecurityPolicy: string;
}

/** Where a short link's page comes from, as error messages name a page's source. */
export const REDIRECT_PAGE_SOURCE = "./src/redirects.ts";

/**
 * A short link's page, /s/<code>/index.html, or a story's old address's (the `moved` setting): it sends the reader on at once (a meta refresh, which any
 * static host serves), names the story for a browser that does not follow it, and points search engines
 * at the story. Made here, not by a template: an archive has one per story, a page that never changes
 * shape, and as 10,000 Eleventy template pages (each with its data, pagination entry and permalink) they
 * cost a first build about 6% more CPU. The page's own words are in the site's language and direction, the
 * headline in its story's (a dir on the link also keeps a right-to-left headline from reordering the
 * sentence round it). Every text is escaped as Nunjucks escapes the templates' output,
 * and the site's links carry its path prefix as Eleventy's HtmlBase plugin gives the templates' pages theirs.
 */
export function redirectPage(redirect: Redirect, site: RedirectPageSite): string {
  const words = wordsFor(site, site.language);
  const to = escapeHtml(prefixedPath(redirect.to, site));
  const headline = escapeHtml(redirect.headline);
  return `<!doctype html>
<html lang="${escapeHtml(site.language)}" dir="${textDirection(site.language)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(site.contentSecurityPolicy)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(titleWithSite(words, redirect.headline, site.name))}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="${escapeHtml(absoluteUrl(redirect.to, site))}">
<meta http-equiv="refresh" content="0; url=${to}">
</head>
<body>
<main>
<p>${isShortLink(redirect.from) ? words.html.shortLinkLeadsTo : words.html.storyHasMovedTo}</p>
<h1><a href="${to}" lang="${escapeHtml(redirect.lang)}" dir="${escapeHtml(redirect.dir)}">${headline}</a></h1>
</main>
</body>
</html>
`;
}
