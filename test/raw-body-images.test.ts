// A raw <img> in a story's body is checked by `npm run check` and published by `npm run build` by one
// rule (src/image-sources.ts): before, a file beside the article passed the check and then failed the
// build as a broken link unless the tag had a Markdown image's shape, an address of the build's own
// /img/ variants and a file under public/ that is no image passed one of them and not the other.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { article, assertBuildAndCheckRefuse, buildFixture, makeFixtureSite, readPage, runCli, type FixtureSite } from "./helpers/site.ts";
import { solidPng } from "./helpers/images.ts";

const NOW = "2026-11-30T12:00:00Z";
const sites: FixtureSite[] = [];
after(() => Promise.all(sites.map((site) => site.remove())));

/** A site whose one story holds `html` on line 9, with a real PNG and a text file renamed .png beside it. */
async function siteWithRawImage(html: string, settings: Record<string, unknown> = {}): Promise<FixtureSite> {
  const site = await makeFixtureSite(
    { "2026/story.md": article({}, `The harbour.\n\n${html}\n\nThe end.`), "2026/beside.png": solidPng(64, 48), "2026/notes.png": "not a picture\n" },
    settings,
  );
  sites.push(site);
  return site;
}

const build = (site: FixtureSite, ...args: string[]) => buildFixture(site, ["--now", NOW, ...args], { NEWS_IMAGE_CACHE: path.join(site.dir, "image-cache") });
const check = (site: FixtureSite) => runCli("check", ["--articles", site.articlesDir, "--settings", site.settingsFile, "--now", NOW]);

/** `npm run check` and the build both pass the site: the story's page as built. */
async function passesBoth(site: FixtureSite): Promise<Document> {
  const checked = await check(site);
  assert.equal(checked.code, 0, checked.stderr);
  const built = await build(site);
  assert.equal(built.code, 0, built.stderr);
  return readPage(site.outputDir, "/world/story/");
}

