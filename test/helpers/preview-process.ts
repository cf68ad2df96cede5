import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { cp, mkdir, readFile, symlink } from "node:fs/promises";
import { get as httpGet } from "node:http";
import path from "node:path";
import { makeTempDir, PROJECT_ROOT } from "./site.ts";

export const TIMEOUT_MS = 60_000;

/**
 * npm start's options for node (package.json), so that the tests run the preview as npm start does: node
 * itself, not the tsx command, whose process passes a signal on and, when the server has not answered within
 * about 60 ms (busy with a rebuild on a loaded machine), kills it outright, leaving its Pagefind processes stopped.
 */
export const PREVIEW_NODE_OPTIONS: readonly string[] = (() => {
  const start = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start;
  const words = start.split(" ").filter((word) => !/^[A-Z_]+=/.test(word));
  assert.deepEqual([words[0], words.at(-1)], ["node", "src/cli/start.ts"], `npm start runs node on src/cli/start.ts: ${start}`);
  return words.slice(1, -1);
})();

/** npm start in `dir` on `port`, detached so that its whole group can be stopped; its terminal output is gathered in `output()`. */
export function startPreview(dir: string, port: number, env: NodeJS.ProcessEnv = {}, args: readonly string[] = []): { server: ChildProcess; output: () => string } {
  const server = spawn(process.execPath, [...PREVIEW_NODE_OPTIONS, "src/cli/start.ts", `--port=${port}`, ...args], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: "1", ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { server, output: () => output };
}

/** Stops npm start and everything in its group, if it is still running. */
export function stopPreview(server: ChildProcess | undefined): void {
  if (!server?.pid) return;
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {
    // already gone
  }
}

/** The process of npm start's preview (its first child; Linux's /proc lists it). */
export async function previewOf(server: ChildProcess): Promise<number> {
  const supervisor = server.pid!;
  return Number((await readFile(`/proc/${supervisor}/task/${supervisor}/children`, "utf8")).trim().split(" ")[0]);
}

/** Whether any process is left in the process group `group`. */
export function groupHasProcesses(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A page of the preview as a browser navigating to it gets it. node:http rather than fetch: fetch marks
 * every request as a script's (sec-fetch-mode: cors), and the dev server adds its live-reload script only
 * to pages a browser navigates to.
 */
export function getPage(port: number, url: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpGet(`http://127.0.0.1:${port}${url}`, { headers: { "sec-fetch-mode": "navigate" }, timeout: 5000 }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
    });
    request.on("timeout", () => request.destroy(new Error("timed out")));
    request.on("error", reject);
  });
}

/** Polls until the check passes or the time runs out, then fails with the last thing seen. */
export async function eventually<T>(what: string, probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (ok(last)) return last;
    } catch {
      // the server may be between builds; try again
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.fail(`timed out waiting for ${what}; last seen: ${JSON.stringify(last)?.slice(0, 500)}`);
}

/** A copy of the project to run the preview in, with an empty articles folder. */
export async function projectCopy(prefix: string): Promise<string> {
  const dir = await makeTempDir(prefix);
  for (const entry of ["src", "templates", "public", "eleventy.config.ts", "site.config.ts", "package.json", "tsconfig.json"]) {
    await cp(path.join(PROJECT_ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  await symlink(path.join(PROJECT_ROOT, "node_modules"), path.join(dir, "node_modules"));
  await mkdir(path.join(dir, "articles"));
  return dir;
}
