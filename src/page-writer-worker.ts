// The page writer's thread (src/page-writer.ts): writes each batch of pages it is sent, one file at a
// time, synchronously, and checks each written page's links. One writer in order is the disk's fastest
// way: 16 asynchronous writes at once into the same few folders cost several times the kernel time,
// contending for the folders' locks.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { LinkCheck } from "./link-check.ts";
import type { PageWriterData, PageWriterReply, PageWriterRequest } from "./page-writer.ts";

const { outputDir, links: linkOptions } = workerData as PageWriterData;
const links = linkOptions ? new LinkCheck(linkOptions) : undefined;
const made = new Set<string>();
let failure: string | undefined;

parentPort?.on("message", (request: PageWriterRequest) => {
  if ("finish" in request) {
    parentPort?.postMessage((failure ? { error: failure } : { finished: true }) satisfies PageWriterReply);
  } else if ("check" in request) {
    // The site's other files (static files, images, the search index, redirects) are in place now.
    links?.addFiles(request.check);
    parentPort?.postMessage({ broken: links?.broken() ?? [] } satisfies PageWriterReply);
  } else {
    for (const [file, content, source] of request.pages) {
      if (failure) break;
      write(file, content, source);
      if (!failure) check(file, content, source);
    }
    // Each batch is acknowledged, written or not: the build knows what is still in flight (and may let the
    // thread idle), and stops sending at the first failure.
    parentPort?.postMessage({ wrote: request.pages.length, error: failure } satisfies PageWriterReply);
  }
});

function write(file: string, content: string, source: string): void {
  try {
    const folder = path.dirname(file);
    if (!made.has(folder)) mkdirSync(folder, { recursive: true });
    made.add(folder);
    writeFileSync(file, content);
  } catch (error) {
    failure = `Could not write ${file} (from ${source}): ${error instanceof Error ? error.message : String(error)}`;
  }
}

function check(file: string, content: string, source: string): void {
  if (!links) return;
  try {
    const siteFile = path.relative(outputDir, file).split(path.sep).join("/");
    links.addFiles([siteFile]);
    links.scan(siteFile, content);
  } catch (error) {
    failure = `Could not check the links in ${file} (from ${source}): ${error instanceof Error ? error.message : String(error)}`;
  }
}
