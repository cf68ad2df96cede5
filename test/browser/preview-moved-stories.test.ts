// An open preview tab follows its story to a new address when the editor renames the story's file or
// changes its section (src/preview-moved-stories.ts): nothing here reloads or navigates the pages after
// they are opened. A story deleted outright leaves its tab on "Page not found".
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { readFile, rename, rm, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { chromiumMissing, launchChromium, type Chromium } from "../helpers/chromium.ts";
import { freePort } from "../helpers/ports.ts";
import { eventually, getPage, projectCopy, startPreview, stopPreview, TIMEOUT_MS } from "../helpers/preview-process.ts";
import { article } from "../helpers/site.ts";

const skip = chromiumMissing();

describe("a preview tab on a story that moves", { skip, timeout: 300_000 }, () => {
  let dir: string;
  let port: number;
  let server: ChildProcess | undefined;
  let browser: Chromium;
  /** Opened on the front page, then on the story by a link's navigation: its history has both. */
  let browsing: Page;
  /** Opened on the story's address directly. */
  let direct: Page;
  const file = (name: string) => path.join(dir, "articles", name);
  const address = (page: Page) => new URL(page.url()).pathname;
  const followed = (page: Page, url: string) =>
    page.waitForFunction(([url]) => location.pathname === url && document.querySelector("h1")?.textContent?.trim() === "Harbour reopens", [url] as const, { timeout: TIMEOUT_MS });

  before(async () => {
    dir = await projectCopy("news-preview-moves-");
    await writeFile(file("harbour.md"), article({ headline: "Harbour reopens" }));
    await writeFile(file("doomed.md"), article({ headline: "Doomed story" }));
    port = await freePort();
    ({ server } = startPreview(dir, port));
    await eventually("the preview", () => getPage(port, "/world/harbour/"), (response) => response.status === 200);
    browser = await launchChromium();
    browsing = await browser.context.newPage();
    await browsing.goto(`http://127.0.0.1:${port}/`);
    await browsing.goto(`http://127.0.0.1:${port}/world/harbour/`);
    direct = await browser.context.newPage();
    await direct.goto(`http://127.0.0.1:${port}/world/harbour/`);
  });

  after(async () => {
    await browser?.close();
    stopPreview(server);
    await rm(dir, { recursive: true, force: true });
  });

  test("its section changed: every tab on it goes to its new address, in place of the old one in the history", async () => {
    const entries = await browsing.evaluate(() => history.length);
    await writeFile(file("harbour.md"), article({ headline: "Harbour reopens", section: "business" }));
    await followed(browsing, "/business/harbour/");
    await followed(direct, "/business/harbour/");
    assert.equal(await browsing.evaluate(() => history.length), entries, "the old address was replaced, not added to");
    await browsing.goBack();
    assert.equal(address(browsing), "/");
    await browsing.goForward();
    assert.equal(address(browsing), "/business/harbour/");
  });

  test("its file renamed (a short code derived from the name, which changes too): every tab follows it", async () => {
    const entries = await browsing.evaluate(() => history.length);
    await rename(file("harbour.md"), file("harbour-after-the-storm.md"));
    await followed(browsing, "/business/harbour-after-the-storm/");
    await followed(direct, "/business/harbour-after-the-storm/");
    assert.equal(await browsing.evaluate(() => history.length), entries);
    await browsing.goBack();
    assert.equal(address(browsing), "/");
    await browsing.goForward();
  });

  test("a tab that missed the dev server's reload after the new file (still loading Page not found) follows too, by the preview's own question", async () => {
    const late = await browser.context.newPage();
    // Its live-reload connection goes nowhere: only the preview's reload script (src/preview-session.ts) can move it.
    await late.routeWebSocket(/.*/, () => undefined);
    await late.goto(`http://127.0.0.1:${port}/business/harbour-after-the-storm/`);
    const entries = await late.evaluate(() => history.length);
    const story = await readFile(file("harbour-after-the-storm.md"), "utf8");
    await unlink(file("harbour-after-the-storm.md"));
    await eventually("the page to go", () => getPage(port, "/business/harbour-after-the-storm/"), (response) => response.status === 404);
    // The reload the deletion's rebuild sends, which this tab got; the next one, after the new file, it misses.
    await late.reload();
    await writeFile(file("harbour-reopened.md"), story);
    await followed(late, "/business/harbour-reopened/");
    assert.equal(await late.evaluate(() => history.length), entries, "the old address replaced");
  });

  test("deleted outright: the tab stays on Page not found, at the story's address", async () => {
    const doomed = await browser.context.newPage();
    await doomed.goto(`http://127.0.0.1:${port}/world/doomed/`);
    await unlink(file("doomed.md"));
    await doomed.waitForFunction(() => document.querySelector("h1")?.textContent?.trim() === "Page not found", undefined, { timeout: TIMEOUT_MS });
    // Another save, which reloads every open tab: still nowhere to go.
    await writeFile(file("other.md"), article({ headline: "Another story" }));
    await eventually("the other story", () => getPage(port, "/world/other/"), (response) => response.status === 200);
    await doomed.waitForFunction(() => document.querySelector("h1")?.textContent?.trim() === "Page not found", undefined, { timeout: TIMEOUT_MS });
    assert.equal(address(doomed), "/world/doomed/");
  });
});
