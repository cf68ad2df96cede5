import { rm } from "node:fs/promises";
import path from "node:path";
import * as pagefind from "pagefind";
import type { Article } from "./article.ts";
import { restoreSearchIndex, searchCacheKey, storeSearchIndex } from "./search-cache.ts";
import { searchDocument, searchShards, searchShardSize } from "./search-shards.ts";

/** How long the preview waits after a save of articles before it indexes them. */
export const PREVIEW_SEARCH_PAUSE_MS = 3_000;

/** Stories sent to Pagefind at a time: enough to keep it busy, few enough not to queue the whole archive in memory. */
const BATCH = 200;

export interface SearchIndexOptions {
  /** The site's language (settings.language). */
  language: string;
  /** Stories per index (src/search-shards.ts). */
  shardSize?: number;
  /** Where finished indexes are kept between builds (src/search-cache.ts); none, to index everything afresh. */
  cacheDir?: string;
  /**
   * Folder → key of the index already in it, kept between the preview's rebuilds, which write into the
   * same folder each time: a part already there is left as it is.
   */
  inPlace?: Map<string, string>;
}

/**
 * Writes the site's search indexes into SITE/pagefind/, SITE/pagefind-1/, … (src/search-shards.ts),
 * one after another, each from its stories' data, or copied from the cache when its stories are as
 * they were. Pagefind runs as a process of its own, so this runs beside the page rendering, on the
 * other core.
 *
 * Every story goes into the site's language, whatever its own: readers search from one search page,
 * and a separate index per language would hide the Urdu stories from it.
 */
export async function writeSearchIndex(newestFirst: readonly Article[], siteDir: string, options: SearchIndexOptions): Promise<void> {
  const language = primarySubtag(options.language);
  try {
    for (const shard of searchShards(newestFirst, options.shardSize ?? searchShardSize())) {
      const target = path.join(siteDir, shard.folder);
      const documents = shard.articles.map((article) => ({ url: article.url, html: searchDocument(article) }));
      const key = await searchCacheKey(language, documents);
      if (options.inPlace?.get(shard.folder) === key) continue;
      // Pagefind names its files by their content: an older index's files would stay beside the new ones.
      await rm(target, { recursive: true, force: true });
      options.inPlace?.delete(shard.folder);
      if (!(options.cacheDir && (await restoreSearchIndex(options.cacheDir, key, target)))) {
        await indexWithPagefind(documents, target, language);
        if (options.cacheDir) await storeSearchIndex(options.cacheDir, key, target);
      }
      options.inPlace?.set(shard.folder, key);
    }
  } finally {
    // The service is a child process; left running it would keep the build from exiting.
    await pagefind.close();
  }
}

async function indexWithPagefind(documents: readonly { url: string; html: string }[], target: string, language: string): Promise<void> {
  const created = await pagefind.createIndex({ forceLanguage: language });
  if (!created.index) throw new Error(`Pagefind could not start: ${created.errors.join("; ")}`);
  const index = created.index;
  for (let start = 0; start < documents.length; start += BATCH) {
    const added = await Promise.all(documents.slice(start, start + BATCH).map((document) => index.addHTMLFile({ url: document.url, content: document.html })));
    const errors = added.flatMap((result) => result.errors);
    if (errors.length > 0) throw new Error(`Pagefind could not index the stories: ${errors.join("; ")}`);
  }
  const written = await index.writeFiles({ outputPath: target });
  if (written.errors.length > 0) throw new Error(`Pagefind could not write its index: ${written.errors.join("; ")}`);
  // A fresh service for each part: the finished part's memory goes back to the system.
  await pagefind.close();
}

/**
 * Module-wide, because a large build is several Eleventy runs in one process (src/page-chunks.ts):
 * the first starts the index, the last waits for it.
 */
const builds = new Map<string, Promise<void>>();

/** The search index runs of one site: one per build, or one after another while the preview server watches. */
export class SearchIndexRuns {
  readonly #key: string;
  readonly #options: SearchIndexOptions;
  #background?: Promise<void>;
  #waiting?: NodeJS.Timeout;
  /** What the preview's last runs left in its output folder. */
  readonly #inPlace = new Map<string, string>();
  #queued?: { articles: readonly Article[]; siteDir: string };

  /** `key` names the build (its articles and settings), so the runs of one build share one index. */
  constructor(key: string, options: SearchIndexOptions) {
    this.#key = key;
    this.#options = options;
  }

  /** Starts this build's index, unless a run of the same build already has. */
  start(newestFirst: readonly Article[], siteDir: string): void {
    if (builds.has(this.#key)) return;
    const run = writeSearchIndex(newestFirst, siteDir, this.#options);
    // Reported by finished(); until then a failure must not end the process as an unhandled rejection.
    run.catch(() => undefined);
    builds.set(this.#key, run);
  }

  /** Waits for this build's index; throws what made it fail. */
  async finished(): Promise<void> {
    const run = builds.get(this.#key);
    builds.delete(this.#key);
    await run;
  }

  /**
   * The preview server's index, made in the background so it never holds up the browser's reload: the
   * dev server reloads only once a rebuild is done, and Pagefind takes seconds. After a save it waits
   * for the editor to pause (`afterMs`), so quick saves do not share the cores with it; saves that
   * arrive meanwhile are indexed together.
   */
  startInBackground(newestFirst: readonly Article[], siteDir: string, afterMs: number): void {
    this.#queued = { articles: newestFirst, siteDir };
    clearTimeout(this.#waiting);
    this.#waiting = setTimeout(() => {
      this.#background ??= this.#drain();
    }, afterMs);
  }

  async #drain(): Promise<void> {
    while (this.#queued) {
      const { articles, siteDir } = this.#queued;
      this.#queued = undefined;
      await writeSearchIndex(articles, siteDir, { ...this.#options, inPlace: this.#inPlace }).catch((error: unknown) => {
        console.error(`The preview's search index was not updated: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
    this.#background = undefined;
  }
}

function primarySubtag(language: string): string {
  return language.split("-")[0]!.toLowerCase();
}
