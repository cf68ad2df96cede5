// The search-index tests tell a part copied from the cache from one Pagefind made again by a mark
// written into each kept index. The mark goes in the index's own `index/` folder: a part other than the
// first keeps only its data in the site (isMergedIndexData in src/search-shards.ts), so a mark beside
// its files would be removed on the way in.
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/** Where the mark is in an index folder, relative to it. */
export const CACHE_MARK = "index/from-cache";

/** Marks every index kept in the cache with its own name (the `.key` files beside them are left alone). */
export async function markKeptIndexes(cacheDir: string): Promise<void> {
  for (const entry of await readdir(cacheDir, { withFileTypes: true })) {
    if (entry.isDirectory()) await writeFile(path.join(cacheDir, entry.name, CACHE_MARK), entry.name);
  }
}

/** The name of the kept index an index folder was copied from, or undefined when Pagefind made it. */
export async function cacheMarkOf(indexFolder: string): Promise<string | undefined> {
  return readFile(path.join(indexFolder, CACHE_MARK), "utf8").catch(() => undefined);
}

/** Whether an index folder was copied from the cache. */
export function cameFromCache(indexFolder: string): boolean {
  return existsSync(path.join(indexFolder, CACHE_MARK));
}
