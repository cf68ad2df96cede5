import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Tells a page of a build that a newer build has followed, so that the preview hands it on to no writer
 * (src/rendered-pages.ts). Eleventy 3.1 rejects a build at its first failure and leaves the rest of its
 * pages going on (https://github.com/11ty/eleventy/blob/v3.1.8/src/TemplateWriter.js, write: the templates'
 * promises go on after Promise.all has rejected), and its watcher then begins the next build, the next save's:
 * a page of the failed build finished after the next build had written the same page was written over it, and
 * the preview showed the failed build's page until that page next changed. Which build a page belongs to is
 * carried by the build's own asynchronous context (everything its write() starts runs in it, however late),
 * not by any object of Eleventy's, which a rebuild reuses (its templates) or makes before the build begins.
 */

/** Each build's number, counted from 1 by the write() that made it. */
const buildOfContext = new AsyncLocalStorage<number>();
let newest = 0;

/** The steps of a build on Eleventy's instance that this needs (not in Eleventy's types). */
interface BuildSteps {
  write(): Promise<unknown>;
}

/**
 * Runs each build of `eleventy` (each call of its write(), which Eleventy's watcher makes for each rebuild and
 * its watch() for the first build) in a context of its own. Returns false, and changes nothing, when the
 * instance has no write(): the caller says so. Call it before anything else wraps write() (src/build-ends.ts's
 * watchEvenIfFirstBuildFails puts back the write() it found).
 */
export function tellBuildsApart(eleventy: unknown): boolean {
  const steps = eleventy as Partial<BuildSteps>;
  if (typeof steps.write !== "function") return false;
  const write = steps.write.bind(steps);
  steps.write = () => buildOfContext.run(++newest, write);
  return true;
}

/** Whether the code calling this runs for a build that a newer one has followed; false outside any build tellBuildsApart told apart (npm run build's). */
export function inSupersededBuild(): boolean {
  const build = buildOfContext.getStore();
  return build !== undefined && build < newest;
}
