// One search thread (src/search-index.ts): indexes the parts it is sent with its own Pagefind process,
// one part at a time, and replies when each is written. Pagefind's Node API drives one process per
// module instance and indexes on one core, so each thread gives the build one more core of indexing;
// and its replies are handled here, not on the thread that renders pages.
import childProcess from "node:child_process";
import { getPriority, setPriority } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { parentPort } from "node:worker_threads";
import * as pagefind from "pagefind";
import { unpackDocuments, type PackedDocuments } from "./packed-documents.ts";
import type { SearchPartReply, SearchPartRequest } from "./search-index.ts";

/** Stories sent to Pagefind at a time: enough to keep it busy, few enough not to queue the whole part in its memory at once. */
const BATCH = 200;

/**
 * Pagefind's allocator settings (jemalloc, in its Linux build since 1.5.2): one arena rather than one
 * for each of its threads, so that memory one thread frees is used again by the others. A part of
 * 2,500 of the benchmark's stories peaked at 630 MiB instead of 730, in the same time; one of 625 at
 * 167–168 MiB instead of 169–193. Settings the build was started with come after these, so they win.
 * Other allocators ignore them.
 */
const ALLOCATOR_SETTINGS = { name: "_RJEM_MALLOC_CONF", value: ["narenas:1", process.env._RJEM_MALLOC_CONF].filter(Boolean).join(",") };
// This thread's environment is its own, and each Pagefind process it starts inherits it.
process.env[ALLOCATOR_SETTINGS.name] = ALLOCATOR_SETTINGS.value;

/**
 * How the Pagefind process of the part being indexed ended, told when it ends before the part is done.
 * Pagefind's Node API starts the process but never listens for it to end, so one killed part-way (by
 * the system, when memory runs out) left its requests unanswered and the build waiting for ever. The
 * only processes this thread starts are Pagefind's, so it listens for them itself.
 */
let pagefindEnded: ((how: string) => void) | undefined;
/** Whether the part being indexed is the preview's, made in the background (SearchPartRequest.background). */
let inBackground = false;
/** The niceness of a background Pagefind (or the build's own, if higher): a rebuild an editor waits for has the cores first. */
const BACKGROUND_NICENESS = 10;
const spawnProcess = childProcess.spawn;
// Reassigned on this thread's own copy of the module, which Pagefind's API calls through. Cast
// because spawn's overloads cannot be written as one function type.
childProcess.spawn = ((...args: Parameters<typeof spawnProcess>) => {
  const started = spawnProcess(...args);
  if (inBackground && started.pid !== undefined) {
    try {
      setPriority(started.pid, Math.max(getPriority(), BACKGROUND_NICENESS));
    } catch {
      // Not allowed here: Pagefind runs at the build's priority.
    }
  }
  // Each part starts its own process; the one closed after a part may end while the next runs.
  const tell = pagefindEnded;
  started.once("exit", (code, signal) => {
    if (tell !== pagefindEnded) return;
    tell?.(signal ? `Pagefind was stopped by ${signal}${signal === "SIGKILL" ? " (most often by the system, out of memory)" : ""}` : `Pagefind stopped with exit code ${code}`);
  });
  return started;
}) as typeof spawnProcess;

/** How long a request that failed waits to hear how the process ended (its pipe may close first). */
const ENDING_HEARD_WITHIN_MS = 2_000;

parentPort?.on("message", ({ documents, target, language, background }: SearchPartRequest) => {
  inBackground = background;
  indexWithPagefind(documents, target, language).then(
    () => parentPort?.postMessage({ written: target } satisfies SearchPartReply),
    (error: unknown) => parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies SearchPartReply),
  );
});

async function indexWithPagefind(documents: PackedDocuments, target: string, language: string): Promise<void> {
  const ended = new Promise<string>((resolve) => (pagefindEnded = resolve));
  const stopped = ended.then((how) => Promise.reject(new Error(how)));
  // Not awaited when Pagefind is closed as it should be.
  stopped.catch(() => undefined);
  // Each answer Pagefind owes, or the news that it has ended, whichever comes first; a request that
  // failed (its pipe closed) is reported by how the process ended, when that is heard soon after.
  const answer = <T>(request: Promise<T>): Promise<T> =>
    Promise.race([request, stopped]).catch(async (error: unknown) => {
      const heard = await Promise.race([ended, sleep(ENDING_HEARD_WITHIN_MS, undefined, { ref: false })]);
      throw new Error(`Pagefind could not index the stories of ${target}: ${heard ?? (error instanceof Error ? error.message : String(error))}`);
    });
  try {
    const created = await answer(pagefind.createIndex({ forceLanguage: language }));
    if (!created.index) throw new Error(`Pagefind could not start: ${created.errors.join("; ")}`);
    const index = created.index;
    for (let start = 0; start < documents.urls.length; start += BATCH) {
      const added = await answer(Promise.all(unpackDocuments(documents, start, start + BATCH).map((document) => index.addHTMLFile({ url: document.url, content: document.html }))));
      const errors = added.flatMap((result, index) => result.errors.map((error) => `${documents.urls[start + index]}: ${error}`));
      if (errors.length > 0) throw new Error(`Pagefind could not index the stories of ${target}: ${errors.join("; ")}`);
    }
    // Pagefind's memory grows several times over while it writes (a part of 2,500: ~0.17 GiB while adding, ~0.63 at the end of writing).
    parentPort?.postMessage({ writing: target } satisfies SearchPartReply);
    const written = await answer(index.writeFiles({ outputPath: target }));
    if (written.errors.length > 0) throw new Error(`Pagefind could not write its index into ${target}: ${written.errors.join("; ")}`);
  } finally {
    pagefindEnded = undefined;
    // A fresh process for each part: the finished part's memory goes back to the system, and none is
    // left running when the thread ends.
    await pagefind.close();
  }
}
