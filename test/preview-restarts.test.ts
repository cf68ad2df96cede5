// npm start runs the preview afresh when the settings change (src/cli/start.ts): on a small site with a
// settings file of its own, as NEWS_SETTINGS_FILE gives one.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseHTML } from "linkedom";
import { isRunning } from "../src/processes.ts";
import { PREVIEW_OUTPUT } from "../src/cli/preview-options.ts";
import { pidNotingPagefind } from "./helpers/pagefind.ts";
import { freePort } from "./helpers/ports.ts";
import { eventually, getPage, groupHasProcesses, previewOf, projectCopy, startPreview, stopPreview } from "./helpers/preview-process.ts";
import { processState } from "./helpers/process-state.ts";
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

  test("a logo that is not under public/ is named until the file is added there, with no save of the settings", async () => {
    const checksAgain = () => output().match(/public\/ changed: the preview is restarting to check the settings again\./g)?.length ?? 0;
    await saveSettings({ name: "Fixed Fixture News", logo: "/images/masthead.svg" });
    const page = await eventually("the problem", () => get("/world/story/"), (response) => response.status === 503 && response.text.includes("masthead.svg"));
    assert.match(parseHTML(page.text).document.querySelector("pre")?.textContent ?? "", /logo: expected the path of an image under public\/ .*; there is no file public\/images\/masthead\.svg \(in settings\.json\)/);
    await copyFile(path.join(dir, "public/images/logo.svg"), path.join(dir, "public/images/masthead.svg"));
    for (const url of ["/world/story/", "/"]) await eventually(`the site at ${url}`, () => siteName(url), (name) => name === "Fixed Fixture News");
    assert.equal(checksAgain(), 1, output());
    // With nothing to check again, a change under public/ is the site's, and no restart.
    await writeFile(path.join(dir, "public/images/another.svg"), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(checksAgain(), 1, output());
  });

  // Last: it ends the preview.
  test("a run of the preview that dies by itself is reported, and npm start exits with an error", async () => {
    const exited = new Promise<number | null>((resolve) => server!.once("exit", (code) => resolve(code)));
    process.kill(await previewOf(server!), "SIGKILL");
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
      const preview = await eventually("the preview's process", () => previewOf(server), (pid) => pid > 0, 10_000);
      process.kill(server.pid!, "SIGKILL");
      await eventually("the preview to end", async () => isRunning(preview), (running) => !running, 30_000);
      assert.equal(existsSync(path.join(dir, PREVIEW_OUTPUT, "index.html")), false, "it ended before it built the site");
      await assert.rejects(getPage(port, "/"), "nothing serves on the port");
    } finally {
      stopPreview(server);
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("npm start, when its preview ends", { timeout: 240_000, skip: existsSync("/proc/self/stat") ? false : "needs /proc" }, () => {
  test("killed outright, the preview leaves no Pagefind process behind, not even one it had stopped", async () => {
    const dir = await projectCopy("news-preview-pagefind-left-");
    await writeFile(path.join(dir, "articles/story.md"), article({ headline: "The story" }));
    // Held before it becomes Pagefind, so that it is still there to be stopped however busy the machine.
    const { binary, pids, release } = await pidNotingPagefind(dir, "pagefind-noting-pid", { held: true });
    const { server, output } = startPreview(dir, await freePort(), { PAGEFIND_EXTENDED_BINARY_PATH: binary });
    try {
      const [pagefind] = await eventually("the background index to start Pagefind", pids, (started) => started.length > 0);
      // Stopped as a rebuild stops it (src/rebuild-gate.ts; test/preview-server.test.ts sees a rebuild do so);
      // once continued, it goes on to become Pagefind. Stopped again at each look: a warm-up rebuild that ends
      // meanwhile continues the processes it stopped, this one among them (CI, loaded, saw it stay "S" for 10 s).
      const stop = async () => {
        process.kill(pagefind!, "SIGSTOP");
        return processState(pagefind!);
      };
      await eventually("Pagefind to be stopped", stop, (state) => state === "T", 10_000);
      await release();
      const exited = new Promise<number | null>((resolve) => server.once("exit", (code) => resolve(code)));
      process.kill(await previewOf(server), "SIGKILL");
      assert.equal(await exited, 1, output());
      await eventually("Pagefind to end", () => processState(pagefind!), (state) => state === undefined || state === "Z", 15_000);
    } finally {
      await release();
      for (const pid of await pids()) {
        for (const signal of ["SIGCONT", "SIGKILL"] as const) {
          try {
            process.kill(pid, signal);
          } catch {
            // It has ended, as it should.
          }
        }
      }
      stopPreview(server);
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("Ctrl-C, which the terminal sends to npm start's group, ends npm start, the preview and all it started", async () => {
    const dir = await projectCopy("news-preview-ctrl-c-");
    await writeFile(path.join(dir, "articles/story.md"), article({ headline: "The story" }));
    const port = await freePort();
    const { server, output } = startPreview(dir, port);
    try {
      await eventually("the first page", () => getPage(port, "/world/story/"), (page) => page.status === 200);
      const preview = await previewOf(server);
      const exited = new Promise<number | null>((resolve) => server.once("exit", (code) => resolve(code)));
      process.kill(-server.pid!, "SIGINT");
      assert.equal(await exited, 0, output());
      await eventually("the preview and its group to end", async () => isRunning(preview) || groupHasProcesses(preview), (left) => !left, 15_000);
    } finally {
      stopPreview(server);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
