// Runs one child command and measures it the same way for every builder: wall time, CPU time, and the
// peak resident memory of the whole process tree (tsx and Eleventy may start child processes, and a
// builder's cost is everything it started).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** GNU time reports the CPU of the child and every descendant it waited for; without it, CPU is not reported. */
const GNU_TIME = "/usr/bin/time";

export interface Measurement {
  wallSeconds: number;
  /** User + system CPU seconds of the process and every child it waited for. */
  cpuSeconds: number;
  /** Peak of the summed resident memory of the process tree, sampled. */
  peakTreeRssMiB: number;
  /** Largest single process's peak (VmHWM, exact): what the kernel reports as maxrss. */
  peakProcessRssMiB: number;
  exitCode: number;
  stderrTail: string;
}

export interface RunSpec {
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** How often to sample /proc, in ms. */
  sampleMs?: number;
}

export async function measure(spec: RunSpec): Promise<Measurement> {
  const timeDir = await mkdtemp(path.join(tmpdir(), "bench-time-"));
  const timeFile = path.join(timeDir, "time.txt");
  const useTime = existsSync(GNU_TIME);
  const [command, args] = useTime ? [GNU_TIME, ["-f", "%U %S", "-o", timeFile, spec.command, ...spec.args]] : [spec.command, spec.args];
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { cwd: spec.cwd, env: { ...process.env, ...spec.env }, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-4000);
  });
  let peakTree = 0;
  const peakByPid = new Map<number, number>();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      if (child.pid !== undefined) {
        const tree = await processTree(child.pid);
        let sum = 0;
        for (const { pid, parent } of tree) {
          const status = await readStatus(pid);
          if (!status) continue;
          if (parent === undefined || !(await isForkedCopy(pid, parent))) sum += status.rssKiB;
          peakByPid.set(pid, Math.max(peakByPid.get(pid) ?? 0, status.hwmKiB));
        }
        peakTree = Math.max(peakTree, sum);
      }
      await new Promise((resolve) => setTimeout(resolve, spec.sampleMs ?? 100));
    }
  })();
  const code = await new Promise<number>((resolve) => {
    child.on("exit", (exitCode, signal) => resolve(exitCode ?? (signal ? 128 : 1)));
  });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  sampling = false;
  await sampler;
  let cpuSeconds = Number.NaN;
  if (useTime) {
    // GNU time prints "Command exited with non-zero status N" first when the child failed.
    const line = (await readFile(timeFile, "utf8").catch(() => "")).trim().split("\n").pop() ?? "";
    const [user, system] = line.split(" ").map(Number);
    if (user !== undefined && system !== undefined) cpuSeconds = user + system;
  }
  await rm(timeDir, { recursive: true, force: true });
  return {
    wallSeconds,
    cpuSeconds,
    peakTreeRssMiB: peakTree / 1024,
    peakProcessRssMiB: Math.max(0, ...peakByPid.values()) / 1024,
    exitCode: code,
    stderrTail: stderr,
  };
}

/**
 * The pid and all its descendants. Every thread's list of children is read: our build starts
 * Pagefind's processes from worker threads, and a process's children are listed by the thread that
 * started them (reading only the main thread's list missed them, and their gigabyte).
 */
async function processTree(root: number): Promise<Array<{ pid: number; parent?: number }>> {
  const found: Array<{ pid: number; parent?: number }> = [];
  const queue: Array<{ pid: number; parent?: number }> = [{ pid: root }];
  while (queue.length > 0) {
    const entry = queue.shift()!;
    found.push(entry);
    const { pid } = entry;
    try {
      for (const thread of await readdir(`/proc/${pid}/task`)) {
        const children = await readFile(`/proc/${pid}/task/${thread}/children`, "utf8").catch(() => "");
        for (const child of children.split(/\s+/).filter(Boolean)) queue.push({ pid: Number(child), parent: pid });
      }
    } catch {
      // The process ended between listing and reading.
    }
  }
  return found;
}

/**
 * Whether `pid` is its parent forked and not yet turned into the program it starts: the same command line.
 * Node starts a process (Pagefind's, the rendering's) by forking, and for that moment the copy's resident
 * memory is the parent's pages, shared, not more memory: summed, the rendering process counted twice when a
 * sample fell there (up to ~200 MiB on a tree's peak, docs/performance-history.md, fifty-second round).
 */
async function isForkedCopy(pid: number, parent: number): Promise<boolean> {
  const [own, parents] = await Promise.all([commandLine(pid), commandLine(parent)]);
  return own !== undefined && own === parents;
}

async function commandLine(pid: number): Promise<string | undefined> {
  return readFile(`/proc/${pid}/cmdline`, "latin1").catch(() => undefined);
}

async function readStatus(pid: number): Promise<{ rssKiB: number; hwmKiB: number } | undefined> {
  try {
    const text = await readFile(`/proc/${pid}/status`, "utf8");
    const rss = /^VmRSS:\s+(\d+)/m.exec(text);
    const hwm = /^VmHWM:\s+(\d+)/m.exec(text);
    if (!rss || !hwm) return undefined;
    return { rssKiB: Number(rss[1]), hwmKiB: Number(hwm[1]) };
  } catch {
    return undefined;
  }
}

/**
 * How long making 2,000 folders (40 of 50, as a site's sections hold its pages) takes under `dir`, in ms.
 * A site of 10,000 stories is about 24,000 folders, and making folders costs ten or more times as much
 * on some disks, and on ext4 without a journal for a minute or more after many files were deleted
 * (docs/performance-history.md, third and eighteenth rounds): printed beside the figures, so that a slow
 * run can be told from a slow build.
 */
export async function folderCreationMs(dir: string): Promise<number> {
  const probe = await mkdtemp(path.join(dir, "folders-"));
  try {
    const started = performance.now();
    for (let parent = 0; parent < 40; parent++) {
      for (let child = 0; child < 50; child++) mkdirSync(path.join(probe, String(parent), String(child)), { recursive: true });
    }
    return performance.now() - started;
  } finally {
    await rm(probe, { recursive: true, force: true });
  }
}
