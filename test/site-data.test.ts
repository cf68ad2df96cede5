import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { DateTime } from "luxon";
import { REDIRECTS_FILE_LIMIT } from "../src/redirects.ts";
import { buildSiteData } from "../src/site-data.ts";
import { makeArticle, newestFirst, testSettings } from "./helpers/articles.ts";

const settings = testSettings({ perPage: 2 });
const now = DateTime.fromISO("2026-01-10T00:00:00Z");
const articles = newestFirst([
  makeArticle({ slug: "a", published: "2026-01-05T10:00:00Z", section: "world", tags: ["Harbour", "US"], authors: ["Jane Doe"] }, settings),
  makeArticle({ slug: "b", published: "2026-01-04T10:00:00Z", section: "world", tags: ["harbour"], authors: ["Jane Doe", "نمونہ نیوز روم"] }, settings),
  makeArticle({ slug: "c", published: "2026-01-03T10:00:00Z", section: "world", tags: ["Harbour"] }, settings),
  makeArticle({ slug: "d", published: "2026-01-02T10:00:00Z", section: "sport", tags: ["Árbol"] }, settings),
  makeArticle({ slug: "e", published: "2026-01-01T10:00:00Z" }, settings),
]);
const data = buildSiteData(articles, settings, { now });

describe("site data: section, tag and author listings", () => {
  test("every configured section has a listing, in the settings' order, paginated", () => {
    assert.deepEqual(
      data.sections.map((section) => section.slug),
      settings.sections.map((section) => section.slug),
    );
    const world = data.sectionPages.filter((page) => page.subject.slug === "world");
    assert.deepEqual(
      world.map((page) => [page.url, page.items.map((article) => article.slug)]),
      [
        ["/world/", ["a", "b"]],
        ["/world/page/2/", ["c"]],
      ],
    );
    assert.equal(world[0]!.subject.feedUrl, "/world/rss.xml");
    assert.equal(world[0]!.subject.count, 3);
    // A section with no stories still has its page.
    assert.deepEqual(
      data.sectionPages.filter((page) => page.subject.slug === "opinion").map((page) => page.items.length),
      [0],
    );
  });

  test("an article without a section is on the front page only", () => {
    assert.ok(data.frontPages.some((page) => page.items.some((article) => article.slug === "e")));
    assert.ok(!data.sectionPages.some((page) => page.items.some((article) => article.slug === "e")));
  });

  test("tags written in different case share one page, newest first", () => {
    const harbour = data.tagPages.filter((page) => page.subject.slug === "harbour");
    // Three stories, two a page: a tag's top page holds up to three (numbered from the oldest, src/listings.ts).
    assert.deepEqual(
      harbour.map((page) => page.items.map((article) => article.slug)),
      [["a", "b", "c"]],
    );
    assert.equal(harbour[0]!.subject.name, "Harbour");
  });

  test("the tag index is alphabetical with counts", () => {
    assert.deepEqual(
      data.tags.map((tag) => [tag.name, tag.count]),
      [
        ["Árbol", 1],
        ["Harbour", 3],
        ["US", 1],
      ],
    );
  });

  test("authors with non-Latin names get their own page", () => {
    const urdu = data.authorPages.find((page) => page.subject.name === "نمونہ نیوز روم");
    assert.equal(urdu?.url, "/authors/نمونہ-نیوز-روم/");
    assert.deepEqual(
      urdu?.items.map((article) => article.slug),
      ["b"],
    );
    assert.deepEqual(
      data.authors.map((author) => author.count),
      [2, 1],
    );
  });

  test("every tag and author has a feed, in the indexes' order, followed from each of its pages; a month has none", () => {
    assert.deepEqual(
      data.subjectFeeds.map((feed) => [feed.path, feed.stories.map((article) => article.slug)]),
      [
        ["/tags/arbol/rss.xml", ["d"]],
        ["/tags/harbour/rss.xml", ["a", "b", "c"]],
        ["/tags/us/rss.xml", ["a"]],
        ["/authors/jane-doe/rss.xml", ["a", "b"]],
        ["/authors/نمونہ-نیوز-روم/rss.xml", ["b"]],
      ],
    );
    for (const page of [...data.tagPages, ...data.authorPages]) assert.equal(page.subject.feedUrl, `${page.subject.url}rss.xml`, page.url);
    assert.ok(data.monthPages.every((page) => page.subject.feedUrl === undefined));
  });

  test("a tag's or author's feed is kept from the last call while its stories are the same, and made again when one is not", () => {
    const fresh = makeArticle({ slug: "f", published: "2026-01-06T10:00:00Z", section: "world", tags: ["US"] }, settings);
    const next = buildSiteData(newestFirst([...articles, fresh]), settings, { now, previous: data });
    const feed = (site: typeof data, path: string) => site.subjectFeeds.find((candidate) => candidate.path === path);
    assert.equal(feed(next, "/tags/harbour/rss.xml"), feed(data, "/tags/harbour/rss.xml"));
    assert.equal(feed(next, "/authors/jane-doe/rss.xml"), feed(data, "/authors/jane-doe/rss.xml"));
    assert.deepEqual(feed(next, "/tags/us/rss.xml")!.stories.map((article) => article.slug), ["f", "a"]);
  });

  test("the sitemap lists every page once, each listing page dated by the stories up to it", () => {
    const entries = data.sitemaps.files.flatMap((file) => file.entries);
    const locs = entries.map((entry) => entry.loc);
    assert.equal(new Set(locs).size, locs.length);
    const expected = [
      ...data.frontPages.map((page) => page.url),
      ...data.sectionPages.map((page) => page.url),
      "/tags/",
      ...data.tagPages.map((page) => page.url),
      "/authors/",
      ...data.authorPages.map((page) => page.url),
      "/archive/",
      ...data.monthPages.map((page) => page.url),
      ...articles.map((article) => article.url),
    ].map((url) => `https://news.example.com${encodeURI(url)}`);
    assert.deepEqual([...locs].sort(), [...expected].sort());
    const lastmod = (url: string) => entries.find((entry) => entry.loc === `https://news.example.com${url}`)?.lastmod;
    assert.equal(lastmod("/world/page/2/"), articles[0]!.modified.iso);
    assert.equal(lastmod("/sport/"), articles[3]!.modified.iso);
    assert.equal(lastmod("/opinion/"), undefined);
  });

  test("the tag, author and archive indexes are dated by the newest change among the stories each lists", () => {
    // Each index lists different stories: the newest change is an untagged story's, then a tagged one's, then a bylined one's.
    const stories = newestFirst([
      makeArticle({ slug: "tagged", published: "2026-01-05T10:00:00Z", tags: ["Harbour"], updated: "2026-01-08T10:00:00Z" }, settings),
      makeArticle({ slug: "bylined", published: "2026-01-04T10:00:00Z", authors: ["Jane Doe"], updated: "2026-01-07T10:00:00Z" }, settings),
      makeArticle({ slug: "plain", published: "2026-01-03T10:00:00Z", updated: "2026-01-09T10:00:00Z" }, settings),
      makeArticle({ slug: "both", published: "2026-01-06T10:00:00Z", tags: ["Harbour"], authors: ["Jane Doe"] }, settings),
    ]);
    const entries = buildSiteData(stories, settings, { now }).sitemaps.files.flatMap((file) => file.entries);
    const lastmod = (url: string) => entries.find((entry) => entry.loc === `https://news.example.com${url}`)?.lastmod;
    const modified = (slug: string) => stories.find((story) => story.slug === slug)!.modified.iso;
    assert.equal(lastmod("/archive/"), modified("plain"));
    assert.equal(lastmod("/tags/"), modified("tagged"));
    assert.equal(lastmod("/authors/"), modified("bylined"));
    // With no tag or byline anywhere, those indexes have no date.
    const untagged = buildSiteData([stories.find((story) => story.slug === "plain")!], settings, { now }).sitemaps.files.flatMap((file) => file.entries);
    assert.equal(untagged.find((entry) => entry.loc.endsWith("/tags/"))?.lastmod, undefined);
  });

  test("short-URL redirects cover every article", () => {
    assert.deepEqual(
      data.shortRedirects.map((redirect) => redirect.to).sort(),
      articles.map((article) => article.url).sort(),
    );
    assert.deepEqual(data.redirectsInFile, data.shortRedirects, "a small site's _redirects file holds them all");
  });

  test("the _redirects file holds the newest stories' short links, as many as Cloudflare Pages reads; every one keeps its page", () => {
    const start = DateTime.fromISO("2025-01-01T00:00:00Z");
    const many = newestFirst(
      Array.from({ length: REDIRECTS_FILE_LIMIT + 5 }, (_, index) =>
        makeArticle({ slug: `n${String(index).padStart(4, "0")}`, published: start.plus({ minutes: index }).toISO()! }, settings),
      ),
    );
    const large = buildSiteData(many, settings, { now: start.plus({ years: 1 }) });
    assert.equal(REDIRECTS_FILE_LIMIT, 2_000);
    assert.equal(large.shortRedirects.length, many.length);
    assert.equal(large.redirectPages.length, many.length, "every short link has its page");
    const inFile = large.redirectsInFile.map((redirect) => redirect.to);
    assert.deepEqual([...inFile].sort(), many.slice(0, REDIRECTS_FILE_LIMIT).map((article) => article.url).sort(), "the newest");
    const codes = large.redirectsInFile.map((redirect) => redirect.from);
    assert.deepEqual(codes, [...codes].sort(), "in order of code, the same on every build");
  });
});

