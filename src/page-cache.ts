import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import type { Article } from "./article.ts";
import { checkKeptFiles } from "./kept-files.ts";
import { pageDigests, siteDigest, withoutPages, type SiteInputs } from "./page-digests.ts";
import { lock, unlock } from "./lock-files.ts";
import { keptEntry, KEPT_FILES, readKeptIndex, readPageIndex, type KeptIndex, type KeptPage, type ReusedPage, type TakenIndex } from "./page-index.ts";
import type { WrittenPage } from "./page-sources.ts";
import type { PageLists, SiteData } from "./site-data.ts";

// From one build to the next almost every page of an archive is as it was: rendering the 25,000 pages
// of 10,000 stories again was most of a rebuild. So npm run build keeps each page it writes from the
// page lists (article pages, short links, listing pages, every feed, the sitemap's files: PAGE_LISTS,
// src/site-data.ts) under a digest of
// everything the page is made from (src/page-digests.ts), and the next build takes the kept file
// instead of rendering a page whose digest is the same. The index of kept pages, and its writer on the
// page writer's thread, are src/page-index.ts.
//
// Kept pages are hard links to the files the build wrote (a copy where the file system allows none),
// so keeping them costs no space and taking one costs no write. The index records each file's size
// and modification time: a published file changed in place (which changes the kept one too) is not
// taken again. A taken page keeps the time it was first written, so a deploy by `aws s3 sync` (size or a
// later time) does not upload it again; and since the index lists only the last build's pages, a page that
// comes back to an earlier build's content is written afresh, with a later time, and is uploaded over the
// last build's (test/s3-sync.test.ts). One build uses the folder at a time; another finds it locked and
// renders everything.

/** Where kept pages live: `.cache/pages`, or NEWS_PAGE_CACHE (the bench and tests use their own). */
export function pageCacheDir(env: NodeJS.ProcessEnv = process.env, root = process.cwd()): string {
  return path.resolve(root, env.NEWS_PAGE_CACHE || ".cache/pages");
}

/** The page cache npm run build uses, once it has opened it (src/cli/render.ts); the plugin plans with it. */
export const buildPageCache: { current?: PageCache } = {};

/** What a build takes from the cache, and the digests of the pages it renders. */
interface PagePlan {
  reused: ReusedPage[];
  /** Digest by URL, of each page left to render. */
  digests: Map<string, string>;
}

/**
 * The page cache of one build: opened (and locked) before the build starts, and asked which pages it
 * holds once the site data is made. The next index is written by the page writer's thread
 * (PageIndexWriter), which keeps and takes the pages.
 */
export class PageCache {
  readonly dir: string;
  /** The kept pages, each named by its digest. */
  readonly filesDir: string;
  readonly #inputs: Omit<SiteInputs, "images">;
  #index: Omit<KeptIndex, "files">;
  /** The index's files that are still as it describes them, by digest; checked while the articles are read, and let go once planned. */
  #intact: Promise<Set<string>>;
  #site = "";
  #plan: PagePlan = { reused: [], digests: new Map() };
  /** Each story's own digest, from the plan (src/page-digests.ts). */
  readonly #stories = new Map<Article, string>();
  #resolvePlanned: () => void = () => undefined;
  readonly #planned = new Promise<void>((resolve) => (this.#resolvePlanned = resolve));

  private constructor(dir: string, inputs: Omit<SiteInputs, "images">, { files, ...index }: KeptIndex) {
    this.dir = dir;
    this.filesDir = path.join(dir, KEPT_FILES);
    this.#inputs = inputs;
    this.#index = index;
    this.#intact = checkKeptFiles(this.filesDir, files).catch(() => new Set<string>());
  }

  /** Opens the cache for this build; undefined when another build holds it (this one then renders every page). */
  static async open(dir: string, inputs: Omit<SiteInputs, "images">): Promise<PageCache | undefined> {
    await mkdir(path.join(dir, KEPT_FILES), { recursive: true });
    if (!lock(path.join(dir, "lock"))) return undefined;
    let index: KeptIndex | undefined;
    try {
      index = readKeptIndex(await readFile(path.join(dir, "index.json"), "utf8"));
    } catch {
      // No index yet, or not one this code wrote: every page is rendered.
    }
    // What a build that stopped left half-written.
    for (const name of await readdir(dir)) if (name.endsWith(".partial")) await rm(path.join(dir, name), { force: true });
    return new PageCache(dir, inputs, index ?? { site: "", targetCount: 0, pages: new Map(), files: [] });
  }

