// A thread of the page writer (src/page-writer.ts): writes each batch of pages it is sent, one file at
// a time, synchronously, and scans those it is asked to for the link check. One writer in order is the
// disk's fastest way: 16 asynchronous writes at once into the same few folders cost several times the
// kernel time, contending for the folders' locks.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { LinkCheck } from "./link-check.ts";
import type { PageWriterReply, PageWriterRequest, PageWriterStart } from "./page-writer.ts";

const { outputDir, checkLinks } = workerData as PageWriterStart;
const links = checkLinks ? new LinkCheck(checkLinks) : undefined;
const made = new Set<string>();
let failure: string | undefined;

parentPort?.on("message", (request: PageWriterRequest) => {
  if ("finish" in request) {
    parentPort?.postMessage((failure ? { error: failure } : { finished: true, unresolved: links?.broken() ?? [] }) satisfies PageWriterReply);
    return;
  }
  for (const [file, content, source] of request.pages) {
    if (failure) break;
    if (request.write) {
      try {
        const folder = path.dirname(file);
        if (!made.has(folder)) mkdirSync(folder, { recursive: true });
        made.add(folder);
        writeFileSync(file, content);
      } catch (error) {
        failure = `Could not write ${file} (from ${source}): ${error instanceof Error ? error.message : String(error)}`;
        break;
      }
    }
    const siteFile = path.relative(outputDir, file).split(path.sep).join("/");
    // The page is in the site (or about to be, from the writing thread).
    links?.addFiles([siteFile]);
    if (request.scan) links?.scan(siteFile, content);
  }
  // Each batch is acknowledged, written or not, so the build sends more only as the disk keeps up, and
  // stops sending at the first failure.
  parentPort?.postMessage({ wrote: request.pages.length, error: failure } satisfies PageWriterReply);
});
