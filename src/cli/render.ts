// The rendering half of npm run build (src/cli/build.ts, its parent, says why there are two): builds the
// site into a fresh folder, which the parent swaps in only when the whole build succeeded, so a failed build
// never leaves a half-written site where the last good one was. Run on its own (as the preview's tests and
// a sharded build's jobs may), it is the whole build: it indexes every search part and swaps the site in itself.
import "./one-shot-imports.ts";
import { cp, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { Eleventy } from "@11ty/eleventy";
import settingsInput from "../../site.config.ts";
import { ENV, optionsAndSettings, type BuildOptions } from "../build-options.ts";
import { checkShardFolder, PAGES_ENV, pageSetFromEnv } from "../build-shards.ts";
import { describeBrokenLinks, listFiles, redirectSources, type BrokenLink } from "../link-check.ts";
import { ownModule } from "../own-modules.ts";
import { onRenderedPage, onSiteFiles, renderedPages } from "../rendered-pages.ts";
import { buildPagesWritten, searchIndexesWritten } from "../search-index.ts";
import { isSearchFolder } from "../site-folders.ts";
import { chunkCount, chunkSizeFor, lastLoad, PAGE_CHUNK_ENV } from "../page-chunks.ts";
import { pageSourceFinder, type WrittenPage } from "../page-sources.ts";
import { displayPath } from "../problems.ts";
import { PageWriter } from "../page-writer.ts";
import { causes, failureSummary } from "../build-ends.ts";
import { liesWithin } from "../contained-path.ts";
import { buildPageCache, PageCache, pageCacheDir } from "../page-cache.ts";
import { SettingsError, type SiteSettings } from "../settings.ts";
import { publishesStaticFile } from "../static-files.ts";
import { linksLeavingPublic } from "../public-folder-links.ts";
import { countFiles } from "./files.ts";
import { clearLeftovers, keptFolders, outputFolders, removeInBackground, requireOutputOfItsOwn, swapIn } from "./output-folders.ts";
import { missingArticlesFolder, requireProjectFolder } from "./project-folder.ts";
import { commandOptions } from "./command-options.ts";
import { BUILD_OPTIONS, BUILD_USAGE } from "./build-arguments.ts";
import { handingOver, handOverFolder, handOverPlan, renderingFor } from "../search-handover.ts";
import { whenParentGone } from "../processes.ts";
import { collectGarbage } from "../collect-garbage.ts";

/** Pages per Eleventy run, when set (tests set it low; more pages a run trade memory for a little time); otherwise src/page-chunks.ts decides. */
const CHUNK_SIZE_ENV = "NEWS_CHUNK_SIZE";

/** An error Eleventy has printed already: one in rendering ("Problem writing Eleventy templates"), not in starting. */
class ReportedByEleventy extends Error {
  constructor(cause: unknown) {
    super("Eleventy could not render the site", { cause });
  }
}

const { values } = commandOptions({ options: BUILD_OPTIONS }, BUILD_USAGE);
requireProjectFolder();

if (values.articles) process.env[ENV.articles] = values.articles;
if (values.settings) process.env[ENV.settings] = values.settings;
if (values.now) process.env[ENV.now] = values.now;
if (values.pathprefix) process.env[ENV.pathPrefix] = values.pathprefix;
if (values.pages) process.env[PAGES_ENV] = values.pages;
if (values.archive) process.env[ENV.archive] = values.archive;

// After each collection V8 lets the heap grow to as much as four times what survived, and a run's
// rendering makes garbage fast, so a build's peak was mostly garbage. Bounding the growth to 1.3×
// keeps the peak near what the build holds, without a hard limit that a larger archive could hit.
// Measured against collecting by hand between runs (warm 10,000-article builds, three pairs): peaks
// 541–566 MiB against 691–719, wall time within noise; 100,000 articles peaked at 2,821 MiB.
setFlagsFromString("--heap-growing-percent=30");

const output = path.resolve(values.output);
// A parent's folders, named by its pid: it indexes into the staging folder after this process has ended,
// when a folder named by this pid would be any other build's leftover to remove (leftoverFolders).
const parent = renderingFor();
const folders = outputFolders(output, parent);
if (parent) handingOver.current = handOverFolder(output, parent);
const { staging } = folders;
// A parent killed outright (SIGKILL, or a CI runner that kills only the process it started) cannot stop this
// one, which rendered on, a minute or more at 10,000 stories, into folders no one would swap in.
if (parent) whenParentGone(parent, () => stopOrphaned(parent));

// Settings are checked before Eleventy starts: Eleventy does not print an error thrown while it loads its config.
const { buildOptions, settings } = await checkedSettings();
await checkedJob(buildOptions);
await requireOutputOfItsOwn(values.output, keptFolders(buildOptions));

await rm(staging, { recursive: true, force: true });
await clearLeftovers(output);
// Every internal link, image and asset in the finished site must resolve (src/link-check.ts). A job of
// a sharded build writes part of the site, whose links lead into the other parts, so the sharded build
// checks the merged site instead (src/cli/build-sharded.ts).
const checkLinks = settings.checkLinks && (values.pages ?? "all") === "all";
// Eleventy renders the pages, and a thread of this process writes each one as Eleventy hands it on
// (src/rendered-pages.ts, src/page-writer.ts) and checks its links, while this thread renders the next.
// Eleventy renders every page of a run before it runs any transform, so pages are handed on as they
// are rendered whenever no transform changes them; each run's writing and link check were otherwise
// left until its rendering was done, and took most of the last third of a build.
// Pages whose digest is as the last build kept it are taken from the page cache rather than rendered
// (src/page-cache.ts); a job of a sharded build renders all of its pages.
const pageCache = (values.pages ?? "all") === "all" ? await PageCache.open(pageCacheDir(), { settings, templatesDir: "templates", publicDir: buildOptions.publicDir, includeUnpublished: buildOptions.includeUnpublished, nowMs: buildOptions.now.toMillis() }) : undefined;
buildPageCache.current = pageCache;
const writer = new PageWriter(staging, {
  ...(checkLinks ? { links: { baseUrl: settings.baseUrl, pathPrefix: settings.pathPrefix } } : {}),
  ...(pageCache ? { keptFiles: pageCache.filesDir } : {}),
});
writer.start();
// Once a search part has come from the cache, the parts left to index wait for the pages to be written (src/search-index.ts).
let pagesWritten: () => void = () => undefined;
buildPagesWritten.current = new Promise<void>((resolve) => (pagesWritten = resolve));
const stopListening = onRenderedPage((page) => writer.add(page, pageCache?.digestOf(page.url)));
const stopListeningForFiles = onSiteFiles((files) => writer.expectFiles(files));
// Which template wrote each page, for error messages.
const written: WrittenPage[] = [];
// One string for each template, however many pages it wrote. The pages taken from the page cache are not
// listed: should a link in one be broken, the cache's last index names its template (keptPageSources).
const templates = new Map<string, string>();
const wrote = (url: string, inputPath: string) => {
  let template = templates.get(inputPath);
  if (template === undefined) templates.set(inputPath, (template = inputPath));
  written.push({ url, inputPath: template });
};
// The first run plans which pages to take (as it reads the archive); the writer takes them beside the rendering.
void pageCache?.planned.then(() => {
  const { reused, index } = pageCache.takeReused();
  writer.reuse(reused, index);
});
let broken: BrokenLink[] = [];
try {
  // The static files, as Eleventy's passthrough copy would have copied them (the preview server still uses it).
  // Copied before any page is written: the copy makes each folder it copies into, and fails on one that
  // the page writer made first (pages are written from the first moments of a run).
  const published = (file: string) => publishesStaticFile(path.relative(buildOptions.publicDir, file).split(path.sep).join("/"), settings);
  const copied = await cp(buildOptions.publicDir, staging, { recursive: true, filter: published }).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
      return false;
    },
  );
  if (copied && checkLinks) writer.expectFiles((await listFiles(buildOptions.publicDir)).filter((file) => publishesStaticFile(file, settings)));
  // The site is written in chunks, one Eleventy run each (src/page-chunks.ts); the first run reads the
  // archive, and so tells how many runs there are.
  const chunkSize = Number.parseInt(process.env[CHUNK_SIZE_ENV] ?? "", 10) || undefined;
  for (let index = 0; index < chunkCount(lastLoad.pages, chunkSize); index++) {
    if (index > 0) {
      // The thread may write more slowly than Eleventy renders: what waits for it stays within one run.
      await writer.caughtUp(chunkSizeFor(chunkSize));
    }
    process.env[PAGE_CHUNK_ENV] = chunkSize ? `${index}:${chunkSize}` : String(index);
    const eleventy = new Eleventy("templates", staging, {
      configPath: path.relative(process.cwd(), fileURLToPath(ownModule("../../eleventy.config.ts", import.meta.url))),
      quietMode: true,
      pathPrefix: values.pathprefix,
      // Quiet means quiet: Eleventy's notes on which filter or transform took over 8% of a run are for
      // profiling (DEBUG=Eleventy:Benchmark*), not for an editor's build log.
      config: (eleventyConfig) => {
        // Not in Eleventy's types; a threshold of 0 ms turns the notes off.
        const benchmarks = (eleventyConfig as { benchmarkManager?: { get(group: string): { setMinimumThresholdMs(ms: number): void } } }).benchmarkManager;
        for (const group of ["Configuration", "Aggregate"]) benchmarks?.get(group).setMinimumThresholdMs(0);
      },
    });
    // Started apart from the rendering: Eleventy prints an error of its rendering itself, but not one of
    // its starting (its configuration throwing, its input folder missing), which is this build's to name.
    await eleventy.init();
    const pages = renderedPages(
      await eleventy.toJSON().catch((error: unknown) => {
        throw new ReportedByEleventy(error);
      }),
    );
    for (const { url, inputPath } of pages) wrote(url, inputPath);
  }
  stopListening();
  stopListeningForFiles();
  // What the runs left is garbage that nothing here will allocate enough to collect while the writer finishes.
  collectGarbage();
  await writer.finished();
  pagesWritten();
  // Pagefind has been at work beside the rendering, on other threads.
  await searchIndexesWritten();
  // The link check knows every page written or taken, the static files and the images and assets the
  // plugin published; what is left is the search indexes' files and the short-URL redirects. (Listing
  // the whole site instead, 25,608 folders at 10,000 stories, took 0.5 CPU-seconds, the last 0.2 s
  // of a build after a correction.)
  if (checkLinks) broken = await writer.brokenLinks([...(await listFiles(staging, isSearchFolder)), ...(await redirectSources(staging))]);
} catch (error) {
  // Eleventy prints its own rendering's errors (for bad articles, the list of every problem).
  if (!(error instanceof ReportedByEleventy)) console.error(withCauses(error));
  await writer.finished().catch(() => undefined);
  await fail();
}

