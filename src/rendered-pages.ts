import type { UserConfig } from "@11ty/eleventy";
import { PAUSE_TRANSFORM } from "./render-pauses.ts";
import { inSupersededBuild } from "./superseded-builds.ts";

// What the site plugin hands on to the build's rendering process (src/cli/render.ts) as Eleventy works: each finished
// page, to be written at once, and the other files the site will have, for the link check to know early.

/** A page as Eleventy finished it: what it would write, and where. */
export interface RenderedPage {
  url: string;
  inputPath: string;
  /** A file inside the output folder. */
  outputPath: string;
  content: string;
}

type Listener = (page: RenderedPage) => void;

const ANNOUNCE_TRANSFORM = "announce-rendered-page";

const listeners = new Set<Listener>();
/** Output files of the pages handed on as they were rendered, until their transforms have run. */
const handedOn = new Set<string>();
let handOnAsRendered = false;

/**
 * Calls `listener` with each page as soon as it is finished; the build writes them on a thread of its
 * own (src/cli/render.ts). Returns the way to stop.
 */
export function onRenderedPage(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

type FilesListener = (files: readonly string[]) => void;
const fileListeners = new Set<FilesListener>();

/**
 * Calls `listener` with files the site will have besides its pages (the fingerprinted styles and
 * scripts, and the images, which go in once the pages are written), as soon as they are known, so that
 * the link check need not keep every link to them until the end (src/cli/render.ts). Returns the way to stop.
 */
export function onSiteFiles(listener: FilesListener): () => void {
  fileListeners.add(listener);
  return () => fileListeners.delete(listener);
}

/** Tells the listeners of files the site will have, relative to its folder. */
export function announceSiteFiles(files: readonly string[]): void {
  for (const listener of fileListeners) listener(files);
}

/**
 * Hands every finished page to the listeners. Eleventy renders every page of a run before it runs any
 * page's transforms (src/cli/render.ts says what that cost), so a page is handed on:
 * - as soon as Nunjucks has rendered it (`pageRendered`, which src/nunjucks-compile-cache.ts calls),
 *   when no transform would change a page (`transformsLeavePagesAlone`, decided as each run starts);
 *   Eleventy is then left an empty text in its place, so it does not keep every page of the run;
 * - otherwise in the plugin's last transform, after the others (a path prefix is added by one).
 * A page handed on as rendered still goes through the transforms, and this one fails the build if any
 * of them changed it. A page of a build that a newer one has followed (a failed build's, finished late:
 * src/superseded-builds.ts) is handed on neither way, nor a short link's page of one.
 */
export function announceRenderedPages(eleventyConfig: UserConfig): void {
  eleventyConfig.on("eleventy.before", () => {
    handOnAsRendered = transformsLeavePagesAlone(eleventyConfig as EleventyTransforms);
    // What a failed run handed on is not carried into the next.
    handedOn.clear();
  });
  eleventyConfig.addTransform(ANNOUNCE_TRANSFORM, function (content: string) {
    const { url, inputPath, outputPath } = this.page;
    // A failed build's page finished once a newer build has begun is not that build's to hand on or count.
    if (listeners.size === 0 || typeof outputPath !== "string" || typeof url !== "string" || inSupersededBuild()) return content;
    if (!handedOn.delete(outputPath)) {
      announce({ url, inputPath, outputPath, content });
    } else if (content !== "") {
      throw new Error(`Internal error: a transform changed ${outputPath} after it was written as rendered (src/rendered-pages.ts lists the transforms that may run).`);
    }
    return content;
  });
}

/**
 * A template's rendered text, with the data it was rendered with; returns what Eleventy is to keep.
 * A page (its data says where it goes) is handed on now when it may be, and Eleventy keeps "" for it.
 */
export function pageRendered(data: unknown, content: string): string {
  if (!handOnAsRendered || listeners.size === 0 || inSupersededBuild()) return content;
  const { url, inputPath, outputPath } = (data as { page?: Partial<Record<"url" | "inputPath" | "outputPath", unknown>> } | undefined)?.page ?? {};
  // Pages that are not written (permalink: false) have no output file. A page rendered again within a
  // run (Eleventy's second pass for templateContent used too early) was handed on the first time.
  if (typeof outputPath !== "string" || typeof url !== "string" || typeof inputPath !== "string" || handedOn.has(outputPath)) return content;
  handedOn.add(outputPath);
  announce({ url, inputPath, outputPath, content });
  return "";
}

/**
 * Hands on a page the site makes without a template (a short link's, src/redirects.ts) as a rendered
 * one is handed on. False when nothing listens (the preview server under --incremental, a plain Eleventy
 * run): the caller writes it then.
 */
export function handOnPage(page: RenderedPage): boolean {
  if (listeners.size === 0) return false;
  if (!inSupersededBuild()) announce(page);
  return true;
}

function announce(page: RenderedPage): void {
  for (const listener of listeners) listener(page);
}

/** The parts of Eleventy's configuration that tell what its transforms will do (not in its types). */
export interface EleventyTransforms {
  transforms?: Record<string, unknown>;
  htmlTransformer?: { isTransformable(extension: string, context: object): boolean };
  getBundleManagers?(): Record<string, unknown>;
}

/** Eleventy's own transforms, which change nothing unless given work: bundles, or URL rewrites such as a path prefix. */
const ELEVENTY_TRANSFORMS = ["@11ty/eleventy-bundle", "@11ty/eleventy-bundle/delayed", "@11ty/eleventy/html-transformer"];
const QUIET_TRANSFORMS = new Set([...ELEVENTY_TRANSFORMS, PAUSE_TRANSFORM, ANNOUNCE_TRANSFORM]);

/**
 * Whether no transform will change a page: only this build's own and Eleventy's defaults are there,
 * with no bundle defined and nothing for Eleventy's HTML transformer to do. Anything else (another
 * plugin's transform, a path prefix), or an Eleventy that does not show these, says no.
 */
export function transformsLeavePagesAlone(config: EleventyTransforms): boolean {
  const { transforms, htmlTransformer } = config;
  if (!transforms || !htmlTransformer || typeof config.getBundleManagers !== "function") return false;
  if (Object.keys(transforms).some((name) => !QUIET_TRANSFORMS.has(name))) return false;
  if (Object.keys(config.getBundleManagers()).length > 0) return false;
  return !["html", "htm", "xml"].some((extension) => htmlTransformer.isTransformable(extension, {}));
}

/** The pages in Eleventy's toJSON() result that are written: those with an output file and content. */
export function renderedPages(result: unknown): RenderedPage[] {
  if (!Array.isArray(result)) return [];
  return result.filter(
    (page): page is RenderedPage =>
      typeof page === "object" && page !== null && typeof page.outputPath === "string" && typeof page.content === "string" && typeof page.url === "string",
  );
}
