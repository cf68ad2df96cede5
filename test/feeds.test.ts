import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { setFlagsFromString } from "node:v8";
import { DateTime } from "luxon";
import { DOMParser as XmlDomParser, parseHTML } from "linkedom";
import { absolutizeAttributes, absolutizeHtml, buildFeeds, feedDate, feedEntries, feedEntry, FEED_LENGTH, SUBJECT_FEED_LENGTH, subjectFeed } from "../src/feeds.ts";
import type { ImageFacts } from "../src/image-facts.ts";
import { makeArticle, newestFirst, testSettings } from "./helpers/articles.ts";
import { parseXml, RFC_3339, RFC_822, textIn, type XmlNode } from "./helpers/xml.ts";
import { article, buildFixture, filesUnder, makeFixtureSite, readPage, type FixtureSite } from "./helpers/site.ts";
import { readPageIndex } from "../src/page-index.ts";

const settings = testSettings();

describe("buildFeeds", () => {
  const articles = newestFirst(
    Array.from({ length: 60 }, (_, i) =>
      makeArticle(
        {
          slug: `story-${i}`,
          published: DateTime.fromISO("2026-01-01T00:00:00Z").plus({ hours: i }).toISO()!,
          section: i % 2 ? "world" : "sport",
          tags: ["Harbour"],
          authors: ["Jane Doe"],
          bullets: ["First point", "Second point"],
          image: i === 59 ? { url: "/images/lead.jpg", alt: "A harbour", credit: "Desk" } : undefined,
        },
        settings,
      ),
    ),
  );
  const sections = settings.sections.map((section) => ({
    subject: { ...section, url: `/${section.slug}/`, feedUrl: `/${section.slug}/rss.xml` },
    items: articles.filter((article) => article.section?.slug === section.slug),
  }));
  const images = new Map<string, ImageFacts>([["/images/lead.jpg", { type: "image/jpeg", width: 1200, height: 800, bytes: 12345 }]]);
  const feeds = buildFeeds({ articles, sections }, settings, { images });

  test("site-wide feeds carry the latest 50, section feeds their own section", () => {
    assert.equal(feeds.atom.path, "/feed.xml");
    assert.equal(feeds.atom.entries.length, FEED_LENGTH);
    assert.equal(feeds.atom.entries[0]!.url, "https://news.example.com/world/story-59/");
    assert.deepEqual(
      feeds.rss.map((feed) => feed.path),
      ["/rss.xml", ...settings.sections.map((section) => `/${section.slug}/rss.xml`)],
    );
    const world = feeds.rss.find((feed) => feed.path === "/world/rss.xml")!;
    assert.equal(world.entries.length, 30);
    assert.ok(world.entries.every((entry) => entry.categories[0] === "World"));
    assert.equal(world.homeUrl, "https://news.example.com/world/");
    assert.equal(world.selfUrl, "https://news.example.com/world/rss.xml");
  });

  test("an entry has everything a reader shows, with absolute URLs and dates in both formats", () => {
    const entry = feeds.atom.entries[0]!;
    assert.equal(entry.summary, "First point. Second point.");
    assert.deepEqual(entry.authors, ["Jane Doe"]);
    assert.deepEqual(entry.categories, ["World", "Harbour"]);
    assert.deepEqual(entry.image, { url: "https://news.example.com/images/lead.jpg", type: "image/jpeg", width: 1200, height: 800, bytes: 12345, alt: "A harbour", credit: "Desk" });
    assert.equal(entry.published.rfc3339, "2026-01-03T16:00:00+05:00");
    assert.equal(entry.published.rfc822, "Sat, 03 Jan 2026 16:00:00 +0500");
    assert.match(entry.updated.rfc822, RFC_822);
    assert.match(entry.updated.rfc3339, RFC_3339);
    assert.equal(Date.parse(entry.published.rfc822), Date.parse(entry.published.rfc3339));
  });

  test("a feed is as new as its newest entry; an empty section's has no date", () => {
    assert.equal(feeds.atom.updated.rfc3339, feeds.atom.entries[0]!.updated.rfc3339);
    const opinion = feeds.rss.find((feed) => feed.path === "/opinion/rss.xml")!;
    assert.equal(opinion.entries.length, 0);
    assert.equal(opinion.updated, undefined);
  });

  test("the Atom feed of a site with no story, which Atom requires to have a date, is dated by the Unix epoch, earlier than any story", () => {
    const empty = buildFeeds({ articles: [], sections: sections.map((section) => ({ ...section, items: [] })) }, settings, {});
    assert.equal(empty.atom.entries.length, 0);
    assert.deepEqual(empty.atom.updated, { rfc3339: "1970-01-01T00:00:00Z", rfc822: "Thu, 01 Jan 1970 00:00:00 +0000" });
    assert.ok(empty.rss.every((feed) => feed.updated === undefined));
  });
});

