// A raw <img> in a story's body is checked by `npm run check` and published by `npm run build` by one
// rule (src/image-sources.ts): before, a file beside the article passed the check and then failed the
// build as a broken link unless the tag had a Markdown image's shape, an address of the build's own
// /img/ variants and a file under public/ that is no image passed one of them and not the other. A
// video's or audio's file (and a video's poster) beside the article passed the check and failed the
// build too; and an address with %3F or %23 was looked for under a name no browser asks for.
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

/** Stand-ins for a video and an audio file: their bytes are published as they are, never read. */
const CLIP = Buffer.from("a video's bytes\n");
const SOUND = Buffer.from("an audio file's bytes\n");
const CAPTIONS = Buffer.from("WEBVTT\n\n00:00.000 --> 00:02.000\nThe harbour at dawn.\n");

/**
 * A site whose one story holds `html` on line 9, with a real PNG, a text file renamed .png, a video and
 * an audio file beside it, and `extra` files in the story's folder.
 */
async function siteWithRawImage(html: string, settings: Record<string, unknown> = {}, extra: Record<string, Buffer> = {}): Promise<FixtureSite> {
  const files = { "beside.png": solidPng(64, 48), "notes.png": "not a picture\n", "clip.mp4": CLIP, "sound.mp3": SOUND, "captions.vtt": CAPTIONS, ...extra };
  const site = await makeFixtureSite(
    { "2026/story.md": article({}, `The harbour.\n\n${html}\n\nThe end.`), ...Object.fromEntries(Object.entries(files).map(([name, bytes]) => [`2026/${name}`, bytes])) },
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

});

describe("a raw <video> or <audio> in a story: the check and the build agree", { concurrency: 2 }, () => {
  // Trusted HTML is published as written: its tags in capitals too.
  const media = {
    sanitized: '<video controls width="320" src="clip.mp4" poster="beside.png"><track kind="captions" srclang="en" src="captions.vtt"></video>\n<audio controls src="sound.mp3"></audio>\n<video controls><source src="clip.mp4" type="video/mp4"></video>',
    trusted: '<VIDEO CONTROLS WIDTH="320" SRC="clip.mp4" POSTER="beside.png"><TRACK KIND="captions" SRCLANG="en" SRC="captions.vtt"></VIDEO>\n<AUDIO CONTROLS SRC="sound.mp3"></AUDIO>\n<VIDEO CONTROLS><SOURCE SRC="clip.mp4" TYPE="video/mp4"></VIDEO>',
  };
  for (const [htmlPolicy, html] of Object.entries(media)) {
    test(`files beside the article are published as they are under /media/, the tags pointing there (${htmlPolicy})`, async () => {
      const site = await siteWithRawImage(html, { htmlPolicy });
      const body = (await passesBoth(site)).querySelector(".story__body");
      const [video, sourced] = Array.from(body?.querySelectorAll("video") ?? []);
      const clip = video?.getAttribute("src") ?? "";
      assert.match(clip, /^\/media\/[0-9a-f]{8}\/clip\.mp4$/);
      assert.equal(video?.getAttribute("width"), "320");
      assert.equal(video?.hasAttribute("controls"), true);
      const poster = video?.getAttribute("poster") ?? "";
      assert.match(poster, /^\/media\/[0-9a-f]{8}\/beside\.png$/);
      const track = video?.querySelector("track");
      const captions = track?.getAttribute("src") ?? "";
      assert.match(captions, /^\/media\/[0-9a-f]{8}\/captions\.vtt$/);
      assert.equal(track?.getAttribute("srclang"), "en");
      const sound = body?.querySelector("audio")?.getAttribute("src") ?? "";
      assert.match(sound, /^\/media\/[0-9a-f]{8}\/sound\.mp3$/);
      const source = sourced?.querySelector("source");
      assert.equal(source?.getAttribute("src"), clip);
      assert.equal(source?.getAttribute("type"), "video/mp4");
      assert.deepEqual(await readFile(path.join(site.outputDir, clip)), CLIP, "the video is published as it is");
      assert.deepEqual(await readFile(path.join(site.outputDir, poster)), solidPng(64, 48));
      assert.deepEqual(await readFile(path.join(site.outputDir, sound)), SOUND);
      assert.deepEqual(await readFile(path.join(site.outputDir, captions)), CAPTIONS);
    });
  }

  test("a poster under public/ is left where it is", async () => {
    const site = await siteWithRawImage('<video controls src="clip.mp4" poster="/images/logo.svg"></video>');
    const video = (await passesBoth(site)).querySelector(".story__body video");
    assert.equal(video?.getAttribute("poster"), "/images/logo.svg");
    assert.match(video?.getAttribute("src") ?? "", /^\/media\/[0-9a-f]{8}\/clip\.mp4$/);
  });

  test("a missing file is refused by both in the same words on its line: a video, an audio file, a <source>, a poster, a track", async () => {
    const site = await siteWithRawImage(
      '<video controls src="gone.mp4" poster="gone.jpg"></video>\n<audio controls\n  src="gone.mp3"></audio>\n<video controls><source src="/clips/gone.webm"><track src="gone.vtt"></video>',
    );
    await assertBuildAndCheckRefuse(site, NOW, [
      /story\.md:9: the video or audio file gone\.mp4 does not exist: found no file at \S*articles\/2026\/gone\.mp4 or public\/gone\.mp4/,
      /story\.md:9: the image gone\.jpg does not exist: found no file at /,
      /story\.md:11: the video or audio file gone\.mp3 does not exist: /,
      /story\.md:12: the video or audio file \/clips\/gone\.webm does not exist: found no file at public\/clips\/gone\.webm/,
      /story\.md:12: the text track gone\.vtt does not exist: /,
    ]);
  });

  test("a file of another type is refused by both, saying which types are taken", async () => {
    const site = await siteWithRawImage('<video controls src="notes.png" poster="clip.mp4"><track src="captions.vtt.txt"></video>\n<audio controls src="/css/site.css"></audio>', {}, {
      "captions.vtt.txt": CAPTIONS,
    });
    await assertBuildAndCheckRefuse(site, NOW, [
      /story\.md:9: the video or audio file notes\.png is not a video or audio file: expected one of \.mp4, \.m4v, \.webm, /,
      /story\.md:9: the image clip\.mp4 is not an image file: expected one of \.jpg, /,
      /story\.md:10: the video or audio file \/css\/site\.css is not a video or audio file: /,
      /story\.md:9: the text track captions\.vtt\.txt is not a WebVTT file: expected one of \.vtt/,
    ]);
  });

  test("with checkLinks: false, the build publishes a tag whose file it does not find as written, and the check still names it", async () => {
    const site = await siteWithRawImage('<video controls src="/clips/gone.mp4"></video>', { checkLinks: false });
    const built = await build(site);
    assert.equal(built.code, 0, built.stderr);
    assert.equal((await readPage(site.outputDir, "/world/story/")).querySelector(".story__body video")?.getAttribute("src"), "/clips/gone.mp4");
    const checked = await check(site);
    assert.equal(checked.code, 1);
    assert.match(checked.stderr, /story\.md:9: the video or audio file \/clips\/gone\.mp4 does not exist/);
  });
});

