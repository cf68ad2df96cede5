import { constants, rmSync } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { HOLD_STALE_MS, holderIsRunning, lock, unlock } from "./lock-files.ts";

// The image cache (src/images.ts) keeps every variant a build has made, named by a hash of its source, so a
// photograph replaced, cropped or deleted, or a change of widths or formats, left its old variants in it for
// good, and the CI cache that carries it from build to build grew without end. As the article and search
// caches forget what no build has used for a week, so does this one: each build, and the preview, records the day
// it used each variant, and a whole build (npm run build of every page) removes the variants none has used for a week.
//
// Use is recorded in a file beside the variants, not in their modification times as the other caches do:
// a build publishes each variant as a hard link to it, and a variant given a new time each day would have
// `aws s3 sync` (README, Publishing) upload every picture of the site again.
//
// Several processes may use one cache folder at once on one machine: the preview beside a build, two
// builds, the jobs of a sharded build. Each registers itself before it asks for its first picture (a file
// named by its process number), and a build prunes only while none other is registered, under a lock that
// a process registering meanwhile waits for; so no variant goes while a build that may use it runs. Marking
// takes the same lock, so two builds' marks are both kept. Each CI job restores a copy of its own.

/** Variants no build has used for this many days are removed. */
export const KEEP_UNUSED_DAYS = 7;

/** The cache's own files, in a folder eleventy-img never names a variant: its names are `hash-width.format`. */
const UPKEEP_DIR = ".upkeep";
/** When each variant was last used (parseRecord says how it is written). */
const RECORD = "used";
/** Held while the record is changed and the folder pruned. */
const LOCK = "lock";
/** A file for each process using the cache, named by its number. */
const USERS = "users";
/** Variants being written, each renamed into place once whole (src/image-cache-writes.ts). */
const WRITING = "writing";

/** The files the pipeline writes (src/images.ts: `hash-width.format`, the JPEGs `hash-transform-width.jpeg`); anything else is left alone. */
const VARIANT = /^[\w-]+-\d+\.(?:avif|webp|jpeg|png|gif|svg)$/;

/** How long a build waits for another to finish marking: longer, and its marks are left out (the next build's count). */
const LOCK_WAIT_MS = 60_000;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Each variant's last day of use (days since 1970, UTC), and the day the folder was last swept for variants to remove. */
export interface UseRecord {
  swept: number;
  lastUsed: Map<string, number>;
}

/** The day of a moment, as the record counts days. */
export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** Records the variants (file names) as used on `day`; whether the record changed. */
export function markUsed(record: UseRecord, used: Iterable<string>, day: number): boolean {
  let changed = false;
  for (const name of used) {
    if (record.lastUsed.get(name) === day) continue;
    record.lastUsed.set(name, day);
    changed = true;
  }
  return changed;
}

/**
 * The variants to remove of those `present` in the folder: the ones no build has used for a week, never one
 * in `used` (this build's). A variant the record does not know (made before records were kept, or by a process
 * that could not record it) counts as used today. The record is left with the variants that stay, swept today.
 */
export function sweep(record: UseRecord, present: readonly string[], used: ReadonlySet<string>, day: number): string[] {
  const lastUsed = new Map<string, number>();
  const gone: string[] = [];
  for (const name of present) {
    if (!VARIANT.test(name)) continue;
    const last = used.has(name) ? day : (record.lastUsed.get(name) ?? day);
    if (day - last > KEEP_UNUSED_DAYS) gone.push(name);
    else lastUsed.set(name, last);
  }
  record.lastUsed = lastUsed;
  record.swept = day;
  return gone;
}

const registered = new Map<string, Promise<void>>();

/**
 * Registers this process as one using the cache folder, once per folder, and waits while a build prunes it.
 * Called before the first picture is asked for (src/image-requests.ts).
 */
export function useImageCache(dir: string): Promise<void> {
  let done = registered.get(dir);
  if (!done) registered.set(dir, (done = register(dir)));
  return done;
}

