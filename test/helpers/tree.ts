import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/**
 * Every file under a folder, as a relative path with / separators, sorted; none under a top-level folder
 * `skipFolder` names (a preview's search index, which its background index may be replacing meanwhile).
 */
export async function filesIn(dir: string, skipFolder: (name: string) => boolean = () => false): Promise<string[]> {
  const top = await readdir(dir, { withFileTypes: true });
  const below = await Promise.all(
    top.filter((entry) => entry.isDirectory() && !skipFolder(entry.name)).map((entry) => readdir(path.join(dir, entry.name), { recursive: true, withFileTypes: true })),
  );
  return [...top, ...below.flat()]
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

/** Every file under a folder (as `filesIn` lists them) → SHA-256 of its bytes, sorted by path. */
export async function hashTree(dir: string, skipFolder?: (name: string) => boolean): Promise<Map<string, string>> {
  const files = await filesIn(dir, skipFolder);
  const hashes = new Map<string, string>();
  for (const file of files) hashes.set(file, createHash("sha256").update(await readFile(path.join(dir, file))).digest("hex"));
  return hashes;
}

/** The paths whose content differs between two trees, or that only one of them has. */
export function treeDifferences(a: Map<string, string>, b: Map<string, string>): string[] {
  const paths = new Set([...a.keys(), ...b.keys()]);
  return [...paths].filter((file) => a.get(file) !== b.get(file)).sort();
}
