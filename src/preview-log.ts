/**
 * Eleventy's own lines in the preview's terminal, less its build summary. npm start writes the pages
 * itself (src/preview-pages.ts), so after every rebuild Eleventy said "Wrote 0 files" beside the
 * preview's "✓ Preview rebuilt … 70 pages written", and an editor read a contradiction. Eleventy prints
 * the summary even in quiet mode (npm run build never meets it: it renders through toJSON, which has
 * none), so it is left out where Eleventy's logger hands its lines to the console. Its errors and
 * warnings, and its notes of the files it saw change, are printed as before.
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

// "[11ty] Copied 8 Wrote 0 files in 0.03 seconds (v3.1.2)", in colour unless NO_COLOR is set.
// eslint-disable-next-line no-control-regex
const COLOUR = /\u001b\[[0-9;]*m/g;
const BUILD_SUMMARY = /^\[11ty\] (?:Copied \d+ )?Wrote \d+ files?\b/;

/** Whether a line of Eleventy's is its summary of a build's copied and written files. */
export function isBuildSummary(line: string): boolean {
  return BUILD_SUMMARY.test(line.replace(COLOUR, ""));
}

/** Eleventy's lines as `target` (the console, looked up at each line) prints them, without its build summary. */
export function withoutBuildSummary(target: () => LogTarget = () => console): LogTarget {
  return {
    // A failed build's summary, in red, is left out too: its errors are printed apart, as errors.
    log: (message) => void (isBuildSummary(message) || target().log(message)),
    warn: (message) => target().warn(message),
    error: (message) => target().error(message),
  };
}

/** Makes Eleventy's logger, as the configuration API holds it, print without its build summary. */
export function quietenBuildSummary(logger: unknown): boolean {
  const eleventyLogger = logger as Partial<EleventyLogger> | undefined;
  if (typeof eleventyLogger?.overrideLogger !== "function") return false;
  eleventyLogger.overrideLogger(withoutBuildSummary());
  return true;
}
