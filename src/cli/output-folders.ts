import { spawn } from "node:child_process";
import { access, readdir, readFile, realpath, rename, stat } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { liesWithin } from "../contained-path.ts";
import { isRunning } from "../processes.ts";

// npm run build writes the site into a folder beside the output and swaps it in only when the build
// succeeded, so a failed build leaves the last good site as it was. The site it replaces is removed
// once the build has finished, by a process of its own: removing a site of tens of thousands of
// folders is seconds of the kernel's work (2.0–2.4 s for a 10,000-story site on the benchmark
// machine, whether by Node or by rm -rf), and an editor's next build need not wait for it.

/** The folders of one build: where it writes, and where the site it replaces goes until it is removed. */
export interface OutputFolders {
  output: string;
  staging: string;
  retired: string;
}

export function outputFolders(output: string, pid = process.pid): OutputFolders {
  return { output, staging: `${output}.building-${pid}`, retired: `${output}.old-${pid}` };
}

/**
 * Puts the finished site where the last one was; the last one is removed in the background. Should
 * the new site fail to move in, the last one is put back, and the error says which folder.
 */
export async function swapIn({ output, staging, retired }: OutputFolders): Promise<void> {
  const replaced = await rename(output, retired).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return false;
      throw new Error(`Could not move the last site aside (${output} to ${retired}): ${error.message}`);
    },
  );
  try {
    await rename(staging, output);
  } catch (error) {
    if (replaced) await rename(retired, output);
    throw new Error(`Could not put the new site in place (${staging} to ${output}): ${error instanceof Error ? error.message : String(error)}`);
  }
  if (replaced) removeInBackground([retired]);
}

/**
 * Folders beside the output that builds no longer running left behind: a build stopped half-way (by
 * a kill, or the machine going down) leaves its staging folder and the search parts its rendering process
 * handed over (handOverFolder in src/search-handover.ts; a sharded build, its folder of jobs;
 * the preview, the search parts it was writing: searchStagingFolder in src/search-index.ts), and a
 * removal cut short its retired site.
 */
export async function leftoverFolders(output: string): Promise<string[]> {
  const parent = path.dirname(output);
  const base = path.basename(output);
  const names = await readdir(parent).catch(() => [] as string[]);
  return names
    .filter((name) => {
      const pid = name.startsWith(base) ? /^\.(?:building|old|shards|search|handover)-(\d+)$/.exec(name.slice(base.length))?.[1] : undefined;
      return pid !== undefined && !isRunning(Number(pid));
    })
    .map((name) => path.join(parent, name));
}

/**
 * What every command that writes the output does first: a build stopped between the two renames of its
 * swap (the last site moved aside, the new one not yet in place) left no site at all; its last site is
 * put back, then every leftover folder is removed in the background. Told apart from a retired site
 * whose removal was cut short (the output is missing then only if someone removed it) by the stopped
 * build's staging folder, which is still there.
 */
export async function clearLeftovers(output: string): Promise<void> {
  const leftovers = await leftoverFolders(output);
  if (!(await isThere(output))) {
    const stopped = leftovers.find((folder) => /\.old-\d+$/.test(folder) && leftovers.includes(folder.replace(/\.old-(\d+)$/, ".building-$1")));
    if (stopped && (await rename(stopped, output).then(() => true, () => false))) {
      removeInBackground(leftovers.filter((folder) => folder !== stopped));
      return;
    }
  }
  removeInBackground(leftovers);
}

/**
 * The folders an output folder must keep clear of, since a build replaces its output whole and the preview
 * empties its own. `--output .` once swapped the project, its history with it, for the site and removed it in
 * the background; `--output articles/2025` did the same to a year of the editors' articles.
 */
export interface KeptFolders {
  /**
   * The folders an output must neither be nor hold: the project's (the working folder, which
   * requireProjectFolder makes it), the folders a build reads (`read`), and the home folder.
   */
  kept: string[];
  /**
   * The folders a build reads (templates/, the articles and archive folders, public/), which must not hold an
   * output either: one inside them replaced the files there, and a site inside public/ or the articles would
   * be read into the next. The project and the home folder may hold one (the default _site is in the project).
   */
  read: string[];
}