describe("subjectFeed", () => {
  const tagged = newestFirst(
    Array.from({ length: 55 }, (_, i) =>
      makeArticle({ slug: `story-${i}`, published: DateTime.fromISO("2026-01-01T00:00:00Z").plus({ hours: i }).toISO()!, tags: ["Harbour"], authors: ["Jane Doe"] }, settings),
    ),
  );

  test("a tag's feed carries its newest SUBJECT_FEED_LENGTH stories, titled and described as its page is", () => {
    const feed = subjectFeed({ kind: "tag", subject: { name: "Harbour", url: "/tags/harbour/", feedUrl: "/tags/harbour/rss.xml" }, items: tagged }, settings, {});
    assert.equal(feed.path, "/tags/harbour/rss.xml");
    assert.equal(feed.selfUrl, "https://news.example.com/tags/harbour/rss.xml");
    assert.equal(feed.homeUrl, "https://news.example.com/tags/harbour/");
    assert.equal(feed.title, `Harbour | ${settings.name}`);
    assert.equal(feed.description, `Stories tagged Harbour from ${settings.name}.`);
    assert.equal(feed.entries.length, SUBJECT_FEED_LENGTH);
    assert.deepEqual(feed.stories, tagged.slice(0, SUBJECT_FEED_LENGTH), "the stories its entries are made from, for the page cache and the preview");
    assert.deepEqual(
      feed.entries.map((entry) => entry.path),
      tagged.slice(0, SUBJECT_FEED_LENGTH).map((article) => article.url),
    );
    assert.equal(feed.updated?.rfc3339, feed.entries[0]!.updated.rfc3339);
  });

  test("an author's feed is described as the author's page is; one entry serves every feed that carries its story", () => {
    const entryOf = feedEntries(settings);
    const byline = subjectFeed({ kind: "author", subject: { name: "Jane Doe", url: "/authors/jane-doe/", feedUrl: "/authors/jane-doe/rss.xml" }, items: tagged }, settings, { entryOf });
    const tag = subjectFeed({ kind: "tag", subject: { name: "Harbour", url: "/tags/harbour/", feedUrl: "/tags/harbour/rss.xml" }, items: tagged }, settings, { entryOf });
    assert.equal(byline.description, `Stories by Jane Doe from ${settings.name}.`);
    assert.equal(byline.entries[0], tag.entries[0]);
  });
});

