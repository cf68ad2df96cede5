// npm run bench:preview: how long the preview server (npm start) takes to show an edited article, to
// show a new one (with the archive's largest tag and byline) and to drop a deleted one, on a generated
// archive. Starts the server on a copy of the corpus, waits until it serves, then changes a file and
// polls the output until the pages show the change. It also reports when the rebuild finished (the
// preview's "✓ Preview rebuilt …" line, src/preview-log.ts): the browser reloads only then, after
// everything the build does once its pages are written.
// With --photos, every story has a photograph of its own (bench/photos.ts), and the bench also replaces an
// edited story's photograph with another of the same name and size and times its page's new picture.
//   npm run bench:preview -- --size 10000 [--edits 3] [--incremental] [--port N] [--photos]
import { spawn } from "node:child_process";
import { get as httpGet } from "node:http";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { findArticleFiles } from "../src/article-loader.ts";
import { portOption } from "../src/cli/port-option.ts";
import { PREVIEW_OUTPUT } from "../src/cli/preview-options.ts";
import { finishedBuilds } from "../src/preview-log.ts";
import { PREVIEW_SEARCH_PAUSE_MS } from "../src/search-index.ts";
import { DEFAULT_SEED, ensureCorpus } from "./corpus.ts";
import { photoFiles, photographOfSize, withPhotos } from "./photos.ts";
import { median } from "./stats.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    size: { type: "string", default: "10000" },
    edits: { type: "string", default: "3" },
    incremental: { type: "boolean", default: false },
    // The port asked for; a random one by default. The server may take another (below).
    port: { type: "string" },
    corpora: { type: "string", default: path.join(ROOT, ".cache/bench") },
    photos: { type: "boolean", default: false },
  },
});

const size = Number.parseInt(values.size, 10);
const generated = await ensureCorpus(values.corpora, path.join(ROOT, "../shared/bench/make-corpus.mjs"), size, DEFAULT_SEED);
const corpus = values.photos ? await withPhotos(generated) : generated;
const work = await mkdtemp(path.join(os.tmpdir(), "news-preview-"));
const articles = path.join(work, "articles");
const output = path.join(work, PREVIEW_OUTPUT);
await cp(corpus, articles, { recursive: true });

const port = portOption(values.port) ?? 20000 + Math.floor(Math.random() * 20000);
// What npm start runs (package.json's start script, Node option included).
const args = ["--max-semi-space-size=64", "--import", "tsx", path.join(ROOT, "src/cli/start.ts"), `--port=${port}`, `--output=${output}`];
if (values.incremental) args.push("--incremental");
const server = spawn(process.execPath, args, {
  cwd: ROOT,
  // An image cache of its own: the project's would hold the corpus's pictures from an earlier run.
  env: { ...process.env, NEWS_ARTICLES_DIR: articles, NEWS_IMAGE_CACHE: path.join(work, "images") },
  stdio: ["ignore", "pipe", "pipe"],
});
let log = "";
server.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
server.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));

