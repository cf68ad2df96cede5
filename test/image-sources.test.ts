// Where an image's file is looked for (src/image-sources.ts): one rule for a body image's address and a
// lead image's front-matter path, which differ only in that the address is percent-decoded and loses its
// query and fragment, while the path is a file's name as written.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { imageCandidates } from "../src/image-sources.ts";
import { article, buildFixture, makeFixtureSite, runCli, type FixtureSite } from "./helpers/site.ts";
import { solidPng } from "./helpers/images.ts";
import { parseXml, type XmlNode } from "./helpers/xml.ts";

const NOW = "2026-11-30T12:00:00Z";
const folders = { publicDir: "/site/public", articlesDir: "/site/articles" };
const story = "/site/articles/2026/story.md";

describe("imageCandidates", () => {
  test("an address: beside the article, then public/; decoded, its query and fragment no part of the file", () => {
    assert.deepEqual(imageCandidates("the%20quay.png?v=2#top", story, folders), [
      { file: "/site/articles/2026/the quay.png", root: folders.articlesDir, inPublic: false },
      { file: "/site/public/the quay.png", root: folders.publicDir, inPublic: true },
    ]);
    assert.deepEqual(imageCandidates("/images/quay.png", story, folders), [{ file: "/site/public/images/quay.png", root: folders.publicDir, inPublic: true }]);
  });

  test("an address's %3F and %23 are a ? and a # in the file's name, as a server reads the path a browser asks for", () => {
    assert.deepEqual(
      imageCandidates("what%3F%23.png?v=2", story, folders).map((candidate) => candidate.file),
      ["/site/articles/2026/what?#.png", "/site/public/what?#.png"],
    );
  });

  test("a file's name as written: a % or ? in it is part of the name", () => {
    assert.deepEqual(imageCandidates("the%20quay?.png", story, folders, { asWritten: true }), [
      { file: "/site/articles/2026/the%20quay?.png", root: folders.articlesDir, inPublic: false },
      { file: "/site/public/the%20quay?.png", root: folders.publicDir, inPublic: true },
    ]);
  });
});

describe("a lead image whose file name holds a character an address would read otherwise", { concurrency: 2 }, () => {
  const sites: FixtureSite[] = [];
  after(() => Promise.all(sites.map((site) => site.remove())));

  for (const name of ["the%20quay.png", "the?quay.png", "the#quay.png"]) {
    test(`${name} beside the article passes the check, and the feeds' picture is made from it`, async () => {
      const site = await makeFixtureSite({ "2026/story.md": article({ image: `\n  src: "${name}"\n  alt: The quay` }), [`2026/${name}`]: solidPng(64, 48) });
      sites.push(site);
      const checked = await runCli("check", ["--articles", site.articlesDir, "--settings", site.settingsFile, "--now", NOW]);
      assert.equal(checked.code, 0, checked.stderr);
      const built = await buildFixture(site, ["--now", NOW], { NEWS_IMAGE_CACHE: path.join(site.dir, "image-cache") });
      assert.equal(built.code, 0, built.stderr);
      const feed = parseXml(await readFile(path.join(site.outputDir, "feed.xml"), "utf8"));
      const entry = ((feed.feed as XmlNode).entry as XmlNode[])[0]!;
      const enclosure = (entry.link as XmlNode[]).find((link) => link["@rel"] === "enclosure");
      // The feeds give the JPEG made for social cards (src/shared-picture.ts), 64px wide as the original is; the original is not published (src/news-loader.ts).
      const address = new URL(String(enclosure?.["@href"]));
      assert.match(address.pathname, /^\/img\/[^/]+-64\.jpeg$/);
      assert.equal((await stat(path.join(site.outputDir, decodeURIComponent(address.pathname)))).size, Number(enclosure?.["@length"]));
      assert.deepEqual((await readdir(site.outputDir, { recursive: true })).filter((file) => path.basename(file) === name), []);
    });
  }
});
