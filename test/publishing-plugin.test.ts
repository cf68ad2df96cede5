// Build-level tests of everything the site publishes besides article pages: listings, feeds,
// sitemaps, metadata, short-URL redirects and the 404 page, read back with real parsers.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { access, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { article, buildFixture, makeFixtureSite, readPage, textOf, type FixtureSite } from "./helpers/site.ts";
import { fileForPath, FIXTURE_NOW, FIXTURE_SETTINGS, HOSTILE_HEADLINE, listFiles, OUTPUT_FIXTURE } from "./helpers/outputs-fixture.ts";
import { parseXml, RFC_3339, RFC_822, textIn, type XmlNode } from "./helpers/xml.ts";

const SITE = "https://news.example.com";
const ARTICLES = ["/world/fresh-story/", "/world/old-story/", "/world/third-story/", "/business/script/", "/news/loose/"];

describe("what the site publishes besides article pages", () => {
  let site: FixtureSite;
  let out: string;
  let files: string[];

  const exists = (sitePath: string) =>
    access(path.join(out, fileForPath(sitePath))).then(
      () => true,
      () => false,
    );
  const read = (sitePath: string) => readFile(path.join(out, sitePath), "utf8");
  const localPath = (url: string) => {
    assert.ok(url.startsWith(`${SITE}/`), `${url} is not on the site`);
    return url.slice(SITE.length);
  };

  before(async () => {
    site = await makeFixtureSite(OUTPUT_FIXTURE, { ...FIXTURE_SETTINGS, shortUrlBase: "https://arab.news" });
    const result = await buildFixture(site, ["--now", FIXTURE_NOW]);
    assert.equal(result.code, 0, result.stderr);
    out = site.outputDir;
    files = await listFiles(out);
  });
  after(() => site.remove());

  /** The story links on a listing and on every later page of it. */
  async function storiesListedFrom(url: string): Promise<string[]> {
    const stories: string[] = [];
    for (let next: string | null | undefined = url; next; ) {
      const page = await readPage(out, next);
      stories.push(...Array.from(page.querySelectorAll(".story-card__headline a")).map((a) => a.getAttribute("href") ?? ""));
      next = page.querySelector("a[rel=next]")?.getAttribute("href");
    }
    return stories;
  }

  describe("section, tag and author pages", () => {
    test("every article links to its section, tags and authors, and is listed on each of their pages", async () => {
      for (const url of ARTICLES) {
        const page = await readPage(out, url);
        const links = Array.from(page.querySelectorAll(".story__header .kicker a, a[rel=tag], a[rel=author]")).map((a) => a.getAttribute("href") ?? "");
        for (const listing of links) assert.ok((await storiesListedFrom(listing)).includes(url), `${url} is not listed on ${listing}`);
      }
      const fresh = await readPage(out, "/world/fresh-story/");
      assert.deepEqual(
        Array.from(fresh.querySelectorAll(".story__header .kicker a, a[rel=tag], a[rel=author]")).map((a) => a.getAttribute("href")).sort(),
        ["/authors/jane-doe/", "/authors/نمونہ-نیوز-روم/", "/tags/harbour/", "/tags/کتاب-میلہ/", "/world/"].sort(),
      );
    });

    test("listings are paginated newest first, and a section lists only its own stories", async () => {
      const world = await readPage(out, "/world/");
      assert.equal(textOf(world.querySelector("h1")), "World");
      assert.deepEqual(await storiesListedFrom("/world/"), ["/world/fresh-story/", "/world/third-story/", "/world/old-story/"]);
      assert.deepEqual(await storiesListedFrom("/tags/harbour/"), ["/world/fresh-story/", "/world/third-story/", "/world/old-story/"]);
      assert.ok(files.includes("/world/page/2/index.html"), "a section's pages are counted from the newest");
      assert.ok(!files.some((file) => file.startsWith("/tags/harbour/page/")), "a tag's top page holds up to two pages' worth before one is cut from it");
      assert.deepEqual(await storiesListedFrom("/business/"), ["/business/script/"]);
      assert.deepEqual(await storiesListedFrom("/opinion/"), []);
    });

    test("the tag index links every tag page; the author index every author page", async () => {
      const tags = Array.from((await readPage(out, "/tags/")).querySelectorAll(".subject-index a")).map((a) => [textOf(a), a.getAttribute("href") ?? ""]);
      assert.deepEqual(
        tags.map(([name]) => name),
        ["Harbour", "Rowing", "Security", "کتاب میلہ"],
      );
      for (const [, href] of tags) assert.ok(await exists(href!), href);
      const authors = Array.from((await readPage(out, "/authors/")).querySelectorAll(".subject-index a")).map((a) => a.getAttribute("href") ?? "");
      assert.deepEqual(authors, ["/authors/jane-doe/", "/authors/نمونہ-نیوز-روم/"]);
      for (const href of authors) assert.ok(await exists(href), href);
    });
  });

  describe("feeds", () => {
    let atom: XmlNode;
    let rss: XmlNode;
    const atomEntries = () => (atom.feed as XmlNode).entry as XmlNode[];
    const rssItems = (feed: XmlNode) => (((feed.rss as XmlNode).channel as XmlNode).item as XmlNode[] | undefined) ?? [];
    const entryFor = (url: string) => atomEntries().find((entry) => entry.id === `${SITE}${url}`)!;
    const itemFor = (url: string) => rssItems(rss).find((item) => item.link === `${SITE}${url}`)!;

    /** The absolute address of the picture a story's social card shows (its og:image). */
    const cardPicture = async (url: string) => (await readPage(out, url)).querySelector('meta[property="og:image"]')?.getAttribute("content") ?? "";
    /** The size in bytes of a published file, by its absolute address. */
    const bytesOf = async (url: string) => (await stat(path.join(out, decodeURIComponent(localPath(url))))).size;

    before(async () => {
      atom = parseXml(await read("/feed.xml"));
      rss = parseXml(await read("/rss.xml"));
    });

    test("Atom /feed.xml: every entry complete, with absolute URLs and RFC 3339 dates", async () => {
      const feed = atom.feed as XmlNode;
      assert.equal(feed["@xmlns"], "http://www.w3.org/2005/Atom");
      assert.match(String(feed.updated), RFC_3339);
      assert.equal(feed.logo, undefined, "no logo: the site names no share picture");
      assert.deepEqual(atomEntries().map((entry) => localPath(String(entry.id))).sort(), [...ARTICLES].sort());
      for (const entry of atomEntries()) {
        assert.ok(textIn(entry.title).length > 0);
        assert.match(String(entry.published), RFC_3339);
        assert.match(String(entry.updated), RFC_3339);
        assert.ok(((entry.link as XmlNode[]).find((link) => link["@rel"] === "alternate")?.["@href"] as string).startsWith(`${SITE}/`));
        assert.ok(((entry.author as XmlNode[] | undefined) ?? []).every((author) => textIn(author.name).length > 0) && (entry.author as XmlNode[]).length > 0);
        const content = textIn(entry.content);
        assert.ok(content.length > 0);
        assert.doesNotMatch(content, /(?:href|src)="(?!https?:)/, "every URL in the content is absolute");
      }
      const fresh = entryFor("/world/fresh-story/");
      assert.equal(textIn(fresh.title), "Harbour & hills: a fresh story");
      assert.equal(textIn(fresh.summary), "First point. Second point.");
      assert.deepEqual(
        (fresh.author as XmlNode[]).map((author) => author.name),
        ["Jane Doe", "نمونہ نیوز روم"],
      );
      assert.deepEqual(
        (fresh.category as XmlNode[]).map((category) => category["@term"]),
        ["World", "Harbour", "کتاب میلہ"],
      );
      assert.equal(fresh.published, "2026-01-05T16:00:00+05:00");
      const content = textIn(fresh.content);
      assert.ok(content.includes(`href="${SITE}/world/old-story/"`), content);
      assert.ok(content.includes(`href="${SITE}/world/fresh-story/#the-details"`), content);
      assert.ok(content.includes('href="https://elsewhere.example.org/page"'), content);
      // The JPEG the story's social card shows, made from its lead drawing (placeholder-lead.svg), which readers may not show.
      const enclosure = (fresh.link as XmlNode[]).find((link) => link["@rel"] === "enclosure")!;
      const card = await cardPicture("/world/fresh-story/");
      assert.match(card, /^https:\/\/news\.example\.com\/img\/[^/]+-1200\.jpeg$/);
      assert.deepEqual([enclosure["@href"], enclosure["@type"], Number(enclosure["@length"])], [card, "image/jpeg", await bytesOf(card)]);
      const oldEnclosure = ((entryFor("/world/old-story/").link as XmlNode[]).find((link) => link["@rel"] === "enclosure")!)["@href"] as string;
      assert.equal(oldEnclosure, await cardPicture("/world/old-story/"));
      assert.match(oldEnclosure, /\.jpeg$/);
    });

    test("RSS /rss.xml: every item complete, with media:content, enclosure and RFC 822 dates", async () => {
      const channel = (rss.rss as XmlNode).channel as XmlNode;
      assert.equal(channel.link, `${SITE}/`);
      assert.match(String(channel.lastBuildDate), RFC_822);
      assert.equal((channel["atom:link"] as XmlNode)["@href"], `${SITE}/rss.xml`);
      assert.equal(rssItems(rss).length, ARTICLES.length);
      for (const item of rssItems(rss)) {
        const atomEntry = entryFor(localPath(String(item.link)));
        assert.match(String(item.pubDate), RFC_822);
        assert.equal(Date.parse(String(item.pubDate)), Date.parse(String(atomEntry.published)), "the same instant in both feeds");
        assert.match(String(item["atom:updated"]), RFC_3339);
        assert.equal(textIn(item.guid), item.link);
        assert.ok(((item["dc:creator"] as string[] | undefined) ?? []).length > 0, "every item has an author");
        assert.doesNotMatch(String(item["content:encoded"]), /(?:href|src)="(?!https?:)/);
      }
      const fresh = itemFor("/world/fresh-story/");
      assert.equal(fresh.pubDate, "Mon, 05 Jan 2026 16:00:00 +0500");
      assert.equal(fresh.description, "First point. Second point.");
      assert.deepEqual(fresh["dc:creator"], ["Jane Doe", "نمونہ نیوز روم"]);
      assert.deepEqual(fresh.category, ["World", "Harbour", "کتاب میلہ"]);
      // The social card's JPEG, with the length RSS requires: the original is a drawing (placeholder-lead.svg).
      const card = await cardPicture("/world/fresh-story/");
      const bytes = String(await bytesOf(card));
      const media = (fresh["media:content"] as XmlNode[])[0]!;
      assert.deepEqual([media["@url"], media["@type"], media["@medium"], media["@width"], media["@height"], media["@fileSize"]], [card, "image/jpeg", "image", "1200", "675", bytes]);
      const enclosure = (fresh.enclosure as XmlNode[])[0]!;
      assert.deepEqual([enclosure["@url"], enclosure["@type"], enclosure["@length"]], [card, "image/jpeg", bytes]);
      const old = itemFor("/world/old-story/");
      const oldMedia = (old["media:content"] as XmlNode[])[0]!;
      // A 640px photograph's card is its own width: no picture is made larger than its original.
      assert.deepEqual([oldMedia["@url"], oldMedia["@type"], oldMedia["@width"], oldMedia["@height"]], [await cardPicture("/world/old-story/"), "image/jpeg", "640", "360"]);
      const oldEnclosure = (old.enclosure as XmlNode[])[0]!;
      assert.deepEqual([oldEnclosure["@url"], oldEnclosure["@length"]], [oldMedia["@url"], String(await bytesOf(String(oldMedia["@url"])))]);
      assert.ok(String(itemFor("/world/old-story/")["content:encoded"]).length > 0);
    });

    test("each section has an RSS feed of its own stories; the article's Follow link leads to it", async () => {
      const world = parseXml(await read("/world/rss.xml"));
      assert.deepEqual(
        rssItems(world).map((item) => localPath(String(item.link))),
        ["/world/fresh-story/", "/world/third-story/", "/world/old-story/"],
      );
      assert.deepEqual(
        rssItems(parseXml(await read("/business/rss.xml"))).map((item) => localPath(String(item.link))),
        ["/business/script/"],
      );
      assert.deepEqual(rssItems(parseXml(await read("/opinion/rss.xml"))), []);
      const follow = (await readPage(out, "/world/fresh-story/")).querySelector("a.follow")?.getAttribute("href");
      assert.equal(follow, "/world/rss.xml");
    });

    test("each tag and author has an RSS feed of its newest stories, named in the head of each of its pages and followed from them", async () => {
      const harbour = parseXml(await read("/tags/harbour/rss.xml"));
      const channel = (harbour.rss as XmlNode).channel as XmlNode;
      assert.deepEqual([channel.title, channel.link, channel.description], ["Harbour | Example Bay News", `${SITE}/tags/harbour/`, "Stories tagged Harbour from Example Bay News."]);
      assert.equal((channel["atom:link"] as XmlNode)["@href"], `${SITE}/tags/harbour/rss.xml`);
      assert.match(String(channel.lastBuildDate), RFC_822);
      assert.deepEqual(
        rssItems(harbour).map((item) => localPath(String(item.link))),
        ["/world/fresh-story/", "/world/third-story/", "/world/old-story/"],
      );
      for (const item of rssItems(harbour)) {
        const sitewide = itemFor(localPath(String(item.link)));
        assert.deepEqual([item.title, item.pubDate, item.description], [sitewide.title, sitewide.pubDate, sitewide.description], "the site's feed's headline, date and summary");
        assert.equal(item["content:encoded"], undefined, "without the body, which the site's and the section's feeds carry");
      }
      assert.deepEqual(
        rssItems(parseXml(await read("/authors/jane-doe/rss.xml"))).map((item) => localPath(String(item.link))),
        ["/world/fresh-story/", "/world/old-story/"],
      );
      assert.equal((((parseXml(await read("/authors/jane-doe/rss.xml")).rss as XmlNode).channel as XmlNode).description), "Stories by Jane Doe from Example Bay News.");
      const listings = files.filter((file) => /^\/(tags|authors)\/[^/]+\/(page\/\d+\/)?index\.html$/.test(file));
      assert.ok(listings.length >= 6);
      for (const file of listings) {
        const feed = `${file.split("/").slice(0, 3).join("/")}/rss.xml`;
        assert.ok(files.includes(decodeURIComponent(feed)), `${feed} is published`);
        const page = await readPage(out, file);
        const alternates = Array.from(page.querySelectorAll("link[rel=alternate]")).map((link) => `${link.getAttribute("type")} ${link.getAttribute("href")}`);
        assert.ok(alternates.includes(`application/rss+xml ${feed}`), `${file}: ${alternates.join(", ")}`);
        assert.equal(page.querySelector(".listing__follow a.follow")?.getAttribute("href"), feed, file);
      }
      assert.equal(textOf((await readPage(out, "/authors/jane-doe/")).querySelector(".listing__follow a")), "Follow Jane Doe");
    });

    test("every feed entry points at a page that exists", async () => {
      for (const file of files.filter((name) => name.endsWith("rss.xml"))) {
        for (const item of rssItems(parseXml(await read(file)))) assert.ok(await exists(localPath(String(item.link))), String(item.link));
      }
    });

    test("every page names the site's feeds with <link rel=alternate>, articles and sections their section's too", async () => {
      const pages = files.filter((file) => file.endsWith(".html") && !file.startsWith("/s/"));
      assert.ok(pages.length > 20);
      for (const file of pages) {
        const page = await readPage(out, file);
        const alternates = Array.from(page.querySelectorAll("link[rel=alternate]")).map((link) => `${link.getAttribute("type")} ${link.getAttribute("href")}`);
        assert.ok(alternates.includes("application/atom+xml /feed.xml"), `${file}: ${alternates.join(", ")}`);
        assert.ok(alternates.includes("application/rss+xml /rss.xml"), file);
      }
      for (const url of ["/world/fresh-story/", "/world/", "/world/page/2/"]) {
        const alternates = Array.from((await readPage(out, url)).querySelectorAll("link[rel=alternate]")).map((link) => link.getAttribute("href"));
        assert.ok(alternates.includes("/world/rss.xml"), url);
      }
    });
  });

  describe("sitemaps and robots.txt", () => {
    test("/sitemap.xml lists every page, each one existing, with an RFC 3339 lastmod", async () => {
      const urls = (parseXml(await read("/sitemap.xml")).urlset as XmlNode).url as XmlNode[];
      const listed = urls.map((url) => localPath(String(url.loc)));
      for (const url of listed) assert.ok(await exists(url), `${url} is in the sitemap but not in the site`);
      for (const url of urls) if (url.lastmod !== undefined) assert.match(String(url.lastmod), RFC_3339);
      assert.deepEqual(
        urls.filter((url) => url.lastmod === undefined).map((url) => localPath(String(url.loc))),
        ["/pakistan/", "/middle-east/", "/sport/", "/opinion/", "/lifestyle/", "/science-technology/"],
        "only sections with no stories go undated",
      );
      const pages = files.filter((file) => file.endsWith(".html") && file !== "/404.html" && file !== "/search/index.html" && !file.startsWith("/s/"));
      assert.deepEqual(listed.map((url) => fileForPath(url)).sort(), pages);
      assert.equal(urls.find((url) => localPath(String(url.loc)) === "/world/old-story/")?.lastmod, "2026-01-03T13:00:00+05:00");
    });

    test("/news-sitemap.xml holds the story from an hour ago, not the one from three days ago", async () => {
      const sitemap = parseXml(await read("/news-sitemap.xml")).urlset as XmlNode;
      assert.equal(sitemap["@xmlns:news"], "http://www.google.com/schemas/sitemap-news/0.9");
      const urls = sitemap.url as XmlNode[];
      assert.deepEqual(
        urls.map((url) => localPath(String(url.loc))),
        ["/world/fresh-story/", "/business/script/", "/world/third-story/"],
      );
      const fresh = urls[0]!["news:news"] as XmlNode;
      assert.deepEqual(fresh["news:publication"], { "news:name": "Example Bay News", "news:language": "en" });
      assert.equal(fresh["news:publication_date"], "2026-01-05T16:00:00+05:00");
      assert.equal(fresh["news:title"], "Harbour & hills: a fresh story");
      assert.equal((urls[1]!["news:news"] as XmlNode)["news:title"], HOSTILE_HEADLINE);
    });

    test("robots.txt names both sitemaps", async () => {
      const robots = await read("/robots.txt");
      assert.match(robots, /^Sitemap: https:\/\/news\.example\.com\/sitemap\.xml$/m);
      assert.match(robots, /^Sitemap: https:\/\/news\.example\.com\/news-sitemap\.xml$/m);
    });
  });

  describe("article metadata", () => {
    test("every article has its canonical URL, Open Graph, Twitter card and one parseable NewsArticle block", async () => {
      for (const url of ARTICLES) {
        const page = await readPage(out, url);
        assert.equal(page.querySelector("link[rel=canonical]")?.getAttribute("href"), `${SITE}${url}`);
        assert.equal(page.querySelector('meta[property="og:type"]')?.getAttribute("content"), "article");
        assert.equal(page.querySelector('meta[property="og:url"]')?.getAttribute("content"), `${SITE}${url}`);
        assert.ok(page.querySelector('meta[name="twitter:card"]'));
        const blocks = page.querySelectorAll('script[type="application/ld+json"]');
        assert.equal(blocks.length, 1, url);
        const data = JSON.parse(blocks[0]!.textContent ?? "") as { headline: string; mainEntityOfPage: { "@id": string }; datePublished: string };
        assert.equal(data.headline, textOf(page.querySelector("h1")));
        assert.equal(data.mainEntityOfPage["@id"], `${SITE}${url}`);
        assert.match(data.datePublished, RFC_3339);
      }
    });

    test("the lead image's width and height reach Open Graph", async () => {
      const page = await readPage(out, "/world/old-story/");
      const content = (property: string) => page.querySelector(`meta[property="${property}"]`)?.getAttribute("content");
      // The social card is the JPEG the image pipeline made; a 640px original is not enlarged.
      const image = content("og:image") ?? "";
      assert.match(image, /^https:\/\/news\.example\.com\/img\/[^/]+\.jpe?g$/);
      assert.ok((await stat(path.join(out, new URL(image).pathname))).isFile(), "the card image is published");
      assert.deepEqual([content("og:image:width"), content("og:image:height"), content("og:image:type")], ["640", "360", "image/jpeg"]);
      assert.deepEqual(
        Array.from(page.querySelectorAll('meta[property="article:tag"]')).map((meta) => meta.getAttribute("content")),
        ["Harbour"],
      );
      assert.equal(page.querySelector('meta[name="twitter:card"]')?.getAttribute("content"), "summary_large_image");
    });

    test(`a headline holding ${HOSTILE_HEADLINE} leaves the JSON-LD parseable and runs nothing`, async () => {
      const html = await read("/business/script/index.html");
      assert.ok(!html.includes("<script>alert(1)"), "the headline reached the page as markup");
      const page = await readPage(out, "/business/script/");
      const scripts = Array.from(page.querySelectorAll("script"));
      for (const script of scripts) {
        const type = script.getAttribute("type");
        if (type === "application/ld+json") continue;
        assert.ok(script.getAttribute("src"), `an inline script ran: ${script.outerHTML}`);
        assert.equal((script.textContent ?? "").trim(), "");
      }
      const data = JSON.parse(page.querySelector('script[type="application/ld+json"]')?.textContent ?? "") as { headline: string };
      assert.equal(data.headline, HOSTILE_HEADLINE);
      assert.equal(textOf(page.querySelector("h1")), HOSTILE_HEADLINE);
    });
  });

  describe("short URLs and the 404 page", () => {
    test("a separate short domain is shown on the page, and the redirect map is still written", async () => {
      const page = await readPage(out, "/business/script/");
      assert.equal(page.querySelector(".short-url a")?.getAttribute("href"), "https://arab.news/s3cur3");
      assert.match(await read("/_redirects"), /^\/s\/s3cur3 \/business\/script\/ 301$/m);
    });

    test("every redirect, in _redirects and as a page, leads to a page that exists", async () => {
      const lines = (await read("/_redirects")).trim().split("\n");
      assert.equal(lines.length, ARTICLES.length);
      for (const line of lines) {
        const match = /^\/s\/([2-9a-z]{5,7}) (\/\S+\/) 301$/.exec(line);
        assert.ok(match, `not a redirect line: ${line}`);
        const [, code, target] = match;
        assert.ok(await exists(decodeURI(target!)), `${line}: no page at ${target}`);
        const page = await readPage(out, `/s/${code}/`);
        assert.equal(page.querySelector('meta[http-equiv="refresh"]')?.getAttribute("content"), `0; url=${decodeURI(target!)}`);
        assert.equal(page.querySelector("link[rel=canonical]")?.getAttribute("href"), `${SITE}${target}`);
        assert.equal(page.querySelector('meta[name="robots"]')?.getAttribute("content"), "noindex");
        assert.equal(page.querySelector("body a")?.getAttribute("href"), decodeURI(target!));
      }
    });

    test("a 404 page that search engines skip and that leads back to the site", async () => {
      const page = await readPage(out, "/404.html");
      assert.equal(textOf(page.querySelector("h1")), "Page not found");
      assert.equal(page.querySelector('meta[name="robots"]')?.getAttribute("content"), "noindex");
      assert.equal(page.querySelector("link[rel=canonical]"), null);
      assert.ok(Array.from(page.querySelectorAll("main a")).some((a) => a.getAttribute("href") === "/"));
    });
  });
});

describe("a site with no published stories yet", () => {
  let site: FixtureSite;

  before(async () => {
    site = await makeFixtureSite({ "later.md": article({ headline: "Scheduled", date: "2030-01-01T00:00:00Z" }) });
    const result = await buildFixture(site, ["--now", FIXTURE_NOW]);
    assert.equal(result.code, 0, result.stderr);
  });
  after(() => site.remove());

  test("still publishes well-formed, empty feeds and sitemaps, and no redirects", async () => {
    const read = (file: string) => readFile(path.join(site.outputDir, file), "utf8");
    assert.equal((parseXml(await read("/feed.xml")).feed as XmlNode).entry, undefined);
    assert.equal(((parseXml(await read("/rss.xml")).rss as XmlNode).channel as XmlNode).item, undefined);
    assert.equal((parseXml(await read("/news-sitemap.xml")).urlset as XmlNode).url, undefined);
    const urls = ((parseXml(await read("/sitemap.xml")).urlset as XmlNode).url as XmlNode[]).map((url) => String(url.loc));
    assert.ok(urls.includes(`${SITE}/`) && urls.includes(`${SITE}/world/`));
    assert.ok(!urls.some((url) => url.includes("scheduled")));
    assert.equal(await read("/_redirects"), "");
  });
});
