import { copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import type { UserConfig } from "@11ty/eleventy";
import type { Article } from "./article.ts";
import { loadArticles } from "./article-loader.ts";
import { settingsForBuild, type BuildOptions } from "./build-options.ts";
import { META_CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from "./content-security-policy.ts";
import type { SettingsInput } from "./settings.ts";
import { buildSiteData } from "./site-data.ts";
import { describeImages, imageFiles } from "./image-facts.ts";
import publishing from "./publishing-plugin.ts";
import { publishedAssets } from "./published-assets.ts";
import { loadForPreview, previewServer } from "./preview-server.ts";
import { addResponsiveImages, copyImagesInto, imageCacheDir } from "./images.ts";
import { buildSearchIndex } from "./search-index.ts";

export interface NewsSiteOptions extends BuildOptions {
  settings: SettingsInput;
}

/**
 * Wires the news site into Eleventy: the settings and the articles become global data (read and
 * validated once per build), and the templates paginate over them.
 */
export default function newsSite(eleventyConfig: UserConfig, options: NewsSiteOptions): void {
  const settings = settingsForBuild(options.settings, options);
  let published: Article[] = [];
  let imageVariants = new Map<string, string>();

  eleventyConfig.addGlobalData("site", settings);
  eleventyConfig.addGlobalData("news", async () => {
    // Lead and inline images become responsive <picture>s, made once and kept in a cache (src/images.ts).
    ({ articles: published, files: imageVariants } = await loadForPreview(
      async () => addResponsiveImages(await loadArticles({ ...options, settings }), options.publicDir, { cacheDir: imageCacheDir() }),
      () => ({ articles: [], files: new Map<string, string>() }),
    ));
    const images = await describeImages(imageFiles(published, settings.logo, options.publicDir));
    return buildSiteData(published, settings, { now: options.now, images });
  });

  // Feeds, sitemaps, article metadata, short-URL redirects and the path prefix (src/publishing-plugin.ts).
  eleventyConfig.addPlugin(publishing, { settings });
  // The Content Security Policy as a meta tag in every page (src/content-security-policy.ts); _headers carries it below.
  eleventyConfig.addGlobalData("contentSecurityPolicy", META_CONTENT_SECURITY_POLICY);

  // Front-matter text reaches pages only through autoescaped output; say so rather than rely on a default.
  eleventyConfig.setNunjucksEnvironmentOptions({ autoescape: true, throwOnUndefined: false });

  eleventyConfig.addPassthroughCopy({ [path.relative(process.cwd(), options.publicDir) || "."]: "/" });
  eleventyConfig.addWatchTarget(path.relative(process.cwd(), options.articlesDir) + "/");

  // Fingerprinted CSS/JS and the _headers cache rules (production builds); the preview's error notice.
  publishedAssets(eleventyConfig, {
    publicDir: options.publicDir,
    pathPrefix: settings.pathPrefix,
    headersForAllPaths: () => Object.entries(SECURITY_HEADERS).map(([name, value]) => `${name}: ${value}`),
  });
  previewServer(eleventyConfig);

  // Lead images kept beside their articles are published at the /media/ URL the loader gave them.
  eleventyConfig.on("eleventy.after", async ({ directories }) => {
    const copies = new Map<string, string>();
    for (const article of published) {
      if (article.image?.url.startsWith("/media/")) copies.set(article.image.url, article.image.file);
    }
    for (const [url, file] of copies) {
      const target = path.join(directories.output, url);
      await mkdir(path.dirname(target), { recursive: true });
      await copyFile(file, target);
    }
    await copyImagesInto(directories.output, imageVariants);
    // The search index is made from the finished pages (src/search-index.ts).
    await buildSearchIndex(directories.output, settings.language);
  });
}
