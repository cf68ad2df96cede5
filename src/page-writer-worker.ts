// The page writer's thread (src/page-writer.ts): writes each batch of pages it is sent, one file at a
// time, synchronously. One writer in order is the disk's fastest way: 16 asynchronous writes at once
// into the same few folders cost several times the kernel time, contending for the folders' locks.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parentPort } from "node:worker_threads";
import type { PageWriterReply, PageWriterRequest } from "./page-writer.ts";

const made = new Set<string>();
let failure: string | undefined;

parentPort?.on("message", (request: PageWriterRequest) => {
  if ("finish" in request) {
    parentPort?.postMessage((failure ? { error: failure } : { finished: true }) satisfies PageWriterReply);
    return;
  }
  for (const [file, content, source] of request.pages) {
    if (failure) break;
    try {
      const folder = path.dirname(file);
      if (!made.has(folder)) mkdirSync(folder, { recursive: true });
      made.add(folder);
      writeFileSync(file, content);
    } catch (error) {
      failure = `Could not write ${file} (from ${source}): ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  // Each batch is acknowledged, written or not: the build knows what is still in flight (and may let the
  // thread idle), and stops sending at the first failure.
  parentPort?.postMessage({ wrote: request.pages.length, error: failure } satisfies PageWriterReply);
});
