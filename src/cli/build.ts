// npm run build: renders the site in a child process (src/cli/render.ts), then indexes the search index's
// full parts in this one once the child has ended, and swaps the finished site in. A full part is Pagefind's
// largest memory (~0.5 GiB as it is written), and beside the rendering process (~0.4-0.5 GiB, which no
// collection shrinks) it made a first build's peak; apart, the peak is the rendering's with the small parts
// (src/search-handover.ts has the figures). So this process loads neither Eleventy nor the templates: it
// reads the arguments, owns the build's folders (named by its pid, as the child writes into them), and
// leaves `_site/` as it was when either half fails.
import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import { constants } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ownModule } from "../own-modules.ts";
import { displayPath } from "../display-path.ts";
import { handedOverParts, handOverFolder, RENDERING_FOR_ENV } from "../search-handover.ts";
import { BUILD_OPTIONS, BUILD_USAGE } from "./build-arguments.ts";
import { commandOptions } from "./command-options.ts";
import { countFiles } from "./files.ts";
import { outputFolders, swapIn } from "./output-folders.ts";

const { values } = commandOptions({ options: BUILD_OPTIONS }, BUILD_USAGE);
const output = path.resolve(values.output);
const folders = outputFolders(output);
const handOver = handOverFolder(output, process.pid);

// The child checks the project, the settings and the output folder, renders, checks the links and indexes
// the smaller parts; its errors (a story's, naming the file) go to the terminal as they are printed.
const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(ownModule("./render.ts", import.meta.url)), ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, [RENDERING_FOR_ENV]: String(process.pid) },
});
/** How the child ended: its exit code, or the signal that ended it. */
const ended = new Promise<{ code: number } | { signal: NodeJS.Signals }>((resolve) => {
  child.once("error", (error) => {
    console.error(`The build could not start its rendering process: ${error.message}`);
    resolve({ code: 1 });
  });
  child.once("exit", (code, signal) => resolve(signal ? { signal } : { code: code ?? 1 }));
});

// Ctrl-C reaches the child as well as this process (the terminal signals the whole group); a signal sent to
// this process alone (a CI runner's SIGTERM) is passed on. Either way the build stops, and its folders go.
let stoppedBy: NodeJS.Signals | undefined;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    const first = stoppedBy === undefined;
    stoppedBy ??= signal;
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    else if (first) void stop();
  });
}

const childEnded = await ended;
if (stoppedBy) await stop();
if ("signal" in childEnded) {
  // Killed by another than this build's signals: most often by the system, out of memory, which says nothing itself.
  console.error(`The build's rendering process was stopped by ${childEnded.signal}${childEnded.signal === "SIGKILL" ? " (most often by the system, out of memory)" : ""}.`);
  await fail();
}
if ("code" in childEnded && childEnded.code !== 0) {
  // The child has said what failed, and removed the staging folder.
  await removeOwnFolders();
  process.exit(childEnded.code);
}

const parts = await handedOverParts(handOver).catch((error: unknown) => {
  console.error(`The search index's parts could not be read back: ${error instanceof Error ? error.message : String(error)}`);
  return fail();
});
if (parts === undefined) {
  console.error("Internal error: the rendering process ended without handing the site over.");
  await fail();
}
try {
  // Loaded only when there are parts to index (a first build, or a full part changed): a rebuild's parent
  // loads none of the search modules, which took a few tenths of a second of it on a busy machine.
  if (parts && parts.length > 0) {
    const search = await import("../search-index.ts");
    await search.indexHandedOver(parts, search.searchThreading().threads);
  }
} catch (error) {
  // Ctrl-C stops the group's Pagefind too, which fails the part: the stop is what to tell.
  if (!stoppedBy) console.error(error instanceof Error ? error.message : String(error));
  await fail();
}
await rm(handOver, { recursive: true, force: true });
await swapIn(folders).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  return fail();
});

if (!values.quiet) {
  const where = displayPath(output) || output;
  console.log(`Built ${await countFiles(output, ".html")} pages into ${where}/. Open ${where}/index.html, or run npm start to preview it.`);
}

async function removeOwnFolders(): Promise<void> {
  // A search thread's Pagefind may still be writing into the staging folder: removal retries until that settles.
  for (const folder of [folders.staging, handOver]) await rm(folder, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }).catch(() => undefined);
}

async function fail(): Promise<never> {
  await removeOwnFolders();
  // A stop that came meanwhile is what ended the build (Ctrl-C reaches Pagefind too, whose part then fails, in either order).
  if (stoppedBy) return stop();
  console.error(`\nBuild failed: ${displayPath(output) || output}/ was left as it was.`);
  process.exit(1);
}

/** Ends a build stopped by a signal, its folders removed, with the code a shell gives a process the signal ended. */
async function stop(): Promise<never> {
  await removeOwnFolders();
  process.exit(128 + (constants.signals[stoppedBy ?? "SIGTERM"] ?? 0));
}