describe("feedEntry", () => {
  test("gives a lead image's social-card JPEG, with its bytes, rather than the original; the original where there is none", () => {
    const drawing = makeArticle({ slug: "chart", published: "2026-01-01T00:00:00Z", image: { url: "/images/chart.svg", alt: "A chart" } }, settings);
    const images = new Map<string, ImageFacts>([["/images/chart.svg", { type: "image/svg+xml", width: 800, height: 450, bytes: 5120 }]]);
    const social = { url: "/img/chart-1200.jpeg", width: 1200, height: 675, bytes: 98_304 };
    const carded = feedEntry({ ...drawing, image: { ...drawing.image!, social } }, settings, images);
    assert.deepEqual(carded.image, { url: "https://news.example.com/img/chart-1200.jpeg", type: "image/jpeg", width: 1200, height: 675, bytes: 98_304, alt: "A chart", credit: undefined });
    assert.deepEqual(feedEntry(drawing, settings, images).image, { url: "https://news.example.com/images/chart.svg", type: "image/svg+xml", width: 800, height: 450, bytes: 5120, alt: "A chart", credit: undefined });
  });

  test("drops characters XML cannot carry, so one stray control character cannot spoil the feed", () => {
    const entry = feedEntry(makeArticle({ slug: "bell", published: "2026-01-01T00:00:00Z", headline: "Bell\u0007 rings", bullets: ["Ding\u0000"] }, settings), settings);
    assert.equal(entry.title, "Bell rings");
    assert.equal(entry.summary, "Ding.");
    assert.deepEqual(entry.authors, ["Example Bay News"], "a story without a byline is the newsroom's");
  });

  test("drops them from the body and the lead image's alt text and credit too", () => {
    const entry = feedEntry(
      makeArticle({ slug: "bell", published: "2026-01-01T00:00:00Z", html: "<p>Ding\u0007 dong</p>\n", image: { url: "/images/bell.jpg", alt: "A bell\u0008", credit: "Desk\u001b" } }, settings),
      settings,
    );
    assert.equal(entry.html, "<p>Ding dong</p>\n");
    assert.equal(entry.image?.alt, "A bell");
    assert.equal(entry.image?.credit, "Desk");
  });
});

describe("feedDate", () => {
  test("RFC 822 and RFC 3339 with the newsroom's offset, whatever the machine's zone", () => {
    const moment = DateTime.fromISO("2024-07-08T13:30:00Z");
    assert.deepEqual(feedDate(moment, "Asia/Karachi"), { rfc3339: "2024-07-08T18:30:00+05:00", rfc822: "Mon, 08 Jul 2024 18:30:00 +0500" });
    assert.deepEqual(feedDate(moment, "America/St_Johns"), { rfc3339: "2024-07-08T11:00:00-02:30", rfc822: "Mon, 08 Jul 2024 11:00:00 -0230" });
    assert.match(feedDate(moment, "UTC").rfc822, RFC_822);
  });

  test("a moment before the zone kept standard time, whose offset has seconds, is written in UTC in RFC 822", () => {
    // Karachi's clocks were 4:28:12 ahead of UTC until 1907.
    const moment = DateTime.fromISO("1890-01-01T04:00:00Z");
    assert.equal(feedDate(moment, "Asia/Karachi").rfc822, "Wed, 01 Jan 1890 04:00:00 +0000");
    const archived = feedEntry(makeArticle({ slug: "archive", published: "1890-01-01T09:00:00+05:00", updated: "1890-01-02T09:00:00+05:00" }, settings), settings);
    for (const date of [archived.published, archived.updated]) assert.match(date.rfc822, RFC_822);
    assert.equal(Date.parse(archived.published.rfc822), Date.parse("1890-01-01T04:00:00Z"));
  });
});

describe("absolutizeHtml", () => {
  test("every URL in the content becomes absolute, keeping the path prefix", async () => {
    const location = { siteUrl: "https://example.github.io/news" };
    const html = await absolutizeHtml(
      '<p><a href="/world/other/">a</a> <a href="#details">b</a> <a href="https://elsewhere.org/">c</a> <img src="/media/x/p.png" srcset="/media/x/p.png 1x, /media/x/p@2x.png 2x" alt=""></p>',
      "/world/story/",
      location,
    );
    const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
    assert.deepEqual(
      Array.from(document.querySelectorAll("a")).map((a) => a.getAttribute("href")),
      ["https://example.github.io/news/world/other/", "https://example.github.io/news/world/story/#details", "https://elsewhere.org/"],
    );
    assert.equal(document.querySelector("img")?.getAttribute("src"), "https://example.github.io/news/media/x/p.png");
    assert.equal(document.querySelector("img")?.getAttribute("srcset"), "https://example.github.io/news/media/x/p.png 1x, https://example.github.io/news/media/x/p@2x.png 2x");
  });
});

