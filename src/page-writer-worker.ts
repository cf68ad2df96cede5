// The page writer's thread (src/page-writer.ts): writes each batch of pages it is sent, one file at a
// time, synchronously, and checks each written page's links. One writer in order is the disk's fastest
// way: 16 asynchronous writes at once into the same few folders cost several times the kernel time,
// contending for the folders' locks.
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { linkOrCopySync } from "./kept-files.ts";
import { detached, LinkCheck } from "./link-check.ts";
import { storePageIndex, type KeptPage } from "./page-cache.ts";
import type { PageWriterData, PageWriterReply, PageWriterRequest } from "./page-writer.ts";

const { outputDir, links: linkOptions, keptFiles } = workerData as PageWriterData;
const links = linkOptions ? new LinkCheck(linkOptions) : undefined;
const made = new Set<string>();
let failure: string | undefined;

/** The pages this build took or kept, by digest: the page cache's next index (src/page-cache.ts). */
const kept: Record<string, KeptPage> = {};
/** The link targets of the kept pages, each once, and where each is in that list. */
const targets: string[] = [];
const targetPlaces = new Map<string, number>();
/** The last index's targets, which taken pages point into. */
let takenTargets: readonly string[] = [];
/** Where each of takenTargets is in `targets`, once it is there (-1 until then). */
let takenPlaces = new Int32Array(0);
/** The taken pages, with their links as places in takenTargets: checked once every file is in place. */
const takenPages: [siteFile: string, places: readonly number[]][] = [];

parentPort?.on("message", (request: PageWriterRequest) => {
  if ("finish" in request) {
    parentPort?.postMessage((failure ? { error: failure } : { finished: true }) satisfies PageWriterReply);
  } else if ("store" in request) {
    try {
      storePageIndex(request.store.dir, { version: 2, site: request.store.site, targets, pages: kept });
      parentPort?.postMessage({ stored: true } satisfies PageWriterReply);
    } catch (error) {
      parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies PageWriterReply);
    }
  } else if ("reuse" in request) {
    if (request.targets) {
      takenTargets = request.targets;
      takenPlaces = new Int32Array(takenTargets.length).fill(-1);
    }
    // Their files are put in place by a thread of their own (src/page-writer.ts).
    for (const { digest, page } of request.reuse) {
      const [url, siteFile, source, size, mtime, places] = page;
      if (links) {
        links.addFiles([siteFile]);
        takenPages.push([siteFile, places]);
      }
      kept[digest] = [url, siteFile, source, size, mtime, places.map(takenPlace)];
    }
    parentPort?.postMessage({ took: request.reuse.length, error: failure } satisfies PageWriterReply);
  } else if ("check" in request) {
    // The site's other files (static files, images, the search index, redirects) are in place now.
    links?.addFiles(request.check);
    if (links) checkTakenPages(links);
    parentPort?.postMessage({ broken: links?.broken() ?? [] } satisfies PageWriterReply);
  } else {
    for (const [file, content, source, keep] of request.pages) {
      if (failure) break;
      write(file, content, source);
      const pageTargets = failure ? [] : check(file, content, source);
      if (!failure && keep) keepPage(file, source, pageTargets, ...keep);
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

/** Checks a written page's links; returns what it links to. */
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

/**
 * Checks the taken pages' links without reading the pages: most are the same from every page (the
 * navigation, styles, tags), so each is looked up once for them all. Only a page with a link that has
 * no file, or one relative to the page, is checked link by link, as a written page is.
 */
function checkTakenPages(links: LinkCheck): void {
  const answered = new Map<number, boolean>();
  for (const [siteFile, places] of takenPages) {
    const allAnswered = places.every((place) => {
      let verdict = answered.get(place);
      if (verdict === undefined) {
        verdict = links.answered(takenTargets[place] ?? "") ?? false;
        answered.set(place, verdict);
      }
      return verdict;
    });
    if (!allAnswered) links.check(siteFile, places.map((place) => takenTargets[place] ?? ""));
  }
  takenPages.length = 0;
}

/** Where a target of the last index is in this build's. */
function takenPlace(place: number): number {
  let now = takenPlaces[place] ?? -1;
  if (now < 0) {
    now = placesOf([takenTargets[place] ?? ""])[0]!;
    takenPlaces[place] = now;
  }
  return now;
}

function siteFileOf(file: string): string {
  return path.relative(outputDir, file).split(path.sep).join("/");
}

function placesOf(pageTargets: readonly string[]): number[] {
  return pageTargets.map((target) => {
    let place = targetPlaces.get(target);
    if (place === undefined) {
      // Kept apart from the page's text, which would otherwise stay in memory with it.
      place = targets.push(detached(target)) - 1;
      targetPlaces.set(targets[place]!, place);
    }
    return place;
  });
}

/**
 * Keeps a written page for the next build under its digest (src/page-cache.ts). Linked in under
 * another name and renamed, so the cache never holds half a file under a digest. A page that cannot
 * be kept is rendered again next time: that is no reason to fail this build.
 */
function keepPage(file: string, source: string, pageTargets: readonly string[], digest: string, url: string): void {
  const keptFile = path.join(keptFiles!, digest);
  const partial = `${keptFile}.${process.pid}.partial`;
  try {
    linkOrCopySync(file, partial);
    renameSync(partial, keptFile);
    const info = statSync(keptFile);
    kept[digest] = [url, siteFileOf(file), source, info.size, Math.trunc(info.mtimeMs / 1000), placesOf(pageTargets)];
  } catch {
    rmSync(partial, { force: true });
  }
}
