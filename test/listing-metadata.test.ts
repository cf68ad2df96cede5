import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { openGraphLocale } from "../src/article-metadata.ts";
import { listingMetadata } from "../src/listing-metadata.ts";
import { testSettings } from "./helpers/articles.ts";
import { article, buildFixture, makeFixtureSite, readPage, textOf, useSampleSite, type FixtureSite } from "./helpers/site.ts";

/** Every `<meta property|name=key>` in the page's head, key → contents in order. */
function previewTags(document: Document): Map<string, string[]> {
  const tags = new Map<string, string[]>();
  for (const meta of document.querySelectorAll("head meta[property], head meta[name]")) {
    const key = meta.getAttribute("property") ?? meta.getAttribute("name") ?? "";
    tags.set(key, [...(tags.get(key) ?? []), meta.getAttribute("content") ?? ""]);
  }
  return tags;
}

describe("listingMetadata", () => {
  const settings = testSettings();
  test("a website's Open Graph tags and a summary card, with no image", () => {
    const metadata = listingMetadata({ title: "World", description: "The latest World stories.", url: "/world/" }, settings);
    assert.equal(metadata.canonical, "https://news.example.com/world/");
    assert.deepEqual(
      metadata.meta.map((tag) => [tag.attribute, tag.key, tag.content]),
      [
        ["property", "og:type", "website"],
        ["property", "og:site_name", settings.name],
        ["property", "og:title", "World"],
        ["property", "og:description", "The latest World stories."],
        ["property", "og:url", "https://news.example.com/world/"],
        ["property", "og:locale", openGraphLocale(settings.language)],
        ["name", "twitter:card", "summary"],
      ],
    );
  });
  test("an empty description is left out rather than published empty", () => {
    const metadata = listingMetadata({ title: "Example", description: "", url: "/" }, settings);
    assert.equal(metadata.meta.some((tag) => tag.key === "og:description"), false);
  });
});

describe("listing pages of the sample site carry a link preview", () => {
  const site = useSampleSite();

  test("front page, section, tag, author, archive and search pages", async () => {
    const front = await readPage(site.outputDir, "/");
    const firstLink = async (indexPath: string) => {
      const href = (await readPage(site.outputDir, indexPath)).querySelector("main .subject-index a")?.getAttribute("href");
      assert.ok(href, `${indexPath} links to a listing`);
      return href;
    };
    const pages: [string, Document][] = [["/", front]];
    for (const path of ["/world/", "/tags/", "/authors/", "/archive/", "/search/", await firstLink("/tags/"), await firstLink("/authors/"), await firstLink("/archive/")]) {
      pages.push([path, await readPage(site.outputDir, path)]);
    }
    for (const [path, document] of pages) {
      const tags = previewTags(document);
      const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute("href");
      assert.equal(canonical, `https://news.example.com${path}`, path);
      assert.deepEqual(tags.get("og:type"), ["website"], path);
      assert.deepEqual(tags.get("og:url"), [canonical], path);
      assert.deepEqual(tags.get("og:site_name"), ["Example Bay News"], path);
      assert.deepEqual(tags.get("og:locale"), ["en_US"], path);
      assert.deepEqual(tags.get("twitter:card"), ["summary"], path);
      assert.deepEqual(tags.get("og:description"), [document.querySelector('meta[name="description"]')?.getAttribute("content")], path);
      assert.equal(tags.has("og:image"), false, `${path} names no image`);
      // The page's own title: what <title> says before the site's name.
      assert.deepEqual(tags.get("og:title"), [path === "/" ? "Example Bay News" : textOf(document.querySelector("title")).replace(/ \| Example Bay News$/, "")], path);
    }
    assert.deepEqual(previewTags(front).get("og:description"), ["News from Pakistan, the region and the world."]);
    assert.deepEqual(previewTags(pages[1]![1]).get("og:title"), ["World"]);
    assert.equal(textOf(pages[1]![1].querySelector("title")), "World | Example Bay News", "the <title> is as it was");
  });

  test("article pages keep their own metadata", async () => {
    const href = (await readPage(site.outputDir, "/world/")).querySelector("main .story-card__headline a")?.getAttribute("href");
    assert.ok(href);
    const tags = previewTags(await readPage(site.outputDir, href));
    assert.deepEqual(tags.get("og:type"), ["article"]);
    assert.equal(tags.get("og:url")?.length, 1);
  });
});

describe("under a path prefix, with editor-written names that need escaping", () => {
  let site: FixtureSite;
  const name = `Bay "News" <b>&amp;</b> Co`;
  const section = `World "&" <i>Beyond</i>`;
  before(async () => {
    site = await makeFixtureSite(
      { "2026/01/harbour.md": article({ headline: "Harbour reopens" }) },
      { name, description: `Quotes " and <tags> & more`, language: "ur-PK", sections: [{ slug: "world", name: section }] },
    );
    const built = await buildFixture(site, ["--pathprefix", "/news/", "--now", "2026-02-01T00:00:00Z"]);
    assert.equal(built.code, 0, built.stderr);
  });
  after(() => site.remove());

  test("og:url is absolute with the prefix, and every value reads back as the editor wrote it", async () => {
    const front = await readPage(site.outputDir, "/");
    const world = await readPage(site.outputDir, "/world/");
    const frontTags = previewTags(front);
    const worldTags = previewTags(world);
    assert.deepEqual(frontTags.get("og:url"), ["https://news.example.com/news/"]);
    assert.deepEqual(worldTags.get("og:url"), ["https://news.example.com/news/world/"]);
    assert.equal(world.querySelector('link[rel="canonical"]')?.getAttribute("href"), "https://news.example.com/news/world/");
    assert.deepEqual(frontTags.get("og:site_name"), [name]);
    assert.deepEqual(frontTags.get("og:title"), [name]);
    assert.deepEqual(frontTags.get("og:description"), [`Quotes " and <tags> & more`]);
    assert.deepEqual(frontTags.get("og:locale"), ["ur_PK"]);
    assert.deepEqual(worldTags.get("og:title"), [section]);
    assert.ok(worldTags.get("og:description")?.[0]?.includes(section), "the section's description names it as written");
    // Nothing an editor wrote became markup in the head.
    assert.equal(front.querySelectorAll("head b, head i").length + world.querySelectorAll("head b, head i").length, 0);
  });
});
