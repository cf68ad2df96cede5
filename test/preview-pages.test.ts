import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { freePort } from "./helpers/ports.ts";
import { solidPng } from "./helpers/images.ts";
import { watchInProcess } from "./helpers/preview.ts";
import { article, makeFixtureSite, PROJECT_ROOT, type FixtureSite } from "./helpers/site.ts";
import { hashTree, treeDifferences } from "./helpers/tree.ts";

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
    env = { NEWS_ARTICLES_DIR: site.articlesDir, NEWS_SETTINGS_FILE: site.settingsFile, NEWS_NOW: NOW, NEWS_INCLUDE_UNPUBLISHED: "true" };
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
