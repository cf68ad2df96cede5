// The Pagefind processes a search thread starts (src/search-worker.ts, the only module that loads this
// one): their allocator settings, their priority, their pauses while the preview rebuilds, and how they
// end. Pagefind's Node API starts one process per part but never listens for it to end, so one killed
// part-way (by the system, when memory runs out) left its requests unanswered and the build waiting for
// ever. Every process a search thread starts is Pagefind's, so this module watches them by wrapping that
// thread's own copy of `spawn`.
import childProcess, { type ChildProcess } from "node:child_process";
import { getPriority, setPriority } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * Pagefind's allocator settings (jemalloc, in its Linux build since 1.5.2): one arena rather than one
 * for each of its threads, so that memory one thread frees is used again by the others. A part of
 * 2,500 of the benchmark's stories peaked at 630 MiB instead of 730, in the same time; one of 625 at
 * 167–168 MiB instead of 169–193. Settings the build was started with come after these, so they win.
 * Other allocators ignore them.
 */
const ALLOCATOR_SETTINGS = { name: "_RJEM_MALLOC_CONF", value: ["narenas:1", process.env._RJEM_MALLOC_CONF].filter(Boolean).join(",") };
// A worker thread's environment is its own, and each Pagefind process it starts inherits it.
process.env[ALLOCATOR_SETTINGS.name] = ALLOCATOR_SETTINGS.value;

/** The niceness of a background Pagefind (or the build's own, if higher): a rebuild an editor waits for has the cores first. */
const BACKGROUND_NICENESS = 10;

/**
 * A background part's own work on this thread (its documents handed to Pagefind, its replies) yields
 * to the rebuild too. Linux gives each thread a niceness of its own; elsewhere it would be the whole
 * build's, so there only Pagefind's process is lowered. A niceness is never raised again, so a search
 * thread indexes either background parts only or none (src/search-index.ts starts one per run).
 */
function lowerThisThread(): void {
  if (process.platform !== "linux") return;
  try {
    setPriority(0, Math.max(getPriority(0), BACKGROUND_NICENESS));
  } catch {
    // Not allowed here: the thread runs at the build's priority.
  }
}

/** How long a request that failed waits to hear how the process ended (its pipe may close first). */
const ENDING_HEARD_WITHIN_MS = 2_000;

/** The part whose Pagefind process is being started or run. */
interface WatchedPart {
  background: boolean;
  ended: (how: string) => void;
}
let current: WatchedPart | undefined;

const spawnProcess = childProcess.spawn;
// Cast because spawn's overloads cannot be written as one function type.
childProcess.spawn = ((...args: Parameters<typeof spawnProcess>) => {
  const started = spawnProcess(...args);
  const part = current;
  // On Linux the process already has this thread's niceness (lowerThisThread); elsewhere this is what lowers it.
  if (part?.background && started.pid !== undefined) {
    try {
      setPriority(started.pid, Math.max(getPriority(), BACKGROUND_NICENESS));
    } catch {
      // Not allowed here: Pagefind runs at the build's priority.
    }
  }
  if (part?.background) holdable(started);
  // Each part starts its own process; the one closed after a part may end while the next runs.
  started.once("exit", (code, signal) => {
    if (part !== current) return;
    part?.ended(signal ? `Pagefind was stopped by ${signal}${signal === "SIGKILL" ? " (most often by the system, out of memory)" : ""}` : `Pagefind stopped with exit code ${code}`);
  });
  // A process that could not be started at all (no such file, not executable) never exits.
  started.once("error", (error) => {
    if (part === current) part?.ended(`Pagefind could not be run (${error.message})`);
  });
  return started;
}) as typeof spawnProcess;

/** This thread's background Pagefind processes → whether each is stopped now. */
const backgroundProcesses = new Map<ChildProcess, boolean>();
let holding = false;
let reportStopped: (pid: number, isStopped: boolean) => void = () => undefined;

/**
 * Stops (SIGSTOP) or continues (SIGCONT) this thread's background Pagefind processes, those running
 * and those it starts, while a preview rebuild is under way (src/rebuild-gate.ts); `report` hears of
 * each process stopped or no longer stopped. Not on Windows, which has no such signals (Node would
 * end the process instead).
 */
export function holdBackgroundPagefind(hold: boolean, report: (pid: number, isStopped: boolean) => void): void {
  holding = hold;
  reportStopped = report;
  for (const child of backgroundProcesses.keys()) signal(child, hold);
}

function holdable(child: ChildProcess): void {
  backgroundProcesses.set(child, false);
  child.once("exit", () => {
    if (backgroundProcesses.get(child) && child.pid !== undefined) reportStopped(child.pid, false);
    backgroundProcesses.delete(child);
  });
  if (holding) signal(child, true);
}

/**
 * A part is done with: its process is continued if stopped and held no more. Pagefind's process ends
 * after the part, and one stopped on its way out would wait, stopped, once this thread has gone.
 */
function letGo(): void {
  for (const child of backgroundProcesses.keys()) {
    signal(child, false);
    backgroundProcesses.delete(child);
  }
}

function signal(child: ChildProcess, stop: boolean): void {
  // A process not yet reaped keeps its pid, so the signal cannot reach another process.
  if (process.platform === "win32" || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  if (backgroundProcesses.get(child) === stop) return;
  if (child.kill(stop ? "SIGSTOP" : "SIGCONT")) {
    backgroundProcesses.set(child, stop);
    reportStopped(child.pid, stop);
  }
}

// Pagefind's Node API prints "Service stopped" and a stack when its process goes away. While a part is
// watched, its own error says how the process ended and names the index, so the print is left out.
const printError = console.error;
console.error = (...args: unknown[]) => {
  if (current && args[0] === "Service stopped") return;
  printError(...args);
};

/** One part's Pagefind process, watched from before it starts until the part is done with. */
export interface WatchedPagefind {
  /** Pagefind's answer to a request, or, when its process has ended, an error naming the index and how it ended. */
  answer<T>(request: Promise<T>): Promise<T>;
  /** The part is done with: its process ending now (Pagefind closed) is expected. */
  finish(): void;
}

/** Watches the Pagefind process the part written into `target` starts; `background`: the preview's, at a low priority. */
export function watchPagefind(target: string, { background }: { background: boolean }): WatchedPagefind {
  let ended!: (how: string) => void;
  const heard = new Promise<string>((resolve) => (ended = resolve));
  const stopped = heard.then((how) => Promise.reject(new Error(how)));
  // Not awaited when Pagefind is closed as it should be.
  stopped.catch(() => undefined);
  if (background) lowerThisThread();
  const part: WatchedPart = { background, ended };
  current = part;
  return {
    // Whichever comes first; a request that failed (its pipe closed) is reported by how the process
    // ended, when that is heard soon after.
    answer: <T>(request: Promise<T>): Promise<T> =>
      Promise.race([request, stopped]).catch(async (error: unknown) => {
        const how = await Promise.race([heard, sleep(ENDING_HEARD_WITHIN_MS, undefined, { ref: false })]);
        throw new Error(`Pagefind could not index the stories of ${target}: ${how ?? (error instanceof Error ? error.message : String(error))}`);
      }),
    finish: () => {
      if (current === part) current = undefined;
      letGo();
    },
  };
}
