import { existsSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import type { UserConfig } from "@11ty/eleventy";
import { failureDetails, failureSummary, type BuildEnd } from "./build-ends.ts";
import { finishedLine } from "./preview-log.ts";
import { pagesWrittenAsRendered } from "./preview-pages.ts";
import { ArticleValidationError, type Problem } from "./problems.ts";
import { followMovedStories } from "./preview-moved-stories.ts";
import { previewRequestGuard, type ServedFolders } from "./preview-request-guard.ts";
import { answerSessionRequest, failureMeta, RELOAD_SCRIPT_TAG, RELOAD_SCRIPT_URL, standInMeta } from "./preview-session.ts";
import { linksLeavingPublic, publicFolderName } from "./public-folder-links.ts";
import { escapeHtml } from "./html-escape.ts";
import { RETURN_WAIT_MS, SETTLE_MS } from "./articles-watcher.ts";

/**
 * The preview server (npm start) must never show a page that looks fine while the articles are
 * broken: an editor would take the stale page for the fixed one. So while the articles have problems, the
 * last build failed or a rebuild is under way, every page request gets a notice instead, saying why; the
 * dev server's reload script in that notice brings the real page back once a build succeeds.
 */
interface PreviewState {
  /** True from a change being noticed until the rebuild after it has finished. */
  rebuilding: boolean;
  /** The article problems of the last build, printed as the terminal printed them. */
  problems?: string;
  /** Where the files those problems name that are not there yet were looked for: adding one fixes its problem. */
  missingFiles?: readonly string[];
  /** The symbolic links in public/ that lead outside it, as npm run build names them when it refuses them. */
  linksLeavingPublic?: string;
  /** True while npm start's warm-up rebuilds run (src/preview-rebuilds.ts), before it serves. */
  warmingUp?: boolean;
  /** What the terminal was last told of the articles: their problems, or VALID. */
  told?: string;
  /** The build under way, for the line the terminal is given once it has finished (src/preview-log.ts). */
  build?: BuildUnderWay;
  /** How the last build failed, when it did for a reason other than the articles' problems. */
  failure?: BuildFailure;
  /** How many builds of this run have failed so far. */
  failures?: number;
  /** True once a build of this run has found the articles folder: one missing after that was moved or deleted, not never made. */
  articlesFolderSeen?: boolean;
}

interface BuildFailure {
  /** What failed and where, as its errors say it (failureDetails in src/build-ends.ts). */
  details: string;
  /** True when it was the first build, before which no page was written. */
  first: boolean;
  /**
   * Which failed build of this run it was: an open tab reloads when it changes (src/preview-session.ts),
   * to a failure's notice from any page, or to the next failure's.
   */
  number: number;
}

interface BuildUnderWay {
  /** The files whose change started it, as the watcher named them; none for the first build. */
  changed: readonly string[];
  /** When it started (performance.now()). */
  started: number;
}

const state: PreviewState = { rebuilding: false };

/** What `told` holds once the terminal has said that all articles are valid. */
const VALID = "";

/**
 * Whether the terminal is to be told a rebuild's outcome: not when it is a warm-up rebuild's and the terminal
 * has just said the same. The warm-ups read the articles the first build read, and an editor starting npm
 * start saw the same problems listed (or "Preview rebuilt") three times before the preview served, as if
 * something had been saved. A save during a warm-up that changes the outcome is still told. What the
 * terminal was told changes only once a build has finished (buildEnded), so that a build's problems and
 * its finished line are told or left out together.
 */
function isNews(outcome: string): boolean {
  return !(state.warmingUp && outcome === state.told);
}

/** Runs npm start's warm-up rebuilds, whose outcome the terminal is told only when it is news. */
export async function warmingUp(rebuilds: () => Promise<void>): Promise<void> {
  state.warmingUp = true;
  try {
    await rebuilds();
  } finally {
    state.warmingUp = false;
  }
}

/** Where the files the last build's stories named and did not find were looked for (absolute paths), for npm start to see whether one came during its first build. */
export function missingFilesNamed(): readonly string[] {
  return state.missingFiles ?? [];
}

/** Whether npm start's warm-up rebuilds are running. */
export function isWarmingUp(): boolean {
  return state.warmingUp === true;
}

export function isPreview(runMode = process.env.ELEVENTY_RUN_MODE): boolean {
  return runMode === "serve" || runMode === "watch";
}

/**
 * Loads the articles. In a production build a problem stops the build, as it must. In the preview
 * the problems are printed and remembered and the build goes on with no articles, so that the dev
 * server reloads the browser, which then shows the notice rather than the last good pages.
 */
export async function loadForPreview<T>(load: () => Promise<T>, empty: () => T, articlesDir?: string): Promise<T> {
  if (!isPreview()) return load();
  // The folder moved, renamed or deleted while the preview runs (another branch checked out, a tidy-up):
  // listing it failed with ENOENT, and so did the build, whose pages then said "Rebuilding" for ever, over
  // a stack trace in the terminal. Said as a problem instead; src/articles-watcher.ts rebuilds when it is back.
  if (articlesDir !== undefined && !existsSync(articlesDir)) {
    const shown = path.relative(process.cwd(), articlesDir) || articlesDir;
    state.missingFiles = undefined;
    state.problems = state.articlesFolderSeen
      ? `There is no articles folder at ${shown}: it was moved, renamed or deleted.\n  Put it back, or make it: the preview rebuilds by itself.`
      : `There is no articles folder at ${shown} yet.\n  Make it (npm run new makes it with a first story): the preview rebuilds by itself.`;
    console.error(`\n✗ The preview is NOT up to date. ${state.problems} Until then every page shows this problem.\n`);
    return empty();
  }
  if (articlesDir !== undefined) state.articlesFolderSeen = true;
  try {
    const loaded = await load();
    state.problems = undefined;
    state.missingFiles = undefined;
    return loaded;
  } catch (error) {
    if (!(error instanceof ArticleValidationError)) throw error;
    state.problems = error.message;
    state.missingFiles = error.problems.flatMap((problem) => problem.missingFile ?? []);
    if (isNews(error.message)) console.error(`\n✗ The preview is NOT up to date. ${error.message}\n  ${fixAdvice(error.problems)} Until then every page shows these problems.\n`);
    return empty();
  }
}

/**
 * What the terminal tells an editor to do about the articles' problems. A lead image not saved yet is
 * fixed by adding the file, not by an edit: "Fix the article and save" alone sent editors looking for a
 * mistake in an article that had none.
 */
function fixAdvice(problems: readonly Problem[]): string {
  const articles = `the article${problems.length === 1 ? "" : "s"}`;
  const missing = problems.filter((problem) => problem.missingFile).length;
  if (missing > 0) return `Fix ${articles}, or add the missing file${missing === 1 ? "" : "s"}: the preview rebuilds by itself.`;
  return `Fix ${articles} and save: the preview rebuilds by itself.`;
}

/**
 * Eleventy's watcher (chokidar), of the templates, public/ and the settings, settles a save and waits for a
 * file's return as long as the articles' own watcher does (src/articles-watcher.ts), not Eleventy's 150 ms
 * and chokidar's 100 ms; chokidar looks at a saved file's size every 10 ms until it has stayed the same that long.
 */
const SAVE_SETTLING = { stabilityThreshold: SETTLE_MS, pollInterval: 10 };

/**
 * `publicDir`: the folder of static files, which the dev server serves in place; the output folder is the build's.
 * `pathPrefix`: the site's, for the addresses of stories that moved (src/preview-moved-stories.ts).
 */
export function previewServer(eleventyConfig: UserConfig, { publicDir, pathPrefix }: Pick<ServedFolders, "publicDir"> & { pathPrefix?: string }): void {
  let outputDir: string | undefined;
  eleventyConfig.on("eleventy.before", async ({ directories }) => {
    outputDir = path.resolve(directories.output);
    // The first build has no eleventy.beforeWatch.
    state.build ??= buildStarting([]);
    if (isPreview()) await watchNoLinkLeavingPublic(eleventyConfig, publicDir);
  });
  eleventyConfig.setChokidarConfig({ awaitWriteFinish: SAVE_SETTLING, atomic: RETURN_WAIT_MS });
  eleventyConfig.on("eleventy.beforeWatch", (changedFiles) => {
    state.rebuilding = true;
    state.build = buildStarting(changedFiles);
  });
  eleventyConfig.on("eleventy.after", () => {
    state.rebuilding = false;
  });
  const guard = previewRequestGuard(() => (outputDir === undefined ? undefined : { outputDir, publicDir }));
  // A page request for a moved story's old address goes on to its new one, once no notice is shown instead.
  eleventyConfig.setServerOptions({ middleware: [guard, previewNotice, followMovedStories(() => outputDir, pathPrefix)] });
  // Every page, for npm start's restarts (src/preview-session.ts); the production build has none.
  if (isPreview()) eleventyConfig.addGlobalData("previewReloadScript", RELOAD_SCRIPT_URL);
}

/**
 * Remembers how a build ended for the pages: a failed one is shown on every page until a build succeeds.
 * Before, its pages said "Rebuilding the preview…" until then (eleventy.after, which ends the rebuild, never
 * comes for a failed one), so the editor had to find out in the terminal why the rebuild never ended.
 */
function noteFailure(failure: unknown, first: boolean): void {
  state.rebuilding = false;
  if (failure === undefined) {
    state.failure = undefined;
    return;
  }
  state.failures = (state.failures ?? 0) + 1;
  state.failure = { details: failureDetails(failure), first, number: state.failures };
}

function buildStarting(changed: readonly string[]): BuildUnderWay {
  return { changed: [...changed], started: performance.now() };
}

/**
 * Tells the terminal that a build has ended, in place of Eleventy's summary (src/preview-log.ts): npm
 * start and the tests hand this to endEachBuild (src/build-ends.ts), which calls it once the build's pages
 * are written and its eleventy.after handlers have all ended, or once it has failed, before writing
 * anything too. `eleventyWrote`, Eleventy's count, is the pages' only when Eleventy writes them
 * (--incremental); otherwise this process wrote them (src/preview-pages.ts).
 */
export function buildEnded(end: BuildEnd): void {
  const build = state.build ?? buildStarting([]);
  state.build = undefined;
  const failed = "failure" in end;
  const outcome = failed ? "failed" : state.problems === undefined ? "valid" : "problems";
  const problem = failed ? failureSummary(end.failure) : undefined;
  noteFailure(failed ? end.failure : undefined, build.changed.length === 0);
  const line = finishedLine({ changed: build.changed, seconds: (performance.now() - build.started) / 1000, outcome, problem, pages: pagesWrittenAsRendered() ?? end.eleventyWrote ?? 0 });
  // A failure is always news; so is the next build that does not fail, whatever it says.
  const told = outcome === "failed" ? undefined : (state.problems ?? VALID);
  const news = told === undefined || isNews(told);
  state.told = told;
  if (!news) return;
  if (outcome === "valid") console.log(line);
  else console.error(line);
}

/**
 * The preview names each symbolic link in public/ that leads outside it on every page, as it names
 * broken articles, rather than serving the site: npm run build would refuse to publish it, and a preview
 * that looked fine would hide that until then. Nor does its watcher follow one: Eleventy watches public/
 * through chokidar, which walked the whole folder a link led to (all of /tmp, for one) and rebuilt for
 * every file changing there, endlessly. Eleventy reads its ignores when it starts watching, after the
 * first build, so a link there from the start is never walked; one made later is watched until the
 * preview restarts, but named at once. (Not chokidar's followSymlinks: false, which would stop the
 * watcher following an articles folder that is itself a link.) The request guard (src/preview-request-guard.ts)
 * serves no file through such a link meanwhile.
 */
async function watchNoLinkLeavingPublic(eleventyConfig: UserConfig, publicDir: string): Promise<void> {
  const leaving = await linksLeavingPublic(publicDir);
  const folder = publicFolderName(publicDir);
  for (const link of leaving?.links ?? []) {
    const watched = path.join(folder, link).split(path.sep).join("/");
    eleventyConfig.watchIgnores.add(watched);
    eleventyConfig.watchIgnores.add(`${watched}/**`);
  }
  // Said in the terminal once, not at every rebuild.
  const news = leaving?.message !== state.linksLeavingPublic;
  state.linksLeavingPublic = leaving?.message;
  if (leaving && news) console.error(`\n✗ The preview is NOT what npm run build would publish. ${leaving.message}\n  Until then every page shows this problem.\n`);
}

/** Answers page requests with the notice while the preview is not a faithful build. */
export function previewNotice(request: IncomingMessage, response: ServerResponse, next: () => void): void {
  if (answerSessionRequest(request, response, failureMark())) return;
  const notice = currentNotice();
  const pathname = new URL(request.url ?? "/", "http://preview.invalid").pathname;
  const isPage = pathname.endsWith("/") || pathname.endsWith(".html");
  if (!notice || !isPage) {
    next();
    return;
  }
  // Eleventy's dev server gives an error page it did not make itself a Content Security Policy that lets
  // only its own live-reload script run; this page's reload script (src/preview-session.ts) must run too.
  (response as ServerResponse & { isCustomErrorPage?: boolean }).isCustomErrorPage = true;
  answerWithNotice(response, notice);
}

/** A notice's status: the page at its address is not there to be shown (for now). */
const NOTICE_STATUS = 503;

export function answerWithNotice(response: ServerResponse, notice: string): void {
  response.statusCode = NOTICE_STATUS;
  response.setHeader("Content-Type", "text/html; charset=utf-8");
  response.setHeader("Cache-Control", "no-store");
  response.end(notice);
}

/** The page served instead of the site while the settings stop the preview from starting (src/cli/preview.ts). */
export function settingsProblemNotice(problem: string): string {
  return noticePage("The settings have a problem", "The preview cannot start with these settings. Fix them and save: the preview starts again by itself, and this page reloads.", problem);
}

/** True while the last load of the articles found problems, and so gave the build no articles. */
export function articlesHaveProblems(): boolean {
  return state.problems !== undefined;
}

/** True while the last build failed (for a reason other than the articles' problems). */
export function buildFailed(): boolean {
  return state.failure !== undefined;
}

/** Which failed build the pages show, if they show one: "" while none. */
function failureMark(current: PreviewState = state): string {
  return current.failure ? String(current.failure.number) : "";
}

/** The page the preview serves instead of the site right now, if any. */
export function currentNotice(): string | undefined {
  return noticeFor(state);
}

export function noticeFor(current: PreviewState): string | undefined {
  if (current.linksLeavingPublic) return noticePage("The static files have a problem", "npm run build would refuse to publish the site. Remove the links named below (or copy in what they point at): the preview rebuilds once an article or template is saved.", current.linksLeavingPublic);
  if (current.failure) {
    const [title, pages] = current.failure.first ? ["The preview could not be built", "The preview shows no pages until it builds."] : ["The preview could not be rebuilt", "The preview shows no pages until it rebuilds, rather than pages that may be out of date."];
    return noticePage(title, `${pages} The build failed for the reason below, not because of an article's problem. Fix it and save: the preview rebuilds by itself, and this page reloads.`, current.failure.details, failureMark(current));
  }
  if (current.problems) {
    const advice = current.missingFiles?.length ? "Save the fixed file, or add the missing file, and this page reloads by itself." : "Save the fixed file and this page reloads by itself.";
    return noticePage("The articles have problems", `The preview shows no pages until they are fixed. ${advice}`, current.problems);
  }
  if (current.rebuilding) return noticePage("Rebuilding the preview…", "This page reloads by itself when the build is done, or says why it failed.");
  return undefined;
}

function noticePage(title: string, advice: string, details?: string, failure = ""): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:1rem/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}h1{color:#a40000}pre{background:#fff4f4;border:2px solid #a40000;padding:1rem;white-space:pre-wrap}</style>
${RELOAD_SCRIPT_TAG}
${standInMeta(NOTICE_STATUS)}
${failureMeta(failure)}
</head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(advice)}</p>${details ? `<pre>${escapeHtml(details)}</pre>` : ""}</main></body></html>
`;
}

/** For tests: the state a fresh preview starts in. */
export function resetPreviewState(): void {
  state.rebuilding = false;
  state.problems = undefined;
  state.missingFiles = undefined;
  state.linksLeavingPublic = undefined;
  state.warmingUp = undefined;
  state.told = undefined;
  state.build = undefined;
  state.failure = undefined;
  state.failures = undefined;
  state.articlesFolderSeen = undefined;
}
