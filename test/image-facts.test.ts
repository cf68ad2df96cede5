import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describeImages, imageFiles, imageTypeOf, readImageFacts } from "../src/image-facts.ts";
import { pngHeader } from "./helpers/images.ts";
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
