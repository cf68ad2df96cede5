// The page writer's thread (src/page-writer.ts): writes each batch of pages it is sent, one file at a
// time, synchronously, and checks each written page's links. One writer in order is the disk's fastest
// way: 16 asynchronous writes at once into the same few folders cost several times the kernel time,
// contending for the folders' locks.
import { closeSync, fstatSync, linkSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from "node:fs";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { linkOrCopySync } from "./kept-files.ts";
import { LinkCheck } from "./link-check.ts";
import { keptEntry, PageIndexWriter, readIndexTargets } from "./page-index.ts";
import type { PageWriterData, PageWriterReply, PageWriterRequest } from "./page-writer.ts";

const { outputDir, links: linkOptions, keptFiles } = workerData as PageWriterData;
const links = linkOptions ? new LinkCheck(linkOptions) : undefined;
const made = new Set<string>();
let failure: string | undefined;

/** The page cache's next index (src/page-cache.ts), written as pages are kept and taken. */
const index = keptFiles ? new PageIndexWriter(path.dirname(keptFiles)) : undefined;
/**
 * The pages taken from the cache, each with the end of its link targets in `takenPlaces` (places in
 * the last index's targets, laid end to end): checked once every file of the site is in place.
 */
const takenPages: [siteFile: string, end: number][] = [];
let takenTargets: readonly string[] = [];
let takenPlaces = new Int32Array(1024);
let takenPlaceCount = 0;

parentPort?.on("message", (request: PageWriterRequest) => {
  if ("finish" in request) {
    parentPort?.postMessage((failure ? { error: failure } : { finished: true }) satisfies PageWriterReply);
  } else if ("store" in request) {
    try {
      index?.finish(request.store.site);
      parentPort?.postMessage({ stored: true } satisfies PageWriterReply);
    } catch (error) {
      parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies PageWriterReply);
    }
  } else if ("reuse" in request) {
    if (request.index) {
      try {
        takenTargets = readIndexTargets(request.index.file);
      } catch (error) {
        failure ??= `Could not read the page cache's index ${request.index.file}: ${error instanceof Error ? error.message : String(error)}`;
      }
      // The build checked the pages' entries against the index it read: another would point them at other targets.
      if (takenTargets.length !== request.index.targets) failure ??= `The page cache's index ${request.index.file} changed while this build took pages from it.`;
      index?.takeFrom(takenTargets);
    }
    // Their files are put in place by threads of their own (src/page-writer.ts).
    for (const entry of request.reuse) {
      const [digest, page] = keptEntry(entry);
      if (links) {
        links.addFiles([page[1]]);
        noteTakenPage(page[1], page[5]);
      }
      index?.take(digest, page);
    }
    parentPort?.postMessage({ took: request.reuse.length, error: failure } satisfies PageWriterReply);
  } else if ("files" in request) {
    links?.addFiles(request.files);
  } else if ("check" in request) {
    // The site's other files (static files, images, the search index, redirects) are in place now.
    links?.addFiles(request.check);
    if (links) checkTakenPages(links);
    parentPort?.postMessage({ broken: links?.broken() ?? [] } satisfies PageWriterReply);
  } else {
    for (const [file, content, source, keep] of request.pages) {
      if (failure) break;
      const written = write(file, content, source);
      const needed = failure ? [] : check(file, content, source);
      if (written && !failure && keep) keepPage(file, written, source, needed, ...keep);
    }
    // Each batch is acknowledged, written or not: the build knows what is still in flight (and may let the
    // thread idle), and stops sending at the first failure.
    parentPort?.postMessage({ wrote: request.pages.length, error: failure } satisfies PageWriterReply);
  }
});

/** Writes a page; returns the file's size and times (which the page cache records), or undefined when the write failed. */
function write(file: string, content: string, source: string): Stats | undefined {
  let fd: number | undefined;
  try {
    const folder = path.dirname(file);
    if (!made.has(folder)) mkdirSync(folder, { recursive: true });
    made.add(folder);
    fd = openSync(file, "w");
    writeFileSync(fd, content);
    return fstatSync(fd);
  } catch (error) {
    failure = `Could not write ${file} (from ${source}): ${error instanceof Error ? error.message : String(error)}`;
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Checks a written page's links; returns the targets it needs a file for. */
function check(file: string, content: string, source: string): string[] {
  if (!links) return [];
  try {
    const siteFile = siteFileOf(file);
    links.addFiles([siteFile]);
    return links.scan(siteFile, content);
  } catch (error) {
    failure = `Could not check the links in ${file} (from ${source}): ${error instanceof Error ? error.message : String(error)}`;
    return [];
  }
}

function noteTakenPage(siteFile: string, places: readonly number[]): void {
  if (takenPlaceCount + places.length > takenPlaces.length) {
    const grown = new Int32Array(Math.max(takenPlaces.length * 2, takenPlaceCount + places.length));
    grown.set(takenPlaces.subarray(0, takenPlaceCount));
    takenPlaces = grown;
  }
  takenPlaces.set(places, takenPlaceCount);
  takenPlaceCount += places.length;
  takenPages.push([siteFile, takenPlaceCount]);
}

/**
 * Checks the taken pages' links without reading the pages: most are the same from every page (the
 * navigation, styles, tags), so each is looked up once for them all. Only a page with a link that has
 * no file, or one relative to the page, is checked link by link, as a written page is.
 */
function checkTakenPages(links: LinkCheck): void {
  const answered = new Map<number, boolean>();
  let start = 0;
  for (const [siteFile, end] of takenPages) {
    const places = takenPlaces.subarray(start, end);
    start = end;
    const allAnswered = places.every((place) => {
      let verdict = answered.get(place);
      if (verdict === undefined) {
        verdict = links.answered(takenTargets[place] ?? "") ?? false;
        answered.set(place, verdict);
      }
      return verdict;
    });
    if (!allAnswered) links.check(siteFile, Array.from(places, (place) => takenTargets[place] ?? ""));
  }
  takenPages.length = 0;
  takenPlaces = new Int32Array(0);
  takenPlaceCount = 0;
}

function siteFileOf(file: string): string {
  return path.relative(outputDir, file).split(path.sep).join("/");
}

/**
 * Keeps a written page for the next build under its digest (src/page-cache.ts). A hard link is whole
 * from the start and is the written file, so it goes straight in under the digest; where the digest is
 * taken already (a kept page changed since) or the file system has no hard links, a link or copy is
 * made under another name and renamed over it, so the cache never holds half a file under a digest.
 * (Linking under another name and renaming every page cost two more calls into the file system per
 * page.) A page that cannot be kept is rendered again next time: that is no reason to fail this build.
 */
function keepPage(file: string, written: Stats, source: string, needed: readonly string[], digest: string, url: string): void {
  const keptFile = path.join(keptFiles!, digest);
  const partial = `${keptFile}.${process.pid}.partial`;
  try {
    let info = written;
    try {
      linkSync(file, keptFile);
    } catch {
      linkOrCopySync(file, partial);
      renameSync(partial, keptFile);
      info = statSync(keptFile);
    }
    index?.keep(digest, url, siteFileOf(file), source, info.size, Math.trunc(info.mtimeMs / 1000), needed);
  } catch {
    rmSync(partial, { force: true });
  }
}
