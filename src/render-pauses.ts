import type { UserConfig } from "@11ty/eleventy";

/** The transform's name; it returns every page as it came (src/rendered-pages.ts relies on that). */
export const PAUSE_TRANSFORM = "pause-for-other-work";

/**
 * Lets the rest of the process breathe while Eleventy renders. Eleventy renders a run's pages as one
 * long chain of promises, so a search thread's "part written" (and its next part), and a finished copy
 * into or out of the search cache, wait until the whole run is done: beside a 100,000-story build, the
 * search index stalled for minutes. A pause every so many pages lets them through.
 */
export function pauseWhileRendering(eleventyConfig: UserConfig, everyPages = 50): void {
  let rendered = 0;
  eleventyConfig.addTransform(PAUSE_TRANSFORM, async (content: string) => {
    if (++rendered % everyPages === 0) await new Promise((resolve) => setImmediate(resolve));
    return content;
  });
}