test("the flat fallback makes quoted URL attributes and srcset candidates absolute", () => {
  const resolve = (url: string) => (url.startsWith("http") ? url : `https://news.example.com${url}`);
  assert.equal(
    absolutizeAttributes(`<a href="/a/">x</a><img src='/i.png' srcset="/i-400.png 400w, /i-800.png 800w">`, resolve),
    `<a href="https://news.example.com/a/">x</a><img src="https://news.example.com/i.png" srcset="https://news.example.com/i-400.png 400w, https://news.example.com/i-800.png 800w">`,
  );
  assert.equal(
    absolutizeAttributes(`<video poster="/p.jpg"><source src="/v.mp4"></video><blockquote cite="/q/"></blockquote>`, resolve),
    `<video poster="https://news.example.com/p.jpg"><source src="https://news.example.com/v.mp4"></video><blockquote cite="https://news.example.com/q/"></blockquote>`,
  );
  // A candidate's address runs to whitespace, a comma in it included, as a browser reads a srcset.
  assert.equal(
    absolutizeAttributes(`<img srcset="/img/a,b-800.jpeg 800w,\n/img/a,b-1600.jpeg 1600w">`, resolve),
    `<img srcset="https://news.example.com/img/a,b-800.jpeg 800w, https://news.example.com/img/a,b-1600.jpeg 1600w">`,
  );
});

test("the flat fallback keeps a single-quoted value's quotation marks inside the attribute it writes in double quotes", () => {
  const resolve = (url: string) => (url.startsWith("http") ? url : `https://news.example.com${url}`);
  const html = absolutizeAttributes(`<a href='/say"hi"/'>x</a><img src="/i.png" srcset='/i.png 1x" onerror="alert(1)'>`, resolve);
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  assert.equal(document.querySelector("a")?.getAttribute("href"), 'https://news.example.com/say"hi"/');
  const image = document.querySelector("img")!;
  assert.deepEqual(Array.from(image.getAttributeNames()).sort(), ["src", "srcset"], "no attribute made from a value's text");
  assert.equal(image.getAttribute("srcset"), 'https://news.example.com/i.png 1x" onerror="alert(1)');
});

test("a story in another language than the site's is marked so in both feeds: xml:lang on its Atom entry, dc:language on its RSS item (RSS gives the channel alone a language)", async () => {
  const site = await makeFixtureSite({
    "port.md": article({ headline: "Port reopens", slug: "port", date: "2026-01-05T10:00:00+05:00" }),
    "rouvre.md": article({ headline: "Le port rouvre", slug: "le-port-rouvre", date: "2026-01-06T10:00:00+05:00", lang: "fr" }, "Le port a rouvert lundi."),
  });
  try {
    const built = await buildFixture(site, ["--now", "2026-01-10T00:00:00Z"]);
    assert.equal(built.code, 0, built.stderr);
    const feed = async (name: string) => parseXml(await readFile(path.join(site.outputDir, name), "utf8"));
    const channel = ((await feed("rss.xml")).rss as XmlNode).channel as XmlNode;
    assert.equal(channel.language, "en");
    assert.deepEqual(
      (channel.item as XmlNode[]).map((item) => [item.title, item["dc:language"]]),
      [["Le port rouvre", "fr"], ["Port reopens", undefined]],
    );
    const atom = (await feed("feed.xml")).feed as XmlNode;
    assert.equal(atom["@xml:lang"], "en");
    assert.deepEqual((atom.entry as XmlNode[]).map((entry) => entry["@xml:lang"]), ["fr", "en"]);
  } finally {
    await site.remove();
  }
});

