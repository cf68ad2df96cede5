import { renameSync } from "node:fs";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Article } from "./article.ts";
import { ownModule, startWorker } from "./own-modules.ts";
import { codeVersion } from "./code-version.ts";
import { hasSearchIndex, knownSearchKey, partFingerprint, rememberSearchKey, restoreSearchIndexes, searchCacheKey, storeSearchIndex } from "./search-cache.ts";
import { packDocuments, transferables, type PackedDocuments } from "./packed-documents.ts";
import { notePagefindStopped, RebuildGate } from "./rebuild-gate.ts";
import { isMergedIndexData, searchDocument, searchShards, searchShardSize, smallestPartSize, type SearchDocument, type SearchShard, type SearchSite, type StoriesPerFolder } from "./search-shards.ts";
import { SEARCH_FOLDER } from "./site-folders.ts";
import { handedDocuments, handingOver, handOverPart, isHandedOver, type HandedPart } from "./search-handover.ts";
import { primaryLanguage } from "./languages.ts";
import type { WordsSetting } from "./site-words.ts";

/** How long the preview waits after a save of articles before it indexes them. */
export const PREVIEW_SEARCH_PAUSE_MS = 3_000;

/**
 * Stories whose search documents the preview makes at a time. Between two such runs a save noticed meanwhile
 * goes first (src/rebuild-gate.ts): a part's 2,500 documents, made at once, kept the main thread for 0.2 s
 * or more, and a save's file event, its settling and its rebuild's first steps each waited behind one part
 * or more (docs/performance-history.md, forty-fifth round).
 */
const DOCUMENTS_AT_A_TIME = 100;

/** How many parts a build may index at once, when set; each takes a Pagefind process of ~0.65 GiB. */
export const SEARCH_THREADS_ENV = "NEWS_SEARCH_THREADS";

/** How a build spreads its search parts over threads, each with a Pagefind process of its own. */
export interface SearchThreading {
  /** Threads indexing parts, oldest first, from the start of the build. */
  threads: number;
  /** Whether another thread indexes the newest parts smaller than a full one, newest first, once the pages are written. */
  newestOnSecondThread: boolean;
}

/**
 * One thread, and a second for the small newest parts once the pages are written, unless
 * NEWS_SEARCH_THREADS says how many. In a first build the pages are written long before Pagefind has
 * indexed every story, and one core was idle for the rest (at 10,000 stories, 12–14 s); the second
 * thread takes the newest parts meanwhile, and beside a full part only the smallest
 * (mayStartBesideFullParts), so the build's peak stays that of one full part. NEWS_SEARCH_THREADS=1 is
 * one Pagefind at a time throughout; 2 or more index that many parts at once from the start, each up
 * to ~0.65 GiB, which shortens a first build most. Only a first build, or one after a change to every
 * part, indexes more than the newest parts: with the cache (src/search-cache.ts), which CI keeps
 * between runs, little is left to spread. In npm run build the setting holds for each of its processes in
 * turn: the rendering process's smaller parts, then the full parts its parent indexes (indexHandedOver),
 * one at a time unless set.
 */
export function searchThreading(env: NodeJS.ProcessEnv = process.env): SearchThreading {
  const set = Number.parseInt(env[SEARCH_THREADS_ENV] ?? "", 10);
  return set > 0 ? { threads: set, newestOnSecondThread: false } : { threads: 1, newestOnSecondThread: true };
}

/** A part for a search thread to index (src/search-worker.ts). */
export interface SearchPartRequest {
  documents: PackedDocuments;
  target: string;
  language: string;
  /** Pagefind at a low priority (SearchIndexOptions.background). */
  background: boolean;
}

/**
 * What a search thread is sent: a part to index, leave to write the part it has indexed (the answer to
 * its `writing` message), or whether a preview rebuild is under way (src/rebuild-gate.ts).
 */
export type SearchThreadMessage = SearchPartRequest | { write: string } | { hold: boolean };

/**
 * A search thread's messages about a part: it is about to be written (Pagefind's largest memory; the
 * thread waits for `write`), it was written, or it failed; and about a background Pagefind process,
 * stopped or no longer stopped.
 */
export type SearchThreadReply = { writing: string } | { written: string } | { error: string } | { pid: number; stopped: boolean };

