// The benchmark corpus: ../shared/bench/make-corpus.mjs, generated once per size and seed and kept in
// .cache/bench/, exactly as the generator writes it.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
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
  if (await isComplete(dir)) return dir;
  const building = `${dir}.partial`;
  await rm(building, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
  await run(process.execPath, [generator, String(size), building, String(seed)], { maxBuffer: 16 * 1024 * 1024 });
  await writeFile(path.join(building, ".complete"), `${size} articles, seed ${seed}\n`);
  await rename(building, dir);
  return dir;
}

/** The lead image every story of a corpus with lead images shows: one of the project's static files. */
export const LEAD_IMAGE = "/images/placeholder-lead.svg";

/**
 * The corpus with a lead image, caption and credit given to every story (`--lead-images`), as a
 * newsroom's archive has: made once from the generated corpus, beside it. The generator writes none,
 * and a story's picture is data the build holds for every story (a story given one once held its body
 * as a string, unnoticed by a bench without them).
 */
export async function withLeadImages(corpus: string): Promise<string> {
  const dir = `${corpus}-lead-images`;
  if (await isComplete(dir)) return dir;
  const building = `${dir}.partial`;
  await rm(building, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
  for (const entry of await readdir(corpus, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".md")) continue;
    const from = path.join(entry.parentPath, entry.name);
    const to = path.join(building, path.relative(corpus, from));
    const text = await readFile(from, "utf8");
    const end = text.indexOf("\n---", 3);
    if (!text.startsWith("---") || end < 0) throw new Error(`${from} has no front matter to give a lead image`);
    const image = `\nimage:\n  src: ${LEAD_IMAGE}\n  alt: A photograph from the story\n  caption: What the photograph shows, as the desk wrote it.\n  credit: Staff photographer`;
    await mkdir(path.dirname(to), { recursive: true });
    await writeFile(to, text.slice(0, end) + image + text.slice(end));
  }
  await writeFile(path.join(building, ".complete"), `${corpus}, every story with a lead image\n`);
  await rename(building, dir);
  return dir;
}

/** Appends a correction to the newest story of a corpus (newestStory) and returns how to undo it. */
export async function correctNewestStory(corpus: string): Promise<{ file: string; undo: () => Promise<void> }> {
  const { file, text } = await newestStory(corpus);
  const undo = await alter(corpus, file, `${text.trimEnd()}\n\nCorrection: an earlier version of this story misstated a figure.\n`);
  return { file, undo };
}

/** What a bench altering a corpus leaves in it meanwhile: who alters it, and how to put the file back. */
interface Alteration {
  pid: number;
  file: string;
  original: string;
}

const ALTERATION = ".altered.json";

/**
 * Writes `content` to one file of a corpus and returns how to put the file back. Meanwhile the corpus
 * records the alteration: another bench given the same corpus refuses it rather than measure (or copy) an
 * altered one, and once the altering bench has stopped without its undo, the next one puts the file back.
 * The corpus keeps its stamp: an unstamped corpus is taken for an interrupted generation and made afresh,
 * which deleted a corpus under a build that another bench was running on it.
 */
export async function alter(corpus: string, file: string, content: string | Buffer): Promise<() => Promise<void>> {
  await assertUnaltered(corpus);
  const original = await readFile(file);
  const record: Alteration = { pid: process.pid, file: path.relative(corpus, file), original: original.toString("base64") };
  await writeFile(path.join(corpus, ALTERATION), JSON.stringify(record));
  await writeFile(file, content);
  return async () => {
    await writeFile(file, original);
    await rm(path.join(corpus, ALTERATION));
  };
}

/** Whether a corpus is complete and as made, putting back a file that a stopped bench altered and left. */
export async function isComplete(dir: string): Promise<boolean> {
  if (!existsSync(path.join(dir, ".complete"))) return false;
  await assertUnaltered(dir);
  return true;
}

async function assertUnaltered(corpus: string): Promise<void> {
  const recordFile = path.join(corpus, ALTERATION);
  if (!existsSync(recordFile)) return;
  const record = JSON.parse(await readFile(recordFile, "utf8")) as Alteration;
  if (isRunning(record.pid)) {
    throw new Error(`${corpus} is being altered by the bench in process ${record.pid} (its ${record.file}): give this bench a corpus folder of its own (--corpora), or wait until that one ends`);
  }
  await writeFile(path.join(corpus, record.file), Buffer.from(record.original, "base64"));
  await rm(recordFile);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: a process of another user holds the number, so it is running.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The newest story of a corpus, by its date, in the last month's folder: the one a newsroom's next build most likely changes. */
export async function newestStory(corpus: string): Promise<{ file: string; text: string }> {
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
  if (!newest) throw new Error(`${month} holds no story with a date: field`);
  return newest;
}
