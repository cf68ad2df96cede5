import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// V8 collects its old generation when allocation reaches a limit set by what survived the last full
// collection. A rebuild of 100,000 stories last collected while its plan of taken pages and its Eleventy
// run were alive (about 720 MB); after the run its rendering thread allocates next to nothing while it
// waits for the page writer's and the taking threads, so V8 had no reason to collect again, and the main
// heap stayed at about 940 MB, 390 of them alive, through the build's last 25 s, while those threads
// grew to their own peaks beside it (docs/performance-history.md, fifty-third round).

/**
 * One full collection of this thread's heap, now: for a moment after which the thread allocates little
 * for a long time. Not compacting: moving what is alive (some 400 MB at 100,000 stories) took the
 * process 300 MB higher while it ran than the pages it gave back.
 */
export function collectGarbage(): void {
  // gc() is given only to a context made after the flag is set.
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}
