// What an editor saves while `npm start`'s first build runs: Eleventy and the articles watcher start watching only
// once it has ended, so no event reports those saves, and `articlesSavedBeforeWatching` looks for them then: the
// stories saved, added or deleted since the build read them, and the pictures changed or arrived since its stories
// asked for them (src/preview-rebuilds.ts). Here a real npm start (src/cli/start.ts) is held still part way through
// its first build, once the build has read what it reads, and the files are changed while it is held: as an
// editor's saves land at any moment of the build, here at a known one. Then the pages are fetched over HTTP.
//
// Each run is one npm start with the changes one mechanism answers for: a rebuild for a picture lists the articles
// folder again and reads again the stories refused, so beside one an added story would be shown, or a missing
// photo's problem cleared, with their own mechanism gone.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { parseHTML } from "linkedom";
import sharp from "sharp";
import { finishedBuilds } from "../src/preview-log.ts";
import { solidPng } from "./helpers/images.ts";
import { freePort } from "./helpers/ports.ts";
import { eventually, getPage, previewOf, projectCopy, startPreview, stopPreview } from "./helpers/preview-process.ts";
import { processState } from "./helpers/process-state.ts";
import { article, removeTempDir, textOf } from "./helpers/site.ts";

/** Generous: the machine is shared, and each run is a first build of a few hundred stories. */
const WAIT_MS = 180_000;

/**
 * Stories besides the ones a test changes. The preview writes its pages as they are rendered, and rendering a few
 * hundred of them takes a second or more: the build is held within that time, well after it has begun writing.
 */
const OTHER_STORIES = 300;

type Rgb = [number, number, number];
const RED: Rgb = [200, 30, 30];
const BLUE: Rgb = [30, 60, 200];
const GREEN: Rgb = [30, 160, 60];

/** The stories no test changes, named to sort first: the warm-up rebuilds read the first story again (warmUpRebuilds). */
function otherStories(): Record<string, string> {
  const stories: Record<string, string> = {};
  for (let index = 0; index < OTHER_STORIES; index++) {
    const day = String(1 + (index % 28)).padStart(2, "0");
    stories[`aa-${String(index).padStart(4, "0")}.md`] = article({ headline: `Other story ${index}`, date: `2025-06-${day}T10:00:00+05:00` }, `Paragraph ${index}.\n\nAnother, with *emphasis*.`);
  }
  return stories;
}

/** What the preview says once the load has found problems (src/preview-server.ts): the load, and so every read, has ended. */
const problemsListed = (output: string) => output.includes("✗ The preview is NOT up to date.");

/** A page of the site in the preview's folder: the load, every story read and every picture made, is over before any is rendered. */
const pagesBeingWritten = (dir: string) => existsSync(path.join(dir, "_preview", "world"));

interface Preview {
  dir: string;
  port: number;
  server: ChildProcess;
  output: () => string;
}

/**
 * Starts npm start on a copy of the project with `files` in articles/, holds its preview still (SIGSTOP) as soon
 * as `reached` says so, makes `change` while it is held, then lets it go on. Fails if its first build had already
 * ended by then: the watchers would have started, and would report the change themselves.
 */
async function changeDuringFirstBuild(files: Record<string, string | Buffer>, reached: (preview: Preview) => boolean, change: (articles: string, preview: Preview) => Promise<void>): Promise<Preview> {
  const dir = await projectCopy("news-first-build-window-");
  const articles = path.join(dir, "articles");
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(articles, name), content);
  const port = await freePort();
  const preview: Preview = { dir, port, ...startPreview(dir, port) };
  try {
    const pid = await eventually("npm start's preview process", () => previewOf(preview.server), (pid) => pid > 0);
    await holdWhen(preview, pid, reached);
    try {
      assert.equal(finishedBuilds(preview.output()), 0, `the first build had ended before the preview was held (its line is in the output), so a watcher may report the change itself:\n${preview.output()}`);
      await change(articles, preview);
    } finally {
      process.kill(pid, "SIGCONT");
    }
    return preview;
  } catch (error) {
    // The suite never gets this preview to stop.
    await stopAndRemove(preview);
    throw error;
  }
}

