import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { appendFile, mkdir, readdir, readFile, rm, stat, unlink, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { article, buildFixture, filesUnder, makeFixtureSite, makeTempDir, readPage, textOf, type FixtureSite } from "./helpers/site.ts";
import { PageCache } from "../src/page-cache.ts";
import { keptEntry, PageIndexWriter, readIndexTargets, readKeptIndex, readPageIndex, type PageIndex } from "../src/page-index.ts";
import { makeArticle, testSettings } from "./helpers/articles.ts";
import { buildSiteData } from "../src/site-data.ts";
import { parseNow } from "../src/dates.ts";

const NOW = "2026-02-01T00:00:00Z";

// Four stories: "linked" is linked to from "linking"'s body, so deleting it tests the link check of a
// page taken from the cache without being rendered.
const STORIES: Record<string, string> = {
  "2026/linked.md": article({ headline: "The harbour reopens", date: "2026-01-05T10:00:00+05:00", tags: "[Harbour]" }),
  "2026/linking.md": article({ headline: "Ships return", date: "2026-01-06T10:00:00+05:00" }, "Read [the earlier story](/world/linked/)."),
  "2026/other.md": article({ headline: "A quiet market day", date: "2026-01-07T10:00:00+05:00", section: "business" }),
  "2026/newest.md": article({ headline: "Rain expected", date: "2026-01-08T10:00:00+05:00", tags: "[Weather]" }),
};

/** The build of the same articles with no page cache at all: what every build with one must write. */
async function freshBuild(site: FixtureSite, name: string): Promise<Map<string, string>> {
  const outputDir = path.join(site.dir, name);
  const result = await buildFixture({ ...site, outputDir }, ["--now", NOW], { NEWS_PAGE_CACHE: path.join(site.dir, `${name}-pages`) });
  assert.equal(result.code, 0, result.stderr);
  return filesUnder(outputDir);
}

async function readIndex(site: FixtureSite): Promise<PageIndex> {
  const index = readPageIndex(await readFile(path.join(site.dir, "page-cache/index.json"), "utf8"));
  assert.ok(index, "the page cache's index is whole");
  return index;
}

/** The inode of a built page: a page taken from the cache is the kept file itself. */
async function inode(site: FixtureSite, file: string): Promise<number> {
  return (await stat(path.join(site.outputDir, file))).ino;
}

describe("npm run build with the page cache", () => {
  let site: FixtureSite;
  before(async () => {
    site = await makeFixtureSite(STORIES);
  });
  after(() => site.remove());

  const build = async () => {
    const result = await buildFixture(site, ["--now", NOW]);
    assert.equal(result.code, 0, result.stderr);
    return result;
  };

  test("a second build takes every article, listing, feed and short-link page from the cache, and writes the same files", async () => {
    await build();
    const first = await filesUnder(site.outputDir);
    const index = await readIndex(site);
    const kept = [...index.pages.values()].map((page) => page[1]);
    assert.ok(kept.includes("world/linked/index.html"), "article pages are kept");
    assert.ok(kept.includes("index.html"), "the front page is kept");
    assert.ok(kept.includes("tags/harbour/index.html"), "tag pages are kept");
    assert.ok(kept.includes("tags/harbour/rss.xml"), "tags' feeds are kept");
    assert.ok(["feed.xml", "rss.xml", "world/rss.xml"].every((feed) => kept.includes(feed)), "and the site's and sections' feeds");
    assert.ok(kept.some((file) => file.startsWith("s/")), "short-link pages are kept");
    assert.ok(!kept.includes("search/index.html") && !kept.includes("tags/index.html"), "pages there is one of are not kept");

    const before = new Map(await Promise.all(kept.map(async (file) => [file, await inode(site, file)] as const)));
    await build();
    assert.deepEqual(await filesUnder(site.outputDir), first);
    for (const [file, number] of before) assert.equal(await inode(site, file), number, `${file} was taken, not written again`);
  });

  test("after a correction, its page and the listings that show it are written again, and the site is what a build without the cache writes", async () => {
    await build();
    const before = {
      corrected: await inode(site, "world/newest/index.html"),
      untouched: await inode(site, "world/linked/index.html"),
      frontPage: await inode(site, "index.html"),
      otherTag: await inode(site, "tags/harbour/index.html"),
      otherTagFeed: await inode(site, "tags/harbour/rss.xml"),
      ownTagFeed: await inode(site, "tags/weather/rss.xml"),
      siteFeeds: await Promise.all(["feed.xml", "rss.xml", "world/rss.xml"].map((feed) => inode(site, feed))),
      otherSectionFeed: await inode(site, "business/rss.xml"),
    };
    await writeFile(path.join(site.articlesDir, "2026/newest.md"), article({ headline: "Rain expected, then snow", date: "2026-01-08T10:00:00+05:00", tags: "[Weather]" }));
    await build();

    assert.notEqual(await inode(site, "world/newest/index.html"), before.corrected);
    assert.notEqual(await inode(site, "index.html"), before.frontPage, "the front page lists the corrected headline");
    assert.equal(await inode(site, "world/linked/index.html"), before.untouched);
    assert.equal(await inode(site, "tags/harbour/index.html"), before.otherTag);
    assert.notEqual(await inode(site, "tags/weather/rss.xml"), before.ownTagFeed, "the feed of the corrected story's tag is written again");
    assert.equal(await inode(site, "tags/harbour/rss.xml"), before.otherTagFeed, "another tag's feed is taken");
    const siteFeeds = await Promise.all(["feed.xml", "rss.xml", "world/rss.xml"].map((feed) => inode(site, feed)));
    siteFeeds.forEach((number, index) => assert.notEqual(number, before.siteFeeds[index], "the site's feeds and its section's are written again"));
    assert.equal(await inode(site, "business/rss.xml"), before.otherSectionFeed, "another section's feed is taken");
    assert.equal(textOf((await readPage(site.outputDir, "/world/newest/")).querySelector("h1")), "Rain expected, then snow");
    assert.deepEqual(await filesUnder(site.outputDir), await freshBuild(site, "fresh-after-correction"));
  });

  test("a correction to a body alone writes its page and the feeds that carry it again, and takes the listing pages that list it; an edit of what its card shows writes those too", async () => {
    const newest = (fields: Record<string, string> = {}, body = "Rain is expected.") =>
      writeFile(path.join(site.articlesDir, "2026/newest.md"), article({ headline: "Rain expected", date: "2026-01-08T10:00:00+05:00", tags: "[Weather]", ...fields }, body));
    // Every listing page that lists the newest story, which leads the front page, its section and its tag.
    const listings = ["index.html", "world/index.html", "tags/weather/index.html", "archive/2026/01/index.html"];
    const ownPages = ["world/newest/index.html", "feed.xml", "rss.xml", "world/rss.xml", "tags/weather/rss.xml"];
    const inodes = async (files: string[]) => Promise.all(files.map((file) => inode(site, file)));
    /** Which of `files` the build after `edit` wrote again, rather than took from the cache. */
    const writtenAfter = async (edit: () => Promise<void>, files: string[]) => {
      const before = await inodes(files);
      await edit();
      await build();
      const after = await inodes(files);
      return files.filter((_, index) => after[index] !== before[index]);
    };
    await newest();
    await build();

    assert.deepEqual(await writtenAfter(() => newest({}, "Rain is expected.\n\nCorrection: an earlier version misstated the hour."), [...listings, ...ownPages]), ownPages);
    assert.match(textOf((await readPage(site.outputDir, "/world/newest/")).querySelector("main")), /Correction: an earlier version/);
    assert.deepEqual(await filesUnder(site.outputDir), await freshBuild(site, "fresh-after-body-correction"));

    // The lead story's bullets, then the time it was updated (its cards' time): every listing that shows it.
    assert.deepEqual(await writtenAfter(() => newest({ bullets: "[Rain from noon]" }), listings), listings);
    assert.equal(textOf((await readPage(site.outputDir, "/")).querySelector(".story-card--lead .summary")), "Rain from noon");
    assert.deepEqual(await writtenAfter(() => newest({ bullets: "[Rain from noon]", updated: "2026-01-09T08:00:00+05:00" }), listings), listings);
    assert.equal((await readPage(site.outputDir, "/world/")).querySelector(".story-card time")?.getAttribute("datetime"), "2026-01-09T08:00:00+05:00");
    // The bullets of a story that leads no listing page, which only a lead card would show: its page and the feeds that carry them.
    const linking = path.join(site.articlesDir, "2026/linking.md");
    const linkingPages = ["world/linking/index.html", "rss.xml", "world/rss.xml"];
    const bulleted = () => writeFile(linking, STORIES["2026/linking.md"]!.replace("date:", "bullets: [Ships back by noon]\ndate:"));
    assert.deepEqual(await writtenAfter(bulleted, [...listings, ...linkingPages]), linkingPages);
    assert.deepEqual(await filesUnder(site.outputDir), await freshBuild(site, "fresh-after-card-edits"));
    await writeFile(linking, STORIES["2026/linking.md"]!);
  });

  test("a page changed in place after it was published is rendered again, not taken as changed", async () => {
    await build();
    // An in-place edit (as a post-processing tool might make) changes the kept file too: they are one file.
    await appendFile(path.join(site.outputDir, "business/other/index.html"), "<!-- changed by hand -->");
    await build();
    const page = await readFile(path.join(site.outputDir, "business/other/index.html"), "utf8");
    assert.doesNotMatch(page, /changed by hand/);
    assert.deepEqual(await filesUnder(site.outputDir), await freshBuild(site, "fresh-after-edit"));
    // The page rendered again was kept under the digest the changed file had: the next build takes it.
    const rendered = await inode(site, "business/other/index.html");
    await build();
    assert.equal(await inode(site, "business/other/index.html"), rendered, "the page kept in place of the changed one is taken");
  });

  test("a change of settings renders every page again", async () => {
    await build();
    const index = await readIndex(site);
    await writeFile(site.settingsFile, JSON.stringify({ name: "The Harbour Gazette" }));
    try {
      await build();
      for (const file of ["world/linked/index.html", "index.html", "tags/harbour/index.html"]) {
        const document = await readPage(site.outputDir, `/${file.replace(/index\.html$/, "")}`);
        assert.equal(textOf(document.querySelector(".site-name")), "The Harbour Gazette", `${file} was rendered with the new settings`);
      }
      assert.notEqual((await readIndex(site)).site, index.site);
      // The pages kept under the old settings are gone from the cache as soon as the build has listed the new ones.
      const kept = await readdir(path.join(site.dir, "page-cache/files"));
      assert.deepEqual(kept.sort(), [...(await readIndex(site)).pages.keys()].sort(), "the cache holds the pages its index lists, and only those");
      assert.ok(kept.every((name) => !index.pages.has(name)), "no page kept under the old settings is left");
      assert.deepEqual(await filesUnder(site.outputDir), await freshBuild(site, "fresh-after-settings"));
    } finally {
      await writeFile(site.settingsFile, "{}");
    }
  });

  test("a page taken from the cache still has its links checked: deleting the story it links to fails the build", async () => {
    await build();
    const linking = await inode(site, "world/linking/index.html");
    const index = await readIndex(site);
    const saved = await readFile(path.join(site.articlesDir, "2026/linked.md"), "utf8");
    await unlink(path.join(site.articlesDir, "2026/linked.md"));
    try {
      const result = await buildFixture(site, ["--now", NOW]);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /linking\.md:7 \(page \/world\/linking\/\): links to \/world\/linked\/, which is not in the built site/);
      // The last good site is as it was, and so is the cache's index.
      assert.equal(await inode(site, "world/linking/index.html"), linking);
      assert.deepEqual(await readIndex(site), index);
    } finally {
      await writeFile(path.join(site.articlesDir, "2026/linked.md"), saved);
    }
  });

  test("a broken link in a taken page that is no story's is named by its template, which the cache's index tells", async () => {
    await build();
    const indexFile = path.join(site.dir, "page-cache/index.json");
    const saved = await readFile(indexFile, "utf8");
    // The harbour tag's page made to need a target no file answers, as a kept page's entry says it (its
    // file is untouched, so the page is still taken).
    const lines = saved.trimEnd().split("\n");
    const targets = lines.filter((line) => line.startsWith('["t",')).length;
    let template = "";
    const changed = lines.map((line) => {
      const entry = JSON.parse(line) as unknown[];
      if (entry[0] !== "p" || entry[3] !== "tags/harbour/index.html") return line;
      template = String(entry[4]).replace(/^\.\//, "");
      (entry[7] as number[]).push(targets);
      return JSON.stringify(entry);
    });
    assert.ok(template, "the tag's page is kept");
    changed.splice(-1, 0, JSON.stringify(["t", "/world/gone/"]));
    await writeFile(indexFile, `${changed.join("\n")}\n`);
    try {
      const result = await buildFixture(site, ["--now", NOW]);
      assert.equal(result.code, 1, result.stderr);
      const line = `  ${template} (page /tags/harbour/): links to /world/gone/, which is not in the built site`;
      assert.ok(result.stderr.split("\n").includes(line), `expected the line "${line}" in:\n${result.stderr}`);
    } finally {
      await writeFile(indexFile, saved);
    }
  });

  test("a cache held by another running build is left alone: this build renders every page", async () => {
    await build();
    const index = await readIndex(site);
    const lock = path.join(site.dir, "page-cache/lock");
    // This test's own process is alive, so the lock is held.
    await writeFile(lock, String(process.pid));
    try {
      await writeFile(path.join(site.articlesDir, "2026/other.md"), article({ headline: "A busy market day", date: "2026-01-07T10:00:00+05:00", section: "business" }));
      const result = await buildFixture(site, ["--now", NOW]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(textOf((await readPage(site.outputDir, "/business/other/")).querySelector("h1")), "A busy market day");
      assert.deepEqual(await readIndex(site), index, "the index is not written by a build that did not hold the lock");
      assert.equal(await readFile(lock, "utf8"), String(process.pid), "the other build's lock is left in place");
    } finally {
      await rm(lock, { force: true });
    }
    // A lock left by a process that is gone is taken over.
    await writeFile(lock, "999999999");
    await build();
    assert.notDeepEqual(await readIndex(site), index);
    await assert.rejects(stat(lock), { code: "ENOENT" }, "the build lets go of the lock");
    // So is one older than any build, even if its process number now belongs to a running process.
    const taken = await readIndex(site);
    await writeFile(path.join(site.articlesDir, "2026/other.md"), article({ headline: "A quiet market day", date: "2026-01-07T10:00:00+05:00", section: "business" }));
    await writeFile(lock, String(process.pid));
    const longAgo = new Date(Date.now() - 13 * 60 * 60 * 1000);
    await utimes(lock, longAgo, longAgo);
    await build();
    assert.notDeepEqual(await readIndex(site), taken, "the build used the cache and wrote its index");
    await assert.rejects(stat(lock), { code: "ENOENT" });
  });

  test("an index that names a file outside the site, or is not an index, is not used", async () => {
    await build();
    const indexFile = path.join(site.dir, "page-cache/index.json");
    const lines = (await readFile(indexFile, "utf8")).trimEnd().split("\n").map((line) => {
      const entry = JSON.parse(line) as unknown[];
      // ["p", digest, url, file, …]
      if (entry[0] === "p") entry[3] = `../../escaped/${String(entry[3])}`;
      return JSON.stringify(entry);
    });
    await writeFile(indexFile, lines.join("\n"));
    assert.ok(readPageIndex(lines.join("\n")), "the changed index still reads as one");
    await build();
    await assert.rejects(stat(path.join(site.dir, "escaped")), { code: "ENOENT" });
    assert.deepEqual(await filesUnder(site.outputDir), await freshBuild(site, "fresh-after-bad-index"));

    await writeFile(indexFile, "{ not json");
    await build();
    assert.ok((await readIndex(site)).pages.size > 0, "a good index replaces it");
    // A page's line that is JSON but no list (its fields numbered instead): the index is not used, and the build goes on.
    const numbered = (await readFile(indexFile, "utf8")).trimEnd().split("\n");
    const first = numbered.findIndex((line) => line.startsWith('["p",'));
    numbered[first] = JSON.stringify({ ...(JSON.parse(numbered[first]!) as unknown[]) });
    await writeFile(indexFile, numbered.join("\n"));
    assert.equal(readPageIndex(numbered.join("\n")), undefined);
    await build();
    assert.deepEqual(await filesUnder(site.outputDir), await freshBuild(site, "fresh-after-numbered-index"));
    // Cut short, as by a full disk: not used.
    const whole = (await readFile(indexFile, "utf8")).trimEnd();
    assert.equal(readPageIndex(whole.slice(0, whole.lastIndexOf("\n"))), undefined);
  });
});

describe("PageCache", () => {
  const settings = testSettings();
  test("planning waits until kept files the last index does not list are removed, even when nothing can be taken", async () => {
    const dir = await makeTempDir("news-page-cache-plan-");
    try {
      await mkdir(path.join(dir, "files"), { recursive: true });
      await writeFile(path.join(dir, "files", "listed"), "a page");
      // Left by a build that failed after keeping it: no index lists it.
      await writeFile(path.join(dir, "files", "unlisted"), "a page");
      const index = new PageIndexWriter(dir);
      index.keep("listed", "/world/a/", "world/a/index.html", "./templates/article.njk", 6, 0, []);
      index.finish("a site built with other templates");
      const cache = await PageCache.open(dir, { settings, templatesDir: "templates", publicDir: "public", includeUnpublished: false });
      assert.ok(cache);
      try {
        const data = buildSiteData([makeArticle({ slug: "a", published: "2026-01-05T10:00:00+05:00", section: "world" }, settings)], settings, { now: parseNow(NOW) });
        const planned = await cache.plan(data);
        assert.equal(planned.articlePages.length, 1, "another site's page is not taken");
        // This build may keep pages of its own from now on: nothing may be removed after this.
        await assert.rejects(stat(path.join(dir, "files", "unlisted")), { code: "ENOENT" });
      } finally {
        cache.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("a second PageCache on the same folder is refused while the first is open", async () => {
    const dir = await makeTempDir("news-page-cache-lock-");
    try {
      const inputs = { settings, templatesDir: "templates", publicDir: "public", includeUnpublished: false };
      const first = await PageCache.open(dir, inputs);
      assert.ok(first);
      assert.equal(await PageCache.open(dir, inputs), undefined);
      first.close();
      const again = await PageCache.open(dir, inputs);
      assert.ok(again);
      again.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("the page index", () => {
  test("the page writer's thread reads the same link targets from the file, a part at a time, as the whole index holds; the rendering thread's lines are its pages", async () => {
    const dir = await makeTempDir("news-page-index-parts-");
    try {
      // Several parts of 1 MiB, and targets of two-, three- and four-byte characters, so that parts end inside a line and inside a character.
      const index = new PageIndexWriter(dir);
      for (let i = 0; i < 12_000; i++) index.keep(`d${i}`, `/اردو/خبر-${i}/`, `اردو/خبر-${i}/index.html`, "./templates/article.njk", 100, 0, [`/اردو/خبر-${i}/`, `/s/${i}/😀-記事-${i}/`, "/css/site.css"]);
      index.finish("site");
      const text = await readFile(path.join(dir, "index.json"), "utf8");
      assert.ok(Buffer.byteLength(text) > 2 * 2 ** 20, `an index of several parts (${Buffer.byteLength(text)} bytes)`);
      const whole = readPageIndex(text)!;
      assert.deepEqual(readIndexTargets(path.join(dir, "index.json")), whole.targets);
      const kept = readKeptIndex(text)!;
      assert.equal(kept.targetCount, whole.targets.length);
      assert.equal(kept.site, "site");
      assert.deepEqual(new Map([...kept.pages.values()].map(keptEntry)), whole.pages);
      assert.deepEqual(kept.files, [...whole.pages].map(([digest, page]) => [digest, page[3], page[4]]));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("reads back what was kept and taken, each page with its own link targets, however many targets there are", async () => {
    const dir = await makeTempDir("news-page-index-");
    try {
      const targetsOf = (index: PageIndex, digest: string) => index.pages.get(digest)![5].map((place) => index.targets[place]);
      // More distinct targets than the writer keeps at hand (20,000): each is written once all the same.
      const first = new PageIndexWriter(dir);
      const many = Array.from({ length: 30_000 }, (_, n) => `/world/story-${n}/`);
      first.keep("d-nav", "/", "index.html", "./templates/index.njk", 10, 1_700_000_000, ["/css/site.css", "/world/"]);
      for (let n = 0; n < many.length; n += 3) first.keep(`d-${n}`, `/tags/t${n}/`, `tags/t${n}/index.html`, "./templates/listings/tag.njk", 20, 1_700_000_001, [...many.slice(n, n + 3), "/world/"]);
      first.keep("d-last", "/world/last/", "world/last/index.html", "./templates/article.njk", 30, 1_700_000_002, ["/css/site.css", many[0]!]);
      first.finish("site-1");
      const one = readPageIndex(await readFile(path.join(dir, "index.json"), "utf8"));
      assert.ok(one);
      assert.equal(one.site, "site-1");
      assert.equal(one.pages.size, 2 + 10_000);
      assert.deepEqual(targetsOf(one, "d-nav"), ["/css/site.css", "/world/"]);
      assert.deepEqual(targetsOf(one, "d-29997"), ["/world/story-29997/", "/world/story-29998/", "/world/story-29999/", "/world/"]);
      assert.deepEqual(targetsOf(one, "d-last"), ["/css/site.css", "/world/story-0/"]);
      assert.deepEqual(one.pages.get("d-last")!.slice(0, 5), ["/world/last/", "world/last/index.html", "./templates/article.njk", 30, 1_700_000_002]);
      assert.deepEqual(one.targets, ["/css/site.css", "/world/", ...many], "each target written once, in the order first met");

      // The next build takes two pages as they were kept and keeps one of its own.
      const second = new PageIndexWriter(dir);
      second.takeFrom(one.targets);
      second.take("d-last", one.pages.get("d-last")!);
      second.keep("d-new", "/world/new/", "world/new/index.html", "./templates/article.njk", 40, 1_700_000_003, ["/world/last/"]);
      second.take("d-29997", one.pages.get("d-29997")!);
      second.finish("site-2");
      const two = readPageIndex(await readFile(path.join(dir, "index.json"), "utf8"));
      assert.ok(two);
      assert.deepEqual([...two.pages.keys()], ["d-last", "d-new", "d-29997"]);
      assert.deepEqual(targetsOf(two, "d-last"), ["/css/site.css", "/world/story-0/"]);
      assert.deepEqual(targetsOf(two, "d-29997"), ["/world/story-29997/", "/world/story-29998/", "/world/story-29999/", "/world/"]);
      assert.deepEqual(two.targets, ["/css/site.css", "/world/story-0/", "/world/last/", "/world/story-29997/", "/world/story-29998/", "/world/story-29999/", "/world/"], "only the targets of the pages listed are written, each once");

      // An index that lists a target twice (as this writer's earlier versions wrote them): the next lists it once.
      const third = new PageIndexWriter(dir);
      third.takeFrom(["/world/", "/css/site.css", "/world/"]);
      third.take("d-twice", ["/tags/t/", "tags/t/index.html", "./templates/listings/tag.njk", 50, 1_700_000_004, [0, 1, 2]]);
      third.finish("site-3");
      const three = readPageIndex(await readFile(path.join(dir, "index.json"), "utf8"));
      assert.ok(three);
      assert.deepEqual(three.targets, ["/world/", "/css/site.css"]);
      assert.deepEqual(targetsOf(three, "d-twice"), ["/world/", "/css/site.css", "/world/"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
