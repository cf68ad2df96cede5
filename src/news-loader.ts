import path from "node:path";
import type { Article } from "./article.ts";
import type { ReadCache } from "./article-cache.ts";
import { ArticleDiskCache } from "./article-disk-cache.ts";
import { loadArchive, type LoadOptions } from "./article-loader.ts";
import { identityDiff, mapKept } from "./identity-diff.ts";
import { describeImages, imageFiles, type ImageFacts } from "./image-facts.ts";
import { ImageUsers, type UsedFiles } from "./image-users.ts";
import { addResponsiveImages, imageCacheDir } from "./images.ts";
import { keepUsedVariants, PreviewUse } from "./image-cache-pruning.ts";
import { putImagesInto, UnpublishedImages, type ImageChanges } from "./image-publishing.ts";
import type { StoriesPerFolder } from "./search-shards.ts";
import { makeSharePicture, type SharePicture } from "./share-image.ts";
import { siteFile } from "./site-urls.ts";
import { movedRedirects } from "./moved-addresses.ts";
import type { Redirect } from "./redirects.ts";
import { movedEntries } from "./settings.ts";

/** What one load of the archive gives the build: the articles, and the type and size of their lead images. */
export interface LoadedNews {
  articles: Article[];
  images: Map<string, ImageFacts>;
  /** Every image variant the pages use, and the files raw <img> tags show beside their articles: site URL → file. */
  imageFiles: Map<string, string>;
  /** What the output folder's images lack since the last publish (this load's changes, and any a failed rebuild left), and how to say they were made. */
  imageChanges: ImageChanges & { published(): void };
  /** The picture shared links show for a page without its own (the `shareImage` setting), when the site names one. */
  sharePicture?: SharePicture;
  /** The stories' old addresses (the `moved` setting), each leading to one of `articles` (src/moved-addresses.ts). */
  movedRedirects: Redirect[];
  /** A shard's: how many published stories each of the archive's other top-level folders holds (src/search-shards.ts). */
  storiesElsewhere?: StoriesPerFolder;
}

export const NO_NEWS: LoadedNews = { articles: [], images: new Map(), imageFiles: new Map(), imageChanges: { put: new Map(), remove: [], published: () => undefined }, movedRedirects: [] };

/**
 * Reads the archive (src/article-loader.ts) and gives each article its responsive pictures
 * (src/images.ts, with a cache on disk). An article read again unchanged is the same object (the
 * preview's read cache), and keeps the same pictured object, which the preview's rebuilds rely on:
 * its pictures are not made again either.
 */
export class NewsLoader {
  readonly #options: Omit<LoadOptions, "cache">;
  readonly #pictured = new WeakMap<Article, Article>();
  /** The files each pictured story publishes; a story with none has no entry. */
  readonly #filesOf = new WeakMap<Article, UsedFiles>();
  /** How many of the last load's stories, and its share picture, use each file. */
  readonly #imageUsers = new ImageUsers();
  /** The files those stories brought or left that no publish has put in or taken out yet. */
  readonly #unpublished = new UnpublishedImages();
  /** The last load's stories, as read and as pictured, and its share picture's files. */
  #last: { articles: readonly Article[]; withPictures: readonly Article[]; shareFiles: UsedFiles } = { articles: [], withPictures: [], shareFiles: new Map() };

  constructor(options: Omit<LoadOptions, "cache">) {
    this.#options = options;
  }

  /**
   * npm run build's load: articles unchanged since the last build come from the cache on disk
   * (src/article-disk-cache.ts), which is stored again while the pages render. A failure to store it
   * costs the next build time, not this build its pages.
   */
  async loadWithDiskCache(cacheDir: string): Promise<LoadedNews> {
    const { settings, articlesDir, archiveDir, publicDir } = this.#options;
    const cache = await ArticleDiskCache.open(cacheDir, { settings, articlesDir, archiveDir, publicDir });
    const news = await this.load(cache);
    cache.store().catch((error: unknown) => console.warn(`The article cache was not stored: ${error instanceof Error ? error.message : String(error)}`));
    return news;
  }