export function keptFolders({ articlesDir, archiveDir, publicDir }: { articlesDir: string; archiveDir?: string; publicDir: string }): KeptFolders {
  const read = [path.resolve("templates"), articlesDir, ...(archiveDir ? [archiveDir] : []), publicDir];
  return { kept: [process.cwd(), ...read, homedir()], read };
}

/**
 * The first of `kept` that `output` is or holds, if any. Told by device and inode, not by name, so that
 * neither `..`, a symbolic link nor a file system that ignores letter case (macOS's: `--output Articles`)
 * hides one. An output not there yet holds nothing.
 */
export async function keptFolderInOutput(output: string, kept: readonly string[]): Promise<string | undefined> {
  const target = await stat(output, { bigint: true }).catch(() => undefined);
  if (!target) return undefined;
  for (const folder of kept) {
    let at = await realpath(folder).catch(() => path.resolve(folder));
    for (;;) {
      const here = await stat(at, { bigint: true }).catch(() => undefined);
      if (here && here.dev === target.dev && here.ino === target.ino) return folder;
      const parent = path.dirname(at);
      if (parent === at) break;
      at = parent;
    }
  }
  return undefined;
}

/**
 * The nearest of `read` that holds `output` (not as `output` itself, which keptFolderInOutput tells), if any.
 * Told by device and inode, as keptFolderInOutput tells a folder, from the output's real path (or, for an
 * output not there yet, its nearest folder that is): neither `..`, a symbolic link, a name in other letter
 * case nor a bind mount hides the folder it is in. A folder of `read` that is not there (an articles folder
 * moved away while the preview waits for it) is told by its name.
 */
export async function readFolderHoldingOutput(output: string, read: readonly string[]): Promise<string | undefined> {
  const resolved = path.resolve(output);
  const folders = await Promise.all(read.map(async (folder) => ({ folder, id: await stat(folder, { bigint: true }).catch(() => undefined) })));
  const missing = folders.find(({ folder, id }) => id === undefined && liesWithin(path.resolve(folder), resolved));
  if (missing) return missing.folder;
  let there = resolved;
  while (!(await isThere(there)) && path.dirname(there) !== there) there = path.dirname(there);
  // Up from the output's parent when the output is there, from the nearest folder that is there when not.
  const real = await realpath(there).catch(() => there);
  let at = there === resolved ? path.dirname(real) : real;
  for (;;) {
    const here = await stat(at, { bigint: true }).catch(() => undefined);
    const holding = here && folders.find(({ id }) => id !== undefined && id.dev === here.dev && id.ino === here.ino);
    if (holding) return holding.folder;
    const parent = path.dirname(at);
    if (parent === at) return undefined;
    at = parent;
  }
}

/**
 * A mount point below `output` (Linux's /proc/self/mountinfo; elsewhere none is found), if any. Device and
 * inode tell a folder under any name, a bind mount's too (it shows the same folder), but a folder is
 * looked for up from the kept one, and a folder holding a bind mount of the project holds it by a path
 * that is no ancestor of it: a CI job's container given the checkout twice (`-v $PWD:/src -v $PWD:/app`),
 * `--output /app` from /src. Removing the replaced output would reach through the mount into the project,
 * so an output that holds any mount point is refused: no site's folder holds one.
 */
export async function mountPointInOutput(output: string, mountInfo?: string): Promise<string | undefined> {
  const table = mountInfo ?? (await readFile("/proc/self/mountinfo", "utf8").catch(() => ""));
  const resolved = await realpath(output).catch(() => undefined);
  if (resolved === undefined) return undefined;
  return mountPoints(table).find((point) => {
    const relative = path.relative(resolved, point);
    return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
  });
}