test("a section with no story has a feed without a date, the same whenever it is built: a build a day later with the caches takes it, time and all", async () => {
  const site = await makeFixtureSite({ "port.md": article({ headline: "Port reopens", slug: "port", date: "2026-01-05T10:00:00+05:00" }) }, { search: false });
  try {
    const build = async (now: string) => {
      const built = await buildFixture(site, ["--now", now]);
      assert.equal(built.code, 0, built.stderr);
    };
    await build("2026-01-10T00:00:00Z");
    const feed = path.join(site.outputDir, "opinion/rss.xml");
    const [text, written] = [await readFile(feed, "utf8"), await stat(feed)];
    // A channel as RSS 2.0 requires it (title, link, description), without the optional lastBuildDate.
    const channel = new XmlDomParser().parseFromString(text, "text/xml").querySelector("rss > channel");
    assert.deepEqual(
      ["title", "link", "description", "language", "lastBuildDate", "item"].map((name) => channel?.getElementsByTagName(name).length),
      [1, 1, 1, 1, 0, 0],
    );
    assert.equal(((parseXml(text).rss as XmlNode).channel as XmlNode).link, "https://news.example.com/opinion/");
    // A feed with stories is dated by its newest, in both formats.
    const newest = ((parseXml(await readFile(path.join(site.outputDir, "rss.xml"), "utf8")).rss as XmlNode).channel as XmlNode).lastBuildDate;
    assert.equal(newest, "Mon, 05 Jan 2026 10:00:00 +0500");
    assert.equal((parseXml(await readFile(path.join(site.outputDir, "feed.xml"), "utf8")).feed as XmlNode).updated, "2026-01-05T10:00:00+05:00");

    await build("2026-01-11T00:00:00Z");
    const again = await stat(feed);
    assert.equal(await readFile(feed, "utf8"), text);
    assert.deepEqual([again.ino, again.mtimeMs], [written.ino, written.mtimeMs], "taken from the page cache, with the time it was first written");
  } finally {
    await site.remove();
  }
});

test("the Atom feed of a site with no story, which Atom requires to have a date, has the Unix epoch's whenever it is built; its RSS feeds have none", async () => {
  const site = await makeFixtureSite({}, { search: false });
  try {
    const atomOf = async (now: string) => {
      const built = await buildFixture(site, ["--now", now], { NEWS_PAGE_CACHE: path.join(site.dir, `pages-${now}`) });
      assert.equal(built.code, 0, built.stderr);
      return readFile(path.join(site.outputDir, "feed.xml"), "utf8");
    };
    const text = await atomOf("2026-01-10T00:00:00Z");
    const atom = new XmlDomParser().parseFromString(text, "text/xml");
    const updated = atom.querySelector("feed > updated")?.textContent ?? "";
    assert.equal(updated, "1970-01-01T00:00:00Z");
    assert.match(updated, RFC_3339);
    assert.equal(Date.parse(updated), 0);
    assert.equal((parseXml(text).feed as XmlNode).updated, updated);
    assert.equal(atom.querySelectorAll("entry").length, 0);
    for (const name of ["rss.xml", "world/rss.xml"]) {
      const rss = new XmlDomParser().parseFromString(await readFile(path.join(site.outputDir, name), "utf8"), "text/xml");
      assert.equal(rss.getElementsByTagName("lastBuildDate").length, 0, name);
    }
    // Rendered afresh (a page cache of its own) a year later, the same bytes.
    assert.equal(await atomOf("2027-01-10T00:00:00Z"), text);
  } finally {
    await site.remove();
  }
});

