import { copyFileSync, linkSync, rmSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";

// Kept files (search indexes, pages) go into a new site as hard links where the file system allows,
// and as copies otherwise: nothing writes into a file once it is kept, and ten thousand files linked
// cost a fraction of ten thousand written. Kept pages are checked, and the unlisted removed, first
// (checkKeptFiles).
//
// The work is done on a thread of its own. A site's files are thousands of small ones, and done with
// fs.promises each file waits for this thread's event loop, which Eleventy's rendering holds for
// seconds at a time: a copy begun beside the rendering of 100,000 stories was still unfinished six
// minutes later. The thread needs no TypeScript, so it starts in milliseconds.
const THREAD = `
  const { workerData } = require("node:worker_threads");
  const fs = require("node:fs");
  const path = require("node:path");
  const made = new Set();
  const linkOrCopy = (from, to) => {
    try {
      fs.linkSync(from, to);
    } catch (error) {
      if (error.code !== "EEXIST") return fs.copyFileSync(from, to);
      // A file of the same name is replaced, as writing it would replace it.
      fs.rmSync(to);
      linkOrCopy(from, to);
    }
  };
  const copy = (from, to) => {
    fs.mkdirSync(to, { recursive: true });
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
      const source = path.join(from, entry.name);
      const target = path.join(to, entry.name);
      if (entry.isDirectory()) copy(source, target);
      else if (entry.isFile()) linkOrCopy(source, target);
    }
  };
  if (workerData.expected) {
    // [name, size, mtime]: which files are as they were kept; the others are removed.
    const intact = [];
    const listed = new Set();
    for (const [name, size, mtime] of workerData.expected) {
      listed.add(name);
      try {
        const info = fs.statSync(path.join(workerData.dir, name));
        if (info.isFile() && info.size === size && Math.trunc(info.mtimeMs / 1000) === mtime) intact.push(name);
      } catch {}
    }
    for (const name of fs.readdirSync(workerData.dir)) {
      if (!listed.has(name)) fs.rmSync(path.join(workerData.dir, name), { force: true });
    }
    require("node:worker_threads").parentPort.postMessage(intact);
  } else if (workerData.pairs) {
    const take = workerData.copy ? fs.copyFileSync : linkOrCopy;
    const { fromDir = "", toDir = "" } = workerData;
    for (const pair of workerData.pairs) {
      const from = path.join(fromDir, pair[0]);
      const to = path.join(toDir, pair[1]);
      const folder = path.dirname(to);
      if (!made.has(folder)) fs.mkdirSync(folder, { recursive: true });
      made.add(folder);
      try {
        take(from, to);
      } catch (error) {
        throw new Error("Could not take " + from + " into " + to + ": " + error.message);
      }
    }
  } else if (workerData.folders) {
    // Each folder on its own: the places of those that could not be copied go back.
    const failed = [];
    workerData.folders.forEach(([from, to], place) => {
      try {
        copy(from, to);
      } catch {
        failed.push(place);
      }
    });
    require("node:worker_threads").parentPort.postMessage(failed);
  } else if (workerData.sources) {
    // Every namesake in the sources is looked at: the oldest of the same bytes is taken, and none if one has other bytes.
    const { dir, files, sources } = workerData;
    const wanted = new Set(files);
    const found = new Map();
    for (const source of sources) {
      for (const folder of new Set(files.map((file) => path.dirname(file)))) {
        let names = [];
        try {
          names = fs.readdirSync(path.join(source, folder));
        } catch {
          continue;
        }
        for (const name of names) {
          const file = path.join(folder, name);
          if (!wanted.has(file)) continue;
          const seen = found.get(file) ?? { other: false };
          found.set(file, seen);
          try {
            const kept = path.join(source, file);
            const was = fs.statSync(kept);
            if (seen.other || (seen.same && seen.same.ino === was.ino && seen.same.dev === was.dev)) continue;
            const written = path.join(dir, file);
            const is = fs.statSync(written);
            const same = (was.ino === is.ino && was.dev === is.dev) || (was.size === is.size && fs.readFileSync(kept).equals(fs.readFileSync(written)));
            if (!same) seen.other = true;
            else if (!seen.same || was.mtimeMs < seen.same.mtimeMs) seen.same = { path: kept, ino: was.ino, dev: was.dev, mtimeMs: was.mtimeMs };
          } catch {
            seen.other = true;
          }
        }
      }
    }
    let linked = 0;
    for (const [file, { same, other }] of found) {
      const written = path.join(dir, file);
      const partial = written + ".kept-" + process.pid;
      try {
        if (other || !same) continue;
        const is = fs.statSync(written);
        if (is.ino === same.ino && is.dev === same.dev) continue;
        // Linked under another name and renamed over it, so the file is never missing from a site being served.
        fs.linkSync(same.path, partial);
        fs.renameSync(partial, written);
        linked++;
      } catch {
        fs.rmSync(partial, { force: true });
      }
    }
    require("node:worker_threads").parentPort.postMessage(linked);
  } else copy(workerData.from, workerData.to);`;

type Work =
  | { from: string; to: string }
  | { folders: readonly (readonly [from: string, to: string])[] }
  | { pairs: readonly (readonly [from: string, to: string])[]; fromDir?: string; toDir?: string; copy?: boolean }
  | { dir: string; expected: readonly (readonly [name: string, size: number, mtime: number])[] }
  | { dir: string; files: readonly string[]; sources: readonly string[] };

/** Runs the work on a thread; resolves with what the thread sent, if anything (and rejects, never throws, when the thread cannot start). */
function run(workerData: Work, what: string): Promise<unknown> {
  let worker: Worker;
  try {
    worker = new Worker(THREAD, { eval: true, workerData });
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  return outcome(worker, what);
}

/**
 * What the thread sent once it has ended. Apart from run(), so that the listeners, which live as long as
 * the thread, do not keep its work: the Worker copies that as it starts, and a rebuild's list of kept
 * pages to take was held here too while they were taken (at 30,000 stories, 22 MB of this thread's heap).
 */
function outcome(worker: Worker, what: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let reply: unknown;
    worker.once("message", (message: unknown) => (reply = message));
    worker.once("error", reject);
    worker.once("exit", (code) => (code === 0 ? resolve(reply) : reject(new Error(`${what} stopped with exit code ${code}`))));
  });
}

