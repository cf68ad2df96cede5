// npm run build with the preview's old variable in its environment, as a shell or CI job that copied it from
// package.json's start script had it: the drafts and the stories not yet due stay out of everything it publishes
// (src/preview-drafts.ts). The preview still shows them: test/preview-server.test.ts, "serves drafts, flagged as drafts".
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { storiesIndexed } from "./helpers/pagefind.ts";
import { article, makeFixtureSite, PROJECT_ROOT, readPage, type FixtureSite, type RunResult } from "./helpers/site.ts";
import { parseXml } from "./helpers/xml.ts";

const NOW = "2026-01-10T00:00:00Z";
/** The variable npm start set, and npm run build read too, until the fifty-fifth round. */
const PREVIEW_VARIABLE = { NEWS_INCLUDE_UNPUBLISHED: "true" };

const PUBLISHED = { url: "/world/already-out/", headline: "Already out", code: "pub234" };
const UNPUBLISHED = [
  { url: "/world/not-ready/", headline: "Not ready", code: "drf234" },
  { url: "/world/coming-soon/", headline: "Coming soon", code: "sch234" },
];

/** `npm run SCRIPT -- ARGS`, as an editor or a CI job runs it, from the project root. */
function npmRun(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile("npm", ["run", "--silent", script, "--", ...args], { cwd: PROJECT_ROOT, env: { ...process.env, NO_COLOR: "1", ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** Every file of the built site, by its site path. */
async function siteFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => `/${path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/")}`);
}

/** The addresses every page of the site links to, read with an HTML parser. */
async function pageLinks(dir: string, files: string[]): Promise<Set<string>> {
  const links = new Set<string>();
  for (const file of files.filter((name) => name.endsWith(".html"))) {
    const page = await readPage(dir, file);
    for (const link of page.querySelectorAll("a[href], link[href]")) links.add(new URL(link.getAttribute("href")!, `https://news.example.com${file}`).pathname);
  }
  return links;
}

/** What every feed and sitemap holds, parsed as XML (a file that is not XML fails here), as one text. */
async function xmlContents(dir: string, files: string[]): Promise<string> {
  const xml = files.filter((name) => name.endsWith(".xml"));
  assert.ok(xml.some((name) => /rss/.test(name)) && xml.some((name) => /sitemap/.test(name)), `feeds and sitemaps: ${xml.join(", ")}`);
  const parsed = await Promise.all(xml.map(async (name) => parseXml(await readFile(path.join(dir, name), "utf8"))));
  return JSON.stringify(parsed);
}

/** The published story is in each place the site publishes it, and the two unpublished ones in none. */
async function assertOnlyPublished(dir: string): Promise<void> {
  const files = await siteFiles(dir);
  const links = await pageLinks(dir, files);
  const xml = await xmlContents(dir, files);
  const searched = await storiesIndexed(dir);
  const front = await readPage(dir, "/");
  const pageOf = (url: string) => existsSync(path.join(dir, url, "index.html"));
  // Each check first finds the published story, so that it can tell a story left out from a place that was not looked at.
  assert.ok(pageOf(PUBLISHED.url) && links.has(PUBLISHED.url) && xml.includes(PUBLISHED.url) && searched.includes(PUBLISHED.url));
  assert.ok(pageOf(`/s/${PUBLISHED.code}/`), "its short link's redirect");
  assert.ok(front.querySelector(`main a[href$="${PUBLISHED.url}"]`), "its card on the front page");
  // Every place each one shows, listed together: a failure names them all.
  const shown: string[] = [];
  for (const story of UNPUBLISHED) {
    if (pageOf(story.url)) shown.push(`${story.url}: its page`);
    if (pageOf(`/s/${story.code}/`)) shown.push(`${story.url}: its short link's redirect`);
    if (links.has(story.url) || links.has(`/s/${story.code}/`)) shown.push(`${story.url}: a card or link on a page`);
    if (xml.includes(story.url) || xml.includes(story.headline)) shown.push(`${story.url}: a feed or sitemap`);
    if (searched.includes(story.url)) shown.push(`${story.url}: the search index`);
    // And nowhere else: no file of the site names the story, its headline or its short code.
    for (const file of files.filter((name) => !name.startsWith("/pagefind") && !/\.(?:png|jpe?g|webp|avif|gif|ico)$/.test(name))) {
      const text = await readFile(path.join(dir, file), "utf8");
      for (const word of [story.url, story.headline, story.code]) if (text.includes(word)) shown.push(`${story.url}: ${file} names ${word}`);
    }
  }
  assert.deepEqual(shown, []);
}

describe("npm run build with NEWS_INCLUDE_UNPUBLISHED=true in its environment", { timeout: 600_000 }, () => {
  let site: FixtureSite;
  const caches = (name: string) => ({
    NEWS_ARTICLE_CACHE: path.join(site.dir, `${name}-article-cache`),
    NEWS_PAGE_CACHE: path.join(site.dir, `${name}-page-cache`),
    NEWS_SEARCH_CACHE: path.join(site.dir, `${name}-search-cache`),
  });
  const args = (output: string) => ["--articles", site.articlesDir, "--output", output, "--settings", site.settingsFile, "--now", NOW];

  before(async () => {
    // In a year's folder, so that a sharded build takes them as they are.
    site = await makeFixtureSite({
      "2026/already-out.md": article({ headline: PUBLISHED.headline, tags: "[Harbour]", author: "[Jane Doe]", shortUrl: PUBLISHED.code }),
      "2026/not-ready.md": article({ headline: UNPUBLISHED[0]!.headline, draft: "true", tags: "[Harbour]", author: "[Jane Doe]", shortUrl: UNPUBLISHED[0]!.code }),
      "2026/coming-soon.md": article({ headline: UNPUBLISHED[1]!.headline, date: "2026-02-01T13:00:00+05:00", tags: "[Harbour]", author: "[Jane Doe]", shortUrl: UNPUBLISHED[1]!.code }),
    });
  });
  after(() => site.remove());

  test("publishes neither the draft nor the story not yet due: no page, card, feed or sitemap entry, search entry or short link", async () => {
    const result = await npmRun("build", [...args(site.outputDir), "--quiet"], { ...PREVIEW_VARIABLE, ...caches("build") });
    assert.equal(result.code, 0, result.stderr);
    await assertOnlyPublished(site.outputDir);
  });

  test("npm run build:sharded publishes neither either", async () => {
    const output = path.join(site.dir, "sharded");
    const result = await npmRun("build:sharded", args(output), { ...PREVIEW_VARIABLE, ...caches("sharded") });
    assert.equal(result.code, 0, result.stderr);
    await assertOnlyPublished(output);
  });
});