if (broken.length > 0) {
  const sourceOf = await pageSourceFinder([...((await pageCache?.keptPageSources()) ?? []), ...written], { ...buildOptions, settings });
  console.error(describeBrokenLinks(broken, sourceOf));
  console.error("Fix the links, or set checkLinks: false in the settings to publish with them broken.");
  await fail();
}

// A parent indexes the parts handed over, then swaps the site in (src/cli/build.ts). The page cache is
// stored first: should the index fail, the pages it keeps are right all the same.
if (handingOver.current) {
  await handOverPlan(handingOver.current).catch((error: unknown) => {
    console.error(`The search index's parts could not be handed over: ${error instanceof Error ? error.message : String(error)}`);
    return fail();
  });
  await storePageCache();
  process.exit(0);
}

await swapIn(folders).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  return fail();
});
await storePageCache();

if (!values.quiet) {
  const where = displayPath(output) || output;
  console.log(`Built ${await countFiles(output, ".html")} pages into ${where}/. Open ${where}/index.html, or run npm start to preview it.`);
}

async function storePageCache(): Promise<void> {
  if (!pageCache) return;
  await writer.storeKept(pageCache.dir, pageCache.site).catch((error: unknown) => console.warn(`The page cache was not stored: ${error instanceof Error ? error.message : String(error)}`));
  pageCache.close();
}

