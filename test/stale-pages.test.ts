import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { outputFileOf, removePages } from "../src/stale-pages.ts";
import { makeTempDir } from "./helpers/site.ts";

/** A folder holding an output folder with the given files, and a file beside it that must survive. */
async function outputWith(files: string[]): Promise<{ root: string; output: string; outside: string }> {
  const root = await makeTempDir("news-stale-");
  const output = path.join(root, "_site");
  for (const file of files) {
    await mkdir(path.dirname(path.join(output, file)), { recursive: true });
    await writeFile(path.join(output, file), "<p>page</p>");
  }
  const outside = path.join(root, "keep.html");
  await writeFile(outside, "outside the site");
  return { root, output, outside };
}

describe("removing the pages the site no longer has", () => {
  test("a page's file is where Eleventy writes its URL", () => {
    assert.equal(outputFileOf("/site", "/world/story/"), path.join("/site", "world/story/index.html"));
    assert.equal(outputFileOf("/site", "/feed.xml"), path.join("/site", "feed.xml"));
    assert.equal(outputFileOf("/site", "/authors/نمونہ/"), path.join("/site", "authors/نمونہ/index.html"));
  });

  test("removes the files and the folders left empty, and nothing else", async () => {
    const { root, output } = await outputWith(["world/gone/index.html", "world/kept/index.html", "s/abc123/index.html", "page/3/index.html", "index.html"]);
    try {
      const removed = await removePages(output, ["/world/gone/", "/s/abc123/", "/page/3/", "/never-written/"]);
      assert.deepEqual(removed.map((file) => path.relative(output, file)).sort(), ["page/3/index.html", "s/abc123/index.html", "world/gone/index.html"]);
      for (const gone of ["world/gone", "s", "page"]) assert.equal(existsSync(path.join(output, gone)), false, `${gone} is removed`);
      for (const kept of ["world/kept/index.html", "index.html"]) assert.ok(existsSync(path.join(output, kept)), `${kept} is kept`);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  test("never removes the output folder itself, even when it is left empty", async () => {
    const { root, output } = await outputWith(["index.html"]);
    try {
      await removePages(output, ["/"]);
      assert.equal(existsSync(path.join(output, "index.html")), false);
      assert.ok(existsSync(output));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  test("leaves alone anything outside the output folder, by .. or by a symbolic link", async () => {
    const { root, output, outside } = await outputWith(["index.html"]);
    try {
      await symlink(root, path.join(output, "escape"));
      await symlink(outside, path.join(output, "linked.html"));
      const removed = await removePages(output, ["/../keep.html", "/escape/keep.html", "/linked.html"]);
      assert.deepEqual(removed, []);
      assert.ok(existsSync(outside));
      assert.ok(existsSync(path.join(output, "index.html")));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  test("removes only files, never a folder named like a page", async () => {
    const { root, output } = await outputWith(["media/photo.jpg"]);
    try {
      assert.deepEqual(await removePages(output, ["/media"]), []);
      assert.ok(existsSync(path.join(output, "media/photo.jpg")));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