/** Stops `pid` once `reached` (asked at each line it prints, and every few milliseconds); resolves once every thread of it has stopped and what it printed before has been read. */
async function holdWhen(preview: Preview, pid: number, reached: (preview: Preview) => boolean): Promise<void> {
  const { server } = preview;
  await new Promise<void>((resolve, reject) => {
    const settle = (error?: Error) => {
      clearInterval(timer);
      server.stdout!.off("data", check);
      server.stderr!.off("data", check);
      server.off("exit", ended);
      if (error) reject(error);
      else resolve();
    };
    const ended = () => settle(new Error(`npm start ended before its first build got that far:\n${preview.output()}`));
    const check = () => {
      if (!reached(preview)) return;
      try {
        process.kill(pid, "SIGSTOP");
        settle();
      } catch (error) {
        settle(error as Error); // the preview has gone
      }
    };
    // After startPreview's own listeners, so that the output a check reads holds the chunk that came.
    server.stdout!.on("data", check);
    server.stderr!.on("data", check);
    server.once("exit", ended);
    const timer = setInterval(check, 5);
    check();
  });
  await eventually(`the preview (${pid}) stopped`, () => threadStates(pid), (states) => states.length > 0 && states.every((state) => state === "T" || state === "t"), WAIT_MS);
  // The preview writes to its pipe synchronously (Node does so on Linux): all it printed is there, to be read in the next turns of this loop.
  await delay(200);
}

async function threadStates(pid: number): Promise<(string | undefined)[]> {
  const threads = await readdir(`/proc/${pid}/task`);
  return Promise.all(threads.map((thread) => processState(Number(thread))));
}

async function stopAndRemove(preview: Preview | undefined): Promise<void> {
  if (!preview) return;
  stopPreview(preview.server);
  await removeTempDir(preview.dir);
}

/** A page of the preview, parsed; undefined unless it is served as a page of the site (not the problems' notice, 503). */
async function pageAt(preview: Preview, url: string): Promise<Document | undefined> {
  const page = await getPage(preview.port, url);
  return page.status === 200 ? parseHTML(page.text).document : undefined;
}

/** The lead picture's fallback <img> of a story's page, and the image served at its src, decoded: its size and mean colour. */
async function leadPicture(preview: Preview, url: string): Promise<{ width: string | null; height: string | null; served: { width: number; height: number; mean: number[] } } | undefined> {
  const img = (await pageAt(preview, url))?.querySelector(".lead-image picture img");
  const src = img?.getAttribute("src");
  if (!img || !src) return undefined;
  const response = await fetch(`http://127.0.0.1:${preview.port}${src}`);
  if (!response.ok) return undefined;
  const bytes = Buffer.from(await response.arrayBuffer());
  const [{ width = 0, height = 0 }, { channels }] = await Promise.all([sharp(bytes).metadata(), sharp(bytes).stats()]);
  return { width: img.getAttribute("width"), height: img.getAttribute("height"), served: { width, height, mean: channels.slice(0, 3).map((channel) => Math.round(channel.mean)) } };
}

/** Whether a decoded picture is of one colour, `rgb`, as a JPEG gives it back. */
const isOf = (mean: number[], rgb: Rgb) => mean.every((value, index) => Math.abs(value - rgb[index]!) <= 12);

const story = (headline: string, fields: Record<string, string> = {}) => article({ headline, date: "2026-02-01T10:00:00+05:00", ...fields }, `${headline}: the first paragraph.`);

describe("npm start: a story saved and a story added while the first build runs", { timeout: 600_000 }, () => {
  let preview: Preview | undefined;

  before(async () => {
    const files = { ...otherStories(), "harbour.md": story("Harbour reopens") };
    preview = await changeDuringFirstBuild(files, ({ dir }) => pagesBeingWritten(dir), async (articles) => {
      await writeFile(path.join(articles, "harbour.md"), story("Harbour reopens at dawn"));
      await writeFile(path.join(articles, "ferry.md"), story("Ferry returns", { date: "2026-02-02T10:00:00+05:00" }));
    });
  });

  after(() => stopAndRemove(preview));

  test("the story saved shows the save", async () => {
    const headline = async () => textOf((await pageAt(preview!, "/world/harbour/"))?.querySelector("h1"));
    await eventually("the saved headline", headline, (text) => text === "Harbour reopens at dawn", WAIT_MS);
  });

  test("the story added is on the front page, and has its page", async () => {
    const links = async () => [...((await pageAt(preview!, "/"))?.querySelectorAll("a[href]") ?? [])].filter((link) => link.getAttribute("href") === "/world/ferry/").map(textOf);
    await eventually("the added story on the front page", links, (found) => found.includes("Ferry returns"), WAIT_MS);
    assert.equal(textOf((await pageAt(preview!, "/world/ferry/"))?.querySelector("h1")), "Ferry returns");
  });
});

