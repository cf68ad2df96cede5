import type { UserConfig } from "@11ty/eleventy";

/**
 * Lets the rest of the process breathe while Eleventy renders. Eleventy renders and writes a run's
 * pages as one long chain of promises (its writes are synchronous), so replies from Pagefind's
 * process and finished file copies wait until the whole run is done: beside a 100,000-story build,
 * the search index stalled for minutes. A pause every so many pages lets them through.
 */
export function pauseWhileRendering(eleventyConfig: UserConfig, everyPages = 50): void {
  let rendered = 0;
  eleventyConfig.addTransform("pause-for-other-work", async (content: string) => {
    if (++rendered % everyPages === 0) await new Promise((resolve) => setImmediate(resolve));
    return content;
  });
}