describe("site data: the front page and sections stop where the dated archive takes over", () => {
  const capped = testSettings({ perPage: 2, listingPages: 2 });
  // Two stories in February, five in January; s2 and s3 in sport, the rest in world.
  const days = ["2026-02-02", "2026-02-01", "2026-01-31", "2026-01-30", "2026-01-29", "2026-01-28", "2026-01-27"];
  const stories = newestFirst(days.map((day, index) => makeArticle({ slug: `s${index}`, published: `${day}T10:00:00Z`, section: index === 2 || index === 3 ? "sport" : "world" }, capped)));
  const site = buildSiteData(stories, capped, { now });

  test("the front page runs to listingPages pages; its last links to the archive page that lists the next story", () => {
    assert.deepEqual(
      site.frontPages.map((page) => [page.url, page.items.map((story) => story.slug), page.total, page.nextUrl ?? null, page.olderUrl ?? null]),
      [
        ["/", ["s0", "s1"], 2, "/page/2/", null],
        // The next story, s4, is on January's top page.
        ["/page/2/", ["s2", "s3"], 2, null, "/archive/2026/01/"],
      ],
    );
    const january = site.monthPages.filter((page) => page.subject.slug === "2026/01");
    assert.deepEqual(
      january.map((page) => [page.url, page.items.map((story) => story.slug)]),
      [
        // Numbered from the oldest, as tags are: two below, the newest three on top.
        ["/archive/2026/01/", ["s2", "s3", "s4"]],
        ["/archive/2026/01/page/1/", ["s5", "s6"]],
      ],
    );
  });

  test("a section likewise, counting its own stories; every story stays in the archive and the sitemap", () => {
    const world = site.sectionPages.filter((page) => page.subject.slug === "world");
    assert.deepEqual(
      world.map((page) => [page.url, page.items.map((story) => story.slug), page.olderUrl ?? null]),
      [
        ["/world/", ["s0", "s1"], null],
        // Its next story, s6, is on January's oldest page.
        ["/world/page/2/", ["s4", "s5"], "/archive/2026/01/page/1/"],
      ],
    );
    assert.equal(world[0]!.subject.count, 5, "the section still counts every story");
    const sport = site.sectionPages.filter((page) => page.subject.slug === "sport");
    assert.deepEqual(sport.map((page) => page.olderUrl ?? null), [null], "a section within its pages has no archive link");
    assert.deepEqual(site.monthPages.flatMap((page) => page.items).length, stories.length);
    const listed = new Set(site.sitemaps.files.flatMap((file) => file.entries.map((entry) => entry.loc)));
    for (const story of stories) assert.ok(listed.has(`https://news.example.com${story.url}`), story.slug);
    assert.ok(!listed.has("https://news.example.com/page/3/"));
  });

  test("a listing that fits has no archive link, and listingPages defaults to 10", () => {
    assert.equal(testSettings().listingPages, 10);
    const roomy = buildSiteData(stories, testSettings({ perPage: 2 }), { now });
    assert.equal(roomy.frontPages.length, 4);
    assert.ok(roomy.frontPages.every((page) => page.olderUrl === undefined));
  });
});