export interface SearchIndexOptions {
  /** The site's language (settings.language). */
  language: string;
  /** The site's words (settings.words), for the bylines Pagefind is given (searchDocument). */
  words?: WordsSetting;
  /** Stories per index (src/search-shards.ts). */
  shardSize?: number;
  /** A shard's count of the archive's stories in its other folders, whose parts are numbered around its own (src/search-shards.ts). */
  storiesElsewhere?: StoriesPerFolder;
  /**
   * Parts indexed at once, each by its own thread and Pagefind process (about 0.65 GiB for a part of
   * 2,500 stories): 1 unless the build has memory and cores to spare.
   */
  threads?: number;
  /** Where finished indexes are kept between builds (src/search-cache.ts); none, to index everything afresh. */
  cacheDir?: string;
  /** Each story's own digest (src/page-cache.ts), when known: parts are then named without making their documents. */
  storyDigest?: (article: Article) => string | undefined;
  /** What a build waits for, once a part has come from the cache, before it asks Pagefind for the rest: npm run build's pages written. */
  pagesWritten?: Promise<unknown>;
  /** With one thread and `pagesWritten`: once the pages are written, a second thread indexes the newest parts smaller than a full one (SearchThreading). */
  newestOnSecondThread?: boolean;
  /**
   * The preview's indexes, made in the background while an editor waits for rebuilds: Pagefind runs at
   * a low priority, so the rebuilds have the cores first.
   */
  background?: boolean;
  /**
   * Folder → key of the index already in it, kept between the preview's rebuilds, which write into the
   * same folder each time: a part already there is left as it is. A part that changed is written beside
   * the site (searchStagingFolder) and then put in place, since the site is being served meanwhile.
   */
  inPlace?: Map<string, string>;
  /**
   * Folder → the stories the index in it (`inPlace`) was made from. The preview's read cache hands back the
   * same story object for a file not saved since, so a part of the same objects has the same documents, and
   * its key is known without making them: a save's index made every part's documents again (about 0.2 s
   * of the main thread a part of 2,500 stories, src/search-cache.ts) to find the one part it changed.
   */
  inPlaceStories?: Map<string, readonly Article[]>;
  /** The preview's rebuilds, which come first: see src/rebuild-gate.ts. */
  rebuilds?: RebuildGate;
}

/**
 * Leaves in a bundle other than the first only what the search page loads from it (isMergedIndexData).
 * The cache keeps whole bundles, since the same stories may one day be the first part.
 */
async function keepMergedIndexData(shard: SearchShard, target: string): Promise<void> {
  if (shard.folder === `${SEARCH_FOLDER}/`) return;
  for (const name of await readdir(target)) if (!isMergedIndexData(name)) await rm(path.join(target, name), { recursive: true, force: true });
}

/**
 * Where the preview writes a part before it puts it in place (SearchIndexOptions.inPlace): beside the
 * site it serves, not in it. Rewritten where it is, a part was missing for as long as Pagefind took, and
 * a search made meanwhile failed. A preview that is stopped may leave it behind, and the next build removes
 * it (leftoverFolders in src/cli/output-folders.ts, which knows the name).
 */
export function searchStagingFolder(siteDir: string, pid = process.pid): string {
  // Resolved: Eleventy names its output folder with a trailing slash, which put this inside the site.
  return `${path.resolve(siteDir)}.search-${pid}`;
}

/**
 * Whether a folder and its parent are on one file system (a folder not made yet is taken to be on its
 * parent's). A site folder that is a mount point of its own (a container's volume) cannot be given a
 * part written beside it by renaming, so there the preview rewrites each part where it is, as before.
 */
async function sameFileSystem(folder: string, parent: string): Promise<boolean> {
  const [inner, outer] = await Promise.all([stat(folder).catch(() => undefined), stat(parent).catch(() => undefined)]);
  return !inner || !outer || inner.dev === outer.dev;
}

/**
 * Puts a part written beside the site in the place of the one the site has. The two renames are
 * synchronous, so that nothing this process serves comes between them; the replaced part is removed
 * afterwards.
 */
async function putInPlace(written: string, target: string): Promise<void> {
  const replaced = path.join(path.dirname(written), `${path.basename(written)}.replaced`);
  await mkdir(path.dirname(target), { recursive: true });
  let moved = true;
  try {
    renameSync(target, replaced);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    moved = false;
  }
  try {
    renameSync(written, target);
  } catch (error) {
    if (moved) renameSync(replaced, target);
    throw error;
  }
  if (moved) await rm(replaced, { recursive: true, force: true });
}

