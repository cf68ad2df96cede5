// One run of the preview, with the settings as they are when it starts: npm start (src/cli/start.ts) runs
// it, and runs it afresh when the settings change. Eleventy's own --serve, as its command line runs it,
// with three things added: the articles folder has a watcher of its own (src/articles-watcher.ts), an
// article saved during the first build is shown (below), and deleting a file rebuilds the preview. Eleventy
// 3.1 notices a deleted file but does not rebuild (11ty/eleventy#2798, changed in Eleventy 4), so a deleted
// template would stay in use until the next save of anything. Settings it cannot start with get a page
// saying why, on the same port.
//   node --import tsx src/cli/preview.ts [--port 8081] [--output DIR] [--keep-port]
import { createServer } from "node:http";
import path from "node:path";
import { Eleventy, type UserConfig } from "@11ty/eleventy";
import { watchArticlesFolder } from "../articles-watcher.ts";
import { buildOptionsFromEnv } from "../build-options.ts";
import { articlesSavedBeforeWatching, pictureAsLastUsed, rebuildWhenStoriesComeOut, storyAsLastRead, warmUpRebuilds } from "../preview-rebuilds.ts";
import { listenOnlyOn, PREVIEW_HOST } from "../preview-listen-address.ts";
import { articleChangeReported, articleChangesNoticed } from "../rebuild-gate.ts";
import { previewWritesPages } from "../preview-pages.ts";
import { answerWithNotice, buildEnded, buildFailed, settingsProblemNotice } from "../preview-server.ts";
import { endEachBuild, watchEvenIfFirstBuildFails } from "../build-ends.ts";
import { failedBuildsWaitForTheirCopies } from "../failed-build-copies.ts";
import { answerSessionRequest } from "../preview-session.ts";
import { tellBuildsApart } from "../superseded-builds.ts";
import { settingsProblem } from "../preview-settings.ts";
import { showUnpublished } from "../preview-drafts.ts";
import { clearLeftovers, keptFolders, requireOutputOfItsOwn, retireOutput } from "./output-folders.ts";
import { PREVIEW_OUTPUT, previewOptions } from "./preview-options.ts";

/** Eleventy's dev server's port when none is given. */
const DEFAULT_PORT = 8080;

const options = previewOptions();
const port = options.port;
// The preview shows drafts and stories not yet due, flagged; it says so in this process, where no build can inherit it.
showUnpublished();

/**
 * Tells npm start, which starts the next run on the same port, where this one serves, and whether it serves
 * the page naming a problem with the settings: npm start then runs the preview afresh when public/ changes.
 */
const serving = (at: number, settingsProblem = false) => process.send?.({ port: at, settingsProblem });

/** How this run stops, once it serves; before that, stopping is ending the process. */
let stopRun: (() => Promise<unknown>) | undefined;
// Ctrl-C, npm start's SIGTERM, or npm start gone (killed outright), which would otherwise leave this run
// building and then holding the port with no one to stop it. Listened for from the start, not once the
// first build is done; npm start may have gone before this module ran at all.
for (const event of ["SIGINT", "SIGTERM", "disconnect"] as const) {
  process.on(event, () => {
    void (stopRun?.() ?? Promise.resolve()).finally(() => process.exit(0));
  });
}
if (process.send && !process.connected) process.exit(0);

const problem = await settingsProblem();
if (problem) await serveSettingsProblem(problem, port ?? DEFAULT_PORT);
else await serveSite();

