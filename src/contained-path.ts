import { realpathSync } from "node:fs";
import { readdir, realpath } from "node:fs/promises";
import path from "node:path";

/**
 * Whether a file lies inside a folder once every `..` and symbolic link is followed. An article
 * may name its lead image relative to itself; this stops `../../../etc/passwd` (or a link to it)
 * from being copied into the published site.
 */
export async function isInside(folder: string, file: string): Promise<boolean> {
  return (await realPathsInside(folder, file)) !== undefined;
}

/**
 * The real paths of the folder and of a file that lies inside it (as isInside decides); undefined
 * when the file is outside it or does not exist.
 */
export async function realPathsInside(folder: string, file: string): Promise<{ folder: string; file: string } | undefined> {
  const [realFolder, realFile] = await Promise.all([realpath(folder).catch(() => path.resolve(folder)), realpath(file).catch(() => undefined)]);
  if (realFile === undefined) return undefined;
  return liesWithin(realFolder, realFile) ? { folder: realFolder, file: realFile } : undefined;
}

/** isInside, for callers that cannot wait (npm run check's link pass). */
export function isInsideSync(folder: string, file: string): boolean {
  const real = (target: string) => {
    try {
      return realpathSync(target);
    } catch {
      return undefined;
    }
  };
  const realFile = real(file);
  return realFile !== undefined && liesWithin(real(folder) ?? path.resolve(folder), realFile);
}

/** Whether `inner` is below `folder`, both already resolved; by their names alone. */
export function liesWithin(folder: string, inner: string): boolean {
  const relative = path.relative(folder, inner);
  return relative !== "" && !relative.startsWith(`..${path.sep}`) && relative !== ".." && !path.isAbsolute(relative);
}

/** File types a lead image may have. An .html or .js "image" would be served from the site's own origin. */
export const IMAGE_EXTENSIONS = [".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg"] as const;

export function hasImageExtension(file: string): boolean {
  return (IMAGE_EXTENSIONS as readonly string[]).includes(path.extname(file).toLowerCase());
}

/**
 * The symbolic links under a folder (paths relative to it) that lead outside it, or nowhere. Eleventy
 * copies a link as a link, and a host's upload (`aws s3 sync`, Netlify's) publishes what it points at:
 * a link committed in public/ to `/etc/passwd` or `../../.env` would put that file on the site.
 */
export async function linksLeadingOutside(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  const links = entries.filter((entry) => entry.isSymbolicLink()).map((entry) => path.join(entry.parentPath, entry.name));
  const outside = await Promise.all(links.map(async (link) => ((await isInside(folder, link)) ? undefined : path.relative(folder, link))));
  return outside.filter((link) => link !== undefined).sort();
}
