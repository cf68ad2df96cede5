import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Eleventy, UserConfig } from "@11ty/eleventy";
import { onRenderedPage, type RenderedPage } from "./rendered-pages.ts";

// npm start writes each page itself as soon as Nunjucks has rendered it, and Eleventy's writer runs
// dry. Eleventy keeps the text of every page it writes (each page's render is cached on its own copy of
// the template) until the next build has replaced its templates: at 100,000 stories the preview held
// about 3 GB of page text after its first build, and ran out of heap in the rebuild that followed.
// Handed on as rendered (src/rendered-pages.ts), a page leaves Eleventy an empty text, as in npm run
// build. The pages are the same bytes Eleventy would have written (tested).

/** Pages written so far by the build under way (or the last); undefined while this process does not write them. */
let written: number | undefined;

/**
 * Makes this process write every page as it is handed on, into the file Eleventy would have written.
 * Returns the configuration callback (Eleventy's `config` option, run again whenever Eleventy loads its
 * configuration afresh) that makes Eleventy write none: its writer's dry run is set from Eleventy's own
 * option when each build starts, so it is set again once that build has begun. The static files are
 * still Eleventy's passthrough copy, which has a dry run of its own. `stop` ends the writing (a test's
 * Eleventy run in its process).
 */
export function previewWritesPages(eleventy: () => Eleventy): { config: (eleventyConfig: UserConfig) => void; stop: () => void } {
  written = 0;
  const stopListening = onRenderedPage(writePage);
  return {
    config: (eleventyConfig) => {
      eleventyConfig.on("eleventy.before", () => {
        written = 0;
        eleventy().writer.setDryRun(true);
      });
    },
    stop: () => {
      stopListening();
      written = undefined;
    },
  };
}

function writePage({ outputPath, content }: RenderedPage): void {
  mkdirSync(path.dirname(outputPath), { recursive: true });
  writeFileSync(outputPath, content);
  written = (written ?? 0) + 1;
}

/** Pages the build under way (or the last) has written this way, where Eleventy's own count says none; undefined when Eleventy writes them. */
export function pagesWrittenAsRendered(): number | undefined {
  return written;
}
