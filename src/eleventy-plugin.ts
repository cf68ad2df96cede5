import path from "node:path";
import type { UserConfig } from "@11ty/eleventy";
import type { Article } from "./article.ts";
import { loadArticles } from "./article-loader.ts";
import { settingsForBuild, type BuildOptions } from "./build-options.ts";
import { META_CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from "./content-security-policy.ts";
import type { SettingsInput } from "./settings.ts";
import { buildSiteData } from "./site-data.ts";
import { describeImages, imageFiles, type ImageFacts } from "./image-facts.ts";
import publishing from "./publishing-plugin.ts";
import { publishedAssets } from "./published-assets.ts";
import { loadForPreview, previewServer } from "./preview-server.ts";
import { addResponsiveImages, copyImagesInto, imageCacheDir } from "./images.ts";
import { buildSearchIndex } from "./search-index.ts";
import { cacheNunjucksCompiles } from "./nunjucks-compile-cache.ts";
import { PreviewRebuilds } from "./preview-rebuilds.ts";
import { pageSetFromEnv, selectPageSet, templatesOutsideShard } from "./build-shards.ts";
import { chunkCount, chunkOf, lastLoad, loadOnce, pageChunkFromEnv } from "./page-chunks.ts";

/** What one load of the archive gives the build: the articles, and the type and size of their lead images. */
interface LoadedNews {
  articles: Article[];
  images: Map<string, ImageFacts>;
  /** Every image variant the pages use: site URL → file in the image cache. */
  imageFiles: Map<string, string>;
}

export interface NewsSiteOptions extends BuildOptions {
  settings: SettingsInput;
}

/**
 * Wires the news site into Eleventy: the settings and the articles become global data (read and
 * validated once per build), and the templates paginate over them.
 */
export default function newsSite(eleventyConfig: UserConfig, options: NewsSiteOptions): void {
  const settings = settingsForBuild(options.settings, options);
  let loaded: LoadedNews = { articles: [], images: new Map(), imageFiles: new Map() };
  const imageVariants = new Map<string, string>();
  // Each article read is given its responsive pictures once (src/images.ts, with a cache on disk);
  // the same article object keeps the same pictured object, which the preview's rebuilds rely on.
  const pictured = new WeakMap<Article, Article>();

  eleventyConfig.addGlobalData("site", settings);
  const preview = new PreviewRebuilds(eleventyConfig);
  const pages = pageSetFromEnv();
  const chunk = pageChunkFromEnv();
  const load = async (): Promise<LoadedNews> => {
    const articles = await loadArticles({ ...options, settings, cache: preview.cache });
    const fresh = articles.filter((article) => !pictured.has(article));
    const processed = await addResponsiveImages(fresh, options.publicDir, { cacheDir: imageCacheDir() });
    fresh.forEach((article, index) => pictured.set(article, processed.articles[index]!));
    for (const [url, file] of processed.files) imageVariants.set(url, file);
    const withPictures = articles.map((article) => pictured.get(article)!);
    return {
      articles: withPictures,
      images: await describeImages(imageFiles(withPictures, settings.logo, options.publicDir)),
      imageFiles: new Map(imageVariants),
    };
  };
  const loadKey = JSON.stringify([options.articlesDir, options.now.toMillis(), options.includeUnpublished, settings]);
  // npm run build (which always writes in chunks) starts reading now, on the worker threads, while
  // Eleventy sets itself up on this one; the data below waits for it.
  if (chunk) void loadOnce(loadKey, load);
  eleventyConfig.addGlobalData("news", async () => {
    loaded = await loadForPreview(() => (chunk ? loadOnce(loadKey, load) : load()), () => ({ articles: [], images: new Map(), imageFiles: new Map() }));
    const data = selectPageSet(await preview.select(buildSiteData(loaded.articles, settings, { now: options.now, images: loaded.images })), pages);
    lastLoad.articlePages = data.articlePages.length;
    return chunk ? { ...data, articlePages: chunkOf(data.articlePages, chunk) } : data;
  });
  // A shard of a sharded build (src/build-shards.ts), and every chunk of a large build but the first
  // (src/page-chunks.ts), writes article pages only.
  if (pages === "articles" || (chunk && chunk.index > 0)) for (const file of templatesOutsideShard("templates")) eleventyConfig.ignores.add(file);

  // Feeds, sitemaps, article metadata, short-URL redirects and the path prefix (src/publishing-plugin.ts).
  eleventyConfig.addPlugin(publishing, { settings });
  // The Content Security Policy as a meta tag in every page (src/content-security-policy.ts); _headers carries it below.
  eleventyConfig.addGlobalData("contentSecurityPolicy", META_CONTENT_SECURITY_POLICY);

  // Front-matter text reaches pages only through autoescaped output; say so rather than rely on a default.
  eleventyConfig.setNunjucksEnvironmentOptions({ autoescape: true, throwOnUndefined: false });
  cacheNunjucksCompiles(eleventyConfig);

  eleventyConfig.addPassthroughCopy({ [path.relative(process.cwd(), options.publicDir) || "."]: "/" });
  eleventyConfig.addWatchTarget(path.relative(process.cwd(), options.articlesDir) + "/");

  // Fingerprinted CSS/JS and the _headers cache rules (production builds); the preview's error notice.
  publishedAssets(eleventyConfig, {
    publicDir: options.publicDir,
    pathPrefix: settings.pathPrefix,
    headersForAllPaths: () => Object.entries(SECURITY_HEADERS).map(([name, value]) => `${name}: ${value}`),
  });
  previewServer(eleventyConfig);

  // Once the last run of a build has written its pages: lead images kept beside their articles are
  // published at the /media/ URL the loader gave them, the image variants are copied from the cache,
  // and the search index is made from the finished pages (src/search-index.ts).
  eleventyConfig.on("eleventy.after", async ({ directories }) => {
    if (chunk && chunk.index < chunkCount(lastLoad.articlePages, chunk.size) - 1) return;
    const originals = new Map<string, string>();
    for (const article of loaded.articles) {
      if (article.image?.url.startsWith("/media/")) originals.set(article.image.url, article.image.file);
    }
    await copyImagesInto(directories.output, new Map([...originals, ...loaded.imageFiles]));
    // A sharded build's jobs each write part of the site; it indexes the merged site itself.
    if (pages === "all" && preview.wroteEveryPage) await buildSearchIndex(directories.output, settings.language);
  });
}
