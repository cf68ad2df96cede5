// npm start runs the preview afresh when the settings change (src/cli/start.ts): on a small site with a
// settings file of its own, as NEWS_SETTINGS_FILE gives one.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseHTML } from "linkedom";
import { freePort } from "./helpers/ports.ts";
import { eventually, getPage, projectCopy, startPreview, stopPreview } from "./helpers/preview-process.ts";
import { article, textOf } from "./helpers/site.ts";

describe("npm start, when the settings change", { timeout: 400_000 }, () => {
  let dir: string;
  let server: ChildProcess | undefined;
  let output: () => string;
  let port: number;
  const settingsFile = () => path.join(dir, "settings.json");
  const saveSettings = (settings: Record<string, unknown> | string) => writeFile(settingsFile(), typeof settings === "string" ? settings : JSON.stringify(settings));
  const get = (url: string) => getPage(port, url);
  const siteName = async (url: string) => {
    const page = await get(url);
    return page.status === 200 ? textOf(parseHTML(page.text).document.querySelector(".site-name")) : `HTTP ${page.status}`;
  };
  const restarts = () => output().match(/settings\.json changed: the preview is restarting with the new settings\./g)?.length ?? 0;

  before(async () => {
    dir = await projectCopy("news-preview-settings-");
    await writeFile(path.join(dir, "articles/story.md"), article({ headline: "The story" }));
    await saveSettings({ name: "Fixture News" });
    port = await freePort();
    ({ server, output } = startPreview(dir, port, { NEWS_SETTINGS_FILE: "settings.json" }));
    await eventually("the first page", () => siteName("/world/story/"), (name) => name === "Fixture News");
  });

  after(async () => {
    stopPreview(server);
    await rm(dir, { recursive: true, force: true });
  });

  test("shows the new settings on the same port, after one restart for several quick saves", async () => {
    for (const name of ["Renamed News", "Renamed Fixture", "Renamed Fixture News"]) {
      await saveSettings({ name });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (const url of ["/world/story/", "/"]) await eventually(`the new name at ${url}`, () => siteName(url), (name) => name === "Renamed Fixture News");
    assert.equal(restarts(), 1, output());
  });

  test("a save that leaves the text as it was does not restart it", async () => {
    await saveSettings({ name: "Renamed Fixture News" });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(restarts(), 1, output());
  });

  test("settings the schema refuses: every page and the terminal name the file and the problem", async () => {
    await saveSettings({ name: "" });
    for (const url of ["/world/story/", "/"]) {
      const page = await eventually(`the problem at ${url}`, () => get(url), (response) => response.status === 503 && response.text.includes("settings.json"));
      const { document } = parseHTML(page.text);
      assert.equal(textOf(document.querySelector("h1")), "The settings have a problem");
      assert.equal(document.querySelector("pre")?.textContent, "The site settings are not valid:\n  name: expected string to have >=1 characters (in settings.json)");
      assert.ok(document.querySelector('script[src="/.news-preview/reload.js"]'), "the page reloads itself once the preview runs again");
    }
    await eventually("the terminal message", async () => output(), (text) => /The preview cannot start with these settings\. The site settings are not valid:\n {2}name: expected string to have >=1 characters \(in settings\.json\)/.test(text));
  });

  test("a settings file that is not JSON is named with the problem", async () => {
    await saveSettings('{ "name": "Fixture News", }');
    const page = await eventually("the problem", () => get("/"), (response) => response.status === 503 && response.text.includes("as JSON"));
    assert.match(parseHTML(page.text).document.querySelector("pre")?.textContent ?? "", /^settings\.json: expected the settings as JSON; /);
  });

  test("the save that fixes the settings brings the site back", async () => {
    await saveSettings({ name: "Fixed Fixture News" });
    await eventually("the site", () => siteName("/world/story/"), (name) => name === "Fixed Fixture News");
  });

  test("a TypeScript settings file that does not compile is named with its line", async () => {
    const config = path.join(dir, "site.config.ts");
    const settings = await readFile(config, "utf8");
    await writeFile(config, settings.replace("perPage: 20,", "perPage: 20 20,"));
    try {
      const page = await eventually("the problem", () => get("/"), (response) => response.status === 503 && response.text.includes("site.config.ts"));
      assert.match(parseHTML(page.text).document.querySelector("pre")?.textContent ?? "", /^site\.config\.ts could not be loaded:\n {2}site\.config\.ts:\d+:\d+: ERROR: Expected "}" but found "20"/);
    } finally {
      await writeFile(config, settings);
    }
    await eventually("the site", () => siteName("/"), (name) => name === "Fixed Fixture News");
  });

  // Last: it ends the preview.
  test("a run of the preview that dies by itself is reported, and npm start exits with an error", async () => {
    const supervisor = server!.pid!;
    const exited = new Promise<number | null>((resolve) => server!.once("exit", (code) => resolve(code)));
    const [preview] = (await readFile(`/proc/${supervisor}/task/${supervisor}/children`, "utf8")).trim().split(" ").map(Number);
    process.kill(preview!, "SIGKILL");
    assert.equal(await exited, 1);
    assert.match(output(), /The preview stopped by itself \(signal SIGKILL\): the messages above say why\. npm start stops too\./);
  });
});

describe("npm start, killed outright", { timeout: 120_000 }, () => {
  test("while its preview is still starting, the preview ends too rather than building and holding the port", async () => {
    const dir = await projectCopy("news-preview-killed-");
    await writeFile(path.join(dir, "articles/story.md"), article({ headline: "The story" }));
    const port = await freePort();
    const { server } = startPreview(dir, port);
    try {
      const supervisor = server.pid!;
      const preview = await eventually(
        "the preview's process",
        async () => Number((await readFile(`/proc/${supervisor}/task/${supervisor}/children`, "utf8")).trim().split(" ")[0]),
        (pid) => pid > 0,
        10_000,
      );
      process.kill(supervisor, "SIGKILL");
      await eventually("the preview to end", async () => isRunning(preview), (running) => !running, 30_000);
      assert.equal(existsSync(path.join(dir, "_site/index.html")), false, "it ended before it built the site");
      await assert.rejects(getPage(port, "/"), "nothing serves on the port");
    } finally {
      stopPreview(server);
      await rm(dir, { recursive: true, force: true });
    }
  });
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
