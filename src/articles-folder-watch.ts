import { existsSync } from "node:fs";
import path from "node:path";

/** What this needs of Eleventy's file watcher (chokidar 4). */
export interface FolderWatcher {
  on(event: "unlinkDir", listener: (folder: string) => void): unknown;
  unwatch(target: string): unknown;
  add(target: string): unknown;
}

/** How often the preview looks for its articles folder while the folder is gone: one stat each time. */
const LOOK_EVERY_MS = 250;

/** The articles folder as the preview's watcher is given it (src/eleventy-plugin.ts), and given it again here. */
export function articlesWatchTarget(articlesDir: string): string {
  return `${path.relative(process.cwd(), articlesDir)}/`;
}

/**
 * chokidar 4 stops watching a folder it was given once that folder is deleted, and does not take it up
 * again when a folder of that name is made: an articles folder deleted and made again (a branch without
 * it checked out and back, a copy restored from a backup) left the preview deaf to every save in it
 * until npm start was run again, its pages saying the folder was missing. (A folder renamed away and back
 * is the same folder to the system, and stayed watched.) So while the folder is missing, it is looked for,
 * and once it is there it is watched anew and `cameBack` is called: the watcher reports none of the files
 * it already holds, so the caller rebuilds for them. Returns how to stop looking.
 */
export function rewatchArticlesFolder(watcher: FolderWatcher, articlesDir: string, cameBack: () => void, lookEveryMs = LOOK_EVERY_MS): () => void {
  const target = articlesWatchTarget(articlesDir);
  let looking: NodeJS.Timeout | undefined;
  const stopLooking = () => {
    clearInterval(looking);
    looking = undefined;
  };
  const lookForIt = () => {
    if (looking) return;
    looking = setInterval(() => {
      if (!existsSync(articlesDir)) return;
      stopLooking();
      watcher.unwatch(target);
      watcher.add(target);
      cameBack();
    }, lookEveryMs);
    looking.unref();
  };
  // chokidar names the folder it was given by its absolute path, the folders within relative to the working folder.
  watcher.on("unlinkDir", (folder) => {
    if (path.resolve(folder) === path.resolve(articlesDir)) lookForIt();
  });
  // Gone before the watcher started: during the first build.
  if (!existsSync(articlesDir)) lookForIt();
  return stopLooking;
}