describe("a file whose name holds a ? or #, addressed as a browser asks for it (%3F, %23)", { concurrency: 2 }, () => {
  const odd = { "what?.png": solidPng(64, 48), "take#2.mp4": CLIP };

  test("a Markdown image, a raw <img> and a video find their files, and the published addresses serve them", async () => {
    const site = await siteWithRawImage('![The quay](what%3F.png)\n\n<img src="what%3F.png" alt="" width="10">\n\n<video controls src="take%232.mp4"></video>', {}, odd);
    const body = (await passesBoth(site)).querySelector(".story__body");
    assert.match(body?.querySelector("picture img")?.getAttribute("src") ?? "", /^\/img\//, "the Markdown image is made a picture");
    const image = Array.from(body?.querySelectorAll("img") ?? []).find((img) => !img.closest("picture"))?.getAttribute("src") ?? "";
    assert.match(image, /^\/media\/[0-9a-f]{8}\/what%3F\.png$/);
    const video = body?.querySelector("video")?.getAttribute("src") ?? "";
    assert.match(video, /^\/media\/[0-9a-f]{8}\/take%232\.mp4$/);
    // A server answers each address with the file of its decoded name.
    assert.deepEqual(await readFile(path.join(site.outputDir, decodeURIComponent(image))), solidPng(64, 48));
    assert.deepEqual(await readFile(path.join(site.outputDir, decodeURIComponent(video))), CLIP);
  });

  test("a file named with the encoding as written is not the one the browser asks for: both refuse it", async () => {
    const site = await siteWithRawImage('<img src="what%3F.png" alt="" width="10">', {}, { "what%3F.png": solidPng(64, 48) });
    await assertBuildAndCheckRefuse(site, NOW, /story\.md:9: the image what%3F\.png does not exist: found no file at \S*articles\/2026\/what\?\.png or public\/what\?\.png/);
  });
});

describe("raw HTML's files under a path prefix", () => {
  /** The story's body, its site built under /edition/. */
  async function bodyUnderPrefix(site: FixtureSite): Promise<Element | null> {
    const built = await build(site, "--pathprefix", "/edition/");
    assert.equal(built.code, 0, built.stderr);
    return (await readPage(site.outputDir, "/world/story/")).querySelector(".story__body");
  }

  test("its file published under /media/ is addressed with the prefix, in src and srcset", async () => {
    const site = await siteWithRawImage('<img src="beside.png" srcset="beside.png 2x" alt="The quay" width="32">');
    const image = (await bodyUnderPrefix(site))?.querySelector("img");
    const src = image?.getAttribute("src") ?? "";
    assert.match(src, /^\/edition\/media\/[0-9a-f]{8}\/beside\.png$/);
    assert.equal(image?.getAttribute("srcset"), `${src} 2x`);
    // The site's files are not under the prefix: the host serves the folder at it.
    assert.deepEqual(await readFile(path.join(site.outputDir, src.slice("/edition".length))), solidPng(64, 48));
  });

  test("a video's file and poster published under /media/ are addressed with the prefix", async () => {
    const site = await siteWithRawImage('<video controls src="clip.mp4" poster="beside.png"></video>');
    const video = (await bodyUnderPrefix(site))?.querySelector("video");
    const src = video?.getAttribute("src") ?? "";
    assert.match(src, /^\/edition\/media\/[0-9a-f]{8}\/clip\.mp4$/);
    assert.match(video?.getAttribute("poster") ?? "", /^\/edition\/media\/[0-9a-f]{8}\/beside\.png$/);
    assert.deepEqual(await readFile(path.join(site.outputDir, src.slice("/edition".length))), CLIP);
  });
});
