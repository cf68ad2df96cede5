// npm start: the preview server. The preview (src/cli/preview.ts) runs in a process of its own, which
// this one runs afresh, on the same port, when the settings change: they are imported with Eleventy's
// configuration, and Node keeps a module as first imported, so new settings need a new process.
//   npm start [-- --port 8081] [--output DIR]
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ENV } from "../build-options.ts";
import { SETTINGS_MODULE } from "../settings.ts";
import { watchSettingsFiles } from "../settings-watch.ts";
import { previewArgs, previewOptions } from "./preview-options.ts";

const PREVIEW = path.join(path.dirname(fileURLToPath(import.meta.url)), "preview.ts");
/** How long a run of the preview has to stop before it is killed: it stops in well under a second. */
const STOP_GRACE_MS = 10_000;

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

// Ctrl-C (which the preview gets from the terminal too) or a process manager's SIGTERM: the preview
// stops (and its Pagefind processes with it), then this process.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stopping = true;
    stopWatching();
    void stop(current).finally(() => process.exit(0));
  });
}

function run(): ChildProcess {
  const child = spawn(process.execPath, [...process.execArgv, PREVIEW, ...previewArgs(options, port)], { stdio: ["inherit", "inherit", "inherit", "ipc"] });
  child.on("message", (message: { port?: unknown }) => {
    if (typeof message.port === "number") port = message.port;
  });
  child.on("exit", (code, signal) => {
    if (stopped.has(child)) return;
    console.error(`\n✗ The preview stopped by itself (${signal ? `signal ${signal}` : `exit code ${code}`}): the messages above say why. npm start stops too.`);
    process.exit(code || 1);
  });
  return child;
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
