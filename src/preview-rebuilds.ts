import { existsSync, statSync } from "node:fs";
import path from "node:path";
import type { UserConfig } from "@11ty/eleventy";
import { ArticleReadCache, type StoryRead } from "./article-cache.ts";
import { findArticleFiles } from "./article-loader.ts";
import { NO_PAGES, onlyArticlesChanged, pagesToWrite, removedPages } from "./preview-delta.ts";
import { storyMoves } from "./preview-moved-stories.ts";
import { articlesHaveProblems, buildFailed, isWarmingUp, missingFilesNamed, warmingUp } from "./preview-server.ts";
import { fileVersion, keepPictureVersions, picturesAsked, versionAsked, versionUsed } from "./image-requests.ts";
import type { DateTime } from "luxon";
import type { Article } from "./article.ts";
import { nextPublication } from "./publication-status.ts";
import type { SiteData } from "./site-data.ts";
import { removePages } from "./stale-pages.ts";

/**
 * Makes the preview server's rebuilds cost what changed, and leaves no page behind that the site no
 * longer has. A full build (npm run build, and the preview server's first build) is untouched. In
 * watch/serve mode, articles are remembered between rebuilds (only saved files are read again); when
 * only articles changed, only the pages whose contents changed are written again (src/preview-delta.ts);
 * any other change (a template, CSS, settings) writes every page. Either way, the pages of articles
 * that were deleted, renamed or unpublished, and listing pages that no longer exist, are removed.
 */
export class PreviewRebuilds {
  readonly #articlesDir?: string;
  #watching = false;
  #incremental = false;
  #onlyArticles = false;
  #outputDir?: string;
  #cache = new ArticleReadCache();
  /** The site data of the last rebuild that finished: its pages are on disk as it wrote them. */
  #written?: SiteData;
  /** The site data of the rebuild under way, until it finishes. */
  #writing?: SiteData;
  /** The site data whose pages were last written, finished or not. */
  #lastSelected?: SiteData;
  #wroteEveryPage = true;
  /** Who waits for the next call of the watcher's rebuild function to end. */
  readonly #watchRunWaiters: (() => void)[] = [];
  /** Rebuilds when the next scheduled story comes out (rebuildWhenStoriesComeOut). */
  readonly #comingOut = new PublicationTimer();

  /** Whether the site data's now is the clock's at each rebuild: only then does a scheduled story come out while the preview runs. */
  readonly #nowFromClock: boolean;

