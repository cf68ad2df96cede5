import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { parseHTML } from "linkedom";
import { DateTime } from "luxon";
import siteConfig from "../site.config.ts";
import { loadArticles } from "../src/article-loader.ts";
import { addResponsiveImages, FLATTEN_ON_WHITE, pictureHtml, processImage, type PixelTransform } from "../src/images.ts";
import { mediaUrl } from "../src/image-sources.ts";
import { fileVersion, keepPictureVersions, versionUsed } from "../src/image-requests.ts";
import { IMAGE_URL_PATH } from "../src/site-folders.ts";
import { imageSiteFiles, NewsLoader, publishImages } from "../src/news-loader.ts";
import { resolveSettings } from "../src/settings.ts";
import { ArticleValidationError } from "../src/problems.ts";
import { collectGarbage } from "../src/collect-garbage.ts";
import { article, buildFixture, makeFixtureSite, makeTempDir, PROJECT_ROOT, readPage, type FixtureSite } from "./helpers/site.ts";

/** A photograph stand-in: a smooth gradient (quick to encode) in a random tint, so no two runs share a cache entry. */
async function photo(file: string, width: number, height: number): Promise<void> {
  const tint = Math.floor(Math.random() * 256);
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      pixels[i] = Math.floor((x / width) * 255);
      pixels[i + 1] = Math.floor((y / height) * 255);
      pixels[i + 2] = tint;
    }
  }
  await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg().toFile(file);
}

/**
 * The bytes held in buffers once collections stop freeing more: a buffer's memory can be given back a turn
 * or more after the collection that found it unreachable, so one count straight after one collection is not
 * what the program holds.
 */
async function settledArrayBuffers(): Promise<number> {
  let held = Infinity;
  for (let tries = 0; tries < 20; tries++) {
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const now = process.memoryUsage().arrayBuffers;
    if (now >= held) return now;
    held = now;
  }
  return held;
}

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360"><rect width="640" height="360" fill="#345"/></svg>`;

function parsePicture(html: string): Element {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return document.querySelector("picture") as unknown as Element;
}

