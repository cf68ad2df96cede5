import { readFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";

/**
 * What a reader downloads to read a page, images aside: the HTML and every stylesheet, script and
 * font it links to, each gzipped as a web server would send it. The budget is 14 KB: what fits in the
 * first round trip of a new connection (ten TCP packets), so a story shows on the first round trip
 * even on a slow phone network.
 */
export const PAGE_BUDGET_BYTES = 14 * 1024;

export interface PageWeight {
  /** Each file's site path and its gzipped size in bytes. */
  files: Array<{ url: string; bytes: number }>;
  total: number;
}

const LINKED = [
  /<link\b[^>]*\brel="(?:stylesheet|preload|modulepreload)"[^>]*\bhref="([^"]+)"/g,
  /<link\b[^>]*\bhref="([^"]+)"[^>]*\brel="(?:stylesheet|preload|modulepreload)"/g,
  /<script\b[^>]*\bsrc="([^"]+)"/g,
];
const FONT = /@font-face|\.(?:woff2?|ttf|otf)\b/i;

/** Weighs the page at URL_PATH (e.g. /news/slug/) of the built site in SITE_DIR. */
export async function pageWeight(siteDir: string, urlPath: string): Promise<PageWeight> {
  const htmlFile = path.join(siteDir, urlPath, urlPath.endsWith("/") ? "index.html" : "");
  const html = await readFile(htmlFile);
  const files = [{ url: urlPath, bytes: gzipSync(html).length }];
  const linked = new Set<string>();
  for (const pattern of LINKED) for (const match of html.toString("utf8").matchAll(pattern)) linked.add(match[1]!);
  for (const url of [...linked].sort()) {
    if (/^[a-z]+:/i.test(url)) throw new Error(`${urlPath} loads ${url} from another site; a page's own files must come from the site`);
    const body = await readFile(path.join(siteDir, new URL(url, "http://site" + urlPath).pathname));
    files.push({ url, bytes: gzipSync(body).length });
  }
  return { files, total: files.reduce((sum, file) => sum + file.bytes, 0) };
}

/** Whether the page or its stylesheets use web fonts (the design uses the reader's own system fonts). */
export async function usesWebFonts(siteDir: string, weight: PageWeight): Promise<boolean> {
  for (const file of weight.files) {
    const text = await readFile(path.join(siteDir, file.url, file.url.endsWith("/") ? "index.html" : ""), "utf8");
    if (FONT.test(text)) return true;
  }
  return false;
}