/** The mount points a mountinfo table lists (its fifth field, with spaces and the like written as octal escapes). */
export function mountPoints(mountInfo: string): string[] {
  return mountInfo
    .split("\n")
    .map((line) => line.split(" ")[4])
    .filter((field): field is string => field !== undefined && field.startsWith("/"))
    .map((field) => field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8))));
}

/** Why `output` may not be a build's or the preview's output folder (keptFolders), if it may not. */
type OutputProblem = { is: string } | { holds: string } | { inside: string } | { mountPoint: string };

async function outputProblem(output: string, { kept, read }: KeptFolders): Promise<OutputProblem | undefined> {
  const resolved = path.resolve(output);
  const folder = await keptFolderInOutput(resolved, kept);
  if (folder !== undefined) return resolved === folder ? { is: folder } : { holds: folder };
  const inside = await readFolderHoldingOutput(resolved, read);
  if (inside !== undefined) return { inside };
  const mountPoint = await mountPointInOutput(resolved);
  return mountPoint === undefined ? undefined : { mountPoint };
}

/**
 * Ends a build or the preview, saying why, when its output folder (`given` as --output) may not be one
 * (outputProblem). `usual` is the command's own folder, suggested instead: the preview's is not the build's.
 */
export async function requireOutputOfItsOwn(given: string, folders: KeptFolders, usual = "_site"): Promise<void> {
  const problem = await outputProblem(given, folders);
  if (problem === undefined) return;
  const replaced = "a build replaces its output folder whole, as the preview empties it";
  if ("inside" in problem) {
    // Where the articles folder is the project (--articles .) or holds it, _site is inside it too.
    const example = (await readFolderHoldingOutput(usual, [problem.inside])) === undefined ? `, such as ${usual}` : "";
    console.error(`--output ${given}: the folder is inside ${problem.inside}, which is one of the folders a build reads (its templates, articles or static files), and ${replaced} (and the next build would read the site as its own): give a folder outside it${example}`);
  } else {
    const what = "is" in problem ? "is" : "holds" in problem ? `holds ${problem.holds}, which is` : `holds ${problem.mountPoint}, a mount point, which may show`;
    console.error(`--output ${given}: the folder ${what} one of the project's own (the project, its templates, articles or static files, or the home folder), and ${replaced}: give a folder of its own, such as ${usual}`);
  }
  process.exit(1);
}

/**
 * Moves the preview's output folder aside before its first build, to be removed in the background, so that
 * nothing an earlier session (or npm run build) left there is served: a story deleted while the preview was
 * stopped kept its page and pictures for good, since a preview removes only what it wrote itself. The first
 * build writes every page and image anyway, and its search index is made afresh. A folder that may not be an
 * output (outputProblem: one that is or holds one of the project's own, is inside a folder a build reads, or
 * holds a mount point) is left as it is: an `--output .` must not take the project with it. Returns whether
 * the folder was moved.
 */
export async function retireOutput(output: string, folders: KeptFolders, pid = process.pid): Promise<boolean> {
  const resolved = path.resolve(output);
  if ((await outputProblem(resolved, folders)) !== undefined) return false;
  const { retired } = outputFolders(resolved, pid);
  const moved = await rename(resolved, retired).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return false;
      throw new Error(`Could not move the last site aside (${resolved} to ${retired}): ${error.message}`);
    },
  );
  if (moved) removeInBackground([retired]);
  return moved;
}

/**
 * Removes the folders in a detached process, which goes on after this one has ended. Should it fail or
 * be stopped, what it left is removed by the next build (leftoverFolders).
 */
export function removeInBackground(folders: readonly string[]): void {
  if (folders.length === 0) return;
  const remover = spawn(process.execPath, ["-e", REMOVE_FOLDERS, ...folders], { detached: true, stdio: "ignore", windowsHide: true });
  remover.on("error", () => undefined);
  remover.unref();
}

async function isThere(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

const REMOVE_FOLDERS = `for (const folder of process.argv.slice(1)) require("node:fs").rmSync(folder, { recursive: true, force: true, maxRetries: 3 });`;
