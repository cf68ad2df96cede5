// One save, one rebuild and one reload of an open tab, however the editor's save reaches the watcher
// (src/articles-watcher.ts, src/reported-files.ts): vim writes the story, fsyncs it, then chmods it, and
// when the fsync outlasted the watcher's settling the chmod was a change of its own. And no rebuild for what
// is no save: a chmod of a story as the first build read it, or of the photo beside it as its pictures were made.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { chmod, open, rename, rm, utimes, writeFile } from "node:fs/promises";
import { statSync } from "node:fs";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import type { Page } from "playwright-core";
import { SETTLE_MS } from "../../src/articles-watcher.ts";
import { chromiumMissing, launchChromium, type Chromium } from "../helpers/chromium.ts";
import { freePort } from "../helpers/ports.ts";
import { eventually, getPage, projectCopy, startPreview, stopPreview, TIMEOUT_MS } from "../helpers/preview-process.ts";
import { solidPng } from "../helpers/images.ts";
import { article } from "../helpers/site.ts";

const skip = chromiumMissing();

/**
 * How long after a save's rebuild a second one, had the save made one, would have begun: its report comes a
 * settling after the chmod, and Eleventy starts a change's rebuild once the one under way has ended.
 */
const QUIET_MS = 5000;

describe("a preview tab on a story its editor saves", { skip, timeout: 300_000 }, () => {
  let dir: string;
  let server: ChildProcess | undefined;
  let output: () => string;
  let browser: Chromium;
  let page: Page;
  let loads = 0;
  const story = () => path.join(dir, "articles", "story.md");
  const photo = () => path.join(dir, "articles", "harbour.png");
  /** The story, its headline `headline`, with the photo beside it as its lead image. */
  const storyText = (headline: string) => article({ headline, image: "\n  src: harbour.png\n  alt: The harbour at dawn" });
  const rebuildsFor = (name: string, said: string) => said.match(new RegExp(`^[✓✗] Preview rebuilt for \\S*${name.replace(".", "\\.")}\\b.*$`, "gm")) ?? [];
  const anyRebuilds = (said: string) => said.match(/^[✓✗] Preview rebuilt for .*$/gm) ?? [];
  const shows = (headline: string) =>
    page.waitForFunction((headline) => document.querySelector("h1")?.textContent?.trim() === headline, headline, { timeout: TIMEOUT_MS });

  /**
   * Makes `change`, waits for the tab to show `headline` and for a rebuild for `file`, then for the preview to
   * have been quiet a while; what the preview said meanwhile, its rebuilds for `file`, and the tab's loads.
   */
  const afterChange = async (headline: string, change: () => Promise<void>, file = "story.md") => {
    const [from, loadsBefore] = [output().length, loads];
    await change();
    await shows(headline);
    await eventually("the rebuild's line", async () => rebuildsFor(file, output().slice(from)), (lines) => lines.length > 0);
    await delay(QUIET_MS);
    return { rebuilds: rebuildsFor(file, output().slice(from)), loads: loads - loadsBefore, said: output().slice(from) };
  };

  /** Makes `change` and waits as long as a rebuild for it would take to begin: the preview's rebuilds meanwhile, and the tab's loads. */
  const quietAfter = async (change: () => Promise<void>) => {
    const [from, loadsBefore] = [output().length, loads];
    await change();
    await delay(QUIET_MS);
    return { rebuilds: anyRebuilds(output().slice(from)), loads: loads - loadsBefore, said: output().slice(from) };
  };

  /** The width the story's lead image is shown at (its picture's `width`). */
  const leadWidth = () => page.evaluate(() => document.querySelector(".lead-image img")?.getAttribute("width"));

  before(async () => {
    dir = await projectCopy("news-preview-saves-");
    await writeFile(photo(), solidPng(400, 300));
    await writeFile(story(), storyText("Harbour reopens"));
    const port = await freePort();
    ({ server, output } = startPreview(dir, port));
    await eventually("the preview", () => getPage(port, "/world/story/"), (response) => response.status === 200);
    browser = await launchChromium();
    page = await browser.context.newPage();
    await page.goto(`http://127.0.0.1:${port}/world/story/`);
    await shows("Harbour reopens");
    page.on("load", () => loads++);
  });

  after(async () => {
    await browser?.close();
    stopPreview(server);
    await rm(dir, { recursive: true, force: true });
  });

  // The watcher had nothing to compare it with: it had not reported the story since npm start began. The first
  // build's read of it is what it is compared with (src/reported-files.ts).
  test("a story the first build read, its mode set before any save: no rebuild, no reload", async () => {
    const { mode } = statSync(story());
    const seen = await quietAfter(() => chmod(story(), mode));
    assert.deepEqual(seen.rebuilds, [], seen.said);
    assert.equal(seen.loads, 0, seen.said);
  });

  // Nor a photo the first build made the story's pictures of: the watcher compares it with their version.
  test("the photo beside the story, its mode set before any event: no rebuild, no reload", async () => {
    const { mode } = statSync(photo());
    const seen = await quietAfter(() => chmod(photo(), mode));
    assert.deepEqual(seen.rebuilds, [], seen.said);
    assert.equal(seen.loads, 0, seen.said);
  });

  test("vim's save, its chmod coming after the watcher's settling: one rebuild, one reload", async () => {
    const { mode } = statSync(story());
    const seen = await afterChange("Harbour reopens at dawn", async () => {
      // As vim writes in place: the file truncated and written, fsync, then its mode set (as it was).
      const file = await open(story(), "w");
      await file.write(storyText("Harbour reopens at dawn"));
      await file.sync();
      await file.close();
      await delay(SETTLE_MS * 5);
      await chmod(story(), mode);
    });
    assert.equal(seen.rebuilds.length, 1, seen.said);
    assert.equal(seen.loads, 1, seen.said);
  });

  // README: every save rebuilds and reloads the page, one that changed nothing too.
  test("touched (its bytes as they were, a new modification time), it is rebuilt and reloaded once", async () => {
    const { mtime } = statSync(story());
    const seen = await afterChange("Harbour reopens at dawn", async () => {
      await utimes(story(), mtime, new Date(mtime.getTime() + 2000));
    });
    // The headline was already shown: wait for the touch's own rebuild.
    assert.equal(seen.rebuilds.length, 1, seen.said);
    assert.equal(seen.loads, 1, seen.said);
  });

  // A photo is known by its modification time, size and inode (src/reported-files.ts), as the preview's
  // pictures know it: a touch or a replacement is a rebuild, its mode set after them none.
  test("the photo beside the story: touched, one rebuild and one reload; its mode set then, none; replaced by another picture, one, showing it", async () => {
    const { mtime, mode } = statSync(photo());
    const touched = await afterChange("Harbour reopens at dawn", () => utimes(photo(), mtime, new Date(mtime.getTime() + 2000)), "harbour.png");
    assert.equal(touched.rebuilds.length, 1, touched.said);
    assert.equal(touched.loads, 1, touched.said);
    const chmodded = await quietAfter(() => chmod(photo(), mode));
    assert.deepEqual(chmodded.rebuilds, [], chmodded.said);
    assert.equal(chmodded.loads, 0, chmodded.said);
    assert.equal(await leadWidth(), "400");
    // As an editor's program saves it: a new file written beside it (hidden, as the watcher skips), renamed over it.
    const replaced = await afterChange(
      "Harbour reopens at dawn",
      async () => {
        const copy = path.join(dir, "articles", ".harbour.png.new");
        await writeFile(copy, solidPng(300, 600));
        await rename(copy, photo());
      },
      "harbour.png",
    );
    assert.equal(replaced.rebuilds.length, 1, replaced.said);
    assert.equal(replaced.loads, 1, replaced.said);
    assert.equal(await leadWidth(), "300");
  });
});