/**
 * An error's message, and each error it wraps on a line of its own: Eleventy's own errors keep the one they
 * wrap in originalError ("Error in your Eleventy config file", then what the file threw), Node's in cause.
 */
function withCauses(error: unknown): string {
  const messages: string[] = [];
  const seen = new Set<unknown>();
  for (let current: unknown = error; current !== undefined && !seen.has(current); ) {
    seen.add(current);
    if (!(current instanceof Error)) {
      messages.push(String(current));
      break;
    }
    messages.push(current.message);
    const wrapped = current as Error & { originalError?: unknown };
    current = wrapped.originalError ?? wrapped.cause;
  }
  return messages.join("\n  ");
}

/** The build's options and settings, or the build fails naming what is wrong with them (a --settings file that is not JSON, say). */
async function checkedSettings(): Promise<{ buildOptions: BuildOptions; settings: SiteSettings }> {
  try {
    const { options, settings } = optionsAndSettings(settingsInput);
    return { buildOptions: options, settings };
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    console.error(error.message);
    return fail();
  }
}

/**
 * The articles folder, public/ and a job of a sharded build are checked before Eleventy starts too: its
 * --pages, and that a shard is one folder of its archive. public/'s links are checked before anything
 * lists it, Eleventy or this build's copy of it (src/public-folder-links.ts says why).
 */
