import path from "node:path";

/**
 * Where each of Eleventy's builds ends, for the preview's line (src/preview-log.ts), taken from the steps of
 * Eleventy's programmatic API a build goes through rather than from the text Eleventy prints. The line was
 * once printed in place of Eleventy's summary ("[11ty] Copied 8 Wrote 0 files"), found by its wording: a
 * reworded summary would have left the preview without a line (and its tests waiting for one for ever), and
 * a rebuild that failed before writing anything (a config file that no longer loads) printed no summary, so
 * it got none. Eleventy 3.1's watcher rebuilds by calling its instance's init() and then its write(), the
 * first build by write() alone (https://github.com/11ty/eleventy/blob/v3.1.8/src/Eleventy.js, #watch and
 * watch), and write() settles once the eleventy.after handlers have ended. So a build ends when write()
 * settles, or when init() fails. Eleventy's summary, which counted none of the pages npm start writes itself
 * (src/preview-pages.ts), is the line its logger prints right after logFinished() has made it, whatever it says.
 */

/** How a build ended: `failure` (present only then) is what it threw, if it failed; `eleventyWrote` is Eleventy's count of the files it wrote. */
export interface BuildEnd {
  failure?: unknown;
  eleventyWrote?: number;
}

/** The part of the console Eleventy's logger writes to (its ConsoleLogger calls `log`, `warn` and `error`). */
export interface LogTarget {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** The steps of a build on Eleventy's instance (not all in Eleventy's types). */
interface BuildSteps {
  init(...args: unknown[]): Promise<unknown>;
  write(): Promise<unknown>;
  logFinished(): string;
  logger: { overrideLogger(target: LogTarget): void };
  writer?: { getMetadata?(): { writeCount?: number } };
}

/**
 * Calls `ended` once each build of `eleventy` has ended, and keeps Eleventy's summary of each build from
 * `target` (the console, looked up at each line). Returns false, and changes nothing, when the instance
 * lacks the steps (another Eleventy): the caller says so. A build whose summary cannot be told (no
 * logFinished or logger) still ends; only the summary is printed as well.
 */
export function endEachBuild(eleventy: unknown, ended: (end: BuildEnd) => void, target: () => LogTarget = () => console): boolean {
  const steps = eleventy as Partial<BuildSteps>;
  if (typeof steps.init !== "function" || typeof steps.write !== "function") return false;
  const [init, write] = [steps.init.bind(steps), steps.write.bind(steps)];
  const eleventyWrote = () => steps.writer?.getMetadata?.().writeCount;
  steps.init = async (...args: unknown[]) => {
    try {
      return await init(...args);
    } catch (failure) {
      // A write() whose own init() fails is told once, by the write.
      if (!writing) ended({ failure });
      throw failure;
    }
  };
  let writing = false;
  steps.write = async () => {
    writing = true;
    try {
      const written = await write();
      writing = false;
      ended({ eleventyWrote: eleventyWrote() });
      return written;
    } catch (failure) {
      writing = false;
      ended({ failure, eleventyWrote: eleventyWrote() });
      throw failure;
    }
  };
  hideSummary(steps, target);
  return true;
}

function hideSummary(steps: Partial<BuildSteps>, target: () => LogTarget): void {
  if (typeof steps.logFinished !== "function" || typeof steps.logger?.overrideLogger !== "function") return;
  const logFinished = steps.logFinished.bind(steps);
  let summaryNext = false;
  steps.logFinished = () => {
    summaryNext = true;
    return logFinished();
  };
  steps.logger.overrideLogger({
    log: (message) => {
      if (summaryNext) summaryNext = false;
      else target().log(message);
    },
    warn: (message) => target().warn(message),
    // A failed build's summary is printed as a log line too, in red.
    error: (message) => target().error(message),
  });
}

/** The errors a failure is made of, outermost first: Eleventy wraps the cause in errors of its own. */
export function causes(failure: unknown): unknown[] {
  const chain = [failure];
  for (let depth = 0; depth < 10; depth++) {
    const error = chain.at(-1) as { originalError?: unknown; cause?: unknown } | undefined;
    const cause = error?.originalError ?? error?.cause;
    if (cause === undefined || cause === null) break;
    chain.push(cause);
  }
  return chain;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Nunjucks puts where on a line of its own, and what on the next: "(./templates/article.njk) [Line 73, Column 4]". */
const PLACE_ALONE = /^\([^()]*\)(?: \[Line \d+, Column \d+\])?$/;

/** What a failure says, for a line of its own: the first line of the error that caused it, with the next when the first only says where. */
export function failureSummary(failure: unknown): string {
  const lines = messageOf(causes(failure).at(-1)).split("\n").map((line) => line.trim()).filter(Boolean);
  // esbuild says "Transform failed with 1 error:", then where and what.
  const joined = lines.length > 1 && (lines[0]!.endsWith(":") || PLACE_ALONE.test(lines[0]!));
  const said = joined ? `${lines[0]} ${lines[1]}` : (lines[0] ?? "");
  return said.length > 300 ? `${said.slice(0, 299)}…` : said;
}

/** How much of a failure the preview's notice shows: a message can hold a whole page's text. */
const DETAILS_LIMIT = 4000;

/**
 * What a failure says in full, for the page the preview shows in place of the site: each error's message,
 * outermost first, as Eleventy's error lists them in the terminal (a template's, then what went wrong in it
 * and on which line), with the project's own folder left out of the files they name.
 */
export function failureDetails(failure: unknown, root = process.cwd()): string {
  const messages = [...new Set(causes(failure).map((error) => messageOf(error).trimEnd()).filter(Boolean))];
  const details = messages.join("\n").replaceAll(`${root}${path.sep}`, "");
  return details.length > DETAILS_LIMIT ? `${details.slice(0, DETAILS_LIMIT - 1)}…` : details;
}

/**
 * Lets Eleventy's watch() start its watcher when the first build fails, as it goes on watching when a
 * rebuild fails. Eleventy 3.1's watch() makes the first build by write() and starts watching only after it
 * (https://github.com/11ty/eleventy/blob/v3.1.8/src/Eleventy.js, watch), so a template with a Nunjucks
 * error when npm start began threw out of watch(): the preview stopped, npm start with it, after a line
 * saying that it would rebuild by itself. The failure has been told by then (endEachBuild, which must wrap
 * write() first) and is shown on every page; the watcher rebuilds once the file is saved again. Returns
 * false, and changes nothing, when the instance has no write().
 */
export function watchEvenIfFirstBuildFails(eleventy: unknown): boolean {
  const steps = eleventy as Partial<BuildSteps>;
  if (typeof steps.write !== "function") return false;
  const write = steps.write.bind(steps);
  steps.write = async () => {
    steps.write = write;
    try {
      return await write();
    } catch {
      // What watch() does with a first build's result: nothing.
      return undefined;
    }
  };
  return true;
}