/**
 * Writes the site's search indexes into SITE/pagefind/, SITE/pagefind-1/, … (src/search-shards.ts),
 * each from its stories' data, or copied from the cache (in the background) when its stories are as
 * they were. Each part is indexed on a thread of its own by a Pagefind process of its own, so this
 * runs beside the page rendering, on the other core; with `threads`, on several.
 *
 * Every story goes into the site's language, whatever its own: readers search from one search page,
 * and a separate index per language would hide the Urdu stories from it.
 */
export async function writeSearchIndex(newestFirst: readonly Article[], siteDir: string, options: SearchIndexOptions): Promise<void> {
  const started = Date.now();
  const language = primaryLanguage(options.language);
  const shards = searchShards(newestFirst, options.shardSize ?? searchShardSize(), options.storiesElsewhere);
  const { cacheDir, storyDigest } = options;
  const staging = options.inPlace && (await sameFileSystem(siteDir, path.dirname(siteDir))) ? searchStagingFolder(siteDir) : undefined;
  // Where a part is written: into the site, or for the preview beside it, to be put in place once finished.
  const writtenAt = (shard: SearchShard) => path.join(staging ?? siteDir, shard.folder);
  const finished = async (shard: SearchShard, key: string): Promise<void> => {
    await keepMergedIndexData(shard, writtenAt(shard));
    if (staging) await putInPlace(writtenAt(shard), path.join(siteDir, shard.folder));
    options.inPlace?.set(shard.folder, key);
    options.inPlaceStories?.set(shard.folder, shard.articles);
  };
  const code = storyDigest ? codeVersion(process.cwd()) : "";
  const site: SearchSite = { language: options.language, words: options.words };
  const documentOf = (article: Article): SearchDocument => ({ url: article.url, html: searchDocument(article, site) });
  // A build makes a part's documents at once; the preview a few at a time, making way for its rebuilds.
  const documentsOf = async (shard: SearchShard): Promise<SearchDocument[]> => {
    const { rebuilds } = options;
    if (!rebuilds) return shard.articles.map(documentOf);
    const documents: SearchDocument[] = [];
    for (let start = 0; start < shard.articles.length; start += DOCUMENTS_AT_A_TIME) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      await rebuilds.passed();
      for (const article of shard.articles.slice(start, start + DOCUMENTS_AT_A_TIME)) documents.push(documentOf(article));
    }
    return documents;
  };
  // Documents made for a part's key, until the part is sent to Pagefind. Never a local or parameter of a
  // function that waits: an async function keeps those while it waits, and a part's documents are 26 MB
  // of text for 2,500 stories, which Pagefind's thread has by then.
  const made = new Map<SearchShard, SearchDocument[]>();
  const send = async (thread: SearchThread, shard: SearchShard, target: string, onWriting?: () => void): Promise<void> => {
    const documents = made.get(shard) ?? (await documentsOf(shard));
    made.delete(shard);
    return thread.index({ documents: packDocuments(documents), target, language, background: options.background ?? false }, onWriting);
  };
  const keyOf = async (shard: SearchShard): Promise<string> => {
    const inPlace = options.inPlace?.get(shard.folder);
    if (inPlace !== undefined && sameStories(options.inPlaceStories?.get(shard.folder), shard.articles)) return inPlace;
    const digests = storyDigest && cacheDir ? shard.articles.map((article) => ({ url: article.url, digest: storyDigest(article) ?? "" })) : [];
    const fingerprint = digests.length > 0 && digests.every((story) => story.digest) ? await partFingerprint(site, code, digests) : undefined;
    const known = fingerprint && cacheDir ? await knownSearchKey(cacheDir, fingerprint) : undefined;
    if (known) return known;
    const documents = await documentsOf(shard);
    made.set(shard, documents);
    const key = await searchCacheKey(language, documents);
    if (fingerprint && cacheDir) await rememberSearchKey(cacheDir, fingerprint, key);
    return key;
  };
  // Kept parts are copied in the background; one that cannot be (its copy failed) is indexed after all.
  const copies: Promise<void>[] = [];
  const notCopied: { shard: SearchShard; key: string }[] = [];
  let copied = 0;
  const fullSize = options.shardSize ?? searchShardSize();
  // Full parts with Pagefind now, and those of them it is writing; the second thread waits on them.
  let indexingFull = 0;
  let writingFull = 0;
  let fullPartsChanged: (() => void)[] = [];
  const noteFullParts = () => {
    for (const resolve of fullPartsChanged) resolve();
    fullPartsChanged = [];
  };
  const smallest = smallestPartSize(fullSize);
  const mayStart = (size: number) => mayStartBesideFullParts(size, { indexing: indexingFull, writing: writingFull }, smallest);
  const fullPartsNoted = () => new Promise<void>((resolve) => fullPartsChanged.push(resolve));
  /** `besideFullParts`: the part is the second thread's, which may start it only as mayStartBesideFullParts says. */
  const index = async (thread: SearchThread, shard: SearchShard, key: string, besideFullParts = false): Promise<void> => {
    const target = writtenAt(shard);
    // Once a part has come from the cache, this is a build with little to index (after a correction,
    // one part of 125 stories): Pagefind waits until the pages are written rather than add its memory
    // to the rendering's, and takes the core the rendering leaves. A first build indexes at once.
    if (copied > 0) await options.pagesWritten;
    await options.rebuilds?.passed();
    // A build's rendering process hands its larger parts to its parent, which indexes them once it has ended (src/search-handover.ts).
    if (handingOver.current && !options.inPlace && !options.background && isHandedOver(shard, smallest, copied)) {
      const documents = made.get(shard) ?? (await documentsOf(shard));
      made.delete(shard);
      return handOverPart(handingOver.current, packDocuments(documents), { folder: shard.folder, target, key, language, cacheDir, buildStarted: started });
    }
    if (!shard.full) {
      // Asked again as it is sent: a full part may have begun writing while this part was named and its
      // folder emptied. Nothing runs between the last check and the send.
      while (besideFullParts && !mayStart(shard.articles.length)) await fullPartsNoted();
      await send(thread, shard, target);
    } else {
      let writing = false;
      indexingFull++;
      try {
        await send(thread, shard, target, () => ((writing = true), writingFull++));
      } finally {
        indexingFull--;
        if (writing) writingFull--;
        noteFullParts();
      }
    }
    if (cacheDir) await storeSearchIndex(cacheDir, key, target, started);
    await finished(shard, key);
  };
  // Threads take the parts oldest first; the second thread for the newest takes them from the other end.
  let oldest = 0;
  let newest = shards.length - 1;
  const oldestLeft = async (): Promise<SearchShard | undefined> => (oldest <= newest ? shards[oldest++] : undefined);
  const newestSmallLeft = async (): Promise<SearchShard | undefined> => {
    for (;;) {
      const part = oldest <= newest ? shards[newest] : undefined;
      if (!part || part.full) return undefined;
      if (mayStart(part.articles.length)) {
        newest--;
        return part;
      }
      await fullPartsNoted();
    }
  };
  // Each thread takes the next part until none is left; it starts only when a part needs indexing.
  const indexParts = async (take: () => Promise<SearchShard | undefined>, besideFullParts = false): Promise<void> => {
    let thread: SearchThread | undefined;
    // Kept parts found in a row are copied together, on one thread, before the next part is indexed or once none is left.
    let toCopy: { shard: SearchShard; key: string; target: string }[] = [];
    const copyFound = () => {
      if (toCopy.length === 0 || !cacheDir) return;
      const parts = toCopy;
      toCopy = [];
      copies.push(
        restoreSearchIndexes(cacheDir, parts).then(async (restored) => {
          for (const [place, { shard, key }] of parts.entries()) {
            if (restored[place]) await finished(shard, key);
            else notCopied.push({ shard, key });
          }
        }),
      );
    };
    try {
      for (let shard = await take(); shard; shard = await take()) {
        const target = writtenAt(shard);
        await options.rebuilds?.passed();
        const key = await keyOf(shard);
        if (options.inPlace?.get(shard.folder) === key) {
          made.delete(shard);
          continue;
        }
        // Pagefind names its files by their content: an older index's files would stay beside the new ones.
        await rm(target, { recursive: true, force: true });
        if (!staging) {
          options.inPlace?.delete(shard.folder);
          options.inPlaceStories?.delete(shard.folder);
        }
        if (cacheDir && (await hasSearchIndex(cacheDir, key))) {
          made.delete(shard);
          copied++;
          toCopy.push({ shard, key, target });
          continue;
        }
        copyFound();
        await index((thread ??= new SearchThread(options.rebuilds)), shard, key, besideFullParts);
      }
      copyFound();
      await Promise.all(copies);
      for (let part = notCopied.shift(); part; part = notCopied.shift()) await index((thread ??= new SearchThread(options.rebuilds)), part.shard, part.key, besideFullParts);
    } finally {
      await thread?.close();
    }
  };
  const threads = Math.min(Math.max(1, Math.floor(options.threads ?? 1) || 1), shards.length);
  const secondThread = threads === 1 && options.newestOnSecondThread && options.pagesWritten ? options.pagesWritten.then(() => indexParts(newestSmallLeft, true)) : undefined;
  try {
    await Promise.all([...Array.from({ length: threads }, () => indexParts(oldestLeft)), secondThread]);
  } finally {
    if (staging) await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Indexes the full parts a build's rendering process handed over (src/search-handover.ts), as npm run build's
 * parent does once that process has ended (src/cli/build.ts): oldest first, `threads` at a time, each on a
 * search thread of its own (NEWS_SEARCH_THREADS; one unless set, since each full part is ~0.5 GiB in Pagefind
 * as it is written, about the rendering process's peak). A part that fails is named by its folder in the
 * site, and the other threads start no part after it.
 */
export async function indexHandedOver(parts: readonly HandedPart[], threads = 1): Promise<void> {
  let next = 0;
  const indexParts = async (): Promise<void> => {
    const thread = new SearchThread();
    try {
      for (let part = parts[next++]; part; part = parts[next++]) await indexHandedPart(thread, part);
    } catch (error) {
      next = parts.length;
      throw error;
    } finally {
      await thread.close();
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, Math.floor(threads)), parts.length) }, indexParts));
}

