import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { watchFolderTree, watchSettingsFiles } from "../src/settings-watch.ts";
import { makeTempDir } from "./helpers/site.ts";

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("several saves in quick succession, each replacing the file, are one change; a save of the same text is none", async () => {
  const dir = await makeTempDir("news-settings-watch-");
  const file = path.join(dir, "settings.json");
  await writeFile(file, '{"name":"A"}');
  const changed: string[] = [];
  const stop = watchSettingsFiles([file, path.join(dir, "site.config.ts")], (name) => changed.push(name), 200);
  try {
    for (const name of ["B", "C", "D"]) {
      // As an editor saves: a temporary file renamed over the old one.
      await writeFile(`${file}.tmp`, `{"name":"${name}"}`);
      await rename(`${file}.tmp`, file);
      await settle(50);
    }
    await settle(600);
    assert.deepEqual(changed, [file]);
    await writeFile(file, '{"name":"D"}');
    await writeFile(path.join(dir, "other.json"), "{}");
    await settle(600);
    assert.deepEqual(changed, [file], "the same text again, and another file, are no change");
  } finally {
    stop();
    await rm(dir, { recursive: true, force: true });
  }
});

test("a settings file whose folder cannot be watched costs a warning, not the preview", () => {
  const warned: string[] = [];
  const warn = console.warn;
  console.warn = (message: string) => warned.push(message);
  try {
    watchSettingsFiles([path.join("no-such-folder", "settings.json")], () => undefined)();
  } finally {
    console.warn = warn;
  }
  assert.match(warned.join("\n"), /Not watching settings\.json for changes .*restart npm start after editing it/);
});

test("a folder tree: files added, removed or written anywhere under it in quick succession are one change", async () => {
  const dir = await makeTempDir("news-folder-watch-");
  const nested = path.join(dir, "images");
  await mkdir(nested);
  let changes = 0;
  const stop = watchFolderTree(dir, () => changes++, "save the settings", 200);
  try {
    await settle(300);
    assert.equal(changes, 0, "nothing changed yet");
    await writeFile(path.join(nested, "masthead.svg"), "<svg/>");
    await settle(50);
    await rm(path.join(nested, "masthead.svg"));
    await settle(600);
    assert.equal(changes, 1);
    await writeFile(path.join(dir, "favicon.svg"), "<svg/>");
    await settle(600);
    assert.equal(changes, 2);
  } finally {
    stop();
    await rm(dir, { recursive: true, force: true });
  }
});

test("a folder tree that cannot be watched costs a warning saying what to do instead", () => {
  const warned: string[] = [];
  const warn = console.warn;
  console.warn = (message: string) => warned.push(message);
  try {
    watchFolderTree("no-such-public", () => undefined, "save the settings once no-such-public/ is as it should be")();
  } finally {
    console.warn = warn;
  }
  assert.match(warned.join("\n"), /^Not watching no-such-public for changes \(.*\): save the settings once no-such-public\/ is as it should be\.$/);
});
