import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describeImages, imageFiles, imageHeaderProblem, imageTypeOf, readImageFacts, readImageHeader, readImageHeaderProblemSync } from "../src/image-facts.ts";
import { pngHeader, solidPng } from "./helpers/images.ts";
import { makeTempDir } from "./helpers/site.ts";

describe("image facts", () => {
  let dir: string;
  before(async () => {
    dir = await makeTempDir();
    await writeFile(path.join(dir, "photo.png"), pngHeader(640, 360));
    await writeFile(path.join(dir, "drawing.svg"), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 150"></svg>');
    await writeFile(path.join(dir, "broken.jpg"), "not a picture");
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("type, pixel size and byte size of raster and vector images", async () => {
    assert.deepEqual(await readImageFacts(path.join(dir, "photo.png")), { type: "image/png", width: 640, height: 360, bytes: 33 });
    assert.deepEqual(await readImageFacts(path.join(dir, "drawing.svg")), { type: "image/svg+xml", width: 300, height: 150, bytes: 68 });
  });

  test("a file the reader does not understand still has its type and size", async () => {
    assert.deepEqual(await readImageFacts(path.join(dir, "broken.jpg")), { type: "image/jpeg", bytes: 13 });
  });

  test("every lead image and the logo, each read once; a missing file is left out", async () => {
    const files = imageFiles(
      [{ image: { url: "/media/a/photo.png", file: path.join(dir, "photo.png") } }, {}, { image: { url: "/media/a/photo.png", file: path.join(dir, "photo.png") } }],
      "/logo.svg",
      dir,
    );
    assert.deepEqual([...files.keys()], ["/logo.svg", "/media/a/photo.png"]);
    const facts = await describeImages(files);
    assert.deepEqual([...facts.keys()], ["/media/a/photo.png"]);
  });

  test("MIME types from file names", () => {
    assert.equal(imageTypeOf("a/B.JPG"), "image/jpeg");
    assert.equal(imageTypeOf("x.webp"), "image/webp");
    assert.equal(imageTypeOf("x.unknown"), "application/octet-stream");
  });
});

test("an image's header says whether it is one: not an image, empty, cut short, or fine", async () => {
  const png = solidPng(64, 48);
  assert.equal(imageHeaderProblem(png, "a.png"), undefined);
  assert.equal(imageHeaderProblem(new TextEncoder().encode("<html>hi</html>"), "a.jpg"), "its first bytes are not those of a JPEG or any other image (is it another kind of file, renamed?)");
  assert.equal(imageHeaderProblem(new Uint8Array(0), "a.webp"), "the file is empty");
  assert.match(imageHeaderProblem(Uint8Array.prototype.slice.call(png, 0, 20), "a.png") ?? "", /^its PNG header is cut short or damaged \(.+\)$/);
  // A drawing is text: src/svg-safety.ts and the image pipeline read it; here only whether it is a drawing at all.
  assert.equal(imageHeaderProblem(new TextEncoder().encode("<svg/>"), "a.svg"), undefined);
  assert.equal(imageHeaderProblem(new TextEncoder().encode('<?xml version="1.0"?>\n<!-- A map -->\n<svg\n  viewBox="0 0 1 1"></svg>'), "a.SVG"), undefined);
  assert.equal(imageHeaderProblem(new Uint8Array(0), "a.svg"), "the file is empty");
  for (const text of ["A map of the harbour, to follow.", "<html><body><svg-like></svg-like></body></html>", "<SVG></SVG>"]) {
    assert.equal(imageHeaderProblem(new TextEncoder().encode(text), "a.svg"), "it holds no <svg> element, so it is not a drawing (is it another kind of file, renamed?)", text);
  }
  const dir = await makeTempDir();
  try {
    await writeFile(path.join(dir, "cut.png"), Uint8Array.prototype.slice.call(png, 0, 20));
    assert.equal(readImageHeaderProblemSync(path.join(dir, "cut.png")), (await readImageHeader(path.join(dir, "cut.png"))).problem);
    assert.match(readImageHeaderProblemSync(path.join(dir, "none.png")) ?? "", /^the file could not be opened \(ENOENT/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
