import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { UserConfig } from "@11ty/eleventy";
import { freePort } from "./helpers/ports.ts";
import { solidPng } from "./helpers/images.ts";
import { watchInProcess } from "./helpers/preview.ts";
import { article, makeFixtureSite, PROJECT_ROOT, readPage, type FixtureSite } from "./helpers/site.ts";
import { hashTree, treeDifferences } from "./helpers/tree.ts";
import { finishedBuilds } from "../src/preview-log.ts";

const NOW = "2026-01-10T00:00:00Z";
const TIMEOUT_MS = 120_000;

// npm start writes each page itself as it is rendered and Eleventy writes none (src/preview-pages.ts),
// so that Eleventy does not keep every page's text. The pages must be what Eleventy would have written.
describe("npm start writes its pages itself", { timeout: 300_000 }, () => {
  let site: FixtureSite;
  let env: Record<string, string>;

  before(async () => {
    site = await makeFixtureSite(
      {
        "2026/01/harbour.md": article({ headline: "Harbour “reopens”", date: "2026-01-01T10:00:00+05:00", tags: "[Harbour, Storms]", author: "[Jane Doe]", image: "\n  src: lead.png\n  alt: Boats at the wall\n  caption: The harbour at dawn\n  credit: A. Photographer" }),
        "2026/01/lead.png": solidPng(40, 30),
        "2026/01/match.md": article({ headline: "Match report", date: "2026-01-02T10:00:00+05:00", section: "sport", tags: "[Cricket]" }),
        "2026/01/quay.md": article({ headline: "Quay works", date: "2026-01-03T10:00:00+05:00", tags: "[Harbour]" }, "See [the harbour story](/world/harbour/) and <https://example.org/>."),
        "2026/01/draft.md": article({ headline: "Unfinished", date: "2026-01-04T10:00:00+05:00", draft: "true" }),
        "2026/01/later.md": article({ headline: "Scheduled for later", date: "2026-02-01T10:00:00+05:00" }),
      },
      { perPage: 2, search: false },
    );
    env = { NEWS_ARTICLES_DIR: site.articlesDir, NEWS_SETTINGS_FILE: site.settingsFile, NEWS_NOW: NOW };
  });
  after(() => site?.remove());

  // With a path prefix a transform rewrites every page, so pages are handed on after the transforms
  // rather than as rendered (src/rendered-pages.ts): both ways are checked.
  for (const pathPrefix of ["", "/news/"]) {
    test(`byte for byte the files Eleventy's own writer writes for the same articles, none of them written by Eleventy${pathPrefix ? ` (path prefix ${pathPrefix})` : ""}`, async () => {
      await comparePreviewWithEleventy(pathPrefix);
    });
  }

  async function comparePreviewWithEleventy(pathPrefix: string): Promise<void> {
    const runEnv = { ...env, NEWS_PATH_PREFIX: pathPrefix };
    const name = pathPrefix ? "prefixed" : "plain";
    // Eleventy writing its own pages: the preview's first build in this process, where nothing writes them for it.
    const byEleventy = path.join(site.dir, `by-eleventy-${name}`);
    await watchInProcess(byEleventy, runEnv);

    // npm start, as it runs.
    const byPreview = path.join(site.dir, `by-preview-${name}`);
    const log = await previewLog(byPreview, runEnv);
    // Eleventy's summary counted none of these pages ("Wrote 0 files"): the preview's own line counts them (src/preview-log.ts).
    assert.doesNotMatch(log, /Wrote \d+ files?/, "Eleventy's summary of the files it wrote itself is not printed");
    const written = [...log.matchAll(/✓ Preview built in \d+\.\d\d s: all articles are valid\. (\d+) pages? written\./g)].map((match) => Number(match[1]));
    assert.ok(written.length > 0 && written[0]! > 0, `the first build says how many pages it wrote:\n${log}`);

    const expected = await hashTree(byEleventy);
    const actual = await hashTree(byPreview);
    for (const page of ["index.html", "world/harbour/index.html", "sport/match/index.html", "world/draft/index.html", "world/later/index.html", "tags/harbour/index.html", "feed.xml"]) {
      assert.ok(expected.has(page), `Eleventy wrote ${page}`);
    }
    assert.ok([...expected.keys()].some((file) => file.startsWith("s/")), "the short links' pages are among them");
    assert.ok([...expected.keys()].some((file) => file.startsWith("img/")), "and the lead image's variants");
    assert.deepEqual(treeDifferences(expected, actual), []);
    // Every page of the first build was written by the preview (the warm-up rebuilds write some again).
    const pages = [...actual.keys()].filter((file) => /\.(html|xml|txt|json|webmanifest)$/.test(file) || file === "_redirects" || file === "_headers");
    assert.ok(written[0]! >= pages.length - 20 && written[0]! <= pages.length, `${written[0]} pages written for ${pages.length} page files`);
    if (pathPrefix) assert.match(await readFile(path.join(byPreview, "index.html"), "utf8"), /href="\/news\/world\/"/, "the prefix is in the links");
  }

  /** Starts npm start on the fixture, waits until it serves, stops it; what it printed. */
  async function previewLog(output: string, runEnv: Record<string, string>): Promise<string> {
    const port = await freePort();
    const server = spawn(path.join(PROJECT_ROOT, "node_modules/.bin/tsx"), ["src/cli/start.ts", `--port=${port}`, `--output=${output}`], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...runEnv, NO_COLOR: "1" },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    server.stdout!.on("data", (chunk: Buffer) => (log += chunk.toString()));
    server.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
    try {
      const deadline = Date.now() + TIMEOUT_MS;
      while (!/Server at/.test(log)) {
        if (Date.now() > deadline || server.exitCode !== null) assert.fail(`the preview server did not start:\n${log.slice(-3000)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      try {
        process.kill(-server.pid!, "SIGTERM");
      } catch {
        // already gone
      }
      await exited;
    }
    return log;
  }
});

// Eleventy 3.1 rejects a build at its first failure and leaves its other pages going on: one of them, handed on
// once the next build (the next save's) had written the same page, was written over it, and the preview showed
// the failed build's page until the page next changed.
describe("a failed build's pages", { timeout: 120_000 }, () => {
  test("a page the failed build finishes after the next build has begun is not written, over that build's or at all", async () => {
    const site = await makeFixtureSite({ "story.md": article({ headline: "Harbour reopens" }) }, { search: false });
    const env = { NEWS_ARTICLES_DIR: site.articlesDir, NEWS_SETTINGS_FILE: site.settingsFile, NEWS_NOW: NOW };
    // Each build marks its pages, so the page on disk tells which build wrote it. In the build that fails, the
    // story's page is held in this transform until the test lets it go, and the front page fails once it is held.
    let build = 0;
    let failing = false;
    let storyHeld!: () => void;
    const held = new Promise<void>((resolve) => (storyHeld = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const config = (eleventyConfig: UserConfig) => {
      eleventyConfig.on("eleventy.before", () => void build++);
      eleventyConfig.addTransform("marks, holds or fails", async function (content: string) {
        const [mine, fails] = [build, failing];
        if (fails && this.page.url === "/world/story/") {
          storyHeld();
          await released;
        } else if (fails && this.page.url === "/") {
          await held;
          throw new Error("A transform's error");
        }
        return content.replace("</body>", `<!-- build ${mine} --></body>`);
      });
    };
    const printed: string[] = [];
    const print = (line: string) => {
      const plain = line.replace(/\u001b\[[0-9;]*m/g, "");
      printed.push(plain);
      // The next build is one that succeeds.
      if (/^✗ Preview rebuild .* failed/.test(plain)) failing = false;
    };
    const markOf = async () => (await readFile(path.join(site.outputDir, "world/story/index.html"), "utf8")).match(/<!-- build (\d+) -->/)?.[1];
    try {
      await watchInProcess(
        site.outputDir,
        env,
        async (rebuildFor) => {
          assert.equal(await markOf(), "1", "the first build wrote the story's page");
          // A template saved: every page is written again.
          failing = true;
          const failed = rebuildFor(path.join("templates", "article.njk"));
          await held;
          // The next save, while the failed build is under way: Eleventy begins it once that build has failed.
          await Promise.all([failed, rebuildFor(path.join("templates", "article.njk"))]);
          assert.equal(await markOf(), "3", "the next build wrote the story's page");
          // The failed build's page goes on, and is handed on (it is all one turn of Node's microtasks from here).
          release();
          await nextTurn();
          await nextTurn();
          assert.equal(await markOf(), "3", "the failed build's page is not written over the next build's");
        },
        { print, config, writesPages: true },
      );
      const lines = printed.filter((line) => finishedBuilds(line) > 0).map((line) => line.split(" ").slice(0, 3).join(" "));
      assert.deepEqual(lines, ["✓ Preview built", "✗ Preview rebuild", "✓ Preview rebuilt"], printed.join("\n"));
      const page = await readPage(site.outputDir, "/world/story/");
      assert.equal(page.querySelector("h1")?.textContent?.trim(), "Harbour reopens");
    } finally {
      await site.remove();
    }
  });
});
