import { createHash } from "node:crypto";
import { linkSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Article } from "./article.ts";
import { addFolder, codeVersion } from "./code-version.ts";
import { intactFiles } from "./kept-files.ts";
import { htmlBytes } from "./compact-html.ts";
import type { ImageFacts } from "./image-facts.ts";
import type { ListingPage } from "./listings.ts";
import type { ShortRedirect } from "./redirects.ts";
import type { SiteSettings } from "./settings.ts";
import { PAGE_LISTS, type PageLists, type SiteData } from "./site-data.ts";

// From one build to the next almost every page of an archive is as it was: rendering the 25,000 pages
// of 10,000 stories again was most of a rebuild. So npm run build keeps each page it writes from the
// lists that grow with the archive (article pages, short links, listing pages) under a digest of
// everything the page is made from, and the next build takes the kept file instead of rendering a
// page whose digest is the same.
//
// What a page is made from: its item of the list (an article with its body and its image's facts; a
// listing page with the digests of the stories it lists; a short link), and what every such page
// shares: the templates, our code and locked dependencies, the static files (the fingerprinted CSS
// and JavaScript), the settings, the path prefix, the logo and Node's version. Templates that paginate
// over these lists read nothing else (the `news` they are given is cut to one run's window anyway);
// a template that starts to should add what it reads here.
//
// Kept pages are hard links to the files the build wrote (a copy where the file system allows none),
// so keeping them costs no space and taking one costs no write. The index records each file's size
// and modification time: a published file changed in place (which changes the kept one too) is not
// taken again. One build uses the folder at a time; another finds it locked and renders everything.

/** Where kept pages live: `.cache/pages`, or NEWS_PAGE_CACHE (the bench and tests use their own). */
export function pageCacheDir(env: NodeJS.ProcessEnv = process.env, root = process.cwd()): string {
  return path.resolve(root, env.NEWS_PAGE_CACHE || ".cache/pages");
}

/**
 * A kept page: the page's URL, its file in the site, the template that wrote it (for messages), the
 * file's size and modification time (whole seconds, which survive a CI cache's tar), and what it links
 * to (as places in the index's `targets`), so its links are checked without reading it.
 */
export type KeptPage = [url: string, file: string, source: string, size: number, mtime: number, targets: number[]];

/** A page to take from the cache: its digest (the kept file's name) and what the index says of it. */
export interface ReusedPage {
  digest: string;
  page: KeptPage;
}

export interface PageIndex {
  version: 2;
  /** The digest of what every page shares: pages kept under another are not taken. */
  site: string;
  /** Every link target of the kept pages, once (most pages link to the same sections and styles). */
  targets: string[];
  /** By digest, which is also the kept file's name. */
  pages: Record<string, KeptPage>;
}

/** What the shared inputs of every paginated page are (see the top of this file). */
export interface SiteInputs {
  settings: SiteSettings;
  templatesDir: string;
  publicDir: string;
  includeUnpublished: boolean;
  images: ReadonlyMap<string, ImageFacts>;
}

/** The digest of what every page shares. */
export function siteDigest(inputs: SiteInputs, root = process.cwd()): string {
  const hash = createHash("sha256").update(codeVersion(root));
  addFolder(hash, path.resolve(root, inputs.templatesDir));
  addFolder(hash, inputs.publicDir);
  hash.update(
    JSON.stringify({
      settings: inputs.settings,
      includeUnpublished: inputs.includeUnpublished,
      logo: inputs.images.get(inputs.settings.logo) ?? null,
      // Dates are formatted through ICU and its time-zone data, which come with Node.
      node: [process.versions.node, process.versions.icu, process.versions.tz],
    }),
  );
  return hash.digest("hex");
}

/** The digest of each page the lists write, by its URL. */
export function pageDigests(data: PageLists & Pick<SiteData, "images">, site: string): Map<string, string> {
  const ofArticle = new Map<Article, string>();
  const articleDigest = (article: Article): string => {
    let digest = ofArticle.get(article);
    if (digest === undefined) {
      const hash = createHash("sha256");
      // The body is hashed as the bytes it is kept as (src/compact-html.ts), not decoded again.
      const rest: Record<string, unknown> = {};
      for (const key of Object.keys(article)) if (key !== "html") rest[key] = article[key as keyof Article];
      hash.update(JSON.stringify(rest)).update("\n").update(htmlBytes(article));
      if (article.image) hash.update(JSON.stringify(data.images.get(article.image.url) ?? null));
      digest = hash.digest("hex");
      ofArticle.set(article, digest);
    }
    return digest;
  };
  const payload = (list: keyof PageLists, item: unknown): string => {
    if (list === "articlePages") return articleDigest(item as Article);
    if (list === "shortRedirectPages") return JSON.stringify(item);
    const page = item as ListingPage<Article>;
    return JSON.stringify({ ...page, items: page.items.map(articleDigest) });
  };
  const digests = new Map<string, string>();
  for (const list of PAGE_LISTS) {
    for (const item of data[list] as unknown[]) {
      const url = urlOf(list, item);
      digests.set(url, createHash("sha256").update(`${site}\n${list}\n${url}\n`).update(payload(list, item)).digest("hex").slice(0, 32));
    }
  }
  return digests;
}

/** The URL a list's item is written at (its template's permalink). */
function urlOf(list: keyof PageLists, item: unknown): string {
  if (list === "articlePages") return (item as Article).url;
  if (list === "shortRedirectPages") return (item as ShortRedirect).from;
  return (item as ListingPage<unknown>).url;
}

/** The site data without the pages at these URLs: they are taken from the cache, not rendered. */
export function withoutPages<Data extends PageLists>(data: Data, urls: ReadonlySet<string>): Data {
  if (urls.size === 0) return data;
  const lists = Object.fromEntries(PAGE_LISTS.map((list) => [list, (data[list] as unknown[]).filter((item) => !urls.has(urlOf(list, item)))]));
  return { ...data, ...lists };
}