async function checkedJob({ articlesDir, archiveDir, publicDir }: BuildOptions): Promise<void> {
  const missing = missingArticlesFolder(articlesDir) ?? (archiveDir ? missingArticlesFolder(archiveDir) : undefined);
  if (missing) {
    console.error(missing);
    await fail();
  }
  const leaving = await linksLeavingPublic(publicDir);
  if (leaving) {
    console.error(leaving.message);
    await fail();
  }
  try {
    pageSetFromEnv();
    if (archiveDir) checkShardFolder(articlesDir, archiveDir);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    await fail();
  }
}

async function fail(): Promise<never> {
  // Work still under way when the build failed (a search thread's index, a cache copy) may still be
  // writing into the staging folder: removal retries until that settles, and that work's own failure
  // as its folder goes away says nothing new. Any other failure meanwhile would be shown nowhere else.
  process.on("unhandledRejection", (failure: unknown) => {
    if (!failedAsFolderWent(failure, staging)) console.error(`✗ After the build had failed, other work failed too (${failureSummary(failure)}).`);
  });
  for (const wait of [0, 250]) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    await rm(staging, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }).catch(() => undefined);
  }
  console.error(`\nBuild failed: ${displayPath(output) || output}/ was left as it was.`);
  process.exit(1);
}

/**
 * Ends the rendering for a parent that has gone, at once, so that nothing more is written (a page, a search
 * part); the folders it wrote into are then removed by a process of their own. Should that fail, they are the
 * next build's leftovers (leftoverFolders: their pid is the parent's).
 */
function stopOrphaned(parent: number): never {
  console.error(`\nBuild stopped: npm run build's own process (${parent}) has ended, so its rendering process ends too; ${displayPath(output) || output}/ was left as it was.`);
  removeInBackground([staging, handOverFolder(output, parent)]);
  process.exit(1);
}

/**
 * Whether `failure` is that of work writing into `folder` as the failed build removes it: a file or folder
 * there gone, as Node's error says (its path, or a thread's message naming one, the error's code lost).
 */
function failedAsFolderWent(failure: unknown, folder: string): boolean {
  return causes(failure).some((error) => {
    const { code, path: file, dest, message } = (error ?? {}) as Partial<NodeJS.ErrnoException> & { dest?: unknown };
    const said = typeof message === "string" ? message : "";
    const inFolder = (where: unknown) => typeof where === "string" && (path.resolve(where) === folder || liesWithin(folder, path.resolve(where)));
    const there = inFolder(file) || inFolder(dest) || said.includes(`${folder}${path.sep}`) || said.includes(`'${folder}'`);
    const gone = code === "ENOENT" || code === "ENOTDIR" || /\b(?:ENOENT|ENOTDIR)\b/.test(said);
    return there && gone;
  });
}