describe("npm start: a story deleted while the first build runs", { timeout: 600_000 }, () => {
  let preview: Preview | undefined;

  before(async () => {
    // Alone: a rebuild for any other change lists the articles folder again, and would find it gone by itself.
    const files = { ...otherStories(), "pier.md": story("Pier closes") };
    preview = await changeDuringFirstBuild(files, ({ dir }) => pagesBeingWritten(dir), (articles) => rm(path.join(articles, "pier.md")));
  });

  after(() => stopAndRemove(preview));

  test("the story deleted has no page and is on no listing", async () => {
    // The first build read it, so it wrote its page and put it first on the front page (the newest story).
    const seen = async () => {
      const front = await pageAt(preview!, "/");
      const links = [...(front?.querySelectorAll("a[href]") ?? [])].map((link) => link.getAttribute("href"));
      return { frontPage: front !== undefined, listed: links.includes("/world/pier/"), status: (await getPage(preview!.port, "/world/pier/")).status };
    };
    await eventually("the deleted story gone", seen, ({ frontPage, listed, status }) => frontPage && !listed && status === 404, WAIT_MS);
  });
});

describe("npm start: a photo replaced while the first build runs", { timeout: 600_000 }, () => {
  let preview: Preview | undefined;

  before(async () => {
    const files = { ...otherStories(), "harbour.png": solidPng(800, 500, RED), "harbour.md": story("Harbour reopens", { image: "\n  src: harbour.png\n  alt: The harbour at dawn" }) };
    preview = await changeDuringFirstBuild(files, ({ dir }) => pagesBeingWritten(dir), async (articles) => {
      // As an editor's program saves it: written beside it (hidden, as the watchers skip), then renamed over it.
      await writeFile(path.join(articles, ".harbour.png.new"), solidPng(600, 900, BLUE));
      await rename(path.join(articles, ".harbour.png.new"), path.join(articles, "harbour.png"));
    });
  });

  after(() => stopAndRemove(preview));

  test("the story's page shows the new photo, and the picture served is made of it", async () => {
    const picture = await eventually("the new photo's picture", () => leadPicture(preview!, "/world/harbour/"), (seen) => seen !== undefined && isOf(seen.served.mean, BLUE), WAIT_MS);
    assert.deepEqual([picture!.width, picture!.height], ["600", "900"]);
    assert.equal(picture!.served.width * 900, picture!.served.height * 600, `served at the new photo's proportions: ${JSON.stringify(picture)}`);
  });
});

describe("npm start: a photo a story names, missing until it arrives while the first build runs", { timeout: 600_000 }, () => {
  let preview: Preview | undefined;

  before(async () => {
    const files = { ...otherStories(), "harbour.md": story("Harbour reopens", { image: "\n  src: harbour.png\n  alt: The harbour at dawn" }) };
    preview = await changeDuringFirstBuild(files, ({ output }) => problemsListed(output()), async (articles, { output }) => {
      assert.match(output(), /articles\/harbour\.md.*harbour\.png/, "the problem named the missing photo");
      await writeFile(path.join(articles, "harbour.png"), solidPng(640, 400, GREEN));
    });
  });

  after(() => stopAndRemove(preview));

  test("the story's problem is cleared: its page is served, with the photo", async () => {
    const picture = await eventually("the arrived photo's picture", () => leadPicture(preview!, "/world/harbour/"), (seen) => seen !== undefined && isOf(seen.served.mean, GREEN), WAIT_MS);
    assert.deepEqual([picture!.width, picture!.height], ["640", "400"]);
    assert.equal(textOf((await pageAt(preview!, "/world/harbour/"))?.querySelector("h1")), "Harbour reopens");
    assert.ok(await pageAt(preview!, "/"), "the front page is served, not the problems' notice");
  });
});
