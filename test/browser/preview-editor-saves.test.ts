// One save, one rebuild and one reload of an open tab, however the editor's save reaches the watcher
// (src/articles-watcher.ts, src/reported-files.ts): vim writes the story, fsyncs it, then chmods it, and
// when the fsync outlasted the watcher's settling the chmod was a change of its own.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { chmod, open, rm, utimes, writeFile } from "node:fs/promises";
import { statSync } from "node:fs";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import type { Page } from "playwright-core";
import { SETTLE_MS } from "../../src/articles-watcher.ts";
import { chromiumMissing, launchChromium, type Chromium } from "../helpers/chromium.ts";
import { freePort } from "../helpers/ports.ts";
import { eventually, getPage, projectCopy, startPreview, stopPreview, TIMEOUT_MS } from "../helpers/preview-process.ts";
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
  const rebuildsForStory = (said: string) => said.match(/^[✓✗] Preview rebuilt for \S*story\.md\b.*$/gm) ?? [];
  const shows = (headline: string) =>
    page.waitForFunction((headline) => document.querySelector("h1")?.textContent?.trim() === headline, headline, { timeout: TIMEOUT_MS });

  /** Makes `change`, waits for the tab to show `headline` and then for the preview to have been quiet a while; what the preview said meanwhile, and the tab's loads. */
  const afterChange = async (headline: string, change: () => Promise<void>) => {
    const [from, loadsBefore] = [output().length, loads];
    await change();
    await shows(headline);
    await eventually("the rebuild's line", async () => rebuildsForStory(output().slice(from)), (lines) => lines.length > 0);
    await delay(QUIET_MS);
    return { rebuilds: rebuildsForStory(output().slice(from)), loads: loads - loadsBefore, said: output().slice(from) };
  };

  before(async () => {
    dir = await projectCopy("news-preview-saves-");
    await writeFile(story(), article({ headline: "Harbour reopens" }));
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

  test("vim's save, its chmod coming after the watcher's settling: one rebuild, one reload", async () => {
    const { mode } = statSync(story());
    const seen = await afterChange("Harbour reopens at dawn", async () => {
      // As vim writes in place: the file truncated and written, fsync, then its mode set (as it was).
      const file = await open(story(), "w");
      await file.write(article({ headline: "Harbour reopens at dawn" }));
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
});
