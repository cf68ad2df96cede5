// The share picture (src/share-image.ts): the `shareImage` setting's file, checked with the other settings
// (src/settings-images.ts, src/build-options.ts), made into the cards' 1200px JPEG and given to the pages that
// have no picture of their own (src/listing-metadata.ts, src/article-metadata.ts).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import sharp from "sharp";
import siteConfig from "../site.config.ts";
import { buildOptionsFromEnv, settingsForBuild } from "../src/build-options.ts";
import { shareImageFileProblem } from "../src/settings-images.ts";
import { resolveSettings, SettingsError } from "../src/settings.ts";
import { solidPng } from "./helpers/images.ts";
import { projectCopy } from "./helpers/preview-process.ts";
import { parseXml, type XmlNode } from "./helpers/xml.ts";
import { article, assertBuildAndCheckRefuse, makeFixtureSite, makeTempDir, PROJECT_ROOT, readPage, type FixtureSite } from "./helpers/site.ts";

const NOW = "2026-11-30T12:00:00Z";
const run = promisify(execFile);

/** Every `<meta property|name=key>` in the page's head, key → contents in order. */
function cardTags(document: Document): Map<string, string[]> {
  const tags = new Map<string, string[]>();
  for (const meta of document.querySelectorAll("head meta[property], head meta[name]")) {
    const key = meta.getAttribute("property") ?? meta.getAttribute("name") ?? "";
    tags.set(key, [...(tags.get(key) ?? []), meta.getAttribute("content") ?? ""]);
  }
  return tags;
}

describe("shareImageFileProblem", () => {
  let root = "";
  let publicDir = "";
  let shown = "";
  before(async () => {
    root = await makeTempDir("news-share-");
    publicDir = path.join(root, "public");
    shown = path.relative(process.cwd(), publicDir);
    await mkdir(path.join(publicDir, "images"), { recursive: true });
    await writeFile(path.join(publicDir, "images", "share.png"), solidPng(40, 20));
    await writeFile(path.join(publicDir, "images", "logo.svg"), '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="60"/>');
    await writeFile(path.join(publicDir, "images", "notes.png"), "not a picture");
    await writeFile(path.join(publicDir, "images", "page.html"), "<p>a page</p>");
  });
  after(() => rm(root, { recursive: true, force: true }));

  const expected = () => `expected the path of a raster image (.jpg .jpeg .png .gif .webp .avif) under ${shown}/ (${shown}/images/share.png is /images/share.png)`;

  test("a raster image under public/ is fine", () => {
    assert.equal(shareImageFileProblem("/images/share.png", publicDir), undefined);
  });

  test("a path that names no file, a drawing, another kind of file and one that is no image are each named with why", () => {
    assert.equal(shareImageFileProblem("/images/shre.png", publicDir), `${expected()}; there is no file ${shown}/images/shre.png`);
    assert.equal(shareImageFileProblem("/images/logo.svg", publicDir), `${expected()}; ${shown}/images/logo.svg is a drawing, which link previews do not show`);
    assert.equal(shareImageFileProblem("/images/page.html", publicDir), `${expected()}; ${shown}/images/page.html is not one`);
    assert.match(shareImageFileProblem("/images/notes.png", publicDir) ?? "", /; .*public\/images\/notes\.png is not one: its first bytes are not those of a PNG/);
  });
});

describe("the shareImage settings", () => {
  const options = buildOptionsFromEnv({}, PROJECT_ROOT);

  test("a path naming no file is refused, naming the field, the file looked for and where it was set", () => {
    const refused = (source: string) => (error: unknown) =>
      error instanceof SettingsError &&
      error.message ===
        `The site settings are not valid:\n  shareImage: expected the path of a raster image (.jpg .jpeg .png .gif .webp .avif) under public/ (public/images/share.png is /images/share.png); there is no file public/images/shre.png (in ${source})`;
    assert.throws(() => settingsForBuild({ ...siteConfig, shareImage: "/images/shre.png" }, options), refused("site.config.ts"));
    assert.throws(() => settingsForBuild(siteConfig, { ...options, settingsOverrides: { shareImage: "/images/shre.png" }, settingsFile: "one-off.json" }), refused("one-off.json"));
    assert.throws(() => settingsForBuild({ ...siteConfig, shareImage: "images/share.png" }, options), /shareImage: expected a path under public\/ starting with \/, such as \/images\/share\.png \(in site\.config\.ts\)/);
  });

  test("its alternative text without a picture is refused; without either, there is none", () => {
    assert.throws(() => resolveSettings({ ...siteConfig, shareImageAlt: "The masthead" }), /shareImageAlt: expected shareImage beside it: it describes that picture, and there is none \(in site\.config\.ts\)/);
    const settings = settingsForBuild(siteConfig, options);
    assert.equal(settings.shareImage, undefined);
    assert.equal(settings.shareImageAlt, undefined);
  });

  let site: FixtureSite | undefined;
  after(() => site?.remove());

  test("npm run build and npm run check refuse a drawing, and publish nothing", async () => {
    site = await makeFixtureSite({ "story.md": article() }, { shareImage: "/images/logo.svg" });
    await assertBuildAndCheckRefuse(site, NOW, /^ {2}shareImage: expected the path of a raster image .*; public\/images\/logo\.svg is a drawing, which link previews do not show \(in .*settings\.json\)$/m);
  });
});