/** The page cache npm run build uses, once it has opened it (src/cli/build.ts); the plugin plans with it. */
export const buildPageCache: { current?: PageCache } = {};

/** What a build takes from the cache, and the digests of the pages it renders. */
export interface PagePlan {
  reused: ReusedPage[];
  /** Digest by URL, of each page left to render. */
  digests: ReadonlyMap<string, string>;
}

/**
 * The page cache of one build: opened (and locked) before the build starts, asked which pages it
 * holds once the site data is made, and stored after the build succeeded.
 */
export class PageCache {
  readonly dir: string;
  /** The kept pages, each named by its digest. */
  readonly filesDir: string;
  readonly #inputs: Omit<SiteInputs, "images">;
  readonly #index: PageIndex;
  /** The index's files that are still as it describes them, by digest; checked while the articles are read. */
  readonly #intact: Promise<Set<string>>;
  #site = "";
  #plan: PagePlan = { reused: [], digests: new Map() };
  #resolvePlanned: (plan: PagePlan) => void = () => undefined;
  readonly #planned = new Promise<PagePlan>((resolve) => (this.#resolvePlanned = resolve));

  private constructor(dir: string, inputs: Omit<SiteInputs, "images">, index: PageIndex) {
    this.dir = dir;
    this.filesDir = path.join(dir, "files");
    this.#inputs = inputs;
    this.#index = index;
    this.#intact = intactFiles(
      this.filesDir,
      Object.entries(index.pages).map(([digest, page]) => [digest, page[3], page[4]] as const),
    ).catch(() => new Set<string>());
  }

  /** Opens the cache for this build; undefined when another build holds it (this one then renders every page). */
  static async open(dir: string, inputs: Omit<SiteInputs, "images">): Promise<PageCache | undefined> {
    await mkdir(path.join(dir, "files"), { recursive: true });
    if (!lock(path.join(dir, "lock"))) return undefined;
    let index: PageIndex = { version: 2, site: "", targets: [], pages: {} };
    try {
      const read = JSON.parse(await readFile(path.join(dir, "index.json"), "utf8")) as Partial<PageIndex>;
      if (read.version === 2 && typeof read.site === "string" && Array.isArray(read.targets) && typeof read.pages === "object" && read.pages !== null) index = read as PageIndex;
    } catch {
      // No index yet, or not one this code wrote: every page is rendered.
    }
    return new PageCache(dir, inputs, index);
  }

  /**
   * Which pages of the site data to take from the cache: those kept under the same digest, whose file
   * is intact. Returns the site data without them; `planned` tells the build what was taken.
   */
  async plan<Data extends PageLists & Pick<SiteData, "images">>(data: Data): Promise<Data> {
    this.#site = siteDigest({ ...this.#inputs, images: data.images });
    const digests = pageDigests(data, this.#site);
    const intact = this.#index.site === this.#site ? await this.#intact : new Set<string>();
    const reused: ReusedPage[] = [];
    const reusedUrls = new Set<string>();
    for (const [url, digest] of digests) {
      const page = this.#index.pages[digest];
      if (!page || !isKeptPage(page, url, this.#index.targets.length) || !intact.has(digest)) continue;
      reused.push({ digest, page });
      reusedUrls.add(url);
      digests.delete(url);
    }
    this.#plan = { reused, digests };
    this.#resolvePlanned(this.#plan);
    return withoutPages(data, reusedUrls);
  }

  /** Resolves once the site data is planned (the first run's load). */
  get planned(): Promise<PagePlan> {
    return this.#planned;
  }

  /** The digest of a page this build renders, when it is one the cache keeps. */
  digestOf(url: string): string | undefined {
    return this.#plan.digests.get(url);
  }

  /** The digest of what every page of this build shares, once planned: the next index is stored under it. */
  get site(): string {
    return this.#site;
  }

  /** The link targets the taken pages' `targets` point into. */
  get targets(): readonly string[] {
    return this.#index.targets;
  }

  /** Lets another build use the cache. */
  close(): void {
    unlock(path.join(this.dir, "lock"));
  }
}

/**
 * Writes the index of the pages a build took and kept, for the next build, and removes kept files it
 * no longer lists. Called by the page writer's thread, which knows what it took and kept, once the
 * build succeeded (a failure here costs the next build time, not this one its pages); that thread has
 * nothing else to do then, so it is done synchronously.
 */
export function storePageIndex(dir: string, index: PageIndex): void {
  const file = path.join(dir, "index.json");
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, JSON.stringify(index));
  renameSync(partial, file);
  const filesDir = path.join(dir, "files");
  for (const name of readdirSync(filesDir)) {
    if (!Object.hasOwn(index.pages, name)) rmSync(path.join(filesDir, name), { force: true });
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

/**
 * Takes the lock file for this process; false when a running process holds it. The file is written
 * whole under another name and linked into place, so no build reads a lock without its holder.
 */
function lock(file: string): boolean {
  const mine = `${file}.${process.pid}`;
  writeFileSync(mine, String(process.pid));
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        linkSync(mine, file);
        process.once("exit", () => unlock(file));
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        if (holderIsRunning(file)) return false;
        // Left by a build that stopped without letting go.
        rmSync(file, { force: true });
      }
    }
    return false;
  } finally {
    rmSync(mine, { force: true });
  }
}

function holderIsRunning(file: string): boolean {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(file, "utf8"), 10);
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function unlock(file: string): void {
  try {
    if (Number.parseInt(readFileSync(file, "utf8"), 10) === process.pid) unlinkSync(file);
  } catch {
    // Gone already.
  }
}