describe("processImage", () => {
  let dir: string;
  before(async () => {
    dir = await makeTempDir("news-images-");
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("a photograph gets AVIF and WebP sources, a JPEG fallback in several widths and a 1200px social JPEG", async () => {
    const file = path.join(dir, "wide.jpg");
    await photo(file, 1700, 850);
    const image = await processImage(file, { cacheDir: path.join(dir, "cache") });
    assert.deepEqual(image.sources.map((source) => source.type), ["image/avif", "image/webp"]);
    for (const source of image.sources) assert.equal(source.srcset.split(", ").length, 4, source.srcset);
    assert.match(image.img.url, /^\/img\/.+-800\.jpeg$/);
    assert.deepEqual([image.img.width, image.img.height], [800, 400]);
    assert.deepEqual(image.img.srcset?.split(", ").map((entry) => entry.split(" ")[1]), ["400w", "800w", "1200w", "1600w"]);
    assert.match(image.social.url, /-1200\.jpeg$/);
    assert.deepEqual([image.social.width, image.social.height], [1200, 600]);
    for (const [url, cached] of image.files) {
      assert.ok(url.startsWith(IMAGE_URL_PATH));
      assert.ok((await stat(cached)).size > 0, cached);
    }
  });

  test("a picture narrower than the social width is not enlarged: its own width is the largest offered", async () => {
    const file = path.join(dir, "small.jpg");
    await photo(file, 1000, 600);
    const image = await processImage(file, { cacheDir: path.join(dir, "cache") });
    assert.deepEqual([image.social.width, image.social.height], [1000, 600]);
    assert.deepEqual(image.img.srcset?.split(", ").map((entry) => entry.split(" ")[1]), ["400w", "800w", "1000w"]);
  });

  test("an SVG passes through as SVG with the width and height written in it, and still gets a social JPEG", async () => {
    const file = path.join(dir, "drawing.svg");
    await writeFile(file, SVG);
    const image = await processImage(file, { cacheDir: path.join(dir, "cache") });
    assert.deepEqual(image.sources, []);
    assert.match(image.img.url, /\.svg$/);
    assert.deepEqual([image.img.width, image.img.height], [640, 360]);
    assert.match(image.social.url, /\.jpeg$/);
    assert.equal(image.social.width, 1200);
    assert.equal(image.social.bytes, (await stat(image.files.get(image.social.url)!)).size, "its size in bytes, for feed enclosures");
    // Found in the cache the second time, and measured there.
    assert.equal((await processImage(file, { cacheDir: path.join(dir, "cache") })).social.bytes, image.social.bytes);
  });

  test("a transparent picture gets a white background in its JPEG, not black", async () => {
    const file = path.join(dir, "cut-out.png");
    await sharp({ create: { width: 500, height: 300, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toFile(file);
    const image = await processImage(file, { cacheDir: path.join(dir, "cache") });
    const { data } = await sharp(image.files.get(image.social.url)!).raw().toBuffer({ resolveWithObject: true });
    assert.ok(data[0]! > 240 && data[1]! > 240 && data[2]! > 240, `corner is rgb(${data[0]}, ${data[1]}, ${data[2]})`);
  });

  test("the JPEGs' names change with what is done to their pixels, which eleventy-img's hash leaves out, and stay with the same", async () => {
    const file = path.join(dir, "cut-out-named.png");
    await sharp({ create: { width: 900, height: 500, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toFile(file);
    const onBlack: PixelTransform = { name: "on-black", apply: (image) => image.flatten({ background: "#000000" }) };
    // Each in a cache folder of its own: eleventy-img keeps one result per set of options in a process, telling
    // functions apart by their names alone, where a build with a changed transform runs in a process of its own.
    const make = async (cache: string, jpegTransform?: PixelTransform) => processImage(file, { cacheDir: path.join(dir, cache), jpegTransform });
    const names = (image: Awaited<ReturnType<typeof make>>, format: string) =>
      [...image.files.keys()].filter((url) => url.endsWith(`.${format}`)).map((url) => path.posix.basename(url)).sort();
    const corner = async (image: Awaited<ReturnType<typeof make>>) => (await sharp(image.files.get(image.social.url)!).raw().toBuffer())[0]!;

    const white = await make("named-white");
    const whiteAgain = await make("named-white-again", FLATTEN_ON_WHITE);
    const black = await make("named-black", onBlack);
    assert.ok(names(white, "jpeg").length >= 3);
    assert.deepEqual(names(whiteAgain, "jpeg"), names(white, "jpeg"), "the same transform, the same names");
    assert.ok((await corner(white)) > 240 && (await corner(black)) < 15, "the two transforms draw different pixels");
    for (const name of names(black, "jpeg")) assert.ok(!names(white, "jpeg").includes(name), `${name} is not a name the white JPEGs had`);
    // The transform is the JPEGs' alone: the AVIF and WebP variants keep their names.
    for (const format of ["avif", "webp"]) assert.deepEqual(names(black, format), names(white, format));
  });

  test("a photograph replaced by another of the same name and size gets new variants in every format", async () => {
    // eleventy-img's memory keeps a request by the file's path and size: in the preview, which runs for hours,
    // an editor's new photograph of the same size kept the old one's AVIF and WebP (what browsers show).
    const file = path.join(dir, "replaced.jpg");
    const [first, second] = [path.join(dir, "first.jpg"), path.join(dir, "second.jpg")];
    await photo(first, 900, 600);
    await photo(second, 900, 600);
    const [a, b] = [await readFile(first), await readFile(second)];
    // Zeros after a JPEG's end are not read: both become the larger's size.
    const padded = (bytes: Buffer) => Buffer.concat([bytes, Buffer.alloc(Math.max(a.length, b.length) - bytes.length)]);
    const urls = (image: Awaited<ReturnType<typeof processImage>>) => [image.img.srcset, ...image.sources.map((source) => source.srcset)];
    await writeFile(file, padded(a));
    const before = await processImage(file, { cacheDir: path.join(dir, "cache") });
    await writeFile(file, padded(b));
    const after = await processImage(file, { cacheDir: path.join(dir, "cache") });
    assert.equal((await stat(file)).size, padded(a).length);
    for (const [index, srcset] of urls(after).entries()) assert.notEqual(srcset, urls(before)[index], `${srcset} is the old photograph's`);
    // And the same file unchanged is answered from what was made: the variants are not written again.
    const made = await stat(after.files.get(after.social.url)!);
    assert.deepEqual(urls(await processImage(file, { cacheDir: path.join(dir, "cache") })), urls(after));
    assert.equal((await stat(after.files.get(after.social.url)!)).mtimeMs, made.mtimeMs);
  });

  test("a photograph touched but not changed is not encoded again: eleventy-img's cache on disk answers", async () => {
    // Its version (size, modification time, inode: src/image-requests.ts) is new, so eleventy-img is asked
    // again; it names the variants by a hash of the bytes, finds them made, and writes none.
    const file = path.join(dir, "touched.jpg");
    await photo(file, 900, 600);
    const before = await processImage(file, { cacheDir: path.join(dir, "cache") });
    const times = async () => Promise.all([...before.files.values()].map(async (variant) => (await stat(variant)).mtimeMs));
    const made = await times();
    const later = new Date(Date.now() + 60_000);
    await utimes(file, later, later);
    const after = await processImage(file, { cacheDir: path.join(dir, "cache") });
    assert.deepEqual([...after.files], [...before.files]);
    assert.deepEqual(await times(), made, "no variant was written again");
  });

  // The preview's articles watcher compares a picture's first event with it (src/reported-files.ts).
  test("keeps the version of a file every request for it was answered for; none for a file changed between requests", async () => {
    const file = path.join(dir, "version.jpg");
    await photo(file, 240, 160);
    const version = async () => fileVersion(await stat(file, { bigint: true }));
    // As the preview has them kept (src/preview-rebuilds.ts); a build keeps none.
    keepPictureVersions(true);
    try {
      assert.equal(versionUsed(file), undefined, "never asked for");
      await processImage(file, { cacheDir: path.join(dir, "cache") });
      assert.equal(versionUsed(file), await version());
      await processImage(file, { cacheDir: path.join(dir, "cache") });
      assert.equal(versionUsed(file), await version(), "asked again as it was");
      // Touched while a story showing it kept its pictures: the pages may show either version.
      const later = new Date(Date.now() + 60_000);
      await utimes(file, later, later);
      await processImage(file, { cacheDir: path.join(dir, "cache") });
      assert.equal(versionUsed(file), undefined, "two versions asked for");
    } finally {
      keepPictureVersions(false);
    }
  });

  test("keeps no photograph's bytes once its variants are made", async () => {
    // eleventy-img's memory kept every source's bytes (twice: once per set of options) for the life of the
    // process: 0.6 MB a photograph, gigabytes in an archive's first build.
    // Small pictures in large files (zeros after a JPEG's end are not read): a loud signal, quickly encoded.
    // Counted once collections stop freeing more: one count straight after one collection once saw 9 MiB
    // of buffers the program had already let go.
    const size = 4 * 2 ** 20;
    const photos = await Promise.all(
      Array.from({ length: 12 }, async (_, index) => {
        const file = path.join(dir, `kept-${index}.jpg`);
        await photo(file, 240, 160);
        const bytes = await readFile(file);
        await writeFile(file, Buffer.concat([bytes, Buffer.alloc(size - bytes.length)]));
        return file;
      }),
    );
    const held = await settledArrayBuffers();
    for (const file of photos) await processImage(file, { cacheDir: path.join(dir, "cache") });
    const grown = (await settledArrayBuffers()) - held;
    assert.ok(grown < 16 * 2 ** 20, `${(grown / 2 ** 20).toFixed(1)} MiB more held after 12 photographs of 4 MiB`);
  });

  test("a file that is not an image is an error", async () => {
    const file = path.join(dir, "broken.jpg");
    await writeFile(file, "not a picture");
    await assert.rejects(processImage(file, { cacheDir: path.join(dir, "cache") }));
  });
});

describe("pictureHtml", () => {
  const image = {
    sources: [{ type: "image/avif", srcset: "/img/a-400.avif 400w" }],
    img: { url: "/img/a-400.jpeg", srcset: "/img/a-400.jpeg 400w", width: 400, height: 300 },
    shape: { width: 400, height: 300 },
    social: { url: "/img/a-400.jpeg", width: 400, height: 300, bytes: 20_480 },
    files: new Map<string, string>(),
  };

  test("the lead image is fetched first, with its size so nothing moves while it loads", () => {
    const img = parsePicture(pictureHtml(image, { altHtml: "A &quot;quoted&quot; harbour", lead: true })).querySelector("img")!;
    assert.equal(img.getAttribute("fetchpriority"), "high");
    assert.equal(img.getAttribute("loading"), null);
    assert.equal(img.getAttribute("width"), "400");
    assert.equal(img.getAttribute("height"), "300");
    assert.equal(img.getAttribute("alt"), 'A "quoted" harbour');
    assert.ok(img.getAttribute("sizes"));
  });

  test("other images load lazily", () => {
    const picture = parsePicture(pictureHtml(image, { altHtml: "x", lead: false }));
    assert.equal(picture.querySelector("img")!.getAttribute("loading"), "lazy");
    assert.equal(picture.querySelector("img")!.getAttribute("fetchpriority"), null);
    assert.equal(picture.querySelector("source")!.getAttribute("type"), "image/avif");
  });
});

describe("images in a build", () => {
  let site: FixtureSite;
  let cacheDir: string;
  const env = () => ({ NEWS_IMAGE_CACHE: cacheDir });

  before(async () => {
    site = await makeFixtureSite({
      "harbour.md": article(
        { headline: "Harbour", slug: "harbour", image: "\n  src: lead.jpg\n  alt: Boats at the harbour wall" },
        "The boats came back.\n\n![A trawler & its crew](trawler.jpg \"The trawler\")\n\nMore text.",
      ),
    });
    cacheDir = path.join(site.dir, "cache");
    await photo(path.join(site.articlesDir, "lead.jpg"), 1600, 900);
    await photo(path.join(site.articlesDir, "trawler.jpg"), 1000, 750);
  });
  after(() => site.remove());

  test("lead and inline images become responsive pictures whose files are all published", async () => {
    const result = await buildFixture(site, [], env());
    assert.equal(result.code, 0, result.stderr);
    const page = await readPage(site.outputDir, "/world/harbour/");
    const lead = page.querySelector(".lead-image picture img")!;
    assert.equal(lead.getAttribute("fetchpriority"), "high");
    assert.equal(lead.getAttribute("alt"), "Boats at the harbour wall");
    const inline = page.querySelector(".story__body picture img")!;
    assert.equal(inline.getAttribute("loading"), "lazy");
    assert.equal(inline.getAttribute("alt"), "A trawler & its crew");
    assert.equal(inline.getAttribute("title"), "The trawler");
    assert.equal(inline.getAttribute("width"), "800");
    assert.equal(inline.getAttribute("height"), "600");
    const urls = Array.from(page.querySelectorAll("picture img, picture source")).flatMap((element) => [
      element.getAttribute("src"),
      ...(element.getAttribute("srcset") ?? "").split(", ").map((entry: string) => entry.split(" ")[0]),
    ]);
    for (const url of urls.filter((url): url is string => Boolean(url))) {
      assert.ok((await stat(path.join(site.outputDir, url))).size > 0, `${url} is published`);
    }
  });

  test("a story given pictures keeps its body as bytes, as every story's is kept (src/compact-html.ts)", async () => {
    const settings = resolveSettings(siteConfig);
    const [story] = await loadArticles({ settings, articlesDir: site.articlesDir, publicDir: path.join(PROJECT_ROOT, "public"), now: DateTime.fromISO("2026-11-30T12:00:00Z") });
    assert.ok(Object.getOwnPropertyDescriptor(story!, "html")?.get, "the loader keeps the body as bytes");
    const { articles } = await addResponsiveImages([story!], { publicDir: path.join(PROJECT_ROOT, "public"), articlesDir: site.articlesDir, htmlPolicy: "sanitized" }, { cacheDir });
    const pictured = articles[0]!;
    assert.match(pictured.image?.picture ?? "", /<picture/);
    assert.match(pictured.html, /<picture>.*alt="A trawler &amp; its crew"/s);
    // A body held as a string would be a data property: two bytes a character for the whole build.
    assert.ok(Object.getOwnPropertyDescriptor(pictured, "html")?.get, "the pictured story's body is kept as bytes");
    assert.deepEqual(Object.keys(pictured), Object.keys(story!), "the same fields, in the same order");
  });

  test("the image files a build announces before its pages are written are exactly those it publishes", async () => {
    const imageCache = process.env.NEWS_IMAGE_CACHE;
    process.env.NEWS_IMAGE_CACHE = cacheDir;
    try {
      const settings = resolveSettings(siteConfig);
      const loader = new NewsLoader({ settings, articlesDir: site.articlesDir, publicDir: path.join(PROJECT_ROOT, "public"), now: DateTime.fromISO("2026-11-30T12:00:00Z") });
      const news = await loader.load();
      const out = await makeTempDir("news-images-published-");
      try {
        await publishImages(out, news, { link: true });
        const published = (await readdir(out, { recursive: true, withFileTypes: true }))
          .filter((entry) => entry.isFile())
          .map((entry) => path.relative(out, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
        // The lead image's original is not among them (the next suite says why).
        assert.ok(!published.some((file) => file.startsWith("media/")) && published.some((file) => file.startsWith("img/")), published.join(", "));
        assert.deepEqual(imageSiteFiles(news).sort(), published.sort());
      } finally {
        await rm(out, { recursive: true, force: true });
      }
    } finally {
      if (imageCache === undefined) delete process.env.NEWS_IMAGE_CACHE;
      else process.env.NEWS_IMAGE_CACHE = imageCache;
    }
  });

  test("a rebuild takes every image from the cache instead of making it again, its photographs touched as a fresh checkout's are", async () => {
    // The cache's own record (src/image-cache-pruning.ts) is a dot-folder beside the variants.
    const variants = async () => (await readdir(cacheDir)).filter((name) => !name.startsWith("."));
    const before = new Map<string, number>();
    for (const name of await variants()) before.set(name, (await stat(path.join(cacheDir, name))).mtimeMs);
    assert.ok(before.size >= 8, `cache holds ${before.size} files`);
    const later = new Date(Date.now() + 60_000);
    for (const name of ["lead.jpg", "trawler.jpg"]) await utimes(path.join(site.articlesDir, name), later, later);
    const result = await buildFixture(site, [], env());
    assert.equal(result.code, 0, result.stderr);
    for (const name of await variants()) assert.equal((await stat(path.join(cacheDir, name))).mtimeMs, before.get(name), `${name} was not rewritten`);
    // The story came from the article cache, its body read back from the cache file: its picture is found there too.
    const page = await readPage(site.outputDir, "/world/harbour/");
    assert.equal(page.querySelector(".story__body picture img")?.getAttribute("alt"), "A trawler & its crew");
  });

  test("under a path prefix every image address carries it", async () => {
    const result = await buildFixture(site, ["--pathprefix", "/edition/"], env());
    assert.equal(result.code, 0, result.stderr);
    const page = await readPage(site.outputDir, "/world/harbour/");
    const addresses = Array.from(page.querySelectorAll("picture img, picture source")).flatMap((element) => [
      element.getAttribute("src"),
      ...(element.getAttribute("srcset") ?? "").split(", ").map((entry: string) => entry.split(" ")[0]),
    ]);
    assert.ok(addresses.length > 8);
    for (const address of addresses.filter((address): address is string => Boolean(address))) assert.match(address, /^\/edition\/img\//);
  });

  test("missing and unreadable images stop the build, each named with its article (and line) in one report", async () => {
    const broken = await makeFixtureSite({
      "rowing.md": article({ headline: "Rowing" }, "First paragraph.\n\n![The crew](crew-photo.jpg)\n"),
      "fair.md": article({ headline: "Fair", slug: "fair", image: "\n  src: stall.jpg\n  alt: A stall" }),
      "stall.jpg": "this is text, not a JPEG",
    });
    try {
      const result = await buildFixture(broken, [], { NEWS_IMAGE_CACHE: cacheDir });
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /rowing\.md:9: the image crew-photo\.jpg does not exist: found no file at .*articles\/crew-photo\.jpg or public\/crew-photo\.jpg/);
      assert.match(result.stderr, /fair\.md:7: image\.src: could not be read as an image/);
      assert.match(result.stderr, /2 problems in 2 article files/);
    } finally {
      await broken.remove();
    }
  });
});

describe("a lead image's original", () => {
  let site: FixtureSite;
  before(async () => {
    site = await makeFixtureSite({
      "quay.md": article({ headline: "Quay", slug: "quay", image: "\n  src: quay.jpg\n  alt: The quay at dawn" }),
      "pier.md": article({ headline: "Pier", slug: "pier", image: "\n  src: pier.jpg\n  alt: The pier" }, 'The pier, small:\n\n<img src="pier.jpg" width="300" alt="The pier, small">\n'),
      "chart.md": article({ headline: "Chart", slug: "chart", image: "\n  src: chart.svg\n  alt: The catch by year" }),
      "chart.svg": SVG,
    });
    await photo(path.join(site.articlesDir, "quay.jpg"), 1600, 900);
    await photo(path.join(site.articlesDir, "pier.jpg"), 1000, 750);
  });
  after(() => site.remove());

  test("is not published, nor named by any file of the site; its variants are, and a raw tag's file is", async () => {
    // Where an earlier build published it: a build starts its site afresh.
    const stale = path.join(site.outputDir, mediaUrl(path.join(site.articlesDir, "quay.jpg")));
    await mkdir(path.dirname(stale), { recursive: true });
    await writeFile(stale, "an earlier build's copy");

    // With the link check on, as it is by default: no page, feed or sitemap names a file the site lacks.
    const result = await buildFixture(site, ["--now", "2026-11-30T12:00:00Z"], { NEWS_IMAGE_CACHE: path.join(site.dir, "cache") });
    assert.equal(result.code, 0, result.stderr);
    const files = (await readdir(site.outputDir, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(site.outputDir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
    assert.deepEqual(files.filter((file) => /(?:^|\/)(?:quay\.jpg|chart\.svg)$/.test(file)), [], "no original of a lead image");
    const pierOriginals = files.filter((file) => file.endsWith("/pier.jpg"));
    assert.deepEqual(pierOriginals.map((file) => file.split("/")[0]), ["media"], "the file a raw <img> names is published once, under /media/");

    for (const file of files.filter((file) => /\.(?:html|xml|txt|json)$|^_(?:headers|redirects)$/.test(file))) {
      assert.doesNotMatch(await readFile(path.join(site.outputDir, file), "utf8"), /quay\.jpg|chart\.svg/, `${file} names no original`);
    }

    const quay = await readPage(site.outputDir, "/world/quay/");
    const card = new URL(quay.querySelector('meta[property="og:image"]')!.getAttribute("content")!);
    assert.match(card.pathname, /^\/img\/[^/]+-1200\.jpeg$/);
    const shown = Array.from(quay.querySelectorAll(".lead-image picture img, .lead-image picture source")).flatMap((element) => [
      element.getAttribute("src"),
      ...(element.getAttribute("srcset") ?? "").split(", ").map((entry: string) => entry.split(" ")[0]),
    ]);
    for (const url of [card.pathname, ...shown.filter((url): url is string => Boolean(url))]) {
      assert.ok((await stat(path.join(site.outputDir, url))).size > 0, `${url} is published`);
    }

    // A drawing is shown as it is, from /img/.
    const chart = (await readPage(site.outputDir, "/world/chart/")).querySelector(".lead-image img")!.getAttribute("src")!;
    assert.match(chart, /^\/img\/.+\.svg$/);
    assert.equal(await readFile(path.join(site.outputDir, chart), "utf8"), SVG);

    const pier = await readPage(site.outputDir, "/world/pier/");
    assert.equal(pier.querySelector('.story__body img[width="300"]')?.getAttribute("src"), `/${pierOriginals[0]}`);
  });
});

// The preview advises adding such a file, not only fixing the article (src/preview-server.ts).
describe("a body image that is not there yet", () => {
  test("is said to be a missing file, with where it was looked for", async () => {
    const site = await makeFixtureSite({ "harbour.md": article({ headline: "Harbour" }, "The boats came back.\n\n![The quay](quay.jpg)\n") });
    try {
      const settings = resolveSettings(siteConfig);
      const [story] = await loadArticles({ settings, articlesDir: site.articlesDir, publicDir: path.join(PROJECT_ROOT, "public"), now: DateTime.fromISO("2026-11-30T12:00:00Z") });
      const publishing = addResponsiveImages([story!], { publicDir: path.join(PROJECT_ROOT, "public"), articlesDir: site.articlesDir, htmlPolicy: "sanitized" }, { cacheDir: path.join(site.dir, "cache") });
      await assert.rejects(publishing, (error: ArticleValidationError) => {
        assert.deepEqual(error.problems.map((problem) => [problem.line, problem.missingFile]), [[9, [path.join(site.articlesDir, "quay.jpg"), path.join(PROJECT_ROOT, "public", "quay.jpg")]]]);
        return true;
      });
    } finally {
      await site.remove();
    }
  });
});