async function serveSite(): Promise<void> {
  // Before anything is written: the preview writes its pages there and empties it on the next start.
  const kept = keptFolders(buildOptionsFromEnv());
  await requireOutputOfItsOwn(options.output, kept, PREVIEW_OUTPUT);
  listenOnlyOn(options.host);
  if (options.host !== PREVIEW_HOST) console.warn(`The preview answers on ${options.host} (--host): anyone who can reach this machine there sees the drafts and the stories not yet due.`);
  // Pages are written by this process as they are rendered, not kept by Eleventy until it writes them
  // (src/preview-pages.ts). Not under --incremental, whose rebuilds set each template's dry run themselves.
  const writesPages = options.incremental ? undefined : previewWritesPages(() => eleventy);
  const config = (eleventyConfig: UserConfig) => {
    writesPages?.config(eleventyConfig);
    eleventyConfig.setServerOptions({
      ...(options.keepPort ? { portReassignmentRetryCount: 0 } : {}),
      ready: (server: { server: { address(): unknown } }) => serving((server.server.address() as { port: number }).port),
    });
  };
  const eleventy: Eleventy = new Eleventy(undefined, options.output, { source: "cli", configPath: "eleventy.config.ts", quietMode: true, runMode: "serve", config });
  await eleventy.init();
  // A preview or build stopped half-way (a kill, a closed laptop) leaves folders beside the output, among them
  // the preview's own search staging folder; removed here too, not only by the next npm run build.
  await clearLeftovers(path.resolve(eleventy.outputDir));
  await retireOutput(eleventy.outputDir, kept);
  // A failed build's page finished once the next build has begun is written neither over that build's nor at all.
  if (!tellBuildsApart(eleventy)) console.warn("Eleventy's instance has no write() as Eleventy 3.1's has: a failed build's pages may be written over the next build's.");
  // Each build ends with the preview's line (src/preview-log.ts), a rebuild that fails before writing too.
  if (!endEachBuild(eleventy, buildEnded)) console.warn("Eleventy's instance has no init() and write() as Eleventy 3.1's has: the terminal will show Eleventy's summary of each build, not the preview's line.");
  // A failed build ends once its copy of public/ has: the next one, begun meanwhile, made that copy fail unhandled.
  if (!failedBuildsWaitForTheirCopies(eleventy)) console.warn("Eleventy's instance has no passthrough copy as Eleventy 3.1's has: a save just after a failed build may stop the preview.");
  // A first build that fails is shown on every page, as a rebuild's failure is, until a save fixes it.
  if (!watchEvenIfFirstBuildFails(eleventy)) console.warn("Eleventy's instance has no write() as Eleventy 3.1's has: a first build that fails will stop the preview.");
  if (options.incremental) eleventy.setIncrementalBuild(true);
  // The first build, then watching; resolves with what the watcher calls for each changed or added file.
  const rebuildFor = await eleventy.watch();
  // The articles folder has a watcher of its own, of its folders only (src/articles-watcher.ts); Eleventy's watches the rest.
  // Started before the saves made during the first build are looked for, so that none falls between the two.
  // The background search index makes way from a save's first event on (src/rebuild-gate.ts).
  const articles = watchArticlesFolder(buildOptionsFromEnv().articlesDir, {
    changed: (file) => {
      articleChangeReported();
      void rebuildFor(path.relative(process.cwd(), file));
    },
    cameBack: () => void rebuildForReturnedFolder(rebuildFor),
    settling: articleChangesNoticed,
    lastRead: storyAsLastRead,
    lastUsed: pictureAsLastUsed,
  });
  // Eleventy starts watching only after the first build: rebuild for the articles and pictures saved during it.
  for (const file of await articlesSavedBeforeWatching()) void rebuildFor(path.relative(process.cwd(), file));
  // A scheduled story's time coming changes its pages with nothing saved (src/preview-rebuilds.ts).
  rebuildWhenStoriesComeOut((file) => void rebuildFor(file));
  if (eleventy.watcher) eleventy.watcher.on("unlink", (file) => void rebuildFor(file));
  else console.warn("Eleventy's file watcher is not where Eleventy 3.1 keeps it: deleting a template will not rebuild the preview until the next save.");
  // So that an editor's first save shows as fast as the later ones; before serving, so that nothing the
  // server or a browser does meets them. Not after a first build that failed, which they would repeat.
  if (!buildFailed()) await warmUpRebuilds(rebuildFor);
  await eleventy.serve(port);

  // Stopping (Ctrl-C, or npm start's SIGTERM) closes the watcher and the server, then exits without
  // waiting for the search index the preview makes in the background: its Pagefind processes end when
  // their input closes (and are continued first if a rebuild had stopped them: src/rebuild-gate.ts).
  onStop(() => {
    articles.close();
    return eleventy.stopWatch();
  });
}

/** Rebuilds for the stories of an articles folder put back or made again, which the watcher does not report. */
async function rebuildForReturnedFolder(rebuildFor: (file: string) => Promise<void>): Promise<void> {
  // Changed since last read: the whole folder when it is a new one, nothing when it was renamed back as it was.
  const changed = await articlesSavedBeforeWatching().catch(() => []);
  // One rebuild at least, so that the pages no longer say the folder is missing.
  for (const file of changed.length > 0 ? changed : [buildOptionsFromEnv().articlesDir]) void rebuildFor(path.relative(process.cwd(), file));
}

/** Every request gets the page naming the problem, until npm start runs the preview again. */
async function serveSettingsProblem(problem: string, at: number): Promise<void> {
  console.error(`\n✗ The preview cannot start with these settings. ${problem}\n  Fix them and save: the preview starts again by itself. Until then every page shows this problem.\n`);
  const page = settingsProblemNotice(problem);
  const server = createServer((request, response) => {
    if (!answerSessionRequest(request, response)) answerWithNotice(response, page);
  });
  try {
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(at, options.host, resolve));
  } catch (error) {
    console.error(`The preview cannot serve on port ${at}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  serving(at, true);
  onStop(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
}

function onStop(stop: () => Promise<unknown>): void {
  stopRun = stop;
}