  async load(cache?: ReadCache): Promise<LoadedNews> {
    const { articles, storiesElsewhere } = await loadArchive({ ...this.#options, cache });
    // The stories at the start and end of the list that the last load had too are taken from its
    // result; only those between are looked up: at 100,000 stories, a look-up a story was a tenth of a
    // second of every preview save. The new ones are given their pictures below.
    const freshAt: number[] = [];
    const withPictures = mapKept(this.#last.articles, this.#last.withPictures, articles, (article, index) => {
      const pictured = this.#pictured.get(article);
      if (!pictured) freshAt.push(index);
      return pictured ?? article;
    });
    const fresh = freshAt.map((index) => articles[index]!);
    const { publicDir, archiveDir, articlesDir, settings } = this.#options;
    const processed = await addResponsiveImages(fresh, { publicDir, articlesDir: archiveDir ?? articlesDir, checkLinks: settings.checkLinks, htmlPolicy: settings.htmlPolicy }, { cacheDir: imageCacheDir() });
    freshAt.forEach((at, index) => {
      const pictured = processed.articles[index]!;
      this.#pictured.set(articles[at]!, pictured);
      if (processed.files[index]!.size > 0) this.#filesOf.set(pictured, processed.files[index]!);
      withPictures[at] = pictured;
    });
    // Made at each load, from the image cache after the first: the preview is not restarted when the file under public/ changes.
    const share = await makeSharePicture(settings, publicDir, { cacheDir: imageCacheDir() });
    const shareFiles = share?.files ?? new Map<string, string>();
    this.#countImageUsers(withPictures, shareFiles);
    this.#last = { articles: [...articles], withPictures: [...withPictures], shareFiles };
    return {
      articles: withPictures,
      images: await describeImages(imageFiles(withPictures, this.#options.settings.logo, this.#options.publicDir)),
      imageFiles: this.#imageUsers.files(),
      imageChanges: this.#unpublished.pending(),
      sharePicture: share?.picture,
      movedRedirects: movedRedirects(movedEntries(settings), withPictures, archiveDir ?? articlesDir),
      storiesElsewhere,
    };
  }

  /**
   * Counts the files of the stories that are new since the last load, and of those gone from it (by
   * identity: an unchanged story is the same pictured object, src/identity-diff.ts), with the share
   * picture as one more user, and notes what the output folder must gain and lose for them.
   */
  #countImageUsers(withPictures: readonly Article[], shareFiles: UsedFiles): void {
    const { added, removed } = identityDiff(this.#last.withPictures, withPictures);
    const filesOf = (stories: readonly Article[]) => stories.flatMap((story) => this.#filesOf.get(story) ?? []);
    const came = [...filesOf(added), shareFiles];
    const unused = this.#imageUsers.change(came, [...filesOf(removed), this.#last.shareFiles]);
    this.#unpublished.note(came, unused);
  }
}

/**
 * Puts the images the pages show into the built site: the responsive variants from the image cache, and
 * the files of raw <img>, <video> and <audio> tags beside their articles; a build's folder gets every one,
 * the preview's those its saves brought since the last publish, and loses those no story shows any longer
 * (src/image-publishing.ts). A lead image's original is not
 * among them: its page, the feeds, the cards and the structured data all name its variants (the <picture>
 * and the 1200px JPEG, src/shared-picture.ts), and a photograph of many megabytes that nothing links to
 * would only lengthen every upload. One a raw tag in a body names too is published for that tag.
 */
export async function publishImages(outputDir: string, news: LoadedNews, { link }: { link: boolean }): Promise<void> {
  await putImagesInto(outputDir, news.imageChanges, { imageCacheDir: imageCacheDir(), link });
  news.imageChanges.published();
}

/** The files publishImages puts into the site, relative to its folder: known as soon as the stories are read. */
export function imageSiteFiles(news: LoadedNews): string[] {
  return [...news.imageFiles.keys()].map((url) => siteFile(path.posix.normalize(url)));
}

/**
 * Records in the image cache which of its variants the build used, and, for a build of the whole site (not
 * a shard's job, which uses part of the archive's pictures), removes those no build has used for a week
 * (src/image-cache-pruning.ts). A failure here costs the cache its tidiness, not the build its site.
 */
export async function keepUsedImages(news: LoadedNews, { wholeSite }: { wholeSite: boolean }): Promise<void> {
  await keepUsedVariants(imageCacheDir(), news.imageFiles.values(), { prune: wholeSite && !news.storiesElsewhere }).catch(recordNotKept);
}

/**
 * The preview's record of the variants it shows, drafts' among them, made as it publishes them: each once a day,
 * so that most saves read and write nothing (src/image-cache-pruning.ts's PreviewUse).
 */
export function previewImageUse(): (news: LoadedNews) => Promise<void> {
  let use: PreviewUse | undefined;
  return async (news) => {
    use ??= new PreviewUse(imageCacheDir());
    await use.record(news.imageChanges.put.values(), () => news.imageFiles.values()).catch(recordNotKept);
  };
}

function recordNotKept(error: unknown): void {
  console.warn(`The image cache's record of use was not kept: ${error instanceof Error ? error.message : String(error)}`);
}
