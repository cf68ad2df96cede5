import { linkSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { isRunning } from "./processes.ts";

// Files that say a process of this machine holds something (a cache), each holding its process number.
// The caches travel between machines with CI's cache, so a number alone could name another machine's
// process: a file is stale once its holder has stopped, or once it is older than any build takes.

/**
 * A file this old is stale whoever holds it: its process number may have been given to another
 * process since (a lock restored with the cache onto another machine), and no build takes this long.
 * A holder that runs longer (the preview) renews its file.
 */
export const HOLD_STALE_MS = 12 * 60 * 60 * 1000;

/**
 * The lock files this process took. A file naming this process that it did not take came with a cache
 * from a build stopped on another machine, or in an earlier container that gave its process the same
 * number: a fresh container numbers its processes alike.
 */
const taken = new Set<string>();

/**
 * Takes the lock file for this process; false when a running process holds it. The file is written
 * whole under another name and linked into place, so no build reads a lock without its holder.
 */
export function lock(file: string): boolean {
  const mine = `${file}.${process.pid}`;
  writeFileSync(mine, String(process.pid));
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        linkSync(mine, file);
        taken.add(file);
        process.once("exit", () => unlock(file));
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        if (holderIsRunning(file)) return false;
        // Left by a build that stopped without letting go.
        rmSync(file, { force: true });
      }
    }
    return false;
  } finally {
    rmSync(mine, { force: true });
  }
}

/** Whether the process a lock or holder's file names is running, and the file is not stale. */
export function holderIsRunning(file: string, now = Date.now()): boolean {
  let pid: number;
  try {
    if (now - statSync(file).mtimeMs > HOLD_STALE_MS) return false;
    pid = Number.parseInt(readFileSync(file, "utf8"), 10);
  } catch {
    return false;
  }
  return pid === process.pid ? taken.has(file) : isRunning(pid);
}

/** Lets go of a lock this process holds. */
export function unlock(file: string): void {
  taken.delete(file);
  try {
    if (Number.parseInt(readFileSync(file, "utf8"), 10) === process.pid) unlinkSync(file);
  } catch {
    // Gone already.
  }
}
