import { spawn } from "node:child_process";
import { access, readdir, readFile, realpath, rename, stat } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
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
 * a kill, or the machine going down) leaves its staging folder (a sharded build, its folder of jobs;
 * the preview, the search parts it was writing: searchStagingFolder in src/search-index.ts), and a
 * removal cut short its retired site.
 */
export async function leftoverFolders(output: string): Promise<string[]> {
  const parent = path.dirname(output);
  const base = path.basename(output);
  const names = await readdir(parent).catch(() => [] as string[]);
  return names
    .filter((name) => {
      const pid = name.startsWith(base) ? /^\.(?:building|old|shards|search)-(\d+)$/.exec(name.slice(base.length))?.[1] : undefined;
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
  const missing = await access(output).then(
    () => false,
    () => true,
  );
  if (missing) {
    const stopped = leftovers.find((folder) => /\.old-\d+$/.test(folder) && leftovers.includes(folder.replace(/\.old-(\d+)$/, ".building-$1")));
    if (stopped && (await rename(stopped, output).then(() => true, () => false))) {
      removeInBackground(leftovers.filter((folder) => folder !== stopped));
      return;
    }
  }
  removeInBackground(leftovers);
}

/**
 * The folders an output folder must neither be nor hold, since a build replaces its output whole and the
 * preview empties its own: the project's (the working folder, which requireProjectFolder makes it, and
 * its templates), the folders a build reads its articles and static files from, and the home folder.
 * `--output .` once swapped the project, its history with it, for the site and removed it in the background.
 */
export function keptFolders({ articlesDir, archiveDir, publicDir }: { articlesDir: string; archiveDir?: string; publicDir: string }): string[] {
  return [process.cwd(), path.resolve("templates"), articlesDir, ...(archiveDir ? [archiveDir] : []), publicDir, homedir()];
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

/** Ends a build or the preview, saying why, when its output folder (`given` as --output) is or holds one of `kept`, or holds a mount point. */
export async function requireOutputOfItsOwn(given: string, kept: readonly string[]): Promise<void> {
  const folder = await keptFolderInOutput(path.resolve(given), kept);
  const mount = folder === undefined ? await mountPointInOutput(path.resolve(given)) : undefined;
  if (folder === undefined && mount === undefined) return;
  const what = folder === undefined ? `holds ${mount}, a mount point, which may show` : path.resolve(given) === folder ? "is" : `holds ${folder}, which is`;
  console.error(`--output ${given}: the folder ${what} one of the project's own (the project, its templates, articles or static files, or the home folder), and a build replaces its output folder whole, as the preview empties it: give a folder of its own, such as _site`);
  process.exit(1);
}

/**
 * Moves the preview's output folder aside before its first build, to be removed in the background, so that
 * nothing an earlier session (or npm run build) left there is served: a story deleted while the preview was
 * stopped kept its page and pictures for good, since a preview removes only what it wrote itself. The first
 * build writes every page and image anyway, and its search index is made afresh. A folder that is or holds
 * one of `kept` (keptFolders), or holds a mount point, is left as it is: an `--output .` must not take the project with it. Returns
 * whether the folder was moved.
 */
export async function retireOutput(output: string, kept: readonly string[], pid = process.pid): Promise<boolean> {
  const resolved = path.resolve(output);
  if ((await keptFolderInOutput(resolved, kept)) !== undefined || (await mountPointInOutput(resolved)) !== undefined) return false;
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

const REMOVE_FOLDERS = `for (const folder of process.argv.slice(1)) require("node:fs").rmSync(folder, { recursive: true, force: true, maxRetries: 3 });`;
