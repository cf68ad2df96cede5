import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { Eleventy, type UserConfig } from "@11ty/eleventy";
import { endEachBuild, watchEvenIfFirstBuildFails, type BuildEnd } from "../../src/build-ends.ts";
import { watchArticlesFolder, type ArticlesWatcher } from "../../src/articles-watcher.ts";
import { buildOptionsFromEnv } from "../../src/build-options.ts";
import { failedBuildsWaitForTheirCopies } from "../../src/failed-build-copies.ts";
import { showUnpublished } from "../../src/preview-drafts.ts";
import { previewWritesPages } from "../../src/preview-pages.ts";
import { pictureAsLastUsed, storyAsLastRead } from "../../src/preview-rebuilds.ts";
import { buildEnded, resetPreviewState } from "../../src/preview-server.ts";
import { articleChangeReported, articleChangesNoticed } from "../../src/rebuild-gate.ts";
import { tellBuildsApart } from "../../src/superseded-builds.ts";

/**
 * What watchInProcess may add: `print` is given each line Eleventy and the preview print, both streams; `config`,
 * Eleventy's configuration as it loads; `writesPages`, that the pages are written as npm start writes them;
 * `ended` is told of each build's end, when the preview's line is printed.
 */
export interface InProcessOptions {
  print?: (line: string) => void;
  config?: (eleventyConfig: UserConfig) => void;
  writesPages?: boolean;
  ended?: (end: BuildEnd) => void;
}

/**
 * Eleventy run in this process as npm start runs it (serve mode: the first build, then watching), with
 * `env` set and its terminal output silenced (or handed to `print`). Unless `writesPages`, nothing here
 * writes the pages for it (src/preview-pages.ts is npm start's), so Eleventy writes them itself. It shows
 * drafts and stories not yet due, as npm start does (src/preview-drafts.ts). `during` is given the watcher's
 * rebuild function; then the watching stops and the environment and the preview's state are put back.
 */
export async function watchInProcess(
  outputDir: string,
  env: Record<string, string>,
  during: (rebuildFor: (file: string) => Promise<void>) => Promise<void> = async () => undefined,
  { print, config, writesPages, ended }: InProcessOptions = {},
): Promise<void> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  showUnpublished();
  const pages = writesPages ? previewWritesPages(() => eleventy) : undefined;
  const configured = (eleventyConfig: UserConfig) => {
    pages?.config(eleventyConfig);
    config?.(eleventyConfig);
  };
  const eleventy: Eleventy = new Eleventy(undefined, outputDir, { quietMode: true, configPath: "eleventy.config.ts", runMode: "serve", config: configured });
  const [log, error] = [console.log, console.error];
  console.log = (line: string) => print?.(line);
  if (print) console.error = (line: string) => print(line);
  let articles: ArticlesWatcher | undefined;
  try {
    await eleventy.init();
    // As npm start does (src/cli/preview.ts): a failed build's late pages are not handed on, each build ends with
    // the preview's line, a failed one once its copy of public/ has, and a first build that fails is watched on.
    tellBuildsApart(eleventy);
    endEachBuild(eleventy, (end) => {
      buildEnded(end);
      ended?.(end);
    });
    failedBuildsWaitForTheirCopies(eleventy);
    watchEvenIfFirstBuildFails(eleventy);
    const rebuild = await eleventy.watch();
    // The articles folder's own watcher, as npm start starts it (src/cli/preview.ts).
    articles = watchArticlesFolder(buildOptionsFromEnv().articlesDir, {
      changed: (file) => {
        articleChangeReported();
        void rebuild(path.relative(process.cwd(), file));
      },
      cameBack: () => undefined,
      settling: articleChangesNoticed,
      lastRead: storyAsLastRead,
      lastUsed: pictureAsLastUsed,
    });
    // A build the watcher began (a file the test wrote is reported to it too) makes Eleventy return at once
    // from the rebuild asked for, queueing it: the test must wait for that queued build as well.
    await during(async (file) => {
      await rebuild(file);
      await buildsSettled(eleventy, 0);
    });
  } finally {
    articles?.close();
    await eleventy.stopWatch();
    await buildsSettled(eleventy);
    pages?.stop();
    [console.log, console.error] = [log, error];
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetPreviewState();
    showUnpublished(false);
  }
}

/**
 * Waits for a rebuild the watcher began before it closed: a file the test wrote is reported by the
 * watcher too, and Eleventy's throttle timer outlives the watcher, so without this a rebuild could still
 * be writing into the site (or finding its articles gone) while the test removes its folder.
 */
async function buildsSettled(eleventy: Eleventy, grace = 100): Promise<void> {
  // Eleventy's own, untyped: https://github.com/11ty/eleventy/blob/v3.1.8/src/EleventyWatch.js
  const watch = (eleventy as unknown as { watchManager?: { isBuildRunning(): boolean } }).watchManager;
  await delay(grace);
  while (watch?.isBuildRunning()) await delay(25);
}