describe("a site with a share picture", () => {
  let dir = "";
  const site = "https://news.example.com";
  before(async () => {
    dir = await projectCopy("news-share-picture-");
    await writeFile(path.join(dir, "public/images/share.png"), solidPng(1500, 600));
    await writeFile(path.join(dir, "articles/plain.md"), article({ headline: "Plain", slug: "plain" }));
    await writeFile(path.join(dir, "articles/pictured.md"), article({ headline: "Pictured", slug: "pictured", image: "\n  src: boats.png\n  alt: Boats at the wall" }));
    await writeFile(path.join(dir, "articles/boats.png"), solidPng(800, 450, [20, 60, 90]));
    await writeFile(path.join(dir, "settings.json"), JSON.stringify({ shareImage: "/images/share.png", shareImageAlt: "The Example Bay News masthead" }));
    await run(process.execPath, ["--import", "tsx", "src/cli/build.ts", "--settings", "settings.json", "--now", NOW, "--quiet"], { cwd: dir, encoding: "utf8" });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  /** The share picture's tags on a page, and its file in the site. */
  async function sharedOn(url: string) {
    const tags = cardTags(await readPage(path.join(dir, "_site"), url));
    const image = tags.get("og:image")?.[0] ?? "";
    return { tags, image, file: path.join(dir, "_site", new URL(image, site).pathname) };
  }

  test("the front page, a section and a story without a picture give its 1200px JPEG, with its pixels and alt, and the file is published", async () => {
    const front = await sharedOn("/");
    assert.match(front.image, /^https:\/\/news\.example\.com\/img\/[^/]+-1200\.jpeg$/);
    const metadata = await sharp(await readFile(front.file)).metadata();
    assert.deepEqual([metadata.format, metadata.width, metadata.height], ["jpeg", 1200, 480]);
    for (const url of ["/", "/world/", "/tags/", "/world/plain/"]) {
      const { tags } = await sharedOn(url);
      assert.deepEqual(tags.get("og:image"), [front.image], url);
      assert.deepEqual(tags.get("og:image:type"), ["image/jpeg"], url);
      assert.deepEqual(tags.get("og:image:width"), ["1200"], url);
      assert.deepEqual(tags.get("og:image:height"), ["480"], url);
      assert.deepEqual(tags.get("og:image:alt"), ["The Example Bay News masthead"], url);
      assert.deepEqual(tags.get("twitter:card"), ["summary_large_image"], url);
      assert.deepEqual(tags.get("twitter:image"), [front.image], url);
      assert.deepEqual(tags.get("twitter:image:alt"), ["The Example Bay News masthead"], url);
    }
  });

  test("the Atom feed's logo is its 1200px JPEG; the RSS feeds name no channel image, which may be at most 144 pixels wide", async () => {
    const read = (url: string) => readFile(path.join(dir, "_site", url), "utf8");
    const atom = parseXml(await read("/feed.xml")).feed as XmlNode;
    assert.equal(atom.logo, (await sharedOn("/")).image);
    assert.equal(atom.icon, undefined);
    for (const url of ["/rss.xml", "/world/rss.xml"]) {
      const channel = (parseXml(await read(url)).rss as XmlNode).channel as XmlNode;
      assert.ok(channel.title, url);
      assert.equal(channel.image, undefined, url);
    }
  });

  test("a story with a lead image keeps its own, and its structured data names no other", async () => {
    const pictured = await sharedOn("/world/pictured/");
    assert.match(pictured.image, /^https:\/\/news\.example\.com\/img\/[^/]+-800\.jpeg$/);
    assert.deepEqual(pictured.tags.get("og:image:alt"), ["Boats at the wall"]);
    assert.notEqual(pictured.image, (await sharedOn("/")).image);
    const plain = await readPage(path.join(dir, "_site"), "/world/plain/");
    const structured = JSON.parse(plain.querySelector('script[type="application/ld+json"]')?.textContent ?? "{}") as { image?: unknown };
    assert.equal(structured.image, undefined, "the share picture is not the story's");
  });
});
