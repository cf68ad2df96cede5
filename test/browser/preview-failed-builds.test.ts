// An open preview tab shows a build that failed for a reason other than the articles' problems (a template
// Nunjucks cannot compile, here), from the first build on, and the site again once a save fixes it
// (src/preview-server.ts, src/preview-session.ts): nothing here reloads, focuses or navigates the page.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { chromiumMissing, launchChromium, type Chromium } from "../helpers/chromium.ts";
import { freePort } from "../helpers/ports.ts";
import { eventually, getPage, projectCopy, startPreview, stopPreview, TIMEOUT_MS } from "../helpers/preview-process.ts";
import { article } from "../helpers/site.ts";

const skip = chromiumMissing();

describe("a preview tab, when a build fails", { skip, timeout: 300_000 }, () => {
  let dir: string;
  let server: ChildProcess | undefined;
  let output: () => string;
  let browser: Chromium;
  let page: Page;
  let good: string;
  const template = () => path.join(dir, "templates/article.njk");
  const saveTemplate = (text: string) => writeFile(template(), text);
  /** The template with a block left open, which Nunjucks refuses at its {% endblock %}. */
  const unclosed = () => good.replace("{% block main %}", "{% block main %}{% if article.headline %}");
  /** The template with a filter Nunjucks does not know. */
  const unknownFilter = () => good.replace("{% block main %}", "{% block main %}{{ article.headline | nosuchfilter }}");
  const shows = (selector: string, text: RegExp) =>
    page.waitForFunction(([selector, source]) => new RegExp(source!).test(document.querySelector(selector!)?.textContent ?? ""), [selector, text.source] as const, { timeout: TIMEOUT_MS });

  before(async () => {
    dir = await projectCopy("news-preview-failed-");
    await writeFile(path.join(dir, "articles/story.md"), article({ headline: "The story" }));
    good = await readFile(template(), "utf8");
    // Broken before npm start begins: its first build fails.
    await saveTemplate(unclosed());
    const port = await freePort();
    ({ server, output } = startPreview(dir, port));
    await eventually("the failed first build's notice", () => getPage(port, "/world/story/"), (response) => response.status === 503);
    browser = await launchChromium();
    page = await browser.context.newPage();
    await page.goto(`http://127.0.0.1:${port}/world/story/`);
  });

  after(async () => {
    await browser?.close();
    stopPreview(server);
    await rm(dir, { recursive: true, force: true });
  });

  test("a first build that fails is named, and npm start goes on to show the site once the template is fixed", async () => {
    await shows("h1", /^The preview could not be built$/);
    await shows("pre", /\(\.\/templates\/article\.njk\) \[Line \d+, Column \d+\]\s+unknown block tag: endblock/);
    assert.match(output(), /✗ Preview build failed after .*unknown block tag: endblock.*Fix it and save: the preview rebuilds by itself\./);
    await saveTemplate(good);
    await shows("h1", /^The story$/);
  });

  test("a site page goes to a failed rebuild's notice by itself, then to the next failure's, then back to the site", async () => {
    await saveTemplate(unknownFilter());
    await shows("h1", /^The preview could not be rebuilt$/);
    await shows("pre", /filter not found: nosuchfilter/);
    await saveTemplate(unclosed());
    await shows("pre", /unknown block tag: endblock/);
    await saveTemplate(good);
    await shows("h1", /^The story$/);
  });
});
