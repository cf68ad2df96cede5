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
 * Calls `listener` with each page as soon as Eleventy has finished it (Eleventy renders every page of
 * a run, then runs each page's transforms, which is when this hears of it); the build writes them on
 * a thread of its own (src/cli/build.ts). Returns the way to stop.
 */
export function onRenderedPage(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Hands every finished page to the listeners. Registered as the plugin's last transform: Eleventy's
 * own (the path prefix) run first, and what a listener sees is what the page is.
 */
export function announceRenderedPages(eleventyConfig: UserConfig): void {
  eleventyConfig.addTransform("announce-rendered-page", function (content: string) {
    const { url, inputPath, outputPath } = this.page;
    if (listeners.size > 0 && typeof outputPath === "string" && typeof url === "string") {
      for (const listener of listeners) listener({ url, inputPath, outputPath, content });
    }
    return content;
  });
}

/** The pages in Eleventy's toJSON() result that are written: those with an output file and content. */
export function renderedPages(result: unknown): RenderedPage[] {
  if (!Array.isArray(result)) return [];
  return result.filter(
    (page): page is RenderedPage =>
      typeof page === "object" && page !== null && typeof page.outputPath === "string" && typeof page.content === "string" && typeof page.url === "string",
  );
}
