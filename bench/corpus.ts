// The benchmark corpus: ../shared/bench/make-corpus.mjs, generated once per size and seed and kept in
// .cache/bench/, exactly as the generator writes it.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export const DEFAULT_SEED = 20240708;

/**
 * Makes (or reuses) a corpus of `size` articles and returns its folder. A finished corpus is marked
 * by a stamp file, so an interrupted generation is never mistaken for a complete one.
 */
export async function ensureCorpus(root: string, generator: string, size: number, seed = DEFAULT_SEED): Promise<string> {
  // Corpora of earlier versions of this bench (suffixed -a1, -a2) were rewritten; they are not reused.
  const dir = path.join(root, `corpus-${size}-${seed}`);
  const stamp = path.join(dir, ".complete");
  if (existsSync(stamp)) return dir;
  const building = `${dir}.partial`;
  await rm(building, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
  await run(process.execPath, [generator, String(size), building, String(seed)], { maxBuffer: 16 * 1024 * 1024 });
  await writeFile(path.join(building, ".complete"), `${size} articles, seed ${seed}\n`);
  await rename(building, dir);
  return dir;
}
