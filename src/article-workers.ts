import { randomUUID } from "node:crypto";
import { closeSync, mkdirSync, openSync, rmSync, unlinkSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import type { Worker } from "node:worker_threads";
import type { ReadOptions, ReadResult } from "./article-loader.ts";
import { KeptBody, keepHtmlCompact, type BodyInFile } from "./compact-html.ts";
import { ownModule, startWorker } from "./own-modules.ts";

// Reading an archive is independent per file and CPU-bound (YAML, zod, markdown-it): on 10,000
// articles it was a third of the build, on one core. Worker threads run the loader's own readArticle,
// so what an article becomes, and every message about a bad one, is the same either way.

/** Below this many files, starting threads (each loads tsx, zod, markdown-it, luxon: about a CPU-second) costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 2_000;
/** Files per message: large enough to keep messaging cheap, small enough to balance the threads. */
const BATCH_SIZE = 64;
/** Old-generation heap per worker: ample for a batch, and garbage cannot pile up. */
const WORKER_HEAP_MIB = 384;
/** NEWS_LOADER_THREADS=1 reads in the main thread (for comparisons); any other number sets the count. */
export const THREADS_ENV = "NEWS_LOADER_THREADS";

export function workerThreadCount(fileCount: number, env: NodeJS.ProcessEnv = process.env): number {
  const requested = Number.parseInt(env[THREADS_ENV] ?? "", 10);
  if (Number.isInteger(requested) && requested > 0) return requested;
  return fileCount >= MIN_FILES_FOR_WORKERS ? Math.min(availableParallelism(), 8) : 1;
}

/** What a worker sends back for one batch: each article's body as bytes, or where in its spool file it wrote them. */
export type BatchReply = { batch: number; results: ReadResult[]; bodies: (Uint8Array | SpooledBody | undefined)[] } | { batch: number; error: SerializedError };
export interface SpooledBody {
  offset: number;
  length: number;
  digest: string;
}

/** What a worker is started with. */
export interface ReaderData {
  options: ReadOptions;
  /** A file descriptor for the worker to write the bodies into, one after another, rather than send them. */
  spool?: number;
}
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  code?: unknown;
}

/**
 * Reads the files on `threads` worker threads, each taking the next batch when it finishes one; with
 * `readHere`, this thread takes batches too. Results in the order of `files`.
 *
 * The build passes no `readHere`: this thread then only keeps the results, and the garbage of reading
 * 100,000 files (several hundred MiB that V8 is slow to give back) stays in the workers' heaps, which
 * end with them. Each worker's heap is capped: a batch needs a few MiB.
 *
 * With `spoolDir`, each worker writes the bodies it reads into a file there, and this thread reads a
 * body back when it is asked for (compact-html.ts). Sent as bytes instead, 100,000 bodies were held
 * until the article cache had stored them, and the memory they had taken was not given back after:
 * the build process peaked 0.5 GiB higher.
 */
export async function readArticlesInWorkers(
  files: readonly string[],
  options: ReadOptions,
  threads: number,
  { readHere, spoolDir }: { readHere?: (files: string[]) => Promise<ReadResult[]>; spoolDir?: string | undefined } = {},
): Promise<ReadResult[]> {
  const batches: string[][] = [];
  for (let start = 0; start < files.length; start += BATCH_SIZE) batches.push(files.slice(start, start + BATCH_SIZE));
  const results: ReadResult[] = new Array(files.length);
  const store = (batch: number, batchResults: ReadResult[]) => batchResults.forEach((result, index) => (results[batch * BATCH_SIZE + index] = result));
  const workers: Worker[] = [];
  let next = 0;
  let failed = false;
  try {
    const inWorkers = new Promise<void>((resolve, reject) => {
      const fail = (error: Error) => {
        failed = true;
        reject(error);
      };
      let running = 0;
      const dispatch = (worker: Worker) => {
        if (next < batches.length && !failed) {
          running++;
          worker.postMessage({ batch: next, files: batches[next++] });
        } else if (running === 0) resolve();
      };
      for (let i = 0; i < Math.min(readHere ? threads - 1 : threads, batches.length); i++) {
        const spool = spoolDir ? openSpool(spoolDir) : undefined;
        const worker = startWorker(ownModule("./article-worker.ts", import.meta.url), {
          workerData: { options, spool: spool?.fd } satisfies ReaderData,
          resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MIB },
        });
        workers.push(worker);
        worker.on("message", (reply: BatchReply) => {
          running--;
          if ("error" in reply) return fail(Object.assign(new Error(reply.error.message), reply.error));
          reply.results.forEach((result, index) => {
            const body = reply.bodies[index];
            if (!("article" in result) || !body) return;
            if (body instanceof Uint8Array) result.article = keepHtmlCompact(result.article, body);
            else result.article = keepHtmlCompact(result.article, new KeptBody({ ...spool!, offset: body.offset, length: body.length, story: result.article.sourcePath }, body.digest));
          });
          store(reply.batch, reply.results);
          dispatch(worker);
        });
        worker.on("error", fail);
        worker.on("exit", (code) => {
          if (!failed && (running > 0 || next < batches.length)) fail(new Error(`an article-reading thread stopped (exit code ${code}) before the archive was read`));
        });
        dispatch(worker);
      }
      if (workers.length === 0) resolve();
    });
    const here = (async () => {
      while (readHere && next < batches.length && !failed) {
        const batch = next++;
        store(batch, await readHere(batches[batch]!));
      }
    })();
    // Both must finish; the first failure is the one reported, as in a single-threaded read.
    await Promise.all([inWorkers, here.catch((error: unknown) => {
      failed = true;
      throw error;
    })]);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}

/**
 * A file for one worker's bodies, removed from its folder as soon as it is open: this process reads from
 * it for as long as a body there may be asked for, and its space is given back when the process ends,
 * however it ends. None when it cannot be made: the worker then sends the bytes.
 */
function openSpool(dir: string): Omit<BodyInFile, "offset" | "length"> | undefined {
  const file = path.join(dir, `.bodies-${process.pid}-${randomUUID()}`);
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(file, "wx+");
    try {
      unlinkSync(file);
    } catch (error) {
      // A file system that cannot remove an open file: no body file, and nothing left behind.
      closeSync(fd);
      rmSync(file, { force: true });
      throw error;
    }
    // Nothing an editor can delete: the file has no name by then, and goes when the build ends.
    return { file, fd, remedy: "this build's own file of the bodies it read (already removed from the folder) was cut short: check the disk and build again" };
  } catch {
    return undefined;
  }
}
