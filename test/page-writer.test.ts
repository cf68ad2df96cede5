import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { keptEntry, readKeptIndex, type KeptIndex, type ReusedPage } from "../src/page-index.ts";
import { PageWriter } from "../src/page-writer.ts";
import { renderedPages, type RenderedPage } from "../src/rendered-pages.ts";
import { makeTempDir } from "./helpers/site.ts";
import { hashTree } from "./helpers/tree.ts";

let work: string;
before(async () => {
  work = await makeTempDir("news-page-writer-");
});
after(() => rm(work, { recursive: true, force: true }));

/** A fresh, not yet created, output folder for one test. */
let folders = 0;
function outputFolder(): string {
  return path.join(work, `site-${++folders}`);
}

function page(outputDir: string, file: string, content = `<p>${file}</p>`): RenderedPage {
  return { url: `/${file.replace(/index\.html$/, "")}`, inputPath: `./articles/${file.replace(/\//g, "-")}.md`, outputPath: path.join(outputDir, file), content };
}

/** A page to take, from its line of the page cache's index (as PageCache.plan makes one, unchecked). */
function reused(entry: string): ReusedPage {
  const [digest, kept] = keptEntry(entry);
  return { digest, file: kept[1], entry };
}

/** Every file in a folder → its text. */
async function filesIn(dir: string): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const file of (await hashTree(dir)).keys()) texts.set(file, await readFile(path.join(dir, file), "utf8"));
  return texts;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

