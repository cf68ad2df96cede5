import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { cp, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { bindOpts } from "@netlify/cache-utils";
import { parse as parseToml } from "smol-toml";
import { articleCacheDir } from "../src/article-disk-cache.ts";
import { imageCacheDir } from "../src/images.ts";
import { pageCacheDir } from "../src/page-cache.ts";
import { readPageIndex } from "../src/page-index.ts";
import { searchCacheDir } from "../src/search-cache.ts";
import { cameFromCache, markKeptIndexes } from "./helpers/cache-marks.ts";
import { article, buildFixture, makeFixtureSite, PROJECT_ROOT } from "./helpers/site.ts";

/** What netlify/plugins/keep-build-cache/index.js exports (a plain JavaScript file, as Netlify imports it). */
interface CachePlugin {
  CACHE_FOLDERS: string[];
  onPreBuild(event: { utils: { cache: NetlifyCache } }): Promise<void>;
  onPostBuild(event: { utils: { cache: NetlifyCache } }): Promise<void>;
  onError(event: { utils: { cache: NetlifyCache } }): Promise<void>;
}
interface NetlifyCache {
  restore(paths: string[], options?: { move?: boolean }): Promise<boolean>;
  save(paths: string[], options?: { move?: boolean }): Promise<boolean>;
}

const PLUGIN_DIR = path.join(PROJECT_ROOT, "netlify/plugins/keep-build-cache");
const plugin = (await import(pathToFileURL(path.join(PLUGIN_DIR, "index.js")).href)) as CachePlugin;

/**
 * Netlify's cache utility (`utils.cache` in a plugin), bound as Netlify Build binds it: paths relative to
 * the build folder, kept in Netlify's cache folder. Version 7, what Netlify runs: it copies with fs.cp,
 * which gives each copied file the time of the copy, unless asked to move.
 */
function netlifyCache(buildDir: string, cacheDir: string): NetlifyCache & { has(paths: string[], options?: { cwd?: string }): Promise<boolean> } {
  return bindOpts({ cacheDir, cwd: buildDir });
}

describe("Netlify deploys keep the build's caches (netlify/plugins/keep-build-cache)", () => {
  test("netlify.toml names the plugin, which has the manifest Netlify looks for", async () => {
    const config = parseToml(await readFile(path.join(PROJECT_ROOT, "netlify.toml"), "utf8")) as { plugins?: { package: string }[] };
    assert.deepEqual(config.plugins?.map((entry) => path.resolve(PROJECT_ROOT, entry.package)), [PLUGIN_DIR]);
    assert.match(await readFile(path.join(PLUGIN_DIR, "manifest.yml"), "utf8"), /^name: keep-build-cache$/m);
  });

  test("it keeps the folders the build keeps its caches in", () => {
    const defaults = [articleCacheDir({}, PROJECT_ROOT), imageCacheDir({}, PROJECT_ROOT), pageCacheDir({}, PROJECT_ROOT), searchCacheDir({}, PROJECT_ROOT)];
    assert.deepEqual([...plugin.CACHE_FOLDERS].sort(), defaults.map((dir) => path.relative(PROJECT_ROOT, dir).split(path.sep).join("/")).sort());
  });

  test("the next deploy, on a fresh machine, takes every kept page and search index from them", async () => {
    const site = await makeFixtureSite({
      "a.md": article({ headline: "Harbour reopens", date: "2026-01-05T10:00:00+05:00", tags: "[Harbour]" }),
      "b.md": article({ headline: "Market day", date: "2026-01-06T10:00:00+05:00", section: "business" }),
    });
    // The build folder is the fixture's; its caches where npm run build keeps them there.
    const local = (folder: string) => path.join(site.dir, folder);
    const env = { NEWS_ARTICLE_CACHE: local(".cache/articles"), NEWS_IMAGE_CACHE: local(".cache/images"), NEWS_PAGE_CACHE: local(".cache/pages"), NEWS_SEARCH_CACHE: local(".cache/search") };
    const utils = { cache: netlifyCache(site.dir, local("netlify-cache")) };
    try {
      const first = await buildFixture(site, ["--now", "2026-02-01T00:00:00Z"], env);
      assert.equal(first.code, 0, first.stderr);
      await markKeptIndexes(env.NEWS_SEARCH_CACHE);
      // So that a copy would give the kept pages another time than the index recorded (whole seconds).
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      await plugin.onPostBuild({ utils });
      assert.equal(existsSync(env.NEWS_PAGE_CACHE), false, "saved into Netlify's cache");

      // A fresh clone: no site and no caches but what the plugin restores.
      await rm(site.outputDir, { recursive: true, force: true });
      await rm(local(".cache"), { recursive: true, force: true });
      await plugin.onPreBuild({ utils });
      const index = readPageIndex(await readFile(path.join(env.NEWS_PAGE_CACHE, "index.json"), "utf8"));
      assert.ok(index && index.pages.size > 0, "the page cache's index is back");
      const kept = await Promise.all([...index.pages].map(async ([digest, page]) => [page[1], (await stat(path.join(env.NEWS_PAGE_CACHE, "files", digest))).ino] as const));

      const second = await buildFixture(site, ["--now", "2026-02-01T00:00:00Z"], env);
      assert.equal(second.code, 0, second.stderr);
      for (const [file, inode] of kept) assert.equal((await stat(path.join(site.outputDir, file))).ino, inode, `${file} was taken from the cache, not rendered again`);
      assert.ok(cameFromCache(path.join(site.outputDir, "pagefind")), "the search index was taken from the cache");
    } finally {
      await site.remove();
    }
  });

  test("after a failed build the restored caches go back into Netlify's cache, and a cache that cannot be kept does not fail the deploy", async () => {
    const site = await makeFixtureSite({});
    try {
      const cache = netlifyCache(site.dir, path.join(site.dir, "netlify-cache"));
      const utils = { cache };
      await cp(path.join(PROJECT_ROOT, "package.json"), path.join(site.dir, ".cache/pages/index.json"));
      await plugin.onPostBuild({ utils });
      await plugin.onPreBuild({ utils });
      assert.ok(existsSync(path.join(site.dir, ".cache/pages/index.json")));
      assert.equal(await cache.has([".cache/pages"]), false, "restoring moved it out of Netlify's cache");
      await plugin.onError({ utils });
      assert.equal(existsSync(path.join(site.dir, ".cache/pages")), false);
      assert.ok(await cache.has([".cache/pages"]), "kept for the next deploy");

      const warnings: string[] = [];
      const warn = console.warn;
      console.warn = (message: string) => void warnings.push(message);
      try {
        const broken = { cache: { restore: () => Promise.reject(new Error("no space left")), save: () => Promise.reject(new Error("no space left")) } };
        await plugin.onPreBuild({ utils: broken });
        await plugin.onPostBuild({ utils: broken });
      } finally {
        console.warn = warn;
      }
      assert.deepEqual(warnings, [
        "The build's caches (.cache/articles, .cache/images, .cache/pages, .cache/search) were not restored (no space left); this build starts from nothing and renders every page.",
        "The build's caches (.cache/articles, .cache/images, .cache/pages, .cache/search) were not saved (no space left); the next build starts from nothing and renders every page.",
      ]);
    } finally {
      await site.remove();
    }
  });
});
