// An open preview tab follows npm start's restart after a settings change (src/cli/start.ts,
// src/preview-session.ts) by itself: nothing here reloads, focuses or navigates the page.
import { after, before, describe, test } from "node:test";
import type { ChildProcess } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { chromiumMissing, launchChromium, type Chromium } from "../helpers/chromium.ts";
import { freePort } from "../helpers/ports.ts";
import { eventually, getPage, projectCopy, startPreview, stopPreview, TIMEOUT_MS } from "../helpers/preview-process.ts";
import { article } from "../helpers/site.ts";

const skip = chromiumMissing();

describe("a preview tab, when the settings change", { skip, timeout: 300_000 }, () => {
  let dir: string;
  let server: ChildProcess | undefined;
  let browser: Chromium;
  let page: Page;
  const saveSettings = (name: string) => writeFile(path.join(dir, "settings.json"), JSON.stringify({ name }));
  const shows = (selector: string, text: string) =>
    page.waitForFunction(([selector, text]) => document.querySelector(selector!)?.textContent?.trim() === text, [selector, text] as const, { timeout: TIMEOUT_MS });

  before(async () => {
    dir = await projectCopy("news-preview-tab-");
    await writeFile(path.join(dir, "articles/story.md"), article({ headline: "The story" }));
    await saveSettings("Fixture News");
    const port = await freePort();
    ({ server } = startPreview(dir, port, { NEWS_SETTINGS_FILE: "settings.json" }));
    await eventually("the preview", () => getPage(port, "/world/story/"), (response) => response.status === 200);
    browser = await launchChromium();
    page = await browser.context.newPage();
    await page.goto(`http://127.0.0.1:${port}/world/story/`);
    await shows(".site-name", "Fixture News");
  });

  after(async () => {
    await browser?.close();
    stopPreview(server);
    await rm(dir, { recursive: true, force: true });
  });

  test("reloads with the new settings", async () => {
    await saveSettings("Renamed Fixture News");
    await shows(".site-name", "Renamed Fixture News");
  });

  test("shows settings the preview cannot start with, and the site again once they are fixed", async () => {
    await saveSettings("");
    await shows("h1", "The settings have a problem");
    await saveSettings("Fixed Fixture News");
    await shows(".site-name", "Fixed Fixture News");
  });
});
