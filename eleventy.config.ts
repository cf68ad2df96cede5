// The site's table of contents: where things live, and the plugin that turns articles into pages.
// Docs: https://www.11ty.dev/docs/config/
import type { UserConfig } from "@11ty/eleventy";
import settings from "./site.config.ts";
import newsSite from "./src/eleventy-plugin.ts";
import { buildOptionsFromEnv } from "./src/build-options.ts";

export default function (eleventyConfig: UserConfig) {
  // Articles, front page and listings from Markdown under articles/ (src/eleventy-plugin.ts).
  eleventyConfig.addPlugin(newsSite, { settings, ...buildOptionsFromEnv() });
}

export const config = {
  dir: {
    input: "templates",
    includes: "_includes",
  },
  templateFormats: ["njk"],
};
