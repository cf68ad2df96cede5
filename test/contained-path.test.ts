import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { hasImageExtension, liesWithin } from "../src/contained-path.ts";

test("a path lies within a folder only below it: not the folder itself, its parent, or a sibling whose name begins the same", () => {
  const folder = path.resolve("/site/articles");
  assert.equal(liesWithin(folder, path.join(folder, "2024", "a.jpg")), true);
  assert.equal(liesWithin(folder, folder), false);
  assert.equal(liesWithin(folder, path.dirname(folder)), false);
  assert.equal(liesWithin(folder, path.resolve("/site/articles-old/a.jpg")), false);
  assert.equal(liesWithin(folder, path.resolve("/etc/passwd")), false);
});

test("a file or folder whose name only begins with two dots lies within, as any other name does", () => {
  const folder = path.resolve("/site/articles");
  assert.equal(liesWithin(folder, path.join(folder, "..draft.jpg")), true);
  assert.equal(liesWithin(folder, path.join(folder, "...", "a.jpg")), true);
});

test("an image's extension is read in any case, as cameras write .JPG", () => {
  assert.equal(hasImageExtension("lead.JPG"), true);
  assert.equal(hasImageExtension("lead.Jpeg"), true);
  assert.equal(hasImageExtension("drawing.svg"), true);
  assert.equal(hasImageExtension("evil.html"), false);
  assert.equal(hasImageExtension("photo.jpg.js"), false);
});
