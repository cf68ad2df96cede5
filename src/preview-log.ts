/**
 * The preview's terminal at the end of each build. Eleventy ends every build with its summary ("[11ty]
 * Copied 8 Wrote 0 files in 0.12 seconds"), even in quiet mode, but npm start writes the pages itself
 * (src/preview-pages.ts): Eleventy's "Wrote 0 files" beside the preview's own count read as a
 * contradiction. So in the preview the summary is replaced by a line of the preview's own: what was
 * rebuilt, how long it took, how it ended and how many pages were written. Eleventy prints its summary
 * once the build has finished, its eleventy.after handlers included, or has failed, so the preview's line
 * comes then too: tests and npm run bench:preview wait for it (finishedBuilds). Eleventy's other lines,
 * its errors and warnings among them, are printed as before. (npm run build never meets the summary: it
 * renders through toJSON, which has none.)
 */

/** The part of the console Eleventy's logger writes to (its ConsoleLogger calls `log`, `warn` and `error`). */
export interface LogTarget {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Eleventy's logger, as its configuration API hands it on (not in Eleventy's types). */
interface EleventyLogger {
  overrideLogger(target: LogTarget): void;
}

// "[11ty] Copied 8 Wrote 0 files in 0.03 seconds (v3.1.8)", in colour unless NO_COLOR is set.
// eslint-disable-next-line no-control-regex
const COLOUR = /\u001b\[[0-9;]*m/g;
const BUILD_SUMMARY = /^\[11ty\] (?:Copied \d+ )?Wrote (\d+) files?\b/;

/** Eleventy's count of the files it wrote, when a line of Eleventy's is its build summary; undefined for any other line. */
export function summaryCount(line: string): number | undefined {
  const count = BUILD_SUMMARY.exec(line.replace(COLOUR, ""))?.[1];
  return count === undefined ? undefined : Number(count);
}

/** What the preview hears of Eleventy's lines besides their being printed. */
export interface BuildEvents {
  /** Eleventy's summary of a build, finished or failed, with its count of the files it wrote. */
  finished(eleventyWrote: number): void;
  /**
   * Eleventy printed an error. A build whose eleventy.after handler throws has still been announced to
   * the others (they run side by side): its error is how its failure shows.
   */
  erred(): void;
}

/**
 * Eleventy's lines as `target` (the console, looked up at each line) prints them, but its build summary,
 * which goes to `events` instead. A failed build's summary (in red) goes there too: its error is printed
 * apart, as an error.
 */
export function replacingBuildSummary(events: BuildEvents, target: () => LogTarget = () => console): LogTarget {
  return {
    log: (message) => {
      const count = summaryCount(message);
      if (count === undefined) target().log(message);
      else events.finished(count);
    },
    warn: (message) => target().warn(message),
    error: (message) => {
      events.erred();
      target().error(message);
    },
  };
}

/** Makes Eleventy's logger, as the configuration API holds it, hand its build summary to `events`; false when it is not there. */
export function replaceBuildSummary(logger: unknown, events: BuildEvents): boolean {
  const eleventyLogger = logger as Partial<EleventyLogger> | undefined;
  if (typeof eleventyLogger?.overrideLogger !== "function") return false;
  eleventyLogger.overrideLogger(replacingBuildSummary(events));
  return true;
}

/** A build of the preview as its line tells it. */
export interface FinishedBuild {
  /** The files whose change started it, as the watcher named them; none for the first build. */
  changed: readonly string[];
  seconds: number;
  /**
   * "valid": every article was read; "problems": some were not, and their problems are listed above the
   * line (every page shows them); "failed": Eleventy's error is above it, and the pages are as they were.
   */
  outcome: "valid" | "problems" | "failed";
  /** The pages written. */
  pages: number;
}

/** The preview's line once a build has finished. */
export function finishedLine({ changed, seconds, outcome, pages }: FinishedBuild): string {
  const first = changed.length === 0;
  const build = first ? "Preview build" : `Preview rebuild for ${changedFiles(changed)}`;
  const built = first ? "Preview built" : `Preview rebuilt for ${changedFiles(changed)}`;
  const took = `${seconds.toFixed(2)} s`;
  if (outcome === "failed") return `✗ ${build} failed after ${took}, with Eleventy's error above. Fix it and save: the preview rebuilds by itself.`;
  if (outcome === "problems") return `✗ ${built} in ${took}, with the problems above.`;
  return `✓ ${built} in ${took}: all articles are valid. ${pages} page${pages === 1 ? "" : "s"} written.`;
}

/** The changed files as the line names them: "./" means nothing to an editor. */
function changedFiles(changed: readonly string[]): string {
  const [first, ...others] = changed.map((file) => file.replace(/^\.\//, ""));
  return others.length === 0 ? first! : `${first} and ${others.length} other file${others.length === 1 ? "" : "s"}`;
}

// Every finishedLine begins so; the problems the load lists begin "✗ The preview is NOT up to date".
const FINISHED_LINE = /^[✓✗] Preview (?:re)?buil[dt]\b/gm;

/** How many builds the preview's terminal output says have finished, for tests and npm run bench:preview to wait for the next. */
export function finishedBuilds(output: string): number {
  return output.match(FINISHED_LINE)?.length ?? 0;
}