async function register(dir: string): Promise<void> {
  const users = path.join(dir, UPKEEP_DIR, USERS);
  const mine = path.join(users, String(process.pid));
  try {
    await mkdir(users, { recursive: true });
    await writeFile(mine, String(process.pid));
  } catch {
    // A cache that cannot be written: eleventy-img says so when it writes the first variant.
    return;
  }
  process.once("exit", () => rmSync(mine, { force: true }));
  // The preview runs for days: its file is renewed well before it would count as stale.
  setInterval(() => void utimes(mine, new Date(), new Date()).catch(() => undefined), HOLD_STALE_MS / 12).unref();
  // Registered first, looked for second, as the pruning build takes the lock first and looks for users second:
  // one of the two sees the other.
  // A holder that takes longer is no build of ours (its number given to another process since): go on.
  const lockFile = path.join(dir, UPKEEP_DIR, LOCK);
  for (const started = Date.now(); holderIsRunning(lockFile) && Date.now() - started < LOCK_WAIT_MS; ) await sleep(50);
}

/**
 * Records that this build used the variants (their files in the cache folder), and, when `prune` (a build of
 * the whole site) and no other process uses the folder, removes those no build has used for a week: once a
 * day, since finding them means listing the folder. `now` is the clock's (tests give another). False when
 * another process held the record too long for the marks to be made.
 */
export async function keepUsedVariants(dir: string, used: Iterable<string>, { prune, now = Date.now() }: { prune: boolean; now?: number }): Promise<boolean> {
  await useImageCache(dir);
  const lockFile = path.join(dir, UPKEEP_DIR, LOCK);
  if (!(await waitForLock(lockFile))) return false;
  try {
    const file = path.join(dir, UPKEEP_DIR, RECORD);
    const text = await readFile(file, "utf8").catch(() => "");
    const day = dayOf(now);
    const names = namesIn(dir, used);
    // Most builds of a day use what the last one did: the record then begins with today's names in this
    // build's order (written so below), and is not read further unless the folder is due to be swept.
    const swept = sweptDay(text);
    const unchanged = text.startsWith(`swept ${swept}\nday ${day}\n${[...names].join("\n")}\n`);
    if (unchanged && (!prune || swept >= day)) return true;
    const record = parseRecord(text);
    markUsed(record, names, day);
    if (prune && record.swept < day && !(await othersUsing(path.join(dir, UPKEEP_DIR, USERS)))) {
      for (const name of sweep(record, await readdir(dir), names, day)) await rm(path.join(dir, name), { force: true });
      // Variants a killed process was writing: no other process uses the folder, and this build has made its pictures.
      await rm(path.join(dir, UPKEEP_DIR, WRITING), { recursive: true, force: true });
    }
    await writeRecord(file, record, { day, first: names });
    return true;
  } finally {
    unlock(lockFile);
  }
}

/** Files this process has begun writing in the upkeep folder: each gets a name of its own. */
let partials = 0;

/**
 * Where a variant is written before it is renamed into place: in the upkeep folder, which no build takes for a
 * variant, under a name of this process's own that ends with the variant's (sharp may take the format from it).
 */
export function partialFileFor(variant: string): string {
  partials += 1;
  return path.join(path.dirname(variant), UPKEEP_DIR, WRITING, `${process.pid}-${partials}-${path.basename(variant)}`);
}

/**
 * The preview's record of use. It shows drafts and stories not yet out, whose pictures no build uses: left out of
 * the record, their variants went at the first sweep a week after a build had last recorded them, however often
 * the preview showed them meanwhile, and the next npm start encoded them again. A preview saves often, and the
 * record of a 10,000-story archive's pictures is read and written whole in about 0.3 CPU-seconds, so each variant
 * is recorded once a day: the day's first publish records every file the preview shows, writing the record whole
 * (which also gathers what the day before added), and a later one adds the files its stories brought that are new
 * today to the record's end, without reading it (most saves bring none: nothing is read or written).
 */
export class PreviewUse {
  #day: number | undefined;
  readonly #recorded = new Set<string>();

  constructor(readonly dir: string) {}

