// The benchmark corpus: ../shared/bench/make-corpus.mjs, generated once per size and seed and kept in
// .cache/bench/, exactly as the generator writes it.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
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

/**
 * Appends a correction to the newest story of a corpus (by its date, in the last month's folder) and
 * returns how to undo it. The corpus is marked incomplete meanwhile, so a bench stopped before the undo
 * generates it afresh next time rather than measure an altered corpus.
 */
export async function correctNewestStory(corpus: string): Promise<{ file: string; undo: () => Promise<void> }> {
  const lastFolder = async (dir: string) => {
    const entries = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isDirectory() && /^\d+$/.test(entry.name));
    const last = entries.map((entry) => entry.name).sort().at(-1);
    if (!last) throw new Error(`${dir} holds no numbered folders: not a corpus from make-corpus.mjs`);
    return path.join(dir, last);
  };
  const month = await lastFolder(await lastFolder(corpus));
  let newest: { file: string; text: string; date: number } | undefined;
  for (const name of (await readdir(month)).filter((file) => file.endsWith(".md")).sort()) {
    const file = path.join(month, name);
    const text = await readFile(file, "utf8");
    const date = Date.parse(/^date: *(.+)$/m.exec(text)?.[1]?.trim() ?? "");
    // A story without a date it can read is not a candidate: NaN would compare as neither newer nor older.
    if (Number.isNaN(date)) continue;
    if (!newest || date > newest.date) newest = { file, text, date };
  }
  if (!newest) throw new Error(`${month} holds no story with a date: field to correct`);
  const stamp = path.join(corpus, ".complete");
  const stamped = await readFile(stamp, "utf8");
  await rm(stamp);
  await writeFile(newest.file, `${newest.text.trimEnd()}\n\nCorrection: an earlier version of this story misstated a figure.\n`);
  const { file, text } = newest;
  return {
    file,
    undo: async () => {
      await writeFile(file, text);
      await writeFile(stamp, stamped);
    },
  };
}
