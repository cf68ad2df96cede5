import { causes, failureSummary } from "./build-ends.ts";

/**
 * Eleventy 3.1 copies public/ (its passthrough copy) while it renders the pages, and waits for the copy only
 * once every page has rendered (https://github.com/11ty/eleventy/blob/v3.1.8/src/TemplatePassthroughManager.js,
 * copyAll): a build whose pages fail rejects at once, and its copy runs on with nothing waiting for it or
 * listening for its end. The watcher then began the next build (a save within moments of the failure), whose
 * restart() resets the benchmarks the running copy times each file by, and that copy failed at its next file
 * ("You called Benchmark after() without a before()"): an unhandled rejection, which ended the preview, and npm
 * start with it. Or the next build's own copy failed in its place, leaving static files out of a good build.
 * So here a build that fails ends only once every copy it started has ended: Eleventy's watcher begins no
 * other build before (a first build's watching starts after it, and a build asked for meanwhile waits in its
 * queue). A leftover copy that fails for a reason of its own (a full disk) is told in one line, as nothing else
 * tells it; one Eleventy's error already names is not told again.
 */

/** The steps of a build on Eleventy's instance that this needs (not in Eleventy's types). */
interface CopySteps {
  write(): Promise<unknown>;
  /** Made afresh by each init(), which the watcher calls before each rebuild's write(), and npm start before the first. */
  passthroughManager?: PassthroughManager;
}

/** Eleventy's passthrough copy: each copy of a folder or file in a build, the ones its templates ask for too, starts here. */
interface PassthroughManager {
  copyPassthrough(...args: unknown[]): Promise<unknown>;
}

/**
 * Makes each build of `eleventy` that fails wait, before it rejects, for the copies of public/ it started;
 * `tell` is given the line for a copy that failed meanwhile. Returns false, and changes nothing, when the
 * instance lacks the steps (another Eleventy): the caller says so.
 */
export function failedBuildsWaitForTheirCopies(eleventy: unknown, tell: (line: string) => void = (line) => console.error(line)): boolean {
  const steps = eleventy as Partial<CopySteps>;
  if (typeof steps.write !== "function" || typeof steps.passthroughManager?.copyPassthrough !== "function") return false;
  const write = steps.write.bind(steps);
  const running = new Set<Promise<unknown>>();
  const failedCopies: unknown[] = [];
  const watched = new WeakSet<PassthroughManager>();
  steps.write = async () => {
    const manager = steps.passthroughManager;
    if (manager && !watched.has(manager)) {
      watched.add(manager);
      watchCopies(manager, running, failedCopies);
    }
    failedCopies.length = 0;
    try {
      return await write();
    } catch (failure) {
      // Pages still rendering may ask for more copies meanwhile.
      while (running.size > 0) await Promise.allSettled(running);
      const told = new Set(causes(failure));
      const untold = failedCopies.find((copyFailure) => !told.has(copyFailure));
      if (untold !== undefined) tell(`✗ The failed build's copy of the static files failed too (${failureSummary(untold)}): a file there may be missing or out of date in the preview until a build copies it again.`);
      throw failure;
    }
  };
  return true;
}

function watchCopies(manager: PassthroughManager, running: Set<Promise<unknown>>, failedCopies: unknown[]): void {
  const copyPassthrough = manager.copyPassthrough.bind(manager);
  manager.copyPassthrough = (...args: unknown[]) => {
    const copy = copyPassthrough(...args);
    running.add(copy);
    // Heard here too, so that a failed build's copy, which nothing else listens to, never fails unhandled.
    void copy.then(
      () => running.delete(copy),
      (copyFailure: unknown) => {
        running.delete(copy);
        failedCopies.push(copyFailure);
      },
    );
    return copy;
  };
}