test("bullets are text in every feed: HTML in RSS's item description (which feed readers show as HTML), text in Atom's summary", async () => {
  const bullets = ["Rates <img src=x onerror=alert(1)> rise & fall", "</description><script>alert(2)</script>"];
  const site = await makeFixtureSite({
    "rates.md": article({ headline: "Rates", slug: "rates", tags: "[Harbour]", author: "Jane Doe", bullets: `\n${bullets.map((bullet) => `  - ${JSON.stringify(bullet)}`).join("\n")}` }),
  });
  try {
    const built = await buildFixture(site, ["--now", "2026-01-10T00:00:00Z"]);
    assert.equal(built.code, 0, built.stderr);
    const expected = `${bullets[0]}. ${bullets[1]}.`;
    const xml = async (name: string) => new XmlDomParser().parseFromString(await readFile(path.join(site.outputDir, name), "utf8"), "text/xml");
    for (const name of ["rss.xml", "world/rss.xml", "tags/harbour/rss.xml", "authors/jane-doe/rss.xml"]) {
      const descriptions: Element[] = Array.from((await xml(name)).querySelectorAll("item > description"));
      assert.equal(descriptions.length, 1, name);
      // What a feed reader does with it: reads the XML, then shows the description's text as HTML.
      const { document } = parseHTML(`<!doctype html><html><body>${descriptions[0]!.textContent}</body></html>`);
      assert.deepEqual(Array.from(document.body.querySelectorAll("*")).map((element) => element.tagName), [], name);
      assert.equal(document.body.textContent, expected, name);
    }
    const summary = (await xml("feed.xml")).querySelector("entry > summary");
    assert.equal(summary?.getAttribute("type"), "text");
    assert.equal(summary?.textContent, expected);
  } finally {
    await site.remove();
  }
});

test("an RSS channel's description is HTML (which feed readers may show as HTML) holding the text as written", async () => {
  const description = "News <img src=x onerror=alert(1)> & views";
  const tag = "Rates <b>up</b>";
  const site = await makeFixtureSite({ "rates.md": article({ headline: "Rates", slug: "rates", tags: JSON.stringify([tag]), author: "Jane Doe" }) }, { description });
  try {
    const built = await buildFixture(site, ["--now", "2026-01-10T00:00:00Z"]);
    assert.equal(built.code, 0, built.stderr);
    const rss = await filesUnder(site.outputDir);
    const channels = [...rss.keys()].filter((name) => name.endsWith("rss.xml")).sort();
    assert.ok(channels.some((name) => name.startsWith("tags/")), channels.join(", "));
    for (const name of channels) {
      const channel = new XmlDomParser().parseFromString(rss.get(name)!, "text/xml").querySelector("channel > description");
      // What a feed reader does with it: reads the XML, then shows the description's text as HTML.
      const { document } = parseHTML(`<!doctype html><html><body>${channel?.textContent}</body></html>`);
      assert.deepEqual(Array.from(document.body.querySelectorAll("*")).map((element) => element.tagName), [], name);
      if (name === "rss.xml") assert.equal(document.body.textContent, description);
      if (name.startsWith("tags/")) assert.match(document.body.textContent ?? "", /Rates <b>up<\/b>/, name);
    }
    // Atom's subtitle is text by its type, and keeps the text as written.
    const subtitle = new XmlDomParser().parseFromString(rss.get("feed.xml")!, "text/xml").querySelector("feed > subtitle");
    assert.equal(subtitle?.textContent, description);
  } finally {
    await site.remove();
  }
});

