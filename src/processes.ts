/** Whether a process with this number is running on this machine (one of another user's counts). */
export function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * How often a process watches for its parent to go (whenParentGone): a check is two system calls, and an
 * orphan stops within this of its parent's end (more while its main thread is busy: a timer waits for it).
 */
const PARENT_CHECKED_EVERY_MS = 250;

/**
 * Calls `gone` once, as soon as `parent` is no longer this process's parent: ended, even by SIGKILL, which it
 * cannot pass on to its children. Linux and macOS give an orphan another parent (init, or a subreaper) as
 * its parent ends, before that one is reaped; where they do not, the parent's pid going is what tells. The
 * watch holds no process open.
 */
export function whenParentGone(parent: number, gone: () => void, everyMs = PARENT_CHECKED_EVERY_MS): void {
  let told = false;
  const check = () => {
    if (told || (process.ppid === parent && isRunning(parent))) return;
    told = true;
    clearInterval(timer);
    gone();
  };
  const timer = setInterval(check, everyMs);
  timer.unref();
  // A parent gone before this process began to watch (killed as this one started) is told at once.
  setImmediate(check).unref();
}
