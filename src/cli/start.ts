// npm start: the preview server. The preview (src/cli/preview.ts) runs in a process of its own, which
// this one runs afresh, on the same port, when the settings change: they are imported with Eleventy's
// configuration, and Node keeps a module as first imported, so new settings need a new process.
//   npm start [-- --port 8081] [--host 0.0.0.0] [--output DIR]
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ENV, publicDirOf } from "../build-options.ts";
import { publicFolderName } from "../public-folder-links.ts";
import { SETTINGS_MODULE } from "../settings.ts";
import { watchFolderTree, watchSettingsFiles } from "../settings-watch.ts";
import { previewArgs, previewOptions } from "./preview-options.ts";
import { requireProjectFolder } from "./project-folder.ts";

const PREVIEW = path.join(path.dirname(fileURLToPath(import.meta.url)), "preview.ts");
/** How long a run of the preview has to stop before it is killed: it stops in well under a second. */
const STOP_GRACE_MS = 10_000;
/** How often this process looks whether what started it is still there. */
const PARENT_CHECK_MS = 500;
/**
 * Each run of the preview leads a process group (and session) of its own, which every process it starts
 * joins: its Pagefind processes, whichever search thread started them. A run killed outright (SIGKILL:
 * by this process after STOP_GRACE_MS, by the system out of memory, by a user) cannot continue those it
 * had stopped for a rebuild (src/rebuild-gate.ts), and a stopped process never reads that its input has
 * closed: it waited, stopped and holding its memory, for ever. So when a run ends, for whatever reason,
 * this process continues and ends what is left in its group (endLeftovers). A group rather than the run
 * telling this process which pids it stopped: nothing to keep in step, and no message lost to a kill
 * between a SIGSTOP and its report. Not on Windows, where a detached process gets a console window of
 * its own, and where nothing is stopped (no SIGSTOP there).
 */
const OWN_GROUP = process.platform !== "win32";

requireProjectFolder();
const options = previewOptions();

/** Where the first run serves; every later run takes the same port. */
let port: number | undefined;
let stopping = false;
/** The runs asked to stop, whose end is no surprise. */
const stopped = new WeakSet<ChildProcess>();
let current = run();
/** The restart under way: a change meanwhile is read by the run it starts. */
let restarting: Promise<void> | undefined;

const settingsFile = process.env[ENV.settings];
const stopWatching = watchSettingsFiles([SETTINGS_MODULE, ...(settingsFile ? [settingsFile] : [])], (file) => {
  if (stopping || restarting) return;
  console.log(`\n↻ ${file} changed: the preview is restarting with the new settings.`);
  restarting = restart().finally(() => (restarting = undefined));
});

// Ctrl-C or a process manager's SIGTERM: the preview stops (and its Pagefind processes with it), then
// this process. The terminal sends Ctrl-C's SIGINT to this process's group only, which the preview has left
// (below), so this is how the preview hears of it.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, stopAll);

// npm runs this under `sh -c`, and a SIGTERM sent to npm alone (a container's stop, a process manager that
// signals the process it started) reaches that shell, which ends without passing it on (dash, Debian's sh):
// this process was left serving, with another parent and nothing to stop it. Its parent gone, it stops.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stopAll();
}, PARENT_CHECK_MS).unref();

function stopAll(): void {
  if (stopping) return;
  stopping = true;
  stopWatching();
  void stop(current).finally(() => process.exit(0));
}

function run(): ChildProcess {
  const child = spawn(process.execPath, [...process.execArgv, PREVIEW, ...previewArgs(options, port)], { stdio: ["inherit", "inherit", "inherit", "ipc"], detached: OWN_GROUP });
  child.on("message", (message: { port?: unknown; settingsProblem?: unknown }) => {
    if (typeof message.port === "number") port = message.port;
    if (message.settingsProblem === true) checkAgainWhenPublicChanges(child);
  });
  child.on("exit", (code, signal) => {
    endLeftovers(child);
    if (stopped.has(child)) return;
    console.error(`\n✗ The preview stopped by itself (${signal ? `signal ${signal}` : `exit code ${code}`}): the messages above say why. npm start stops too.`);
    process.exit(code || 1);
  });
  return child;
}

/**
 * The settings are checked against public/ as well as read (the logo must be an image there:
 * src/settings-images.ts), but a run that cannot start with them serves the page naming the problem and watches
 * nothing, so adding the missing logo left the problem shown until the settings were saved again. While a run
 * shows a settings problem, any change under public/ runs the preview afresh, which checks them again: a
 * problem that is still there is shown again, by a run as quick to start as the one it replaces.
 */
function checkAgainWhenPublicChanges(child: ChildProcess): void {
  // Not buildOptionsFromEnv, which reads the settings file and throws if it is not JSON: a problem this run shows.
  const publicDir = publicDirOf();
  const folder = publicFolderName(publicDir);
  const stopWatching = watchFolderTree(
    publicDir,
    () => {
      if (stopping || restarting || current !== child) return;
      console.log(`\n↻ ${folder}/ changed: the preview is restarting to check the settings again.`);
      restarting = restart().finally(() => (restarting = undefined));
    },
    `save the settings once ${folder}/ is as it should be, and the preview checks them again`,
  );
  child.once("exit", stopWatching);
}

async function restart(): Promise<void> {
  // The port is free again only once the run holding it has ended.
  await stop(current);
  if (!stopping) current = run();
}

function stop(child: ChildProcess): Promise<void> {
  stopped.add(child);
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const kill = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
  return exited.finally(() => clearTimeout(kill));
}

/** Continues (if stopped) and ends every process left in the group of a run that has ended. */
function endLeftovers(child: ChildProcess): void {
  if (!OWN_GROUP || child.pid === undefined) return;
  // Continued first, so that a stopped process acts on SIGTERM at once.
  for (const signal of ["SIGCONT", "SIGTERM"] as const) {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Nothing is left in the group.
    }
  }
}
