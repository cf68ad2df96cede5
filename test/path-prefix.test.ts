// A site published under a sub-path (https://news.example.com/bay/news/) must keep every link,
// feed, sitemap entry, redirect and asset under that sub-path.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { access, readFile } from "node:fs/promises";
import path from "node:path";
import { parseHTML } from "linkedom";
import { buildFixture, makeFixtureSite, type FixtureSite } from "./helpers/site.ts";
import { fileForPath, FIXTURE_NOW, FIXTURE_SETTINGS, listFiles, OUTPUT_FIXTURE } from "./helpers/outputs-fixture.ts";
import { parseXml, type XmlNode } from "./helpers/xml.ts";

const PREFIX = "/bay/news/";
const ORIGIN = "https://news.example.com";
const URL_ATTRIBUTES = ["href", "src", "srcset", "action", "poster", "data-copy"];

describe("a site built with --pathprefix", () => {
  let site: FixtureSite;
  let out: string;
  let files: string[];

  const read = (file: string) => readFile(path.join(out, file), "utf8");
  const servedFile = async (servedPath: string) => {
    assert.ok(servedPath.startsWith(PREFIX), `${servedPath} escapes ${PREFIX}`);
    const file = path.join(out, fileForPath(`/${servedPath.slice(PREFIX.length)}`));
    return access(file).then(
      () => true,
      () => false,
    );
  };

  before(async () => {
    // A small sitemap limit also splits the sitemap, so the index and its files are checked under the prefix too.
    site = await makeFixtureSite(OUTPUT_FIXTURE, { ...FIXTURE_SETTINGS, sitemapLimit: 10 });
    const result = await buildFixture(site, ["--now", FIXTURE_NOW, "--pathprefix", PREFIX]);
    assert.equal(result.code, 0, result.stderr);
    out = site.outputDir;
    files = await listFiles(out);
  });
  after(() => site.remove());

  test("no URL in any page leaves the prefix, and every site link leads to a file that exists", async () => {
    let checked = 0;
    for (const file of files.filter((name) => name.endsWith(".html"))) {
      const { document } = parseHTML(await read(file));
      for (const element of Array.from(document.querySelectorAll("*"))) {
        const urls: string[] = [];
        for (const attribute of URL_ATTRIBUTES) {
          const value = element.getAttribute(attribute);
          if (value === null) continue;
          if (attribute === "srcset") urls.push(...value.split(",").map((candidate) => candidate.trim().split(/\s+/)[0]!));
          else urls.push(value);
        }
        const refresh = element.getAttribute("http-equiv") === "refresh" ? /url=(.*)$/i.exec(element.getAttribute("content") ?? "")?.[1] : undefined;
        if (refresh) urls.push(refresh);
        for (const url of urls) {
          if (url.startsWith("#") || /^(?:mailto|tel):/.test(url) || url.startsWith("https://elsewhere.example.org")) continue;
          const local = url.startsWith(ORIGIN) ? url.slice(ORIGIN.length) : url;
          assert.ok(local.startsWith("/"), `${file}: ${url} is neither root-relative nor on the site`);
          assert.ok(await servedFile(decodeURI(local)), `${file}: ${url} leads nowhere`);
          checked++;
        }
      }
      for (const content of Array.from(document.querySelectorAll("meta[content]")).map((meta) => meta.getAttribute("content") ?? "")) {
        if (content.startsWith(ORIGIN)) assert.ok(content.startsWith(ORIGIN + PREFIX), `${file}: ${content}`);
      }
      for (const block of Array.from(document.querySelectorAll('script[type="application/ld+json"]'))) {
        for (const url of JSON.stringify(JSON.parse(block.textContent ?? "")).match(/https:\/\/news\.example\.com[^"]*/g) ?? []) {
          assert.ok(url.startsWith(ORIGIN + PREFIX), `${file}: JSON-LD names ${url}`);
        }
      }
    }
    assert.ok(checked > 200, `only ${checked} URLs checked`);
  });

  test("feeds, sitemaps and robots.txt name only addresses under the prefix, each of them existing", async () => {
    const texts = files.filter((file) => /\.(xml|txt)$/.test(file));
    assert.ok(texts.includes("/feed.xml") && texts.includes("/sitemap.xml") && texts.includes("/news-sitemap.xml") && texts.includes("/robots.txt"));
    for (const file of texts) {
      const text = await read(file);
      if (file.endsWith(".xml")) parseXml(text);
      const urls = text.match(/https:\/\/news\.example\.com[^\s"<&]*/g) ?? [];
      assert.ok(urls.length > 0, file);
      for (const url of urls) {
        assert.ok(url.startsWith(ORIGIN + PREFIX), `${file}: ${url} escapes the prefix`);
        assert.ok(await servedFile(decodeURI(url.slice(ORIGIN.length))), `${file}: ${url} leads nowhere`);
      }
    }
    const index = parseXml(await read("/sitemap.xml")).sitemapindex as XmlNode;
    const parts = (index.sitemap as XmlNode[]).map((entry) => String(entry.loc));
    // The listing pages' files first, then the stories' of 2026, the fixture's one year.
    assert.deepEqual([parts[0], parts.at(-1)], [`${ORIGIN}${PREFIX}sitemap-pages.xml`, `${ORIGIN}${PREFIX}sitemap-2026.xml`]);
    const listed: string[] = [];
    for (const part of parts) {
      const urls = (parseXml(await read(part.slice(ORIGIN.length + PREFIX.length - 1))).urlset as XmlNode).url as XmlNode[];
      assert.ok(urls.length <= 10);
      listed.push(...urls.map((url) => String(url.loc)));
    }
    assert.equal(listed[0], `${ORIGIN}${PREFIX}`);
    const pages = files.filter((file) => file.endsWith(".html") && file !== "/404.html" && file !== "/search/index.html" && !file.startsWith("/s/"));
    assert.equal(new Set(listed).size, pages.length, "the split sitemaps list every page once");
  });

  test("_redirects maps prefixed short paths to prefixed pages, and the page shows the prefixed short URL", async () => {
    const lines = (await read("/_redirects")).trim().split("\n");
    assert.equal(lines.length, 5);
    for (const line of lines) {
      const [from, to, status] = line.split(" ");
      assert.match(from!, /^\/bay\/news\/s\/[2-9a-z]{5,7}$/);
      assert.equal(status, "301");
      assert.ok(await servedFile(decodeURI(to!)), line);
      assert.ok(await servedFile(`${from}/`), `${from} has no redirect page`);
    }
    const { document } = parseHTML(await read("/business/script/index.html"));
    assert.equal(document.querySelector(".short-url a")?.getAttribute("href"), `${ORIGIN}${PREFIX}s/s3cur3`);
  });

  test("stylesheets hold no root-relative URL that would escape the prefix", async () => {
    for (const file of files.filter((name) => name.endsWith(".css"))) assert.doesNotMatch(await read(file), /url\(\s*["']?\//, file);
  });
});
