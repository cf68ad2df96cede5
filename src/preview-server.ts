import { readFileSync, watch } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import type { UserConfig } from "@11ty/eleventy";
import { pagesWrittenAsRendered } from "./preview-pages.ts";
import { ArticleValidationError } from "./problems.ts";

/**
 * The preview server (npm start) must never show a page that looks fine while the articles are
 * broken: an editor would take the stale page for the fixed one. So while the last build failed or a
 * rebuild is under way, every page request gets a notice instead, listing the problems; the dev
 * server's reload script in that notice brings the real page back once a build succeeds.
 */
interface PreviewState {
  /** True from a change being noticed until the rebuild after it has finished. */
  rebuilding: boolean;
  /** The article problems of the last build, printed as the terminal printed them. */
  problems?: string;
  /** A settings file whose text is no longer what the preview started with (watchSettings). */
  settingsChanged?: string;
}

const state: PreviewState = { rebuilding: false };

export function isPreview(runMode = process.env.ELEVENTY_RUN_MODE): boolean {
  return runMode === "serve" || runMode === "watch";
}

/**
 * Loads the articles. In a production build a problem stops the build, as it must. In the preview
 * the problems are printed and remembered and the build goes on with no articles, so that the dev
 * server reloads the browser, which then shows the notice rather than the last good pages.
 */
export async function loadForPreview<T>(load: () => Promise<T>, empty: () => T): Promise<T> {
  if (!isPreview()) return load();
  try {
    const loaded = await load();
    state.problems = undefined;
    return loaded;
  } catch (error) {
    if (!(error instanceof ArticleValidationError)) throw error;
    state.problems = error.message;
    console.error(`\n✗ The preview is NOT up to date. ${error.message}\n  Fix the article${error.problems.length === 1 ? "" : "s"} and save: the preview rebuilds by itself. Until then every page shows these problems.\n`);
    return empty();
  }
}

/**
 * How long a saved file's size must stay the same before the watcher reports it, so that a file still
 * being written is not read half-written. Eleventy waits 150 ms (polling every 25): that much of every
 * save's wait for its page. A save of a Markdown file is over in a few milliseconds, so 40 ms of stillness
 * is ample; a write that pauses longer is read as it stands and read again, whole, by the rebuild its
 * last part starts (Eleventy queues changes made during a rebuild).
 */
const SAVE_SETTLING = { stabilityThreshold: 40, pollInterval: 10 };

export function previewServer(eleventyConfig: UserConfig): void {
  eleventyConfig.setChokidarConfig({ awaitWriteFinish: SAVE_SETTLING });
  eleventyConfig.on("eleventy.beforeWatch", () => {
    state.rebuilding = true;
  });
  eleventyConfig.on("eleventy.after", () => {
    state.rebuilding = false;
    const written = pagesWrittenAsRendered();
    const pages = written === undefined ? "" : ` ${written} page${written === 1 ? "" : "s"} written.`;
    if (isPreview() && !state.problems) console.log(`✓ Preview rebuilt: all articles are valid.${pages}`);
  });
  eleventyConfig.setServerOptions({ middleware: [previewNotice] });
}

/** Answers page requests with the notice while the preview is not a faithful build. */
export function previewNotice(request: IncomingMessage, response: ServerResponse, next: () => void): void {
  const notice = currentNotice();
  const pathname = new URL(request.url ?? "/", "http://preview.invalid").pathname;
  const isPage = pathname.endsWith("/") || pathname.endsWith(".html");
  if (!notice || !isPage) {
    next();
    return;
  }
  response.statusCode = 503;
  response.setHeader("Content-Type", "text/html; charset=utf-8");
  response.setHeader("Cache-Control", "no-store");
  response.end(notice);
}

/** True while the last load of the articles found problems, and so gave the build no articles. */
export function articlesHaveProblems(): boolean {
  return state.problems !== undefined;
}

/** The page the preview serves instead of the site right now, if any. */
export function currentNotice(): string | undefined {
  return noticeFor(state);
}

export function noticeFor(current: PreviewState): string | undefined {
  if (current.settingsChanged) {
    return noticePage(
      "The settings changed",
      `${current.settingsChanged} is read when the preview starts, so these pages no longer show the site as it is set up. Stop npm start (Ctrl-C) and start it again.`,
    );
  }
  if (current.problems) return noticePage("The articles have problems", "The preview shows no pages until they are fixed. Save the fixed file and this page reloads by itself.", current.problems);
  if (current.rebuilding) return noticePage("Rebuilding the preview…", "This page reloads by itself when the build is done. If it does not, the build failed: the terminal running npm start says why.");
  return undefined;
}

function noticePage(title: string, advice: string, details?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:1rem/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}h1{color:#a40000}pre{background:#fff4f4;border:2px solid #a40000;padding:1rem;white-space:pre-wrap}</style>
</head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(advice)}</p>${details ? `<pre>${escapeHtml(details)}</pre>` : ""}</main></body></html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * The settings (site.config.ts, and a settings file given by NEWS_SETTINGS_FILE) are imported once, with
 * Eleventy's configuration: a later edit changes nothing until the preview starts again (Node keeps the
 * module as first imported), and Eleventy does not watch them. So once a file's text differs from what it
 * was at the start, every page is the notice to restart, and the terminal says so. Folders are watched
 * rather than files, since editors save by replacing the file. Returns the way to stop.
 */
export function watchSettings(files: readonly string[]): () => void {
  const watchers = files.flatMap((file) => {
    const original = readText(file);
    const onChange = (_event: string, name: string | null) => {
      if (name !== path.basename(file)) return;
      const changed = readText(file) !== original;
      if (changed && state.settingsChanged !== file) console.error(`\n✗ ${file} changed. The preview reads the settings when it starts: stop npm start (Ctrl-C) and start it again. Until then every preview page says so.\n`);
      if (changed) state.settingsChanged = file;
      else if (state.settingsChanged === file) state.settingsChanged = undefined;
    };
    // A folder that cannot be watched (the system's limit on watches reached, the folder gone) costs the
    // notice, not the preview.
    const unwatched = (error: unknown) => console.warn(`Not watching ${file} for changes (${error instanceof Error ? error.message : String(error)}): restart npm start after editing it.`);
    try {
      return [watch(path.dirname(file), onChange).on("error", unwatched)];
    } catch (error) {
      unwatched(error);
      return [];
    }
  });
  return () => {
    for (const watcher of watchers) watcher.close();
  };
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** For tests: the state a fresh preview starts in. */
export function resetPreviewState(): void {
  state.rebuilding = false;
  state.problems = undefined;
  state.settingsChanged = undefined;
}
