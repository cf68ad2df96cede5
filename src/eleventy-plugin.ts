import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { UserConfig } from "@11ty/eleventy";
import { DateTime } from "luxon";
import type { Article } from "./article.ts";
import { publicationStatus } from "./publication-status.ts";
import { settingsForBuild, type BuildOptions } from "./build-options.ts";
import { metaContentSecurityPolicy, securityHeaders } from "./content-security-policy.ts";
import type { SettingsInput } from "./settings.ts";
import { buildSiteData, type SiteData } from "./site-data.ts";
import publishing from "./publishing-plugin.ts";
import { publishedAssets } from "./published-assets.ts";
import { isPreview, loadForPreview, previewServer } from "./preview-server.ts";
import { liveReloadClientHash } from "./preview-session.ts";
import { articleCacheDir } from "./article-disk-cache.ts";
import { buildPageCache } from "./page-cache.ts";
import { imageSiteFiles, keepUsedImages, NewsLoader, NO_NEWS, previewImageUse, publishImages, type LoadedNews } from "./news-loader.ts";
import { buildPagesWritten, PREVIEW_SEARCH_PAUSE_MS, SearchIndexRuns, searchThreading } from "./search-index.ts";
import { searchCacheDir } from "./search-cache.ts";
import { pauseWhileRendering } from "./render-pauses.ts";
import { announceRenderedPages, announceSiteFiles, handOnPage, pageRendered } from "./rendered-pages.ts";
import { textDirection } from "./languages.ts";
import { fillIn, numberedWord, pageOfTotal, titleOnPage, titleWithSite, wordsFor, type NumberedWordName } from "./site-words.ts";
import { localFormats } from "./local-formats.ts";
import { joinLinks } from "./name-lists.ts";
import { punctuationIn, spaceAfterPunctuation } from "./punctuation.ts";
import { REDIRECT_PAGE_SOURCE, redirectPage, type Redirect } from "./redirects.ts";
import { outputFileOf } from "./stale-pages.ts";
import { cacheNunjucksCompiles } from "./nunjucks-compile-cache.ts";
import { PreviewRebuilds } from "./preview-rebuilds.ts";
import { publishesStaticFile } from "./static-files.ts";
import { pageSetFromEnv, searchedStories, selectPageSet, templatesOutsideShard } from "./build-shards.ts";
import { chunkCount, chunkOf, lastLoad, loadOnce, chunkedPageCount, pageChunkFromEnv, templatesWrittenOnce } from "./page-chunks.ts";

/** The archive as loaded, and the site data made from it. */
interface LoadedSite {
  news: LoadedNews;
  data: SiteData;
}

/** The search page's template, left out when the site has no search of its own (the `search` setting). */
const SEARCH_TEMPLATE = path.join("templates", "search.njk");

export interface NewsSiteOptions extends BuildOptions {
  settings: SettingsInput;
}

/**
 * Wires the news site into Eleventy: the settings and the articles become global data (read and
 * validated once per build), and the templates paginate over them.
 */
