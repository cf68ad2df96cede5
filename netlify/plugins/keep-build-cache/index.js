// Netlify Build plugin (netlify.toml names it): keeps the build's caches from one deploy to the next, as
// the GitHub workflow does with actions/cache. Without it every Netlify deploy is a first build, which at
// 10,000 stories takes about eight times as long as a build after a correction (README, Performance).
//
// The folders are moved in and out of Netlify's cache, not copied: its cache utility copies with fs.cp,
// which gives every file the time of the copy, and the page cache takes a kept page only while its file
// has the size and time its index recorded (src/page-cache.ts). A move keeps each file as it was.
//
// Plain JavaScript: Netlify imports a local plugin as it stands, before the build runs (its own TypeScript
// support loads a plugin as CommonJS, which this ESM package is not).

/** The caches npm run build keeps, where it keeps them by default (src/article-disk-cache.ts, images.ts, page-cache.ts, search-cache.ts). */
export const CACHE_FOLDERS = [".cache/articles", ".cache/images", ".cache/pages", ".cache/search"];

/** @typedef {{ restore(paths: string[], options: { move: boolean }): Promise<unknown>, save(paths: string[], options: { move: boolean }): Promise<unknown> }} NetlifyCache */
/** @typedef {{ utils: { cache: NetlifyCache } }} NetlifyEvent */

/** Before the build command: the last deploy's caches, when there are any. @param {NetlifyEvent} event */
export async function onPreBuild({ utils }) {
  await keeping("restored", "this build", () => utils.cache.restore(CACHE_FOLDERS, { move: true }));
}

/** After a build that succeeded: its caches, for the next deploy. @param {NetlifyEvent} event */
export async function onPostBuild({ utils }) {
  await keeping("saved", "the next build", () => utils.cache.save(CACHE_FOLDERS, { move: true }));
}

/**
 * After a build that failed (an article with a problem, say): the caches this deploy restored were
 * moved out of Netlify's cache, so they go back, or the next deploy would start from nothing. The
 * build leaves its caches whole when it fails part-way (each is written so that a build cut short
 * cannot leave it half-written).
 * @param {NetlifyEvent} event
 */
export async function onError({ utils }) {
  await keeping("put back after the failed build", "the next build", () => utils.cache.save(CACHE_FOLDERS, { move: true }));
}

/**
 * A cache that cannot be restored or saved costs a build time, not the deploy: it is said, and the deploy goes on.
 * @param {string} what @param {string} whichBuild @param {() => Promise<unknown>} step
 */
async function keeping(what, whichBuild, step) {
  try {
    await step();
  } catch (error) {
    console.warn(`The build's caches (${CACHE_FOLDERS.join(", ")}) were not ${what} (${error instanceof Error ? error.message : String(error)}); ${whichBuild} starts from nothing and renders every page.`);
  }
}