  constructor(eleventyConfig: UserConfig, articlesDir?: string, { nowFromClock = false } = {}) {
    this.#articlesDir = articlesDir;
    this.#nowFromClock = nowFromClock;
    latest = this;
    eleventyConfig.on("eleventy.before", ({ runMode, directories, incremental }) => {
      this.#watching = runMode !== "build";
      // Read by the preview alone (pictureAsLastUsed, picturesChangedSinceUsed).
      keepPictureVersions(this.#watching);
      this.#incremental = incremental;
      this.#outputDir = directories.output;
    });
    eleventyConfig.on("eleventy.beforeWatch", (changedFiles) => {
      this.#onlyArticles = onlyArticlesChanged(changedFiles);
      // Eleventy's --incremental names one changed file per rebuild, leaving the rest to later ones.
      if (!this.#incremental) this.#cache.watcherReported(changedFiles);
    });
    eleventyConfig.on("eleventy.afterwatch", () => {
      for (const ended of this.#watchRunWaiters.splice(0)) ended();
    });
    // Eleventy announces only a build that succeeded; after one that failed, some of its pages may be
    // written and some not, so the next rebuild writes every page.
    eleventyConfig.on("eleventy.after", () => {
      if (this.#writing) this.#written = this.#writing;
      this.#writing = undefined;
    });
  }

  /** One of the preview's article files, relative to the working folder; undefined when there is none (or outside the preview). */
  async anyArticle(): Promise<string | undefined> {
    if (!this.#watching || !this.#articlesDir || !existsSync(this.#articlesDir)) return undefined;
    const [file] = await findArticleFiles(this.#articlesDir);
    return file === undefined ? undefined : path.relative(process.cwd(), file);
  }

  /** Has the next rebuild read one of the preview's article files (anyArticle's) again, as if it had been saved. */
  readAgain(file: string): void {
    this.#cache.forget(path.resolve(file));
  }

  /** Resolves when the next call of the watcher's rebuild function ends, whichever call it is. */
  watchRunEnded(): Promise<void> {
    return new Promise((resolve) => this.#watchRunWaiters.push(resolve));
  }

  /** See articlesSavedBeforeWatching. */
  async savedBeforeWatching(): Promise<string[]> {
    // A missing folder is told on every page (src/preview-server.ts) and looked for (src/articles-watcher.ts).
    if (!this.#watching || !this.#articlesDir || !existsSync(this.#articlesDir)) return [];
    return [...this.#cache.changedSinceRead(await findArticleFiles(this.#articlesDir)), ...picturesChangedSinceUsed()];
  }

  /** The loader's cache while the server watches; none for a one-off build. */
  get cache(): ArticleReadCache | undefined {
    return this.#watching ? this.#cache : undefined;
  }

  /**
   * True when the build under way writes every page from whole site data: a build, the preview's first,
   * and every rebuild not cut down to what changed. (What is made from the finished pages, the search
   * index, is worth making again only then.)
   */
  get wroteEveryPage(): boolean {
    return this.#wroteEveryPage;
  }

  /**
   * The site data to write: cut down to the pages that changed when only articles changed. Removes the
   * files of pages the last rebuild wrote that this one does not have before they are written.
   */
  async select(next: SiteData): Promise<SiteData> {
    const onlyArticles = this.#onlyArticles;
    this.#onlyArticles = false;
    const selected = await this.#select(next, onlyArticles);
    this.#wroteEveryPage = selected === next;
    return selected;
  }

  async #select(next: SiteData, onlyArticles: boolean): Promise<SiteData> {
    if (!this.#watching) return next;
    // The load found problems and gave no articles; every page shows the problems until they are
    // fixed. Removing the whole site now and writing it all again then would be slow and pointless.
    if (articlesHaveProblems()) return this.#written ? { ...this.#written, ...NO_PAGES } : next;

    const previous = this.#written;
    this.#written = undefined;
    this.#writing = next;
    // With a fixed now (NEWS_NOW), no story comes out: a timer would rebuild for ever for one dated before the clock.
    if (this.#nowFromClock) this.#comingOut.arm(next.articles, next.now);
    const removed = this.#lastSelected ? removedPages(this.#lastSelected, next) : [];
    // An open tab on a renamed or re-sectioned story's page follows it (src/preview-moved-stories.ts).
    if (this.#lastSelected) storyMoves.record(this.#lastSelected.articles, next.articles);
    this.#lastSelected = next;
    if (removed.length > 0 && this.#outputDir) await removePages(this.#outputDir, removed);
    return onlyArticles && previous ? { ...next, ...pagesToWrite(previous, next, { listSaved: isWarmingUp() }) } : next;
  }
}

/** The preview's rebuilds as the site's configuration last made them (a change of settings makes them anew). */
let latest: PreviewRebuilds | undefined;

/** What the preview calls to rebuild for a file: the watcher's rebuild function, once npm start has it. */
let rebuildOnTime: ((file: string) => unknown) | undefined;

/** The longest wait Node's timers take (about 24.8 days); a story scheduled further ahead is waited for in steps. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * Rebuilds the preview when the next scheduled story comes out: nothing is saved then, and without it the
 * story stayed flagged "Scheduled" on its page and cards until the next save of anything. The rebuild is
 * one for the story's file, unchanged, so it writes only the pages showing the story (src/preview-delta.ts),
 * and the browser reloads them as after a save.
 */
class PublicationTimer {
  #timer?: NodeJS.Timeout;

  /** `newestFirst` in the site data's order (compareArticles): nextPublication finds the stories ahead of the clock by binary search. */
  arm(newestFirst: readonly Article[], now: DateTime): void {
    clearTimeout(this.#timer);
    const story = nextPublication(newestFirst, now.toMillis());
    if (story === undefined) return;
    const due = story.published.epochMs;
    const wait = Math.min(due - Date.now(), LONGEST_TIMER_MS);
    this.#timer = setTimeout(() => {
      if (Date.now() < due) this.arm(newestFirst, now);
      else void rebuildOnTime?.(path.relative(process.cwd(), story.sourcePath));
    }, Math.max(wait, 0));
    // Waiting for a story's time is no reason for the process to stay (a test's in-process preview ends).
    this.#timer.unref();
  }
}

/** npm start gives its watcher's rebuild function, for the preview to rebuild when a scheduled story comes out; returns how to stop. */
export function rebuildWhenStoriesComeOut(rebuildFor: (file: string) => unknown): () => void {
  rebuildOnTime = rebuildFor;
  return () => {
    if (rebuildOnTime === rebuildFor) rebuildOnTime = undefined;
  };
}

/**
 * The articles saved, added or deleted since the preview last read them, and the pictures changed since its
 * stories asked for them (picturesChangedSinceUsed), for npm start to rebuild for
 * once its watcher has started: Eleventy starts watching after the first build, so a save made during
 * it (half a minute at 10,000 stories) was never reported, and its page would stay as it was until the
 * next save of anything.
 */
export async function articlesSavedBeforeWatching(): Promise<string[]> {
  return (await latest?.savedBeforeWatching()) ?? [];
}

/**
 * The pictures the stories show (beside them or under public/) that changed since the build made its pages of them, for
 * articlesSavedBeforeWatching: a photo saved, replaced or deleted during the first build, or one a story named
 * that arrived then, got no event either, and the preview showed the old photo, or the story's "does not
 * exist", until the next save. Only what the build asked for is looked at, once each: a picture its stories
 * used, against the version their pictures were made of (src/image-requests.ts); one it could not read (not
 * decoded, or its header refused), against the version its problem was made of, so that a broken photo left as
 * it is is not rebuilt for at every start; and the places it looked for one it did
 * not find (the story's problem names them). A picture whose requests found two versions (saved between two
 * stories' requests) is rebuilt for as it is: its pages may show either. A picture added that no story asked for
 * changes no page. Each stat is synchronous, as the stories' are (src/article-cache.ts): 10,000 took 36-75 ms
 * so, 167-228 ms as promises all at once (fifty-fourth round).
 */
function picturesChangedSinceUsed(): string[] {
  const statOf = (file: string) => {
    try {
      return statSync(file, { bigint: true });
    } catch {
      return undefined; // Gone, or its folder no longer one or unreadable: a picture the pages cannot show as they do.
    }
  };
  const changed = [...picturesAsked()].filter((file) => {
    const asked = versionAsked(file);
    if (asked === undefined) return true;
    const info = statOf(file);
    return !info || asked !== fileVersion(info);
  });
  const arrived = [...new Set(missingFilesNamed())].filter((file) => statOf(file)?.isFile());
  return [...changed, ...arrived];
}

/** What the preview's build last read of a story, by its absolute path, for npm start's articles watcher (src/reported-files.ts). */
export function storyAsLastRead(file: string): StoryRead | undefined {
  return latest?.cache?.lastRead(file);
}

/**
 * The version of a picture the preview's pages were made from (src/image-requests.ts), for npm start's articles
 * watcher: none while the last build failed or refused stories, as a story may have found the picture unreadable
 * or missing then, which a version asked for by the stories that showed it would not say.
 */
export function pictureAsLastUsed(file: string): string | undefined {
  return latest?.cache && !articlesHaveProblems() && !buildFailed() ? versionUsed(file) : undefined;
}

/**
 * Rebuilds npm start makes before it serves, each for an article that has not changed. An editor's first
 * save otherwise runs the rebuild's own code (the site data made again, the pages that changed chosen,
 * the cache's checks) for the first time, before V8 has compiled it: at 10,000 stories that first
 * save showed up to a third of a second later than the saves after it (docs/performance-history.md,
 * twenty-second round); after two warm-ups the first save was at most a fifth of a second behind, for
 * about 1–1.5 s more before the preview serves. Each warm-up reads its article again, as a save has it
 * read: a large archive's first build reads on worker threads, so reading and rendering a story on this
 * one, and writing its page and the listings that show it, was still new to the first save (at 100,000
 * stories it showed 1.19 s after the save, the next ones 0.83 and 0.66 s: forty-second round). Its cards
 * are unchanged, so the listings are written because these are warm-ups (pagesToWrite's `listSaved`). The pages
 * it writes are the same bytes as before, and no browser is told: the preview does not serve yet.
 */
export const WARM_UP_REBUILDS = 2;

/** Makes the warm-up rebuilds, one after another, through `rebuildFor` (what Eleventy's watcher calls for a changed file). */
export async function warmUpRebuilds(rebuildFor: (file: string) => Promise<unknown>, count = WARM_UP_REBUILDS): Promise<void> {
  const rebuilds = latest;
  const file = await rebuilds?.anyArticle();
  if (!rebuilds || file === undefined) return;
  await warmingUp(async () => {
    for (let made = 0; made < count; made++) {
      rebuilds.readAgain(file);
      // A call of Eleventy's rebuild function never resolves when a save calls it again within the same
      // moment (the save's call cancels its timer and joins its file to its own rebuild); the save's call
      // ending then says the warm-up's rebuild has ended.
      await Promise.race([rebuildFor(file), rebuilds.watchRunEnded()]);
    }
  });
}
