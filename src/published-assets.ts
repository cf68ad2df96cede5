import { copyFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { UserConfig } from "@11ty/eleventy";
import { findFingerprintedAssets, rewriteAssetReferences, type FingerprintedAsset } from "./fingerprint.ts";
import { renderHeaders } from "./headers.ts";

export interface PublishedAssetsOptions {
  publicDir: string;
  /** The site's path prefix ("/" or "/news/"), which the `_headers` rules must include. */
  pathPrefix?: string;
  /** Extra `Name: value` lines for every response in `_headers` (e.g. a Content-Security-Policy). */
  headersForAllPaths?: () => readonly string[];
}

/**
 * What a production build adds for hosting: fingerprinted copies of the CSS and JavaScript, every
 * page pointed at them, and the `_headers` cache rules. The preview server skips fingerprinting so
 * that a CSS change reloads in the browser at once, under the name the templates wrote.
 */
export function publishedAssets(eleventyConfig: UserConfig, options: PublishedAssetsOptions): void {
  let assets: FingerprintedAsset[] = [];
  let fingerprinting = false;

  eleventyConfig.on("eleventy.before", async ({ runMode, directories }) => {
    fingerprinting = runMode === "build";
    assets = fingerprinting ? await findFingerprintedAssets(options.publicDir) : [];
    if (!fingerprinting) return;
    for (const asset of assets) {
      const target = path.join(directories.output, asset.hashedUrl);
      await mkdir(path.dirname(target), { recursive: true });
      await copyFile(asset.file, target);
    }
    const headers = renderHeaders({
      immutablePaths: assets.map((asset) => asset.hashedUrl),
      forAllPaths: options.headersForAllPaths?.() ?? [],
      pathPrefix: options.pathPrefix,
      // Netlify sets NETLIFY=true in its builds and rejects Cloudflare's detach lines.
      detachSiteWideCache: process.env.NETLIFY !== "true",
    });
    await mkdir(directories.output, { recursive: true });
    await writeFile(path.join(directories.output, "_headers"), headers);
  });

  eleventyConfig.addTransform("fingerprinted-asset-urls", function (content) {
    const output = this.page.outputPath;
    if (typeof output !== "string" || !/\.(?:html|xml|xsl)$/.test(output)) return content;
    return rewriteAssetReferences(content, assets);
  });
}