describe("PageWriter", () => {
  test("writes 300 pages over many nested folders, each with exactly its content, and nothing else", async () => {
    const site = outputFolder();
    const pages = Array.from({ length: 300 }, (_, index) =>
      page(site, `section-${index % 12}/2026/${String(index % 7).padStart(2, "0")}/story-${index}/index.html`, `<h1>Story ${index}</h1><p>کہانی ${index}</p>`),
    );
    await new PageWriter(site).write(pages);
    const written = await filesIn(site);
    assert.equal(written.size, 300);
    for (const [index, { outputPath }] of pages.entries()) {
      assert.equal(written.get(path.relative(site, outputPath).split(path.sep).join("/")), `<h1>Story ${index}</h1><p>کہانی ${index}</p>`);
    }
    assert.equal(written.get("section-5/2026/03/story-17/index.html"), "<h1>Story 17</h1><p>کہانی 17</p>");
  });

  test("pages added one at a time, in many batches, are all written by the time finished() resolves", async () => {
    const outputDir = outputFolder();
    const writer = new PageWriter(outputDir);
    const pages = Array.from({ length: 200 }, (_, index) => page(outputDir, `batches/${index % 7}/${index}.html`, `<p>${index}</p>`));
    for (const each of pages) writer.add(each);
    await writer.finished();
    for (const each of pages) assert.equal(await readFile(each.outputPath, "utf8"), each.content);
  });

  test("writes several pages into one folder", async () => {
    const site = outputFolder();
    const names = ["index.html", "feed.xml", "a.html", "b.html", "c.html"];
    await new PageWriter(site).write(names.map((name) => page(site, `world/${name}`, `content of ${name}`)));
    assert.deepEqual(
      [...(await filesIn(site))].sort(),
      names.map((name) => [`world/${name}`, `content of ${name}`]).sort(),
    );
  });

  test("one writer writes later batches into folders it has already made", async () => {
    const site = outputFolder();
    const writer = new PageWriter(site);
    await writer.write([page(site, "world/a/index.html", "first")]);
    await writer.write([page(site, "world/a/extra.html", "second"), page(site, "world/b/index.html", "third")]);
    assert.deepEqual(
      [...(await filesIn(site))],
      [
        ["world/a/extra.html", "second"],
        ["world/a/index.html", "first"],
        ["world/b/index.html", "third"],
      ],
    );
  });

  test("rejects a page outside the output folder, naming its source and file, before writing any page", async () => {
    const root = await makeTempDir("news-page-writer-escape-");
    try {
      const site = path.join(root, "site");
      const escaping: RenderedPage = { url: "/escape.html", inputPath: "./articles/evil.md", outputPath: path.join(site, "../escape.html"), content: "escaped" };
      const pages = [page(site, "world/a/index.html"), page(site, "world/b/index.html"), escaping];
      await assert.rejects(new PageWriter(site).write(pages), (error: Error) => {
        assert.match(error.message, /\.\/articles\/evil\.md/);
        assert.ok(error.message.includes(escaping.outputPath), error.message);
        return true;
      });
      assert.equal(await exists(path.join(root, "escape.html")), false);
      assert.equal(await exists(site), false, "not even the pages inside the folder were written");
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  test("rejects a folder whose name only begins with the output folder's, and the output folder itself", async () => {
    const root = await makeTempDir("news-page-writer-escape-");
    try {
      const site = path.join(root, "site");
      const beside: RenderedPage = { url: "/x/", inputPath: "./articles/beside.md", outputPath: `${site}-other/index.html`, content: "beside" };
      await assert.rejects(new PageWriter(site).write([beside]), /beside\.md/);
      const itself: RenderedPage = { url: "/", inputPath: "./articles/itself.md", outputPath: site, content: "itself" };
      await assert.rejects(new PageWriter(site).write([itself]), /itself\.md/);
      assert.equal(await exists(`${site}-other`), false);
      assert.equal(await exists(site), false);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  test("a write that fails is reported with the file and its source", async () => {
    const site = outputFolder();
    await mkdir(site, { recursive: true });
    // A file where the page's folder would go: the folder cannot be made.
    await writeFile(path.join(site, "world"), "not a folder");
    const blocked = page(site, "world/a/index.html");
    await assert.rejects(new PageWriter(site).write([page(site, "sport/b/index.html"), blocked]), (error: Error) => {
      assert.ok(error.message.includes(`Could not write ${blocked.outputPath}`), error.message);
      assert.ok(error.message.includes(blocked.inputPath), error.message);
      return true;
    });
  });

  test("two callers waiting for finished() at once are both answered", async () => {
    const site = outputFolder();
    const writer = new PageWriter(site);
    for (let index = 0; index < 100; index++) writer.add(page(site, `both/${index}.html`));
    const answered = await Promise.race([
      Promise.all([writer.finished(), writer.finished()]).then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000).unref()),
    ]);
    assert.equal(answered, true);
    assert.equal((await filesIn(site)).size, 100);
  });

  test("after a write fails, later pages are not written, and finished() reports the failure", async () => {
    const site = outputFolder();
    await mkdir(site, { recursive: true });
    await writeFile(path.join(site, "world"), "not a folder");
    const writer = new PageWriter(site);
    // The first of many batches fails on its first page.
    writer.add(page(site, "world/a/index.html"));
    for (let index = 1; index < 64 * 20; index++) writer.add(page(site, `sport/later-${index}.html`));
    await assert.rejects(writer.finished(), /Could not write/);
    const written = [...(await filesIn(site)).keys()];
    assert.deepEqual(written.filter((file) => file.startsWith("sport/")), []);
  });

  test("writing no pages writes nothing", async () => {
    const site = outputFolder();
    await new PageWriter(site).write([]);
    assert.equal(await exists(site), false);
  });
});

/** As in src/page-writer.ts: pages a message. */
const PAGES_PER_MESSAGE = 64;

describe("PageWriter after a failure", () => {
  test("a page added outside the folder stops the writer: what was sent is finished, and nothing more is sent", async () => {
    const root = await makeTempDir("news-page-writer-escape-");
    try {
      const site = path.join(root, "site");
      const writer = new PageWriter(site);
      const batches = 16;
      const before = Array.from({ length: batches * PAGES_PER_MESSAGE }, (_, index) => page(site, `flat/${index}.html`, `<a href="/flat/${index + 1}.html">${index}</a>`));
      for (const each of before) writer.add(each);
      // Queued, but not yet sent when the writer fails: after a failure nothing more is sent.
      const queued = Array.from({ length: 10 }, (_, index) => page(site, `queued/${index}.html`));
      for (const each of queued) writer.add(each);
      writer.add({ url: "/escape.html", inputPath: "./articles/evil.md", outputPath: path.join(site, "../escape.html"), content: "escaped" });
      const after = Array.from({ length: PAGES_PER_MESSAGE + 3 }, (_, index) => page(site, `after/${index}.html`));
      for (const each of after) writer.add(each);
      await assert.rejects(writer.finished(), /\.\/articles\/evil\.md/);
      // finished() settled once the thread had done every batch sent: nothing is still writing.
      assert.equal(readdirSync(path.join(site, "flat")).length, before.length);
      assert.equal(await exists(path.join(site, "after")), false);
      assert.equal(await exists(path.join(site, "queued")), false);
      assert.equal(await exists(path.join(root, "escape.html")), false);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe("PageWriter checking links", () => {
  test("reports the references no written page or other file answers, in the order the pages were written", async () => {
    const site = outputFolder();
    const writer = new PageWriter(site, { links: { baseUrl: "https://news.example" } });
    // The first page links forward to pages written later, and to a stylesheet that is not a page.
    writer.add(page(site, "index.html", '<link rel="stylesheet" href="/css/site.css"><a href="/world/a/">A</a><a href="/world/gone/">gone</a>'));
    writer.add(page(site, "world/index.html", '<a href="/">home</a><img src="/media/missing.jpg" alt=""><a href="a/">A</a>'));
    for (let index = 0; index < 150; index++) writer.add(page(site, `flat/${index}.html`, `<a href="/flat/${index + 1}.html">next</a>`));
    writer.add(page(site, "world/a/index.html", '<a href="https://news.example/world/">world</a><a href="https://elsewhere.example/x">away</a>'));
    await writer.finished();
    const broken = await writer.brokenLinks(["css/site.css"]);
    assert.deepEqual(
      broken.map(({ page, target, resolved }) => [page, target, resolved]),
      [
        ["/", "/world/gone/", "/world/gone/"],
        ["/world/", "/media/missing.jpg", "/media/missing.jpg"],
        ["/flat/149.html", "/flat/150.html", "/flat/150.html"],
      ],
    );
  });

  test("a file given with the others answers a reference the pages left waiting", async () => {
    const site = outputFolder();
    const writer = new PageWriter(site, { links: {} });
    await writer.write([page(site, "a.html", '<a href="/s/abc">short link</a><img src="/media/photo.jpg" alt="">')]);
    assert.deepEqual(
      (await writer.brokenLinks(["s/abc", "media/photo.jpg"])).map((link) => link.target),
      [],
    );
  });

  test("files expected before the pages (static files, images) answer their references as the pages are written", async () => {
    const site = outputFolder();
    const writer = new PageWriter(site, { links: {} });
    writer.expectFiles(["css/site.css", "img/photo-800.jpeg"]);
    await writer.write([page(site, "a.html", '<link rel="stylesheet" href="/css/site.css"><img src="/img/photo-800.jpeg" alt=""><img src="/img/other.jpeg" alt="">')]);
    assert.deepEqual(
      (await writer.brokenLinks([])).map((link) => link.target),
      ["/img/other.jpeg"],
    );
  });

  test("a writer made without link options checks nothing, and says so if asked", async () => {
    const site = outputFolder();
    const writer = new PageWriter(site);
    await writer.write([page(site, "a.html", '<a href="/nowhere/">x</a>')]);
    await assert.rejects(writer.brokenLinks([]), /checks no links/);
  });
});

describe("PageWriter checking the links of a rebuild", () => {
  const links = { baseUrl: "https://news.example" };
  const SITEMAP = "<urlset><url><loc>https://news.example/world/a/</loc></url><url><loc>https://news.example/world/b/</loc></url></urlset>";
  const FEED = '<rss><channel><link>https://news.example/</link><item><link>https://news.example/world/b/</link><enclosure url="https://news.example/img/b.jpg"/></item></channel></rss>';
  const STORY = '<a href="/">home</a><a href="/world/b/">b</a>';

  /** A first build's writer with a page cache in `cache`: two kept stories, a home page, and a sitemap and a feed it does not keep. */
  async function firstBuild(cache: string): Promise<KeptIndex> {
    const site = outputFolder();
    await mkdir(path.join(cache, "files"), { recursive: true });
    const writer = new PageWriter(site, { links, keptFiles: path.join(cache, "files") });
    writer.add(page(site, "world/a/index.html", STORY), "digest-a");
    writer.add(page(site, "world/b/index.html", "<p>b</p>"), "digest-b");
    writer.add(page(site, "index.html", '<a href="/world/a/">a</a>'));
    writer.add(page(site, "sitemap.xml", SITEMAP));
    writer.add(page(site, "feed.xml", FEED));
    await writer.finished();
    assert.deepEqual(await writer.brokenLinks(["img/b.jpg"]), []);
    await writer.storeKept(cache, "site-1");
    const index = readKeptIndex(await readFile(path.join(cache, "index.json"), "utf8"));
    assert.ok(index);
    return index;
  }

  /**
   * The next build, where /world/b/ and its picture are gone: story a is taken from the cache (or, with
   * no cache, written), and the home page, sitemap and feed are written again with the text they had.
   */
  async function rebuild(cache: string | undefined, index: KeptIndex | undefined) {
    const site = outputFolder();
    const writer = new PageWriter(site, { links, ...(cache ? { keptFiles: path.join(cache, "files") } : {}) });
    if (cache && index) writer.reuse([reused(index.pages.get("digest-a")!)], { file: path.join(cache, "index.json"), targets: index.targetCount });
    else writer.add(page(site, "world/a/index.html", STORY));
    writer.add(page(site, "index.html", '<a href="/world/a/">a</a>'));
    writer.add(page(site, "sitemap.xml", SITEMAP));
    writer.add(page(site, "feed.xml", FEED));
    await writer.finished();
    // Sorted: a taken page is checked once every file is in place, after the pages written.
    const broken = (await writer.brokenLinks([])).map(({ page, target, resolved }) => [page, target, resolved]).sort();
    if (cache) await writer.storeKept(cache, "site-1");
    return broken;
  }

  // A guard for any later shortcut in a rebuild's link check (the thirty-ninth round tried one).
  test("a rebuild refuses a link gone since the last build, in a taken page, a sitemap and a feed written the same, as a first build would", async () => {
    const cache = path.join(work, "cache-gone");
    const index = await firstBuild(cache);
    const expected = [
      ["/feed.xml", "https://news.example/img/b.jpg", "/img/b.jpg"],
      ["/feed.xml", "https://news.example/world/b/", "/world/b/"],
      ["/sitemap.xml", "https://news.example/world/b/", "/world/b/"],
      ["/world/a/", "/world/b/", "/world/b/"],
    ];
    assert.deepEqual(await rebuild(undefined, undefined), expected, "a build without the cache");
    assert.deepEqual(await rebuild(cache, index), expected, "a rebuild");
    const next = readKeptIndex(await readFile(path.join(cache, "index.json"), "utf8"));
    assert.ok(next);
    assert.deepEqual(await rebuild(cache, next), expected, "the rebuild after");
  });
});

describe("PageWriter taking kept pages", () => {
  test("puts every taken page in place as its kept file and lists it in the next index, over several messages and both taking threads", async () => {
    const cache = path.join(work, "cache-many");
    await mkdir(path.join(cache, "files"), { recursive: true });
    // More pages than one message takes (256), in several top-level folders, so the work is shared out.
    const files = Array.from({ length: 600 }, (_, at) => `${["world", "s", "business"][at % 3]}/p${at}/index.html`);
    const first = outputFolder();
    const keeping = new PageWriter(first, { keptFiles: path.join(cache, "files") });
    files.forEach((file, at) => keeping.add(page(first, file), `digest-${at}`));
    await keeping.finished();
    await keeping.storeKept(cache, "site-1");
    const index = readKeptIndex(await readFile(path.join(cache, "index.json"), "utf8"));
    assert.ok(index);

    const site = outputFolder();
    const taking = new PageWriter(site, { keptFiles: path.join(cache, "files") });
    taking.reuse([...index.pages.values()].map(reused), { file: path.join(cache, "index.json"), targets: index.targetCount });
    await taking.finished();
    await taking.storeKept(cache, "site-1");
    assert.deepEqual([...(await filesIn(site))].sort(), [...(await filesIn(first))].sort(), "every page, with its text");
    for (const [at, file] of files.entries()) {
      assert.equal((await stat(path.join(site, file))).ino, (await stat(path.join(cache, "files", `digest-${at}`))).ino, `${file} is the kept file`);
    }
    const next = readKeptIndex(await readFile(path.join(cache, "index.json"), "utf8"));
    assert.deepEqual([...(next?.pages.keys() ?? [])].sort(), files.map((_, at) => `digest-${at}`).sort(), "each page listed in the next index");
  });
});

describe("PageWriter taking pages from an index it cannot trust", () => {
  test("fails the build when the index's link targets are not the ones the pages were planned against, or it cannot be read", async () => {
    const cache = path.join(work, "cache-changed");
    await mkdir(path.join(cache, "files"), { recursive: true });
    const first = outputFolder();
    const keeping = new PageWriter(first, { keptFiles: path.join(cache, "files") });
    keeping.add(page(first, "world/a/index.html"), "digest-a");
    await keeping.finished();
    await keeping.storeKept(cache, "site-1");
    const index = readKeptIndex(await readFile(path.join(cache, "index.json"), "utf8"));
    assert.ok(index);

    const take = (file: string, targets: number) => {
      const taking = new PageWriter(outputFolder(), { keptFiles: path.join(cache, "files") });
      taking.reuse([...index.pages.values()].map(reused), { file, targets });
      return taking.finished();
    };
    await take(path.join(cache, "index.json"), index.targetCount);
    // As though another process had written the index since the build planned from it.
    await assert.rejects(take(path.join(cache, "index.json"), index.targetCount + 1), /index .*index\.json changed while this build took pages from it/);
    await assert.rejects(take(path.join(cache, "gone.json"), index.targetCount), /Could not read the page cache's index .*gone\.json/);
  });
});

describe("PageWriter.caughtUp", () => {
  test("resolves once no more than the given number of pages wait to be written", async () => {
    const site = outputFolder();
    const writer = new PageWriter(site);
    const pages = Array.from({ length: PAGES_PER_MESSAGE * 12 }, (_, index) => page(site, `many/${index}.html`, `<p>${"x".repeat(2000)} ${index}</p>`));
    for (const each of pages) writer.add(each);
    await writer.caughtUp(PAGES_PER_MESSAGE);
    assert.ok(readdirSync(path.join(site, "many")).length >= pages.length - PAGES_PER_MESSAGE);
    await writer.caughtUp(0);
    assert.equal(readdirSync(path.join(site, "many")).length, pages.length, "with none waiting, every page is on disk");
    await writer.finished();
  });

  test("does not wait for a writer that has failed", async () => {
    const site = outputFolder();
    await mkdir(site, { recursive: true });
    await writeFile(path.join(site, "world"), "not a folder");
    const writer = new PageWriter(site);
    writer.add(page(site, "world/a/index.html"));
    for (let index = 1; index < PAGES_PER_MESSAGE * 4; index++) writer.add(page(site, `sport/${index}.html`));
    const settled = await Promise.race([
      writer.caughtUp(0).then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000).unref()),
    ]);
    assert.equal(settled, true);
    await assert.rejects(writer.finished(), /Could not write/);
  });
});

describe("renderedPages", () => {
  test("keeps the entries with an output file, content and a URL, in order", () => {
    const kept = [
      { url: "/world/a/", inputPath: "./articles/a.md", outputPath: "_site/world/a/index.html", content: "<p>a</p>" },
      { url: "/feed.xml", inputPath: "./templates/feed.njk", outputPath: "_site/feed.xml", content: "", data: { extra: true } },
    ];
    const result = [
      kept[0],
      { url: false, inputPath: "./templates/data.njk", outputPath: false, content: "not written" },
      { url: "/world/b/", inputPath: "./articles/b.md", outputPath: false, content: "<p>b</p>" },
      { url: "/world/c/", inputPath: "./articles/c.md", outputPath: "_site/world/c/index.html" },
      { url: "/world/d/", inputPath: "./articles/d.md", outputPath: "_site/world/d/index.html", content: 42 },
      { inputPath: "./articles/e.md", outputPath: "_site/world/e/index.html", content: "<p>e</p>" },
      null,
      "_site/index.html",
      7,
      kept[1],
    ];
    assert.deepEqual(renderedPages(result), kept);
    assert.equal(renderedPages(result)[0], kept[0], "the entries themselves, not copies");
  });

  test("anything but an array gives no pages", () => {
    for (const result of [undefined, null, "pages", 3, { url: "/", inputPath: "x", outputPath: "_site/index.html", content: "" }]) {
      assert.deepEqual(renderedPages(result), [], String(result));
    }
  });
});
