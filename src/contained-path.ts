import { realpath } from "node:fs/promises";
import path from "node:path";

/**
 * Whether a file lies inside a folder once every `..` and symbolic link is followed. An article
 * may name its lead image relative to itself; this stops `../../../etc/passwd` (or a link to it)
 * from being copied into the published site.
 */
export async function isInside(folder: string, file: string): Promise<boolean> {
  const [realFolder, realFile] = await Promise.all([realpath(folder).catch(() => path.resolve(folder)), realpath(file).catch(() => undefined)]);
  if (realFile === undefined) return false;
  const relative = path.relative(realFolder, realFile);
  return relative !== "" && !relative.startsWith(`..${path.sep}`) && relative !== ".." && !path.isAbsolute(relative);
}

/** File types a lead image may have. An .html or .js "image" would be served from the site's own origin. */
export const IMAGE_EXTENSIONS = [".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg"] as const;

export function hasImageExtension(file: string): boolean {
  return (IMAGE_EXTENSIONS as readonly string[]).includes(path.extname(file).toLowerCase());
}