describe("a raw <img> in a story: the check and the build agree", { concurrency: 2 }, () => {
  // Trusted HTML is published as written: its tag in capitals too.
  const tags = {
    sanitized: '<p><img alt="The quay" width="32"\n  src="beside.png" srcset="beside.png 2x"></p>',
    trusted: '<p><IMG ALT="The quay" WIDTH="32"\n  SRC="beside.png" SRCSET="beside.png 2x"></p>',
  };
  for (const [htmlPolicy, tag] of Object.entries(tags)) {
    test(`one beside the article with a width is published under /media/, its tag kept (${htmlPolicy})`, async () => {
      const site = await siteWithRawImage(tag, { htmlPolicy });
      const image = (await passesBoth(site)).querySelector(".story__body img");
      assert.ok(image, "the story shows its image");
      assert.equal(image.closest("picture"), null, "a tag of its own shape is kept, not made a picture");
      assert.equal(image.getAttribute("width"), "32");
      assert.equal(image.getAttribute("alt"), "The quay");
      const src = image.getAttribute("src") ?? "";
      assert.match(src, /^\/media\/[0-9a-f]{8}\/beside\.png$/);
      assert.equal(image.getAttribute("srcset"), `${src} 2x`);
      assert.deepEqual(await readFile(path.join(site.outputDir, src)), solidPng(64, 48), "the file is published as it is");
    });
  }

  test("the address of one of the build's own /img/ variants is refused by both, naming the file and line", async () => {
    // The variant is real: another story shows its image, so it is in the built site.
    const site = await siteWithRawImage("![The quay](beside.png)");
    assert.equal((await build(site)).code, 0);
    const variant = (await readPage(site.outputDir, "/world/story/")).querySelector(".story__body picture img")?.getAttribute("src") ?? "";
    assert.match(variant, /^\/img\//);
    await rm(site.outputDir, { recursive: true });
    await writeFile(path.join(site.articlesDir, "2026/copied.md"), article({ headline: "Copied" }, `The quay again.\n\n<img src="${variant}" alt="The quay" width="400">`));
    const escaped = variant.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    await assertBuildAndCheckRefuse(site, NOW, new RegExp(`copied\\.md:9: the image ${escaped} does not exist: found no file at public${escaped}; /img/ holds the sizes the build makes`));
  });

  test("a file under public/ that is not an image is refused by both", async () => {
    const site = await siteWithRawImage('<img src="/css/site.css" alt="" width="10">');
    await assertBuildAndCheckRefuse(site, NOW, /story\.md:9: the image \/css\/site\.css is not an image file: expected one of \.jpg, /);
  });

  test("a file beside the article that does not begin as an image is refused by both", async () => {
    const site = await siteWithRawImage('<img src="notes.png" alt="" width="10">');
    await assertBuildAndCheckRefuse(site, NOW, /story\.md:9: the image notes\.png could not be read: its first bytes are not those of a PNG/);
  });

  test("a missing file is refused by both in the same words; with checkLinks: false the build publishes the tag as written and the check still names it", async () => {
    const html = '<img src="/images/gone.png" alt="" width="10">';
    const expected = /story\.md:9: the image \/images\/gone\.png does not exist: found no file at public\/images\/gone\.png/;
    await assertBuildAndCheckRefuse(await siteWithRawImage(html), NOW, expected);

    const unchecked = await siteWithRawImage(html, { checkLinks: false });
    const built = await build(unchecked);
    assert.equal(built.code, 0, built.stderr);
    const image = (await readPage(unchecked.outputDir, "/world/story/")).querySelector(".story__body img");
    assert.equal(image?.getAttribute("src"), "/images/gone.png");
    assert.equal(existsSync(path.join(unchecked.outputDir, "images/gone.png")), false);
    const checked = await check(unchecked);
    assert.equal(checked.code, 1);
    assert.match(checked.stderr, expected);
  });
});

describe("a raw <picture>'s <source srcset>: the check and the build agree", { concurrency: 2 }, () => {
  const pictures = {
    sanitized: '<picture>\n<source type="image/png" srcset="beside.png 1x, beside.png 2x">\n<img src="beside.png" alt="The quay" width="32">\n</picture>',
    trusted: '<PICTURE>\n<SOURCE TYPE="image/png" SRCSET="beside.png 1x, beside.png 2x">\n<IMG SRC="beside.png" ALT="The quay" WIDTH="32">\n</PICTURE>',
  };
  for (const [htmlPolicy, html] of Object.entries(pictures)) {
    test(`a file beside the article is published under /media/, the source pointing there (${htmlPolicy})`, async () => {
      const site = await siteWithRawImage(html, { htmlPolicy });
      const picture = (await passesBoth(site)).querySelector(".story__body picture");
      const src = picture?.querySelector("img")?.getAttribute("src") ?? "";
      assert.match(src, /^\/media\/[0-9a-f]{8}\/beside\.png$/);
      const source = picture?.querySelector("source");
      assert.equal(source?.getAttribute("srcset"), `${src} 1x, ${src} 2x`);
      assert.equal(source?.getAttribute("type"), "image/png");
      assert.deepEqual(await readFile(path.join(site.outputDir, src)), solidPng(64, 48));
    });
  }

  test("its <img> of a Markdown image's shape is the picture's own, not made a picture inside it", async () => {
    const site = await siteWithRawImage('<picture>\n<source media="(min-width: 40rem)" srcset="beside.png">\n<img src="beside.png" alt="The quay">\n</picture>');
    const pictures = (await passesBoth(site)).querySelectorAll(".story__body picture");
    assert.equal(pictures.length, 1);
    const children = Array.from(pictures[0]!.children);
    assert.deepEqual(children.map((child) => child.tagName.toLowerCase()), ["source", "img"]);
    const src = children[1]!.getAttribute("src") ?? "";
    assert.match(src, /^\/media\/[0-9a-f]{8}\/beside\.png$/);
    assert.equal(children[0]!.getAttribute("srcset"), src);
    assert.equal(children[0]!.getAttribute("media"), "(min-width: 40rem)");
  });

  test("a missing file is refused by both, naming the file and line", async () => {
    const site = await siteWithRawImage('<picture>\n<source srcset="/images/gone.webp" type="image/webp">\n<img src="beside.png" alt="" width="10">\n</picture>');
    await assertBuildAndCheckRefuse(site, NOW, /story\.md:10: the image \/images\/gone\.webp does not exist: found no file at public\/images\/gone\.webp/);
  });

  test("a file that does not begin as an image is refused by both", async () => {
    const site = await siteWithRawImage('<picture><source srcset="notes.png"><img src="beside.png" alt="" width="10"></picture>');
    await assertBuildAndCheckRefuse(site, NOW, /story\.md:9: the image notes\.png could not be read: its first bytes are not those of a PNG/);
  });

  test("a video's <source src> is no image: the check does not ask it to be one", async () => {
    const site = await siteWithRawImage('<video controls><source src="/media/clip.mp4" type="video/mp4"></video>', { checkLinks: false });
    const source = (await passesBoth(site)).querySelector(".story__body video source");
    assert.equal(source?.getAttribute("src"), "/media/clip.mp4");
  });
});

describe("a raw <img> under a path prefix", () => {
  test("its file published under /media/ is addressed with the prefix, in src and srcset", async () => {
    const site = await siteWithRawImage('<img src="beside.png" srcset="beside.png 2x" alt="The quay" width="32">');
    const built = await build(site, "--pathprefix", "/edition/");
    assert.equal(built.code, 0, built.stderr);
    const image = (await readPage(site.outputDir, "/world/story/")).querySelector(".story__body img");
    const src = image?.getAttribute("src") ?? "";
    assert.match(src, /^\/edition\/media\/[0-9a-f]{8}\/beside\.png$/);
    assert.equal(image?.getAttribute("srcset"), `${src} 2x`);
    // The site's files are not under the prefix: the host serves the folder at it.
    assert.deepEqual(await readFile(path.join(site.outputDir, src.slice("/edition".length))), solidPng(64, 48));
  });
});
