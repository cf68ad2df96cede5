import type { UserConfig } from "@11ty/eleventy";

/** A page as Eleventy finished it: what it would write, and where. */
export interface RenderedPage {
  url: string;
  inputPath: string;
  /** A file inside the output folder. */
  outputPath: string;
  content: string;
}

type Listener = (page: RenderedPage) => void;

const listeners = new Set<Listener>();
/**
 * Pages handed on as they were rendered, by output file, until their transforms have run. Each text is
 * the one Eleventy keeps for the page anyway (its templateContent), so this holds no copy.
 */
const handedOn = new Map<string, string>();
let handOnAsRendered = false;

/**
 * Calls `listener` with each page as soon as it is finished; the build writes them on a thread of its
 * own (src/cli/build.ts). Returns the way to stop.
 */
export function onRenderedPage(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Hands every finished page to the listeners. Eleventy renders every page of a run before it runs any
 * page's transforms (src/cli/build.ts says what that costs), so a page is finished either:
 * - as soon as Nunjucks has rendered it (`pageRendered`, which src/nunjucks-compile-cache.ts calls),
 *   when `asRendered` says no transform will change it: the plugin sets it when there is no path
 *   prefix, the one transform that rewrites pages (Eleventy's HtmlBasePlugin);
 * - or in the plugin's last transform, after Eleventy's own.
 * The transform is there either way: it checks that a page handed on as rendered came through every
 * transform unchanged, and fails the build if not.
 */
export function announceRenderedPages(eleventyConfig: UserConfig, { asRendered }: { asRendered: boolean }): void {
  handOnAsRendered = asRendered;
  // What a failed run handed on is not carried into the next.
  eleventyConfig.on("eleventy.before", () => handedOn.clear());
  eleventyConfig.addTransform("announce-rendered-page", function (content: string) {
    const { url, inputPath, outputPath } = this.page;
    if (listeners.size === 0 || typeof outputPath !== "string" || typeof url !== "string") return content;
    const rendered = handedOn.get(outputPath);
    if (rendered === undefined) {
      announce({ url, inputPath, outputPath, content });
      return content;
    }
    handedOn.delete(outputPath);
    if (rendered !== content) {
      throw new Error(`Internal error: a transform changed ${outputPath} after it was written as rendered. Only a path prefix should change pages.`);
    }
    return content;
  });
}

/** A template's rendered text, with the data it was rendered with: a page's, when the data says where it goes. */
export function pageRendered(data: unknown, content: string): void {
  if (!handOnAsRendered || listeners.size === 0) return;
  const { url, inputPath, outputPath } = (data as { page?: Partial<Record<"url" | "inputPath" | "outputPath", unknown>> } | undefined)?.page ?? {};
  // Pages that are not written (permalink: false) have no output file. A page rendered again within a
  // run (Eleventy's second pass for templateContent used too early) was handed on the first time.
  if (typeof outputPath !== "string" || typeof url !== "string" || typeof inputPath !== "string" || handedOn.has(outputPath)) return;
  handedOn.set(outputPath, content);
  announce({ url, inputPath, outputPath, content });
}

function announce(page: RenderedPage): void {
  for (const listener of listeners) listener(page);
}

/** The pages in Eleventy's toJSON() result that are written: those with an output file and content. */
export function renderedPages(result: unknown): RenderedPage[] {
  if (!Array.isArray(result)) return [];
  return result.filter(
    (page): page is RenderedPage =>
      typeof page === "object" && page !== null && typeof page.outputPath === "string" && typeof page.content === "string" && typeof page.url === "string",
  );
}
