import { lstat, rmdir, unlink } from "node:fs/promises";
import path from "node:path";
import { liesWithin, realPathsInside } from "./contained-path.ts";

/** The file Eleventy writes the page at a site-relative URL to: /world/story/ → world/story/index.html. */
export function outputFileOf(outputDir: string, url: string): string {
  return path.join(outputDir, url, url.endsWith("/") ? "index.html" : "");
}

/**
 * Removes the files of pages the site no longer has (or, given a file's URL, that file: an image no
 * story shows any longer, src/news-loader.ts), and the folders that leaves empty. URLs come
 * from articles' front matter, so only a regular file that lies inside the output folder once every
 * `..` and symbolic link is followed is removed, and no folder above it. Returns the files removed.
 */
export async function removePages(outputDir: string, urls: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const url of urls) {
    const file = outputFileOf(outputDir, url);
    const real = await realPathsInside(outputDir, file);
    const info = real && (await lstat(real.file).catch(() => undefined));
    if (!real || !info?.isFile()) continue;
    await unlink(real.file);
    removed.push(file);
    for (let folder = path.dirname(real.file); liesWithin(real.folder, folder); folder = path.dirname(folder)) {
      // Fails on the first folder that still holds something, which ends the walk.
      const emptied = await rmdir(folder).then(
        () => true,
        () => false,
      );
      if (!emptied) break;
    }
  }
  return removed;
}
