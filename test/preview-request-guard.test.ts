import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { refusedPath, type ServedFolders } from "../src/preview-request-guard.ts";
import { makeTempDir } from "./helpers/site.ts";

describe("the preview's request guard", () => {
  let dir: string;
  let folders: ServedFolders;

  before(async () => {
    dir = await makeTempDir("news-request-guard-");
    folders = { outputDir: path.join(dir, "_site"), publicDir: path.join(dir, "public") };
    await mkdir(path.join(folders.outputDir, "world", "story"), { recursive: true });
    await writeFile(path.join(folders.outputDir, "index.html"), "front page");
    await writeFile(path.join(folders.outputDir, "world", "story", "index.html"), "story");
    await mkdir(path.join(folders.publicDir, "css"), { recursive: true });
    await writeFile(path.join(folders.publicDir, "css", "site.css"), "body{}");
    await mkdir(path.join(dir, "private"));
    await writeFile(path.join(dir, "private", "secret.txt"), "secret");
    // What a contributor could commit: links in public/, and their copies in the output, leading out of the project.
    await symlink(path.join(dir, "private", "secret.txt"), path.join(folders.publicDir, "leak.txt"));
    await symlink(path.join(dir, "private"), path.join(folders.outputDir, "private"));
    // A link that stays inside public/ is an ordinary file of the site.
    await symlink(path.join(folders.publicDir, "css", "site.css"), path.join(folders.publicDir, "css", "alias.css"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("serves the site's pages and static files, the front page included", () => {
    for (const url of ["/", "/world/story/", "/css/site.css", "/css/alias.css", "/not-there/"]) assert.equal(refusedPath(url, folders), undefined, url);
  });

  test("refuses a path that decodes to a climb out of the site, by slash or backslash, which the dev server answered by stopping", () => {
    for (const url of ["/..%2f..%2fprivate%2fsecret.txt", "/css/..%2F..%2F..%2Fprivate/secret.txt", "/..%5c..%5cprivate%5csecret.txt", "/%2e%2e%2fprivate/secret.txt"]) {
      assert.equal(refusedPath(url, folders), "a path that climbs out of the site", url);
    }
  });

  test("refuses a path that is not percent-encoded text, or holds a NUL", () => {
    assert.equal(refusedPath("/%E0%A4%A", folders), "a path that is not percent-encoded text");
    assert.equal(refusedPath("/index.html%00.css", folders), "a path with a NUL character");
  });

  test("refuses a file reached through a symbolic link that leads outside public/ and the output", () => {
    assert.equal(refusedPath("/leak.txt", folders), "a file whose symbolic link leads outside the site");
    assert.equal(refusedPath("/private/secret.txt", folders), "a file whose symbolic link leads outside the site");
    assert.equal(refusedPath("/private/", folders), "a file whose symbolic link leads outside the site");
  });
});