  /** Records the files `brought` (or, on a new day, all `shown`) that this preview has not recorded today. */
  async record(brought: Iterable<string>, shown: () => Iterable<string>, now = Date.now()): Promise<void> {
    const day = dayOf(now);
    const newDay = day !== this.#day;
    if (newDay) {
      this.#recorded.clear();
      brought = shown();
    }
    const fresh = [...brought].filter((file) => !this.#recorded.has(file));
    if (fresh.length === 0) return;
    let recorded = false;
    try {
      recorded = newDay ? await keepUsedVariants(this.dir, fresh, { prune: false, now }) : await appendUse(this.dir, fresh, day);
    } finally {
      // Not recorded (an error, the lock held too long, the record gone): the next publish records all it shows.
      this.#day = recorded ? day : undefined;
    }
    for (const file of fresh) this.#recorded.add(file);
  }
}

/**
 * Adds the variants to the record's end as used on `day`, without reading it. False when another process held
 * the record too long, or there is none: a record begins with its sweep's day, which only a whole write gives it.
 */
async function appendUse(dir: string, used: Iterable<string>, day: number): Promise<boolean> {
  const names = namesIn(dir, used);
  if (names.size === 0) return true;
  const lockFile = path.join(dir, UPKEEP_DIR, LOCK);
  if (!(await waitForLock(lockFile))) return false;
  try {
    const record = await open(path.join(dir, UPKEEP_DIR, RECORD), constants.O_WRONLY | constants.O_APPEND).catch(() => undefined);
    if (!record) return false;
    try {
      // The empty line first ends a line that a process stopped while adding left unfinished (empty lines are skipped).
      await record.appendFile(`\nday ${day}\n${[...names].join("\n")}\n`);
    } finally {
      await record.close();
    }
    return true;
  } finally {
    unlock(lockFile);
  }
}

/** The names of the files directly in `dir` (a build's other files are originals beside its articles). */
function namesIn(dir: string, files: Iterable<string>): Set<string> {
  const prefix = dir + path.sep;
  const names = new Set<string>();
  for (const file of files) if (file.startsWith(prefix) && !file.includes(path.sep, prefix.length)) names.add(file.slice(prefix.length));
  return names;
}

async function waitForLock(file: string): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < LOCK_WAIT_MS; await sleep(50)) if (lock(file)) return true;
  return false;
}

/** Whether a process other than this one is registered and running; files of stopped ones are removed. */
async function othersUsing(users: string): Promise<boolean> {
  let others = false;
  for (const name of await readdir(users).catch(() => [])) {
    if (name === String(process.pid)) continue;
    const file = path.join(users, name);
    if (holderIsRunning(file)) others = true;
    else await rm(file, { force: true });
  }
  return others;
}

/** The day the record says the folder was last swept; 0 when it says none. */
function sweptDay(text: string): number {
  const swept = /^swept (\d+)\n/.exec(text);
  return swept ? Number(swept[1]) : 0;
}

/**
 * The record in a file's text, or an empty one when it is not one this code wrote: every variant then counts
 * as used today. As stored: `swept DAY`, then for each day `day DAY` and the names last used that day, a line
 * each; the preview adds days at the end (appendUse), so a name may come more than once, and its latest day counts.
 */
export function parseRecord(text: string): UseRecord {
  const record: UseRecord = { swept: 0, lastUsed: new Map() };
  const lines = text.split("\n");
  if (!/^swept \d+$/.test(lines[0] ?? "")) return record;
  let day: number | undefined;
  for (const line of lines.slice(1)) {
    if (line === "") continue;
    if (line.startsWith("day ")) day = /^day \d+$/.test(line) ? Number(line.slice(4)) : undefined;
    else if (day === undefined) return { swept: 0, lastUsed: new Map() };
    else record.lastUsed.set(line, Math.max(day, record.lastUsed.get(line) ?? day));
  }
  record.swept = sweptDay(text);
  return record;
}

/**
 * Written whole under another name and renamed, so a build stopped half-way leaves the last record. Today's
 * names come first, this build's (`first`) in its order, so that the next build like it reads no further.
 */
async function writeRecord(file: string, record: UseRecord, { day, first }: { day: number; first: Iterable<string> }): Promise<void> {
  const days = new Map<number, string[]>([[day, [...first]]]);
  const listed = new Set(days.get(day));
  for (const [name, last] of record.lastUsed) {
    if (last === day && listed.has(name)) continue;
    const names = days.get(last);
    if (names) names.push(name);
    else days.set(last, [name]);
  }
  const text = [`swept ${record.swept}`, ...[...days].flatMap(([last, names]) => [`day ${last}`, ...names])].join("\n");
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, text + "\n");
  await rename(partial, file);
}