// The functions below return run()'s promise rather than await it: an async function keeps its arguments
// while it waits, and a rebuild's lists of kept pages (at 100,000 stories, 227,000 of them) would be held
// until their thread ended.

/** Copies a folder and everything in it (files linked where the file system allows). */
export function copyFolder(from: string, to: string): Promise<void> {
  return run({ from, to }, `copying ${from}`).then(() => undefined);
}

/**
 * Copies each folder `from` to `to` (files linked where the file system allows), all on one thread;
 * resolves with the places in `folders` of those that could not be copied. A rebuild takes a dozen
 * search indexes from the cache, and a thread each cost a dozen threads' start-up at once.
 */
export function copyFolders(folders: readonly (readonly [from: string, to: string])[]): Promise<number[]> {
  if (folders.length === 0) return Promise.resolve([]);
  return run({ folders }, "copying folders") as Promise<number[]>;
}

/**
 * Puts each file `from` at `to` (linked where the file system allows), making folders as needed and
 * replacing a file already there. Paths are taken relative to `dirs.from` and `dirs.to` when given: a
 * rebuild's 227,000 kept pages (at 100,000 stories) then go to the thread as the digests and site files
 * the page index already holds, rather than as two new paths each.
 */
export function linkFiles(pairs: readonly (readonly [from: string, to: string])[], dirs: { from?: string; to?: string } = {}): Promise<void> {
  return run({ pairs, fromDir: dirs.from, toDir: dirs.to }, "taking kept files").then(() => undefined);
}

/** Puts a copy of each file `from` at `to`, on the same thread: for files their owners may yet change in place (a link would change the published file too). */
export function copyFiles(pairs: readonly (readonly [from: string, to: string])[]): Promise<void> {
  return run({ pairs, copy: true }, "copying files").then(() => undefined);
}

/**
 * The names of the files in `dir` that have the size and modification time (in whole seconds) they
 * were kept with; files not expected at all are removed (those of pages no longer built, or kept by a
 * build that failed). A kept file shares its contents with the site it went into, so a published file
 * changed in place changes it too: this tells.
 */
export function checkKeptFiles(dir: string, expected: readonly (readonly [name: string, size: number, mtime: number])[]): Promise<Set<string>> {
  return run({ dir, expected }, "checking kept files").then((intact) => new Set(intact as string[]));
}

/**
 * Replaces each of `files` (paths relative to `dir`) by a hard link to a file of the same path in
 * `sources` with the same bytes (the one with the oldest time, if several), so that it keeps the time that
 * file was first written; resolves with how many were. The bytes are compared whole: a name is taken as
 * no proof of them. A file is left as it is when a source holds one of its path with other bytes (then
 * its name has been given other bytes, and a host may hold those under it), or when it cannot be
 * compared or linked.
 */
export function linkSameFiles(dir: string, files: readonly string[], sources: readonly string[]): Promise<number> {
  if (files.length === 0 || sources.length === 0) return Promise.resolve(0);
  return run({ dir, files, sources }, "linking files kept before") as Promise<number>;
}

/** The same for one file, on the calling thread (the page writer's, which keeps each page as it writes it). */
export function linkOrCopySync(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") return copyFileSync(from, to);
    rmSync(to);
    linkOrCopySync(from, to);
  }
}

/** Files split into `parts` lists of about the same length, each file with the others of its top-level folder (`to` is relative to the site's folder). */
export function byFolder<T extends readonly [from: string, to: string]>(files: readonly T[], parts: number): T[][] {
  const groups = new Map<string, T[]>();
  for (const file of files) {
    const top = file[1].split(/[\\/]/)[0] ?? "";
    const group = groups.get(top) ?? [];
    if (group.length === 0) groups.set(top, group);
    group.push(file);
  }
  const lists: T[][] = Array.from({ length: Math.max(1, parts) }, () => []);
  for (const group of [...groups.values()].sort((a, b) => b.length - a.length)) {
    const shortest = lists.reduce((least, list) => (list.length < least.length ? list : least));
    for (const file of group) shortest.push(file);
  }
  return lists.filter((list) => list.length > 0);
}