async function indexHandedPart(thread: SearchThread, part: HandedPart): Promise<void> {
  try {
    await thread.index({ documents: await handedDocuments(part), target: part.target, language: part.language, background: false });
    if (part.cacheDir) await storeSearchIndex(part.cacheDir, part.key, part.target, part.buildStarted);
    await keepMergedIndexData({ folder: part.folder, articles: [], full: true }, part.target);
  } catch (error) {
    throw new Error(`The search index's part ${part.folder} could not be written: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** Whether two lists hold the same story objects in the same order. */
function sameStories(kept: readonly Article[] | undefined, stories: readonly Article[]): boolean {
  return kept !== undefined && kept.length === stories.length && kept.every((story, index) => story === stories[index]);
}

/**
 * Whether the second search thread may start a part of `size` stories while `full` parts are with
 * Pagefind (`writing` of them being written). Pagefind writing a full part is the build's largest
 * memory (~0.63 GiB at the end), so beside a full part only a smallest part is started (125 stories,
 * ~0.05 GiB, mostly done before the full part's memory grows), and only while the full part's stories
 * are being added; larger ones wait until no full part is with Pagefind.
 */
export function mayStartBesideFullParts(size: number, full: { indexing: number; writing: number }, smallest: number): boolean {
  return full.indexing === 0 || (full.writing === 0 && size <= smallest);
}

/** A thread that indexes parts with Pagefind (src/search-worker.ts), one at a time. */
class SearchThread {
  readonly #worker = startWorker(ownModule("./search-worker.ts", import.meta.url));
  #failed?: Error;
  #unwatch?: () => void;

  /** `rebuilds`: the preview's, which this thread's Pagefind processes make way for. */
  constructor(rebuilds?: RebuildGate) {
    this.#worker.once("error", (error) => (this.#failed = error));
    this.#worker.once("exit", (code) => (this.#failed ??= new Error(`a search thread stopped (exit code ${code})`)));
    if (!rebuilds) return;
    this.#worker.on("message", (reply: SearchThreadReply) => {
      if ("pid" in reply) notePagefindStopped(reply.pid, reply.stopped);
    });
    this.#unwatch = rebuilds.watch((rebuilding) => this.#worker.postMessage({ hold: rebuilding } satisfies SearchThreadMessage));
  }

  /** Indexes the part; `onWriting` is called before Pagefind starts writing it. */
  index(part: SearchPartRequest, onWriting?: () => void): Promise<void> {
    if (this.#failed) return Promise.reject(this.#failed);
    const { target } = part;
    // Posted here, not in the closures below, which would keep the part (its documents) until the reply.
    const written = new Promise<void>((resolve, reject) => {
      const stopped = (error?: Error | number) => reject(error instanceof Error ? error : new Error(`a search thread stopped (exit code ${error}) before ${target} was written`));
      this.#worker.once("error", stopped);
      this.#worker.once("exit", stopped);
      const replied = (reply: SearchThreadReply) => {
        if ("pid" in reply) return;
        if ("writing" in reply) {
          onWriting?.();
          return this.#worker.postMessage({ write: reply.writing } satisfies SearchThreadMessage);
        }
        this.#worker.off("message", replied);
        this.#worker.off("error", stopped);
        this.#worker.off("exit", stopped);
        if ("error" in reply) reject(new Error(reply.error));
        else resolve();
      };
      this.#worker.on("message", replied);
    });
    this.#worker.postMessage(part, transferables(part.documents));
    return written;
  }

  async close(): Promise<void> {
    this.#unwatch?.();
    await this.#worker.terminate();
  }
}

/** When npm run build's pages are all written (src/cli/render.ts sets it as it starts): see SearchIndexOptions.pagesWritten. */
export const buildPagesWritten: { current?: Promise<unknown> } = {};

/**
 * Module-wide, because a large build is several Eleventy runs in one process (src/page-chunks.ts):
 * the first starts the index, the last waits for it.
 */
const builds = new Map<string, Promise<void>>();

/**
 * Waits for every index a build in this process has started; throws what made one fail. For the
 * build command, which writes the pages while the index is finished (src/cli/render.ts).
 */
export async function searchIndexesWritten(): Promise<void> {
  const runs = [...builds.values()];
  builds.clear();
  await Promise.all(runs);
}

/** The search index runs of one site: one per build, or one after another while the preview server watches. */
export class SearchIndexRuns {
  readonly #key: string;
  readonly #options: SearchIndexOptions;
  #background?: Promise<void>;
  #waiting?: NodeJS.Timeout;
  /** What the preview's last runs left in its output folder. */
  readonly #inPlace = new Map<string, string>();
  readonly #inPlaceStories = new Map<string, readonly Article[]>();
  #queued?: { articles: readonly Article[]; siteDir: string };
  /** Closed by each rebuild, and by the articles' watcher from a save's first event (src/rebuild-gate.ts). */
  readonly #rebuilds = new RebuildGate({ hearsArticleChanges: true });

  /** `key` names the build (its articles and settings), so the runs of one build share one index. */
  constructor(key: string, options: SearchIndexOptions) {
    this.#key = key;
    this.#options = options;
  }

  /** Starts this build's index, unless a run of the same build already has; `storiesElsewhere`: a shard's (SearchIndexOptions). */
  start(newestFirst: readonly Article[], siteDir: string, { threads, newestOnSecondThread }: SearchThreading, storiesElsewhere?: StoriesPerFolder): void {
    if (builds.has(this.#key)) return;
    const run = writeSearchIndex(newestFirst, siteDir, { ...this.#options, threads, newestOnSecondThread, storiesElsewhere });
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
   * arrive meanwhile are indexed together. Called as each of the preview's builds ends.
   */
  startInBackground(newestFirst: readonly Article[], siteDir: string, afterMs: number): void {
    // Eleventy announces only a rebuild that succeeded: see RebuildGate.ended.
    this.#rebuilds.ended();
    this.#queued = { articles: newestFirst, siteDir };
    clearTimeout(this.#waiting);
    this.#waiting = setTimeout(() => {
      this.#background ??= this.#drain();
    }, afterMs);
  }

  /** A save was noticed and the preview rebuilds: an index under way makes way for it (src/rebuild-gate.ts). */
  rebuildStarted(): void {
    this.#rebuilds.started();
  }

  async #drain(): Promise<void> {
    for (;;) {
      // A rebuild under way brings newer stories.
      await this.#rebuilds.passed();
      if (!this.#queued) break;
      const { articles, siteDir } = this.#queued;
      this.#queued = undefined;
      await writeSearchIndex(articles, siteDir, { ...this.#options, inPlace: this.#inPlace, inPlaceStories: this.#inPlaceStories, background: true, rebuilds: this.#rebuilds }).catch((error: unknown) => {
        console.error(`The preview's search index was not updated: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
    this.#background = undefined;
  }
}
