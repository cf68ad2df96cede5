import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { UserConfig } from "@11ty/eleventy";
import { findFingerprintedAssets } from "./fingerprint.ts";
import { renderHeaders } from "./headers.ts";
import { announceSiteFiles } from "./rendered-pages.ts";
import { siteFile } from "./site-urls.ts";
import { publishesStaticFile } from "./static-files.ts";

export interface PublishedAssetsOptions {
  publicDir: string;
  /** The site's path prefix ("/" or "/news/"), which the `_headers` rules must include. */
  pathPrefix?: string;
  /** Extra `Name: value` lines for every response in `_headers` (e.g. a Content-Security-Policy). */
  headersForAllPaths?: () => readonly string[];
  /** Whether the site has its own search (the `search` setting): its script is published, and `_headers` has a rule for its index chunks. */
  search: boolean;
}

/**
 * What a production build adds for hosting: fingerprinted copies of the CSS (without its comments) and JavaScript, which
 * templates name through the `assetUrl` filter (`{{ "/css/site.css" | assetUrl }}`), and the
 * `_headers` cache rules. The preview server skips fingerprinting so
 * that a CSS change reloads in the browser at once, under the name the templates wrote.
 */
export function publishedAssets(eleventyConfig: UserConfig, options: PublishedAssetsOptions): void {
  // Plain URL → fingerprinted URL.
  let hashedUrls = new Map<string, string>();

  eleventyConfig.on("eleventy.before", async ({ runMode, directories }) => {
    const assets = runMode === "build" ? await findFingerprintedAssets(options.publicDir, (file) => publishesStaticFile(file, options)) : [];
    hashedUrls = new Map(assets.map((asset) => [asset.url, asset.hashedUrl]));
    if (runMode !== "build") return;
    for (const asset of assets) {
      const target = path.join(directories.output, asset.hashedUrl);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, asset.content);
    }
    // Every page links to them: the build's link check is told they are there (src/rendered-pages.ts).
    announceSiteFiles(assets.map((asset) => siteFile(asset.hashedUrl)));
    const headers = renderHeaders({
      immutablePaths: assets.map((asset) => asset.hashedUrl),
      forAllPaths: options.headersForAllPaths?.() ?? [],
      pathPrefix: options.pathPrefix,
      search: options.search,
      // Netlify sets NETLIFY=true in its builds.
      host: process.env.NETLIFY === "true" ? "netlify" : "cloudflare",
    });
    await mkdir(directories.output, { recursive: true });
    await writeFile(path.join(directories.output, "_headers"), headers);
  });

  // A filter, not a rewrite of every finished page: that cost a second per 5,000 pages.
  eleventyConfig.addFilter("assetUrl", (url: string) => hashedUrls.get(url) ?? url);
}