test("a headline, byline and tag with &, < and > are published as written: in RSS as the Best Practices Profile escapes them, in Atom as text", async () => {
  const headline = 'Fish & chips <3 "quoted" <b>bold</b>';
  const site = await makeFixtureSite({ "fish.md": article({ headline: JSON.stringify(headline), slug: "fish", tags: JSON.stringify(["A&B <i>"]), author: JSON.stringify(["Smith & <Sons>"]) }) });
  try {
    const built = await buildFixture(site, ["--now", "2026-01-10T00:00:00Z"]);
    assert.equal(built.code, 0, built.stderr);
    const files = await filesUnder(site.outputDir);
    for (const name of ["rss.xml", "world/rss.xml", "tags/a-b-i/rss.xml", "authors/smith-sons/rss.xml"]) {
      const rss = files.get(name);
      assert.ok(rss, `${name} among ${[...files.keys()].filter((file) => file.endsWith(".xml")).join(", ")}`);
      // The bytes: &, < and > as hexadecimal references, as the RSS Best Practices Profile (and the W3C feed
      // validator) asks of plain text; quotation marks as they are.
      assert.ok(rss.includes("<title>Fish &#x26; chips &#x3C;3 \"quoted\" &#x3C;b&#x3E;bold&#x3C;/b&#x3E;</title>"), name);
      // What a reader's XML parser reads: the text as written, in each plain-text element.
      const document = new XmlDomParser().parseFromString(rss, "text/xml");
      assert.equal(document.querySelector("item > title")?.textContent, headline, name);
      const categories: Element[] = Array.from(document.querySelectorAll("item > category"));
      assert.deepEqual(categories.map((category) => category.textContent), ["World", "A&B <i>"], name);
      assert.equal(document.getElementsByTagName("dc:creator")[0]?.textContent, "Smith & <Sons>", name);
      // Well-formed, and read the same by the tests' own XML helper (test/helpers/xml.ts).
      const channel = (parseXml(rss).rss as XmlNode).channel as XmlNode;
      assert.equal(textIn(((channel.item as XmlNode[])[0] as XmlNode).title), headline, name);
    }
    const atom = new XmlDomParser().parseFromString(files.get("feed.xml")!, "text/xml");
    const title = atom.querySelector("entry > title");
    assert.equal(title?.getAttribute("type"), "text");
    assert.equal(title?.textContent, headline);
  } finally {
    await site.remove();
  }
});

