import { SEARCH_HASHED_FOLDERS, SEARCH_META_EXTENSION } from "./search-shards.ts";
import { IMAGE_URL_PATH, SEARCH_FOLDER } from "./site-folders.ts";

/**
 * The `_headers` file that Netlify and Cloudflare Pages read from the published folder: how long
 * browsers and CDNs may keep each file. Pages and feeds change whenever news breaks, so they are kept
 * briefly; fingerprinted CSS and JavaScript never change under their name, so they are kept for a
 * year, as are the image variants (IMAGE_VARIANTS); the search indexes' chunks and metadata, named by
 * Pagefind after their content, for a day (SEARCH_CHUNK_CACHE).
 */

/** Pages, feeds and every file without a content hash in its name. */
export const SHORT_CACHE = "public, max-age=300, must-revalidate";
/** Files whose name changes with their content. */
export const IMMUTABLE_CACHE = "public, max-age=31536000, immutable";
/**
 * The search indexes' chunks (index/, fragment/, filter/ of each Pagefind index) and their metadata files,
 * which the indexes' entries name. The chunks' names carry only 7 hex digits of their content's hash: over a
 * year of corrections, a reader's browser holding a chunk for a year might meet a new chunk of the same name
 * and show another story in its results. Kept for a day, a repeat search that day needs no request for them,
 * and a reader could meet such a chunk only on the day it was made. The metadata goes with its chunks,
 * whose names it holds.
 */
export const SEARCH_CHUNK_CACHE = "public, max-age=86400";

/**
 * The sizes and formats the build makes of every image a story shows (src/images.ts). eleventy-img names
 * each after a hash of the source image's bytes and the encoder's settings (10 characters of base64, 60
 * bits, where Pagefind's chunk names hold 28), and the JPEGs after the step that lays them on white too
 * (PixelTransform), so a replaced photograph is published under a new name and a name's bytes never
 * change. They are most of what a front page or a story weighs: kept for five minutes, a reader coming
 * back asked again for each one. Videos and audio (/media/) are named after their file and
 * stay brief.
 */
export const IMAGE_VARIANTS = `${IMAGE_URL_PATH}*`;

/** The two hosts that read `_headers`; they differ in how a rule names paths and in detaching a header. */
export type HeadersHost = "cloudflare" | "netlify";

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
   * Cloudflare Pages (the default) joins the values of a header set by several matching rules, so a
   * longer-kept file's rule first detaches the site-wide Cache-Control (`! Cache-Control`). Netlify does
   * not know that syntax (it takes the later rule's value instead), so it is left out there.
   */
  host?: HeadersHost;
  /** Whether the site has its own search (the `search` setting): without it there are no index chunks to keep. */
  search?: boolean;
}

export function renderHeaders(options: HeadersOptions): string {
  const prefix = (options.pathPrefix ?? "/").replace(/\/+$/, "");
  const host = options.host ?? "cloudflare";
  const search = options.search ?? true;
  const lines = [
    "# Written by the build (src/headers.ts): cache rules for Netlify and Cloudflare Pages.",
    `# Pages and feeds are kept briefly, fingerprinted CSS and JavaScript and the image variants for a year${search ? ", the search indexes' chunks and metadata for a day" : ""}.`,
    `${prefix}/*`,
    `  Cache-Control: ${SHORT_CACHE}`,
    ...(options.forAllPaths ?? []).map((line) => `  ${checkedHeaderLine(line)}`),
  ];
  const rules = [
    ...[...options.immutablePaths].sort().map((url) => ({ url, cache: IMMUTABLE_CACHE })),
    { url: IMAGE_VARIANTS, cache: IMMUTABLE_CACHE },
    ...(search ? searchContentNamedPatterns(host) : []).map((url) => ({ url, cache: SEARCH_CHUNK_CACHE })),
  ];
  for (const { url, cache } of rules) {
    lines.push("", `${prefix}${url}`);
    if (host === "cloudflare") lines.push("  ! Cache-Control");
    lines.push(`  Cache-Control: ${cache}`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The search indexes' files named by their content, the chunk folders (pagefind/index/, pagefind-1/fragment/,
 * …) and the metadata (pagefind/pagefind.en_5b22db452c.pf_meta), as each host's path patterns. Cloudflare
 * allows one `*` in a rule but a `:placeholder` anywhere in a segment, so the numbered folders take a
 * placeholder; Netlify takes a placeholder only as a whole segment but a `*` anywhere. Either way a fixed
 * handful of rules covers any number of indexes (Cloudflare reads at most 100 rules).
 */
function searchContentNamedPatterns(host: HeadersHost): string[] {
  const namesInFolder = [...SEARCH_HASHED_FOLDERS.map((folder) => `${folder}/*`), `*${SEARCH_META_EXTENSION}`];
  return namesInFolder.flatMap((names) =>
    host === "netlify" ? [`/${SEARCH_FOLDER}*/${names}`] : [`/${SEARCH_FOLDER}/${names}`, `/${SEARCH_FOLDER}-:part/${names}`],
  );
}

/** A header line must be `Name: value` on one line, or the host would misread every rule after it. */
function checkedHeaderLine(line: string): string {
  const text = line.trim();
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+:[^\r\n]*$/.test(text)) {
    throw new Error(`A _headers line must be "Name: value" on one line; found ${JSON.stringify(line)}`);
  }
  return text;
}
