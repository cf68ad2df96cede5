import { readdir } from "node:fs/promises";

/** How many files under a folder end with the given extension. */
export async function countFiles(dir: string, extension: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith(extension)).length;
}
