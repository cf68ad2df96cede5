import { readdirSync } from "node:fs";
import path from "node:path";
import type { Article } from "./article.ts";
import { storiesPerFolder, type StoriesPerFolder } from "./search-shards.ts";
import type { SiteData } from "./site-data.ts";

declare module "@11ty/eleventy" {
  interface UserConfig {
    /** Files Eleventy does not treat as templates. */
    ignores: Set<string>;
  }
}

// A sharded build (src/cli/build-sharded.ts) splits one site into jobs that can run on different
// machines: each shard writes the article pages of one folder of the archive (a year) and their search
// indexes, and one global job writes every page that lists articles from the whole archive. Their
// outputs do not overlap, so merging them is copying them into one folder.

/** Which pages a build writes: everything, only article pages (a shard), or everything else (the global job). */
export type PageSet = "all" | "articles" | "listings";
export const PAGES_ENV = "NEWS_PAGES";

export function pageSetFromEnv(env: NodeJS.ProcessEnv = process.env): PageSet {
  const value = env[PAGES_ENV] || "all";
  if (value === "all" || value === "articles" || value === "listings") return value;
  throw new Error(`--pages (${PAGES_ENV}): expected all, articles or listings; found ${JSON.stringify(value)}`);
}

/**
 * Refuses a shard (`--articles` with `--archive`) that is not one top-level folder of its archive: a
 * search index holds one such folder's stories (src/search-shards.ts), so a shard of part of one would
 * index part of another's, and a shard of two could not be told which are its own.
 */
export function checkShardFolder(articlesDir: string, archiveDir: string): void {
  const relative = path.relative(archiveDir, articlesDir);
  if (relative && !relative.startsWith("..") && !path.isAbsolute(relative) && !relative.includes(path.sep)) return;
  throw new Error(`--articles ${articlesDir}: a shard is one top-level folder of its --archive (${archiveDir}), such as a year`);
}

/** The site data with nothing for the pages this build does not write. */
export function selectPageSet(data: SiteData, pages: PageSet): SiteData {
  if (pages === "listings") return { ...data, articlePages: [] };
  // Emptied, not only left unrendered, so a large shard's runs (src/page-chunks.ts) hold article pages alone.
  if (pages === "articles") return { ...data, redirectPages: [], frontPages: [], sectionPages: [], tagPages: [], authorPages: [], monthPages: [], subjectFeeds: [], sitemapFiles: [], rssFeeds: [], atomFeeds: [] };
  return data;
}

/**
 * What a build's search index covers (src/search-shards.ts): the stories whose pages it writes, numbered
 * among the archive's other stories. A shard indexes its own folder's; the global job none, but for a
 * site with no stories it writes the one empty index the search page loads. Undefined: nothing to index.
 */
export function searchedStories(
  pages: PageSet,
  stories: readonly Article[],
  storiesElsewhere?: StoriesPerFolder,
): { stories: readonly Article[]; storiesElsewhere?: StoriesPerFolder } | undefined {
  if (pages === "listings") return { stories: [], storiesElsewhere: storiesPerFolder(stories) };
  if (pages === "articles" && stories.length === 0) return undefined;
  return { stories, storiesElsewhere };
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