describe("site data: the dated archive", () => {
  test("each month of first publication, in the newsroom's zone, has its paginated page, newest month first", () => {
    const zoned = testSettings({ perPage: 2, timeZone: "Asia/Karachi" });
    const stories = newestFirst([
      makeArticle({ slug: "new-year", published: "2025-12-31T20:00:00Z" }, zoned),
      makeArticle({ slug: "december", published: "2025-12-30T10:00:00Z" }, zoned),
      makeArticle({ slug: "early-december", published: "2025-12-01T10:00:00Z" }, zoned),
      makeArticle({ slug: "july", published: "2024-07-08T13:30:00Z" }, zoned),
    ]);
    const archive = buildSiteData(stories, zoned, { now });
    // 20:00 UTC on 31 December is already 1 January in Karachi.
    assert.deepEqual(
      archive.months.map((month) => [month.url, month.name, month.count]),
      [
        ["/archive/2026/01/", "January 2026", 1],
        ["/archive/2025/12/", "December 2025", 2],
        ["/archive/2024/07/", "July 2024", 1],
      ],
    );
    assert.deepEqual(
      archive.monthPages.map((page) => [page.url, page.items.map((article) => article.slug)]),
      [
        ["/archive/2026/01/", ["new-year"]],
        ["/archive/2025/12/", ["december", "early-december"]],
        ["/archive/2024/07/", ["july"]],
      ],
    );
    const listed = archive.sitemaps.files.flatMap((file) => file.entries.map((entry) => entry.loc));
    assert.ok(listed.some((loc) => loc.endsWith("/archive/")));
    assert.ok(listed.some((loc) => loc.endsWith("/archive/2025/12/")));
  });
});