  /**
   * Which pages of the site data to take from the cache: those kept under the same digest, whose file
   * is intact. Returns the site data without them; `planned` tells the build what was taken.
   */
  async plan<Data extends PageLists & Pick<SiteData, "images">>(data: Data): Promise<Data> {
    this.#site = siteDigest({ ...this.#inputs, images: data.images });
    const digests = pageDigests(data, this.#site, this.#stories);
    // Awaited even when nothing can be taken: the same thread removes the kept files the last index does
    // not list, and must be done before this build keeps any of its own.
    const intact = await this.#intact;
    // Not needed again: at 100,000 stories, 227,000 digests held for the rest of the build.
    this.#intact = Promise.resolve(new Set());
    if (this.#index.site !== this.#site) intact.clear();
    const reused: ReusedPage[] = [];
    const reusedUrls = new Set<string>();
    for (const [url, digest] of digests) {
      const entry = this.#index.pages.get(digest);
      if (entry === undefined || !intact.has(digest)) continue;
      // Parsed to be checked, and let go: the page writer's thread parses the line again as it takes the page.
      const [, page] = keptEntry(entry);
      if (!isKeptPage(page, url, this.#index.targetCount)) continue;
      reused.push({ digest, file: page[1], entry });
      reusedUrls.add(url);
      digests.delete(url);
    }
    this.#plan = { reused, digests };
    this.#resolvePlanned();
    return withoutPages(data, reusedUrls);
  }

  /** A story's own digest, once the site data is planned: what the search index asks to know its parts unchanged without remaking them. */
  storyDigest(article: Article): string | undefined {
    return this.#stories.get(article);
  }

  /** Resolves once the site data is planned (the first run's load); then takeReused() tells what to take. */
  get planned(): Promise<void> {
    return this.#planned;
  }

  /**
   * The pages to take, and the index they come from (whose link targets their entries point into); asked
   * once, after which the cache holds neither the pages nor the last index (at 100,000 stories, 229,000 entries).
   */
  takeReused(): { reused: ReusedPage[]; index: TakenIndex } {
    const taken = { reused: this.#plan.reused, index: { file: path.join(this.dir, "index.json"), targets: this.#index.targetCount } };
    this.#plan.reused = [];
    this.#index = { site: this.#index.site, targetCount: 0, pages: new Map() };
    return taken;
  }

  /** The digest of a page this build renders, when it is one the cache keeps; asked once a page, as it is written. */
  digestOf(url: string): string | undefined {
    const digest = this.#plan.digests.get(url);
    // Not needed again: at 100,000 stories these are 250,000 entries.
    this.#plan.digests.delete(url);
    return digest;
  }

  /** The digest of what every page of this build shares, once planned: the next index is stored under it. */
  get site(): string {
    return this.#site;
  }

  /**
   * The URL and template of each page the last index lists, read from it again: a broken link in a taken
   * page is named by these (the build keeps no list of the pages it took). Asked before the build stores
   * its own index, and only when a link is broken.
   */
  async keptPageSources(): Promise<WrittenPage[]> {
    const index = await readFile(path.join(this.dir, "index.json"), "utf8").then(readPageIndex, () => undefined);
    return [...(index?.pages.values() ?? [])].map(([url, , inputPath]) => ({ url, inputPath }));
  }

  /** Lets another build use the cache. */
  close(): void {
    unlock(path.join(this.dir, "lock"));
  }
}

/** Whether an index's entry is one this code wrote for the page at `url`: the index is a file anyone could have changed. */
function isKeptPage(page: unknown, url: string, targetCount: number): page is KeptPage {
  if (!Array.isArray(page) || page.length !== 6) return false;
  const [pageUrl, file, source, size, mtime, places] = page as unknown[];
  const inside = typeof file === "string" && file !== "" && !path.isAbsolute(file) && !file.split(/[\\/]/).includes("..");
  return (
    pageUrl === url &&
    inside &&
    typeof source === "string" &&
    Number.isInteger(size) &&
    Number.isInteger(mtime) &&
    Array.isArray(places) &&
    places.every((place) => Number.isInteger(place) && place >= 0 && place < targetCount)
  );
}