try {
  const started = Date.now();
  // A first build's time grows with the archive: 100,000 stories took over nine minutes on a busy machine.
  const firstBuildWait = Math.max(600_000, size * 20);
  // Eleventy's server takes the next port when the one asked for is taken: the port is the one it announces.
  await until(() => /Server at http:\/\/[^/]+:\d+/.test(log), firstBuildWait, "the server to announce its address");
  const served = Number(/Server at http:\/\/[^/]+:(\d+)/.exec(log)![1]);
  // The server answers only once the watcher is ready: an edit made before that would go unnoticed.
  await until(() => serves(served), firstBuildWait, "the server");
  // (npm start's warm-up rebuilds, src/preview-rebuilds.ts, come before it serves, so they are counted here.)
  console.log(`first build: ${((Date.now() - started) / 1000).toFixed(1)} s (served on port ${served})`);

  const files = await findArticleFiles(articles);
  // A newsroom's new story has tags and a byline, and every listing it joins is written again: it gets the
  // archive's largest tag and most frequent byline, the costliest listings to join. Found before the edits,
  // so that reading every story does not stretch the pause before the new story is saved.
  const { tag, author } = await largestTagAndAuthor(files);
  const editTimes: number[] = [];
  const editRebuilds: number[] = [];
  for (let i = 0; i < Number.parseInt(values.edits, 10); i++) {
    // Settle: let the previous rebuild finish before the next edit.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const file = files[Math.floor((files.length * (i + 0.5)) / Number.parseInt(values.edits, 10))]!;
    const marker = `Edited headline ${Date.now()}`;
    const text = await readFile(file, "utf8");
    const slug = path.basename(file, ".md");
    const section = /^section: (.+)$/m.exec(text)?.[1] ?? "news";
    const page = path.join(output, section, slug, "index.html");
    const builds = finishedBuilds(log);
    const t0 = Date.now();
    await writeFile(file, text.replace(/^headline: .*$/m, `headline: "${marker}"`));
    await until(async () => (await readText(page))?.includes(marker) ?? false, 120_000, `the edited page ${page}`);
    editTimes.push((Date.now() - t0) / 1000);
    await until(() => finishedBuilds(log) > builds, 600_000, "the end of the rebuild");
    editRebuilds.push((Date.now() - t0) / 1000);
    console.log(`edit ${i + 1}: ${editTimes.at(-1)!.toFixed(2)} s until ${path.relative(output, page)} showed it; rebuild finished after ${editRebuilds.at(-1)!.toFixed(2)} s`);
  }

  let replacedPhoto: number | undefined;
  if (values.photos) {
    // The last edited story's photograph, replaced by another of the same name and size: its page must name new variants.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const story = files[Math.floor((files.length * (Number.parseInt(values.edits, 10) - 0.5)) / Number.parseInt(values.edits, 10))]!;
    const photo = photoFiles(story).lead;
    const section = /^section: (.+)$/m.exec(await readFile(story, "utf8"))?.[1] ?? "news";
    const page = path.join(output, section, path.basename(story, ".md"), "index.html");
    const sources = async () => /<source type="image\/avif" srcset="([^"]+)"/.exec((await readText(page)) ?? "")?.[1];
    const shown = await sources();
    const t0 = Date.now();
    await writeFile(photo, await photographOfSize(Date.now() % 100_000, (await readFile(photo)).length));
    await until(async () => (await sources()) !== shown, 120_000, `a new picture on ${page}`);
    replacedPhoto = (Date.now() - t0) / 1000;
    console.log(`replaced photograph (same name and size): ${replacedPhoto.toFixed(2)} s until ${path.relative(output, page)} showed its new AVIF`);
  }

  // Saved once the preview has begun indexing the edits for search (it waits for the editor to pause):
  // the busiest moment an editor can meet.
  await new Promise((resolve) => setTimeout(resolve, PREVIEW_SEARCH_PAUSE_MS + 500));
  const marker = `Brand new story ${Date.now()}`;
  const builds = finishedBuilds(log);
  const t0 = Date.now();
  await writeFile(
    path.join(articles, "brand-new-story.md"),
    `---\nheadline: "${marker}"\ndate: ${new Date().toISOString().replace(/\.\d+Z$/, "Z")}\nsection: world\ntags: ${JSON.stringify([tag])}\nauthor: ${JSON.stringify(author)}\n---\n\nJust in.\n`,
  );
  await until(async () => (await readText(path.join(output, "index.html")))?.includes(marker) ?? false, 120_000, "the new story on the front page");
  const added = (Date.now() - t0) / 1000;
  await until(() => finishedBuilds(log) > builds, 600_000, "the end of the rebuild");
  const addedRebuild = (Date.now() - t0) / 1000;
  console.log(`new article (tagged ${tag}, by ${author}): ${added.toFixed(2)} s until the front page showed it; rebuild finished after ${addedRebuild.toFixed(2)} s`);

  await new Promise((resolve) => setTimeout(resolve, 1500));
  const deleteBuilds = finishedBuilds(log);
  const t1 = Date.now();
  await rm(path.join(articles, "brand-new-story.md"));
  await until(async () => !(await readText(path.join(output, "index.html")))?.includes(marker), 120_000, "the deleted story to leave the front page");
  await until(async () => (await readText(path.join(output, "world/brand-new-story/index.html"))) === undefined, 120_000, "the deleted story's page to go");
  const deleted = (Date.now() - t1) / 1000;
  await until(() => finishedBuilds(log) > deleteBuilds, 600_000, "the end of the rebuild");
  const deletedRebuild = (Date.now() - t1) / 1000;
  console.log(`deleted article: ${deleted.toFixed(2)} s until its page was gone and the front page no longer showed it; rebuild finished after ${deletedRebuild.toFixed(2)} s`);
  if (process.env.PREVIEW_LOG) await writeFile(process.env.PREVIEW_LOG, log);
  console.log(
    `\nmedian edit-to-page ${median(editTimes).toFixed(2)} s (rebuild ${median(editRebuilds).toFixed(2)} s); ` +
      `new-article-to-front-page ${added.toFixed(2)} s (rebuild ${addedRebuild.toFixed(2)} s); ` +
      `deleted-article-gone ${deleted.toFixed(2)} s (rebuild ${deletedRebuild.toFixed(2)} s)` +
      (replacedPhoto === undefined ? "" : `; replaced-photo-shown ${replacedPhoto.toFixed(2)} s`) +
      ` (${size} articles${values.incremental ? ", --incremental" : ""}${values.photos ? ", --photos" : ""})`,
  );
} catch (error) {
  console.error(String(error), "\n--- server log ---\n", log.slice(-3000));
  process.exitCode = 1;
} finally {
  server.kill();
  await new Promise((resolve) => server.once("exit", resolve));
  await rm(work, { recursive: true, force: true });
}

/** The tag most stories carry and the byline most stories have, read from the front matter as the generator writes it. */
async function largestTagAndAuthor(files: readonly string[]): Promise<{ tag: string; author: string }> {
  const tags = new Map<string, number>();
  const authors = new Map<string, number>();
  const count = (counts: Map<string, number>, name: string) => counts.set(name, (counts.get(name) ?? 0) + 1);
  for (const file of files) {
    const text = await readFile(file, "utf8");
    for (const tag of /^tags: \[(.*)\]$/m.exec(text)?.[1]?.split(",") ?? []) if (tag.trim()) count(tags, tag.trim());
    const author = /^author: (.+)$/m.exec(text)?.[1]?.trim();
    if (author) count(authors, author);
  }
  const most = (counts: Map<string, number>, otherwise: string) => [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? otherwise;
  return { tag: most(tags, "News"), author: most(authors, "Staff") };
}

function serves(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = httpGet(`http://127.0.0.1:${port}/`, { timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on("timeout", () => request.destroy());
    request.on("error", () => resolve(false));
  });
}

async function readText(file: string): Promise<string | undefined> {
  return readFile(file, "utf8").catch(() => undefined);
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
