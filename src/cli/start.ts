// npm start: the preview server. Eleventy's own --serve, as its command line runs it, with two things
// added: an article saved during the first build is shown (below), and deleting a file rebuilds the
// preview. Eleventy 3.1 notices a deleted file but does not rebuild (11ty/eleventy#2798, changed in
// Eleventy 4), so a deleted story would stay on the front page, and its page would stay up, until the
// next save of anything.
//   npm start [-- --port 8081] [--output DIR]
import path from "node:path";
import { parseArgs } from "node:util";
import { Eleventy } from "@11ty/eleventy";
import { articlesSavedBeforeWatching, warmUpRebuilds } from "../preview-rebuilds.ts";
import { buildOptionsFromEnv } from "../build-options.ts";
import { previewWritesPages } from "../preview-pages.ts";
import { watchSettings } from "../preview-server.ts";
import { clearLeftovers } from "./output-folders.ts";
import { portOption } from "./port-option.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    output: { type: "string" },
    // Eleventy's own incremental mode, for npm run bench:preview -- --incremental to compare.
    incremental: { type: "boolean", default: false },
  },
});

let port: number | undefined;
try {
  port = portOption(values.port);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

// Pages are written by this process as they are rendered, not kept by Eleventy until it writes them
// (src/preview-pages.ts). Not under --incremental, whose rebuilds set each template's dry run themselves.
const config = values.incremental ? undefined : previewWritesPages(() => eleventy);
const eleventy: Eleventy = new Eleventy(undefined, values.output, { source: "cli", configPath: "eleventy.config.ts", quietMode: true, runMode: "serve", ...(config ? { config } : {}) });
// The settings are imported once, with Eleventy's configuration: an edit needs a restart, which every page then asks for.
const { settingsFile } = buildOptionsFromEnv();
watchSettings(["site.config.ts", ...(settingsFile ? [settingsFile] : [])]);
await eleventy.init();
// A preview or build stopped half-way (a kill, a closed laptop) leaves folders beside the output, among them
// the preview's own search staging folder; removed here too, not only by the next npm run build.
await clearLeftovers(path.resolve(eleventy.outputDir));
if (values.incremental) eleventy.setIncrementalBuild(true);
// The first build, then watching; resolves with what the watcher calls for each changed or added file.
const rebuildFor = await eleventy.watch();
// Eleventy starts watching only after the first build: rebuild for the articles saved during it.
for (const file of await articlesSavedBeforeWatching()) void rebuildFor(path.relative(process.cwd(), file));
if (eleventy.watcher) eleventy.watcher.on("unlink", (file) => void rebuildFor(file));
else console.warn("Eleventy's file watcher is not where Eleventy 3.1 keeps it: deleting an article will not rebuild the preview until the next save.");
// So that an editor's first save shows as fast as the later ones; before serving, so that nothing the
// server or a browser does meets them.
await warmUpRebuilds(rebuildFor);
await eleventy.serve(port);

// Stopping (Ctrl-C, or a process manager's SIGTERM) closes the watcher and the server, then exits
// without waiting for the search index the preview makes in the background: its Pagefind processes
// end when their input closes (and are continued first if a rebuild had stopped them: src/rebuild-gate.ts).
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void eleventy.stopWatch().finally(() => process.exit(0));
  });
}