describe("site data: the sitemap of a large archive, by year", () => {
  // Few enough listing pages for one file of them, and a year of more stories than a file holds.
  const sections = ["world", "sport", "business"].map((slug) => ({ slug, name: slug }));
  const zoned = testSettings({ perPage: 50, sections, timeZone: "Asia/Karachi", sitemapLimit: 20 });
  const stories = newestFirst([
    makeArticle({ slug: "late-2026", published: "2026-01-20T10:00:00Z", section: "world", tags: ["Harbour"] }, zoned),
    // 23:30 UTC on 31 December is 04:30 on 1 January in Karachi: the archive's January 2026, and so its year.
    makeArticle({ slug: "new-year", published: "2025-12-31T23:30:00Z", section: "sport" }, zoned),
    // 23:30 in Karachi on 31 December is still 2025 there (18:30 UTC).
    makeArticle({ slug: "old-year", published: "2025-12-31T23:30:00+05:00", section: "world", authors: ["Jane Doe"] }, zoned),
    makeArticle({ slug: "mid-2025", published: "2025-06-01T10:00:00Z", section: "world" }, zoned),
    ...Array.from({ length: 22 }, (_, i) => makeArticle({ slug: `y24-${i}`, published: `2024-03-${String(i + 1).padStart(2, "0")}T10:00:00Z`, section: "business" }, zoned)),
  ]);
  const site = buildSiteData(stories, zoned, { now });
  const pathOf = (loc: string) => decodeURI(loc.replace("https://news.example.com", ""));
  const file = (path: string) => site.sitemaps.files.find((candidate) => candidate.path === path)?.entries.map((entry) => pathOf(entry.loc));
  const storyUrl = (slug: string) => stories.find((story) => story.slug === slug)!.url;

  test("past the limit, /sitemap.xml names the listings' file, then a file a year, newest first; a year past the limit goes on in -2", () => {
    assert.deepEqual(
      site.sitemaps.indexes.map((index) => [index.path, index.files.map((entry) => pathOf(entry.loc))]),
      [["/sitemap.xml", ["/sitemap-pages.xml", "/sitemap-2026.xml", "/sitemap-2025.xml", "/sitemap-2024.xml", "/sitemap-2024-2.xml"]]],
    );
    assert.deepEqual(file("/sitemap-2026.xml"), [storyUrl("late-2026"), storyUrl("new-year")], "the story of 1 January in the newsroom's zone is filed under 2026");
    assert.deepEqual(file("/sitemap-2025.xml"), [storyUrl("old-year"), storyUrl("mid-2025")]);
    assert.deepEqual([...file("/sitemap-2024.xml")!, ...file("/sitemap-2024-2.xml")!], stories.filter((story) => story.slug.startsWith("y24-")).map((story) => story.url), "newest first, as the site lists them");
    assert.equal(file("/sitemap-2024.xml")!.length, 20);
    for (const sitemap of site.sitemaps.files) {
      const newest = sitemap.entries.reduce((best, entry) => (Date.parse(entry.lastmod!) > Date.parse(best.lastmod!) ? entry : best));
      assert.equal(site.sitemaps.indexes[0]!.files.find((entry) => pathOf(entry.loc) === sitemap.path)!.lastmod, newest.lastmod, `${sitemap.path} is dated by its newest entry`);
    }
  });

  test("every page is in exactly one file, as the one file before the split listed them; the stories' files hold stories alone", () => {
    const urls = site.sitemaps.files.flatMap((sitemap) => sitemap.entries.map((entry) => pathOf(entry.loc)));
    const pages = (list: readonly { url: string }[]) => list.map((page) => page.url);
    assert.deepEqual(
      urls,
      [...pages(site.frontPages), ...pages(site.sectionPages), "/tags/", ...pages(site.tagPages), "/authors/", ...pages(site.authorPages), "/archive/", ...pages(site.monthPages), ...pages(stories)],
      "the site's pages, each once, in the order of the one file before the split",
    );
    const listed = site.sitemaps.files.flatMap((sitemap) => sitemap.entries.map((entry) => `${pathOf(entry.loc)} ${entry.lastmod}`));
    const unsplit = buildSiteData(stories, testSettings({ perPage: 50, sections, timeZone: "Asia/Karachi" }), { now }).sitemaps;
    assert.deepEqual(unsplit.files.map((sitemap) => sitemap.path), ["/sitemap.xml"]);
    const whole = unsplit.files[0]!.entries.map((entry) => `${pathOf(entry.loc)} ${entry.lastmod}`);
    assert.equal(new Set(listed).size, listed.length, "nothing twice");
    assert.deepEqual([...listed].sort(), [...whole].sort(), "nothing dropped, each with the date it had");
    assert.deepEqual(listed, whole, "and in the same order: the listings', then the stories' newest first");
    const storyUrls = new Set(stories.map((story) => story.url));
    assert.ok(file("/sitemap-pages.xml")!.every((url) => !storyUrls.has(url)));
    assert.ok(file("/sitemap-pages.xml")!.includes("/archive/2026/01/"));
  });

  test("a new story of the newest year gives every other year's file again as it was", () => {
    const fresh = makeArticle({ slug: "fresh", published: "2026-01-21T10:00:00Z", section: "world", tags: ["Harbour"] }, zoned);
    const next = buildSiteData(newestFirst([fresh, ...stories]), zoned, { now, previous: site });
    const same = (path: string) => next.sitemaps.files.find((sitemap) => sitemap.path === path) === site.sitemaps.files.find((sitemap) => sitemap.path === path);
    assert.deepEqual(
      next.sitemaps.files.filter((sitemap) => !same(sitemap.path)).map((sitemap) => sitemap.path),
      ["/sitemap-pages.xml", "/sitemap-2026.xml"],
    );
    assert.deepEqual(next.sitemaps, buildSiteData(newestFirst([fresh, ...stories]), zoned, { now }).sitemaps, "as made afresh");
  });
});

test("names the search indexes the search page loads, and none where the site has no search of its own", () => {
  assert.deepEqual(data.searchIndexes, ["pagefind/"]);
  assert.deepEqual(buildSiteData(articles, testSettings({ perPage: 2, search: false }), { now }).searchIndexes, []);
});
