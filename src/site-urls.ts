/**
 * Where the site lives. A site may be published under a sub-path (https://example.github.io/news/):
 * pages keep writing root-relative URLs such as /pakistan/, and the path prefix is added once, here
 * for feeds, sitemaps and redirect maps, and by Eleventy's HtmlBasePlugin for HTML.
 */

/** "news", "/news", "news/" and "/news/" all mean "/news/"; an empty prefix means the domain root "/". */
export function normalizePathPrefix(prefix: string): string {
  const parts = prefix.split("/").filter(Boolean);
  return parts.length === 0 ? "/" : `/${parts.join("/")}/`;
}

export interface SiteLocation {
  /** "/" or "/news/": what every site path is published under. */
  pathPrefix: string;
  /** The absolute URL of the site's home page without its trailing slash, e.g. https://example.github.io/news. */
  siteUrl: string;
}

/**
 * The path prefix is the one given (setting or --pathprefix), or else the path of baseUrl, so that
 * baseUrl "https://example.github.io/news" alone publishes a working site under /news/.
 */
export function siteLocation(baseUrl: string, pathPrefix?: string): SiteLocation {
  const base = new URL(baseUrl);
  const prefix = normalizePathPrefix(pathPrefix ?? base.pathname);
  return { pathPrefix: prefix, siteUrl: base.origin + prefix.replace(/\/$/, "") };
}

/**
 * A story's address: its section's folder, or noSectionSlug's for a story with none, then its slug. One
 * function for the loader and `npm run new`, which refuses a headline whose address a story already has.
 */
export function storyPath(sectionSlug: string | undefined, slug: string, settings: { noSectionSlug: string }): string {
  return `/${sectionSlug ?? settings.noSectionSlug}/${slug}/`;
}

/** A site path (/pakistan/story/) as it is served: /news/pakistan/story/ under a path prefix. */
export function prefixedPath(sitePath: string, location: Pick<SiteLocation, "pathPrefix">): string {
  return location.pathPrefix + sitePath.replace(/^\/+/, "");
}

/** A site path as the file's place in the site's folder, as the link check and the page writer name files: /img/a.jpeg → img/a.jpeg. */
export function siteFile(sitePath: string): string {
  return sitePath.replace(/^\/+/, "");
}

/**
 * A site path as an absolute URL. Non-ASCII letters (a tag in Urdu) are percent-encoded, as the
 * sitemap protocol and feed readers expect. A site path is a file's name and has no query: a % ? or #
 * in it (a lead image named as an editor named it) is a character of the name, and is encoded too.
 */
export function absoluteUrl(sitePath: string, location: Pick<SiteLocation, "siteUrl">): string {
  return location.siteUrl + encodeSitePath(sitePath.startsWith("/") ? sitePath : `/${sitePath}`);
}

/** A site path as an address that asks for its file: percent-encoded, a % ? or # in a file's name too (it has no query). */
export function encodeSitePath(sitePath: string): string {
  return encodeURI(sitePath).replace(/\?/g, "%3F").replace(/#/g, "%23");
}

/**
 * Any URL found in content made absolute: full URLs stay as they are, root-relative ones gain the
 * site's address and path prefix, and relative ones (#anchors, ../x) resolve against the page they are on.
 */
export function resolveContentUrl(url: string, pageUrl: string, location: Pick<SiteLocation, "siteUrl">): string {
  const trimmed = url.trim();
  if (trimmed === "" || /^[a-z][a-z0-9+.-]*:/i.test(trimmed) || trimmed.startsWith("//")) return trimmed;
  if (trimmed.startsWith("/")) return location.siteUrl + trimmed;
  try {
    return new URL(trimmed, pageUrl).toString();
  } catch {
    return trimmed;
  }
}

/**
 * A link's percent-encoded path as the file name it stands for, as a server decodes the path a browser
 * asks for (and the build's link check, src/link-check.ts): `%3F` and `%23` are a `?` and a `#` in the
 * name, which decodeURI would leave encoded. As it is when it is not valid encoding.
 */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
