/**
 * The preview's terminal at the end of each build. Eleventy ends every build with its summary ("[11ty]
 * Copied 8 Wrote 0 files in 0.12 seconds"), even in quiet mode, but npm start writes the pages itself
 * (src/preview-pages.ts): Eleventy's "Wrote 0 files" beside the preview's own count read as a
 * contradiction. So in the preview the summary is replaced by a line of the preview's own: what was
 * rebuilt, how long it took, how it ended and how many pages were written. It comes once the build has
 * finished, its eleventy.after handlers included, or has failed, however early (src/build-ends.ts, which
 * reads no text of Eleventy's): tests and npm run bench:preview wait for it (finishedBuilds). Eleventy's
 * other lines, its errors and warnings among them, are printed as before. (npm run build never meets the
 * summary: it renders through toJSON, which has none.)
 */

/** A build of the preview as its line tells it. */
export interface FinishedBuild {
  /** The files whose change started it, as the watcher named them; none for the first build. */
  changed: readonly string[];
  seconds: number;
  /**
   * "valid": every article was read; "problems": some were not, and their problems are listed above the
   * line (every page shows them); "failed": Eleventy's error is above it, and every page names it until a build succeeds.
   */
  outcome: "valid" | "problems" | "failed";
  /** What made a failed build fail, in a line (failureSummary in src/build-ends.ts). */
  problem?: string;
  /** The pages written. */
  pages: number;
}

/** The preview's line once a build has finished. */
export function finishedLine({ changed, seconds, outcome, problem, pages }: FinishedBuild): string {
  const first = changed.length === 0;
  const build = first ? "Preview build" : `Preview rebuild for ${changedFiles(changed)}`;
  const built = first ? "Preview built" : `Preview rebuilt for ${changedFiles(changed)}`;
  const took = `${seconds.toFixed(2)} s`;
  // The problem is named on the line itself: a config file that no longer loads is told above it in a stack trace.
  if (outcome === "failed") return `✗ ${build} failed after ${took}${problem ? ` (${problem})` : ""}, with Eleventy's error above. Fix it and save: the preview rebuilds by itself.`;
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