export default function newsSite(eleventyConfig: UserConfig, options: NewsSiteOptions): void {
  const settings = settingsForBuild(options.settings, options);
  const loader = new NewsLoader({ ...options, settings });
  let loaded: LoadedNews = NO_NEWS;
  const keepPreviewedImages = previewImageUse();

  eleventyConfig.addGlobalData("site", settings);
  // The site's own words (src/site-words.ts): among the site's text, and (wordsIn) among a story's.
  eleventyConfig.addGlobalData("siteDirection", textDirection(settings.language));
  const siteWords = wordsFor(settings, settings.language);
  eleventyConfig.addGlobalData("words", siteWords);
  eleventyConfig.addFilter("wordsIn", (lang: string) => wordsFor(settings, lang));
  eleventyConfig.addFilter("fillIn", fillIn);
  // A page's title with the site's name, joined as the publication joins them ("Harbour reopens | Example Bay News").
  eleventyConfig.addFilter("withSiteName", (title: string) => titleWithSite(siteWords, title, settings.name));
  // Page numbers and counts in the site's language's digits and grouping ("2 447"; src/local-formats.ts).
  const { number } = localFormats(settings.language);
  eleventyConfig.addFilter("number", number);
  // A listing's page number in its words, placed as the site's language places it ("page 2", "2ページ"), as HTML and as text.
  eleventyConfig.addFilter("numbered", (name: NumberedWordName, page: number) => numberedWord(siteWords, name, number(page)).html);
  eleventyConfig.addFilter("numberedText", (name: NumberedWordName, page: number) => numberedWord(siteWords, name, number(page)).text);
  eleventyConfig.addFilter("onPage", (title: string, page: number) => titleOnPage(title, numberedWord(siteWords, "page", number(page)).text, settings.language));
  // The pager's "Page 2 of 10", the numbers where the site's language puts them ("10ページ中2ページ").
  eleventyConfig.addFilter("pageOfTotal", (page: number, total: number) => pageOfTotal(siteWords, number(page), number(total)).html);
  // Lists of names joined, and punctuation spaced, as the language of the text round them does (src/name-lists.ts, src/punctuation.ts).
  eleventyConfig.addFilter("joinLinks", joinLinks);
  eleventyConfig.addFilter("punctuationIn", punctuationIn);
  eleventyConfig.addFilter("spaceAfterPunctuation", spaceAfterPunctuation);
  // Draft, scheduled or published, as at the site data's now: the preview flags the first two (a build has none).
  eleventyConfig.addFilter("publicationStatus", (story: Article, now: DateTime) => publicationStatus(story, now.toMillis()));
  const preview = new PreviewRebuilds(eleventyConfig, options.articlesDir, { nowFromClock: options.nowFromClock });
  const pages = pageSetFromEnv();
  const chunk = pageChunkFromEnv();
  const load = () => loader.load(preview.cache);
  // The preview's saves make the site data from the last one's, which keeps what is unchanged.
  let lastData: SiteData | undefined;
  // The preview judges which stories are out by the clock at each rebuild (src/publication-status.ts).
  const nowOfLoad = () => (isPreview() && options.nowFromClock ? DateTime.utc() : options.now);
  const withSiteData = async (news: LoadedNews): Promise<LoadedSite> => {
    const data = buildSiteData(news.articles, settings, { now: nowOfLoad(), images: news.images, sharePicture: news.sharePicture, movedRedirects: news.movedRedirects, previous: lastData });
    lastData = data;
    return { news, data: selectPageSet(await preview.select(data), pages) };
  };
  const loadKey = JSON.stringify([options.articlesDir, options.now.toMillis(), options.includeUnpublished, settings]);
  // The search index is written from the stories while the pages render (src/search-index.ts); in a
  // sharded build, each part by the job that writes its stories' pages (searchedStories).
  const search = !settings.search
    ? undefined
    : new SearchIndexRuns(loadKey, {
        language: settings.language,
        words: settings.words,
        cacheDir: searchCacheDir(),
        // npm run build's: its page cache knows each story's digest, and its pages when they are written.
        storyDigest: (article) => buildPageCache.current?.storyDigest(article),
        pagesWritten: buildPagesWritten.current,
      });
  // Pagefind's replies are handled on this thread, between pages (src/render-pauses.ts).
  if (search) pauseWhileRendering(eleventyConfig);
  // The preview's background index makes way for each rebuild.
  eleventyConfig.on("eleventy.beforeWatch", () => search?.rebuildStarted());
  let outputDir = "";
  let stories: Article[] = [];
  eleventyConfig.on("eleventy.before", ({ directories }) => {
    outputDir = directories.output;
  });
  // npm run build (which always writes in chunks) starts reading now, on the worker threads, while
  // Eleventy sets itself up on this one; the data below waits for it. Its runs share one load and one
  // site data: made again in each run, the site data of a large archive was kept by every finished
  // run, and memory grew by the run. Only files changed since the last build are read (src/article-disk-cache.ts).
  // Pages kept from the last build whose digest is the same are taken, not rendered (src/page-cache.ts).
  const loadBuild = async () => {
    const site = await withSiteData(await loader.loadWithDiskCache(articleCacheDir()));
    const pageCache = buildPageCache.current;
    return pageCache ? { ...site, data: await pageCache.plan(site.data) } : site;
  };
  // The short links' pages of a run (src/redirects.ts), made as its data is: to the build's page writer,
  // which writes them while Eleventy renders the rest, or else (the preview) into Eleventy's folder, one
  // file after another, as the page writer writes (src/page-writer-worker.ts says why).
  const redirectSite = { ...settings, contentSecurityPolicy: metaContentSecurityPolicy(settings) };
  const writeRedirectPages = (redirects: readonly Redirect[]) => {
    for (const redirect of redirects) {
      const outputPath = outputFileOf(outputDir, redirect.from);
      const page = { url: redirect.from, inputPath: REDIRECT_PAGE_SOURCE, outputPath, content: redirectPage(redirect, redirectSite) };
      if (handOnPage(page)) continue;
      mkdirSync(path.dirname(outputPath), { recursive: true });
      writeFileSync(outputPath, page.content);
    }
  };
  if (chunk) void loadOnce(loadKey, loadBuild);
  eleventyConfig.addGlobalData("news", async () => {
    const site = chunk ? await loadOnce(loadKey, loadBuild) : await withSiteData(await loadForPreview(load, () => NO_NEWS, options.articlesDir));
    loaded = site.news;
    if (chunk?.index === 0) announceSiteFiles(imageSiteFiles(loaded));
    lastLoad.pages = chunkedPageCount(site.data);
    // The preview indexes once its pages are written (below), so a save shows as soon as its page does.
    stories = site.data.articles;
    const searched = isPreview() ? undefined : searchedStories(pages, stories, site.news.storiesElsewhere);
    if (searched) search?.start(searched.stories, outputDir, searchThreading(), searched.storiesElsewhere);
    const run = chunkOf(site.data, chunk);
    writeRedirectPages(run.redirectPages);
    return run;
  });
  // A shard of a sharded build (src/build-shards.ts) writes article pages only; every chunk of a large
  // build but the first (src/page-chunks.ts) leaves out the pages there is one of.
  if (pages === "articles") for (const file of templatesOutsideShard("templates")) eleventyConfig.ignores.add(file);
  else if (chunk && chunk.index > 0) for (const file of templatesWrittenOnce("templates")) eleventyConfig.ignores.add(file);
  // A site without its own search has no search page (the links to it are left out by the templates).
  if (!settings.search) eleventyConfig.ignores.add(SEARCH_TEMPLATE);

  // Feeds, sitemaps, article metadata, short-URL redirects and the path prefix (src/publishing-plugin.ts).
  eleventyConfig.addPlugin(publishing, { settings });
  // The Content Security Policy as a meta tag in every page (src/content-security-policy.ts); _headers carries it below.
  // In the preview, Eleventy's live-reload client may run inline on the 404 page (src/preview-session.ts).
  eleventyConfig.addGlobalData("contentSecurityPolicy", metaContentSecurityPolicy({ ...settings, inlineScripts: isPreview() ? [liveReloadClientHash()] : [] }));

  // Front-matter text reaches pages only through autoescaped output; say so rather than rely on a default.
  eleventyConfig.setNunjucksEnvironmentOptions({ autoescape: true, throwOnUndefined: false });
  // Each page's text as Nunjucks renders it, for the build to write at once (src/rendered-pages.ts).
  cacheNunjucksCompiles(eleventyConfig, pageRendered);

  eleventyConfig.addPassthroughCopy({ [path.relative(process.cwd(), options.publicDir) || "."]: "/" }, { filter: (file: string) => publishesStaticFile(file, settings) });

  // Fingerprinted CSS/JS and the _headers cache rules (production builds); the preview's error notice.
  publishedAssets(eleventyConfig, {
    publicDir: options.publicDir,
    pathPrefix: settings.pathPrefix,
    headersForAllPaths: () => Object.entries(securityHeaders(settings)).map(([name, value]) => `${name}: ${value}`),
    search: settings.search,
  });
  previewServer(eleventyConfig, { publicDir: options.publicDir, pathPrefix: settings.pathPrefix });

  // Each finished page goes to the build (src/rendered-pages.ts): as soon as it is rendered when no
  // transform would change it (only a path prefix does here); otherwise last, after every transform.
  announceRenderedPages(eleventyConfig);

  // Once the last run of a build has written its pages, the images go in beside them, and the search
  // index, begun when the stories were read, is waited for.
  eleventyConfig.on("eleventy.after", async ({ directories, outputMode }) => {
    if (chunk && chunk.index < chunkCount(lastLoad.pages, chunk.size) - 1) return;
    // npm run build's folder is new, and no picture is made after its pages: it may link the image cache's files.
    // A build, and the preview, record which of them they used, and a whole build forgets those long unused (src/image-cache-pruning.ts).
    await Promise.all([publishImages(directories.output, loaded, { link: !isPreview() }), isPreview() ? keepPreviewedImages(loaded) : keepUsedImages(loaded, { wholeSite: pages === "all" })]);
    // A preview rebuild of every page (the first, or after a template change) is indexed at once.
    if (isPreview()) search?.startInBackground(stories, directories.output, preview.wroteEveryPage ? 0 : PREVIEW_SEARCH_PAUSE_MS);
    // A run that returns its pages instead of writing them (toJSON) has a caller that writes them, and
    // waits for the index meanwhile (src/cli/render.ts).
    else if (outputMode !== "json") await search?.finished();
  });
}