describe("the tagAndAuthorFeeds setting, in npm run build", () => {
  const NOW = ["--now", "2026-01-10T00:00:00Z"];
  const STORIES = {
    "harbour.md": article({ headline: "The harbour reopens", date: "2026-01-05T10:00:00+05:00", tags: "[Harbour]", author: "Jane Doe" }),
    "market.md": article({ headline: "A quiet market day", date: "2026-01-06T10:00:00+05:00", section: "business", tags: "[Harbour, Trade]", author: "[Jane Doe, Ali Khan]" }),
  };
  const SUBJECT_FEED = /^\/(?:tags|authors)\/[^/]+\/rss\.xml$/;
  let site: FixtureSite;
  before(async () => {
    site = await makeFixtureSite(STORIES, { search: false });
  });
  after(() => site.remove());

  /** A build with the fixture's caches, or (`fresh`) with none, into a folder of its own. */
  const build = async (settings: Record<string, unknown>, fresh?: string) => {
    await writeFile(site.settingsFile, JSON.stringify({ search: false, ...settings }));
    const into = fresh ? path.join(site.dir, fresh) : site.outputDir;
    const caches = fresh ? { NEWS_ARTICLE_CACHE: `${into}-article-cache`, NEWS_PAGE_CACHE: `${into}-page-cache` } : {};
    const result = await buildFixture({ ...site, outputDir: into }, NOW, caches);
    assert.equal(result.code, 0, result.stderr);
    return filesUnder(into);
  };
  /** Every address a built page names in an attribute (links, the head's alternates, scripts, pictures), by page. */
  const addressesIn = async (files: ReadonlyMap<string, string>) => {
    const addresses = new Map<string, string[]>();
    for (const file of files.keys()) {
      if (!file.endsWith(".html")) continue;
      const page = await readPage(site.outputDir, `/${file}`);
      addresses.set(file, [...page.querySelectorAll("[href], [src]")].map((element) => element.getAttribute("href") ?? element.getAttribute("src") ?? ""));
    }
    return addresses;
  };
  const subjectFeedFiles = (files: ReadonlyMap<string, string>) => [...files.keys()].filter((file) => SUBJECT_FEED.test(`/${file}`)).sort();

  test("on by default: every tag and author has its feed, which its page names in its head and follows", async () => {
    const files = await build({});
    assert.deepEqual(subjectFeedFiles(files), ["authors/ali-khan/rss.xml", "authors/jane-doe/rss.xml", "tags/harbour/rss.xml", "tags/trade/rss.xml"]);
    const channel = (parseXml(files.get("tags/harbour/rss.xml")!).rss as XmlNode).channel as XmlNode;
    assert.deepEqual((channel.item as XmlNode[]).map((item) => item.title), ["A quiet market day", "The harbour reopens"]);
    const page = await readPage(site.outputDir, "/tags/harbour/");
    assert.equal(page.querySelector('link[rel=alternate][href="/tags/harbour/rss.xml"]')?.getAttribute("type"), "application/rss+xml");
    assert.equal(page.querySelector(".listing__follow a")?.getAttribute("href"), "/tags/harbour/rss.xml");
  });

  test("turned off on a rebuild with the caches: no tag or author feed, no link to one, none kept; the site's and sections' feeds stay", async () => {
    await build({});
    const files = await build({ tagAndAuthorFeeds: false });
    assert.deepEqual(subjectFeedFiles(files), []);
    for (const feed of ["feed.xml", "rss.xml", "world/rss.xml", "business/rss.xml"]) assert.ok(files.has(feed), `${feed} is still published`);
    for (const [file, addresses] of await addressesIn(files)) {
      assert.deepEqual(addresses.filter((address) => SUBJECT_FEED.test(address)), [], `${file} links to no tag or author feed`);
    }
    for (const url of ["/tags/harbour/", "/authors/jane-doe/"]) {
      const page = await readPage(site.outputDir, url);
      assert.equal(page.querySelector(".listing__follow"), null, `${url} has no Follow link`);
      assert.deepEqual([...page.querySelectorAll("link[rel=alternate]")].map((link) => link.getAttribute("href")), ["/feed.xml", "/rss.xml"], url);
    }
    const index = readPageIndex(await readFile(path.join(site.dir, "page-cache/index.json"), "utf8"));
    assert.ok(index, "the page cache's index is whole");
    const kept = [...index.pages.values()].map((page) => page[0]);
    assert.ok(kept.includes("/tags/harbour/"), "the tags' pages are kept");
    assert.deepEqual(kept.filter((url) => SUBJECT_FEED.test(url)), [], "the page cache keeps no feed the site no longer has");
    assert.deepEqual((await readdir(path.join(site.dir, "page-cache/files"))).sort(), [...index.pages.keys()].sort(), "nor any file of one");
    // The same site a build without caches writes.
    assert.deepEqual(files, await build({ tagAndAuthorFeeds: false }, "fresh"));
  });

  test("turned on again, the feeds and their links come back", async () => {
    await build({ tagAndAuthorFeeds: false });
    const files = await build({ tagAndAuthorFeeds: true });
    assert.equal(subjectFeedFiles(files).length, 4);
    assert.equal((await readPage(site.outputDir, "/authors/ali-khan/")).querySelector(".listing__follow a")?.getAttribute("href"), "/authors/ali-khan/rss.xml");
  });
});

test("a feed entry reads its article's body when asked, and V8 keeps it in its fast layout rather than as a dictionary", () => {
  // At 100,000 stories the tag and author feeds carry most stories; an entry held as a dictionary took about 800 bytes (docs/performance-history.md, forty-fourth round).
  setFlagsFromString("--allow-natives-syntax");
  const hasFastProperties = new Function("object", "return %HasFastProperties(object)") as (object: object) => boolean;
  const story = makeArticle({ slug: "harbour", published: "2026-01-01T10:00:00Z", html: "<p>Ferries & buses</p>" });
  const entries = [feedEntry(story, testSettings()), feedEntry(makeArticle({ slug: "tides", published: "2026-01-02T10:00:00Z", html: "<p>Low</p>" }), testSettings())];
  assert.deepEqual(entries.map((entry) => entry.html), ["<p>Ferries & buses</p>", "<p>Low</p>"]);
  assert.deepEqual(Object.keys(entries[0]!), ["url", "path", "title", "summary", "summaryHtml", "html", "published", "updated", "authors", "categories", "image", "lang"], "the same fields, in the same order, html among them");
  for (const entry of entries) assert.ok(hasFastProperties(entry), "the entry is not a dictionary");
});
