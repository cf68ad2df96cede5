import { readdirSync } from "node:fs";
import path from "node:path";
import type { SiteData } from "./site-data.ts";

declare module "@11ty/eleventy" {
  interface UserConfig {
    /** Files Eleventy does not treat as templates. */
    ignores: Set<string>;
  }
}

// A sharded build (src/cli/build-sharded.ts) splits one site into jobs that can run on different
// machines: each shard writes the article pages of one folder of the archive (a year), and one global
// job writes every page that lists articles from the whole archive. Their outputs do not overlap, so
// merging them is copying them into one folder.

/** Which pages a build writes: everything, only article pages (a shard), or everything else (the global job). */
export type PageSet = "all" | "articles" | "listings";
export const PAGES_ENV = "NEWS_PAGES";

export function pageSetFromEnv(env: NodeJS.ProcessEnv = process.env): PageSet {
  const value = env[PAGES_ENV] || "all";
  if (value === "all" || value === "articles" || value === "listings") return value;
  throw new Error(`${PAGES_ENV}: expected all, articles or listings; found ${JSON.stringify(value)}`);
}

/** The site data with nothing for the pages this build does not write. */
export function selectPageSet(data: SiteData, pages: PageSet): SiteData {
  if (pages === "listings") return { ...data, articlePages: [] };
  // Emptied, not only left unrendered, so a large shard's runs (src/page-chunks.ts) hold article pages alone.
  if (pages === "articles") return { ...data, shortRedirectPages: [], frontPages: [], sectionPages: [], tagPages: [], authorPages: [], monthPages: [] };
  return data;
}

/**
 * Templates a shard does not render: every template but the article page. Listing pages, feeds and
 * sitemaps need the whole archive, which a shard does not read.
 */
export function templatesOutsideShard(templatesDir: string, articleTemplate = "article.njk"): string[] {
  return readdirSync(templatesDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".njk"))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => {
      const relative = path.relative(templatesDir, file);
      return relative !== articleTemplate && !relative.startsWith(`_includes${path.sep}`);
    });
}
