/**
 * The `_headers` file that Netlify and Cloudflare Pages read from the published folder: how long
 * browsers and CDNs may keep each file. Pages and feeds change whenever news breaks, so they are kept
 * briefly; fingerprinted CSS and JavaScript never change under their name, so they are kept for a year.
 */

/** Pages, feeds and every file without a content hash in its name. */
export const SHORT_CACHE = "public, max-age=300, must-revalidate";
/** Files whose name changes with their content. */
export const IMMUTABLE_CACHE = "public, max-age=31536000, immutable";

export interface HeadersOptions {
  /** Root-relative URLs of the fingerprinted files, e.g. /css/site.3f2a9c1b.css. */
  immutablePaths: readonly string[];
  /**
   * More header lines for every response (`Name: value`), e.g. a Content-Security-Policy from
   * another module; they are written under the site-wide rule after the cache rule.
   */
  forAllPaths?: readonly string[];
  /** The site's path prefix (`/` at a domain's root). */
  pathPrefix?: string;
  /**
   * Cloudflare Pages joins the values of a header set by several matching rules, so a fingerprinted
   * file's rule first detaches the site-wide Cache-Control (`! Cache-Control`). Netlify does not know
   * that syntax (it takes the more specific rule's value instead), so it is left out there.
   */
  detachSiteWideCache?: boolean;
}

export function renderHeaders(options: HeadersOptions): string {
  const prefix = (options.pathPrefix ?? "/").replace(/\/+$/, "");
  const lines = [
    "# Written by the build (src/headers.ts): cache rules for Netlify and Cloudflare Pages.",
    "# Pages and feeds are kept briefly; fingerprinted CSS and JavaScript for a year.",
    `${prefix}/*`,
    `  Cache-Control: ${SHORT_CACHE}`,
    ...(options.forAllPaths ?? []).map((line) => `  ${checkedHeaderLine(line)}`),
  ];
  for (const url of [...options.immutablePaths].sort()) {
    lines.push("", `${prefix}${url}`);
    if (options.detachSiteWideCache !== false) lines.push("  ! Cache-Control");
    lines.push(`  Cache-Control: ${IMMUTABLE_CACHE}`);
  }
  return `${lines.join("\n")}\n`;
}

/** A header line must be `Name: value` on one line, or the host would misread every rule after it. */
function checkedHeaderLine(line: string): string {
  const text = line.trim();
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+:[^\r\n]*$/.test(text)) {
    throw new Error(`A _headers line must be "Name: value" on one line; found ${JSON.stringify(line)}`);
  }
  return text;
}
