import { copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import type { UserConfig } from "@11ty/eleventy";
import type { Article } from "./article.ts";
import { loadArticles } from "./article-loader.ts";
import type { BuildOptions } from "./build-options.ts";
import { resolveSettings, type SettingsInput } from "./settings.ts";
import { buildSiteData } from "./site-data.ts";
import { cacheNunjucksCompiles } from "./nunjucks-compile-cache.ts";
import { PreviewRebuilds } from "./preview-rebuilds.ts";
import { pageSetFromEnv, selectPageSet, templatesOutsideShard } from "./build-shards.ts";
import { chunkOf, lastLoad, loadOnce, pageChunkFromEnv } from "./page-chunks.ts";

export interface NewsSiteOptions extends BuildOptions {
  settings: SettingsInput;
}

/**
 * Wires the news site into Eleventy: the settings and the articles become global data (read and
 * validated once per build), and the templates paginate over them.
 */
export default function newsSite(eleventyConfig: UserConfig, options: NewsSiteOptions): void {
  const settings = resolveSettings(options.settings, options.settingsOverrides);
  let published: Article[] = [];

  eleventyConfig.addGlobalData("site", settings);
  const preview = new PreviewRebuilds(eleventyConfig);
  const pages = pageSetFromEnv();
  const chunk = pageChunkFromEnv();
  const load = () => loadArticles({ ...options, settings, cache: preview.cache });
  const loadKey = JSON.stringify([options.articlesDir, options.now.toMillis(), options.includeUnpublished, settings]);
  // npm run build (which always writes in chunks) starts reading now, on the worker threads, while
  // Eleventy sets itself up on this one; the data below waits for it.
  if (chunk) void loadOnce(loadKey, load);
  eleventyConfig.addGlobalData("news", async () => {
    published = chunk ? await loadOnce(loadKey, load) : await load();
    const data = selectPageSet(preview.select(buildSiteData(published, settings)), pages);
    lastLoad.articlePages = data.articlePages.length;
    return chunk ? { ...data, articlePages: chunkOf(data.articlePages, chunk) } : data;
  });
  // A shard of a sharded build (src/build-shards.ts), and every chunk of a large build but the first
  // (src/page-chunks.ts), writes article pages only.
  if (pages === "articles" || (chunk && chunk.index > 0)) for (const file of templatesOutsideShard("templates")) eleventyConfig.ignores.add(file);

  // Front-matter text reaches pages only through autoescaped output; say so rather than rely on a default.
  eleventyConfig.setNunjucksEnvironmentOptions({ autoescape: true, throwOnUndefined: false });
  cacheNunjucksCompiles(eleventyConfig);

  eleventyConfig.addPassthroughCopy({ [path.relative(process.cwd(), options.publicDir) || "."]: "/" });
  eleventyConfig.addWatchTarget(path.relative(process.cwd(), options.articlesDir) + "/");

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
  });
}
