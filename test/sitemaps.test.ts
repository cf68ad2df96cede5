import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { DateTime } from "luxon";
import { paginate, paginateFromOldest } from "../src/listings.ts";
import { changedSitemapFiles } from "../src/preview-delta.ts";
import { listingLastmods, newsLanguage, newsSitemapEntries, splitSitemap, type SitemapPage, type Sitemaps } from "../src/sitemaps.ts";
import { makeArticle, newestFirst, testSettings } from "./helpers/articles.ts";
import { RFC_3339 } from "./helpers/xml.ts";

const location = { siteUrl: "https://example.github.io/news" };

describe("splitSitemap", () => {
  const pages = Array.from({ length: 5 }, (_, i) => ({ url: `/p${i}/`, lastmod: `2026-01-0${i + 1}T00:00:00+05:00` }));
  /** A month's stories, newest first: `count` lines dated from the 28th back. */
  const month = (yearMonth: string, count: number) =>
    Array.from({ length: count }, (_, i) => ({ url: `/${yearMonth}/${i}/`, lastmod: `${yearMonth}-${String(28 - i).padStart(2, "0")}T10:00:00+05:00` }));
  const paths = (sitemaps: Sitemaps) => sitemaps.files.map((file) => [file.path, file.entries.map((entry) => entry.loc.replace(location.siteUrl, ""))]);

  test("up to the limit, one /sitemap.xml of every page, the listings' then the stories', in the parts' order, and no index", () => {
    const stories = [month("2026-02", 2), month("2026-01", 1), month("2025-12", 2)];
    const sitemaps = splitSitemap({ pages: [pages.slice(0, 2), pages.slice(2)], stories: stories.map((part, i) => ({ year: i < 2 ? "2026" : "2025", pages: part })) }, location, 10);
    assert.deepEqual(paths(sitemaps), [["/sitemap.xml", [...pages, ...stories.flat()].map((page) => page.url)]]);
    assert.deepEqual(sitemaps.indexes, []);
    assert.equal(sitemaps.files[0]!.entries[0]!.loc, "https://example.github.io/news/p0/");
  });

  test("past the limit, /sitemap.xml is an index of the listings' files and a file a year, newest first, each dated by its newest page", () => {
    const sitemaps = splitSitemap(
      {
        pages: [pages.slice(0, 3), pages.slice(3)],
        stories: [
          { year: "2026", pages: month("2026-01", 2) },
          { year: "2025", pages: month("2025-12", 2) },
          { year: "2025", pages: month("2025-11", 2) },
        ],
      },
      location,
      3,
    );
    assert.deepEqual(paths(sitemaps), [
      ["/sitemap-pages.xml", ["/p0/", "/p1/", "/p2/"]],
      ["/sitemap-pages-2.xml", ["/p3/", "/p4/"]],
      ["/sitemap-2026.xml", ["/2026-01/0/", "/2026-01/1/"]],
      // A year of more than the limit goes on in a file of its own.
      ["/sitemap-2025.xml", ["/2025-12/0/", "/2025-12/1/", "/2025-11/0/"]],
      ["/sitemap-2025-2.xml", ["/2025-11/1/"]],
    ]);
    assert.deepEqual(sitemaps.indexes, [
      {
        path: "/sitemap.xml",
        files: [
          { loc: "https://example.github.io/news/sitemap-pages.xml", lastmod: "2026-01-03T00:00:00+05:00" },
          { loc: "https://example.github.io/news/sitemap-pages-2.xml", lastmod: "2026-01-05T00:00:00+05:00" },
          { loc: "https://example.github.io/news/sitemap-2026.xml", lastmod: "2026-01-28T10:00:00+05:00" },
          { loc: "https://example.github.io/news/sitemap-2025.xml", lastmod: "2025-12-28T10:00:00+05:00" },
          { loc: "https://example.github.io/news/sitemap-2025-2.xml", lastmod: "2025-11-27T10:00:00+05:00" },
        ],
      },
    ]);
  });

  test("the same pages for another site address give that address's entries; the same address, the same entries", () => {
    const here = splitSitemap({ pages: [pages], stories: [] }, location, 5).files[0]!.entries;
    assert.equal(splitSitemap({ pages: [pages], stories: [] }, location, 5).files[0]!.entries[0], here[0], "an entry is made once for a page");
    const elsewhere = splitSitemap({ pages: [pages], stories: [] }, { siteUrl: "https://news.example.org" }, 5).files[0]!.entries;
    assert.equal(elsewhere[0]!.loc, "https://news.example.org/p0/");
  });
});

describe("splitSitemap after the last save's", () => {
  const part = (name: string, count: number) => Array.from({ length: count }, (_, i) => ({ url: `/${name}/${i}/`, lastmod: `2026-01-${String((i % 28) + 1).padStart(2, "0")}T00:00:00Z` }));

  test("gives what a sitemap made afresh gives, taking a part given again whole", () => {
    const stories = part("story", 9);
    // A listing kept from the last save gives the same list: its pages are not looked at again.
    let looked = 0;
    const tag = new Proxy(part("tag", 4), {
      get(target, key, receiver) {
        if (typeof key === "string" && /^\d+$/.test(key)) looked++;
        return Reflect.get(target, key, receiver);
      },
    });
    const last = splitSitemap({ pages: [part("front", 3), tag], stories: [{ year: "2026", pages: stories }] }, location, 5);
    looked = 0;
    const front = part("front", 3);
    const newStories = [...stories.slice(0, 4), { url: "/story/new/", lastmod: "2026-02-01T00:00:00Z" }, ...stories.slice(4)];
    const again = splitSitemap({ pages: [front, tag], stories: [{ year: "2026", pages: newStories }] }, location, 5, last);
    assert.equal(looked, 0);
    assert.deepEqual(again, splitSitemap({ pages: [[...front, ...[...tag]]], stories: [{ year: "2026", pages: newStories }] }, location, 5));
    const entry = (sitemaps: Sitemaps, loc: string) => sitemaps.files.flatMap((file) => file.entries).find((candidate) => candidate.loc === `${location.siteUrl}${loc}`);
    assert.equal(entry(again, "/story/3/"), entry(last, "/story/3/"), "a kept page's entry is the same object");
  });

  test("past the limit, a new story changes its year's file and the listings', and leaves every other year's file as it was", () => {
    const years = ["2026", "2025", "2024"];
    const months = years.map((year) => part(year, 4));
    const stories = (newest: readonly SitemapPage[]) => years.map((year, i) => ({ year, pages: i === 0 ? newest : months[i]! }));
    const tag = part("tag", 2);
    const last = splitSitemap({ pages: [part("front", 2), tag], stories: stories(months[0]!) }, location, 3);
    // The front page is dated by the new story; the tag's listing is kept.
    const front = [{ url: "/front/0/", lastmod: "2026-02-01T00:00:00Z" }, part("front", 2)[1]!];
    const newest = [{ url: "/2026/new/", lastmod: "2026-02-01T00:00:00Z" }, ...months[0]!];
    const again = splitSitemap({ pages: [front, tag], stories: stories(newest) }, location, 3, last);
    assert.deepEqual(again, splitSitemap({ pages: [front, tag], stories: stories(newest) }, location, 3), "as made afresh");
    assert.deepEqual(
      again.files.map((file) => file.path),
      ["/sitemap-pages.xml", "/sitemap-pages-2.xml", "/sitemap-2026.xml", "/sitemap-2026-2.xml", "/sitemap-2025.xml", "/sitemap-2025-2.xml", "/sitemap-2024.xml", "/sitemap-2024-2.xml"],
    );
    // The preview writes the files that differ from the last save's: the listings' file the front page is in, and 2026's.
    assert.deepEqual(
      changedSitemapFiles(last.files, again.files).map((file) => file.path),
      ["/sitemap-pages.xml", "/sitemap-2026.xml", "/sitemap-2026-2.xml"],
    );
    for (const file of again.files.filter((candidate) => /-(2025|2024)/.test(candidate.path))) {
      assert.equal(file, last.files.find((candidate) => candidate.path === file.path), `${file.path} is the same file`);
    }
  });
});

describe("listingLastmods", () => {
  test("a later page changed when any story before it did; each listing starts afresh", () => {
    const settings = testSettings();
    const updatedLater = makeArticle({ slug: "old", published: "2026-01-01T00:00:00Z", updated: "2026-01-09T00:00:00Z" }, settings);
    const fresh = makeArticle({ slug: "new", published: "2026-01-05T00:00:00Z" }, settings);
    const other = makeArticle({ slug: "other", published: "2026-01-02T00:00:00Z" }, settings);
    const result = listingLastmods([...paginate([fresh, updatedLater], 1, "/a/"), ...paginate([other], 1, "/b/"), ...paginate([], 1, "/c/")]);
    assert.deepEqual(result, [
      { url: "/a/", lastmod: fresh.modified.iso },
      { url: "/a/page/2/", lastmod: updatedLater.modified.iso },
      { url: "/b/", lastmod: other.modified.iso },
      { url: "/c/", lastmod: undefined },
    ]);
    for (const entry of result) if (entry.lastmod) assert.match(entry.lastmod, RFC_3339);
  });

  test("in a listing numbered from its oldest page, a page below the top changed only when its own stories did", () => {
    const settings = testSettings();
    const stories = newestFirst(["05", "04", "03", "02"].map((day) => makeArticle({ slug: `d${day}`, published: `2026-01-${day}T00:00:00Z` }, settings)));
    const result = listingLastmods([...paginateFromOldest(stories, 1, "/tags/t/"), ...paginate(stories.slice(0, 2), 1, "/a/")]);
    assert.deepEqual(result, [
      { url: "/tags/t/", lastmod: stories[0]!.modified.iso },
      { url: "/tags/t/page/3/", lastmod: stories[1]!.modified.iso },
      { url: "/tags/t/page/2/", lastmod: stories[2]!.modified.iso },
      { url: "/tags/t/page/1/", lastmod: stories[3]!.modified.iso },
      // A listing numbered from the newest after it still counts the stories before each page.
      { url: "/a/", lastmod: stories[0]!.modified.iso },
      { url: "/a/page/2/", lastmod: stories[0]!.modified.iso },
    ]);
  });
});

describe("newsSitemapEntries", () => {
  const settings = testSettings();
  const now = DateTime.fromISO("2026-01-05T12:00:00Z");
  const articles = newestFirst([
    makeArticle({ slug: "scheduled", published: "2026-01-05T12:00:01Z" }, settings),
    makeArticle({ slug: "hour-ago", published: "2026-01-05T11:00:00Z", headline: "An hour old" }, settings),
    makeArticle({ slug: "just-inside", published: "2026-01-03T12:00:01Z", lang: "zh-Hant-TW" }, settings),
    makeArticle({ slug: "two-days", published: "2026-01-03T12:00:00Z" }, settings),
    makeArticle({ slug: "three-days", published: "2026-01-02T12:00:00Z" }, settings),
  ]);

  test("holds the last two days before now, newest first, and nothing dated after now", () => {
    const entries = newsSitemapEntries(articles, now, settings);
    assert.deepEqual(
      entries.map((entry) => entry.loc),
      ["https://news.example.com/news/hour-ago/", "https://news.example.com/news/just-inside/"],
    );
    assert.deepEqual(entries[0], {
      loc: "https://news.example.com/news/hour-ago/",
      title: "An hour old",
      publicationDate: "2026-01-05T16:00:00+05:00",
      language: "en",
    });
  });

  test("holds at most the limit", () => {
    const many = Array.from({ length: 1005 }, (_, i) => makeArticle({ slug: `s${i}`, published: DateTime.fromISO("2026-01-05T11:00:00Z").minus({ seconds: i }).toISO()! }, settings));
    const entries = newsSitemapEntries(many, now, settings);
    assert.equal(entries.length, 1000);
    assert.equal(entries[0]!.loc, "https://news.example.com/news/s0/");
  });

  test("names languages as Google News does", () => {
    assert.equal(newsLanguage("en-GB"), "en");
    assert.equal(newsLanguage("ur"), "ur");
    assert.equal(newsLanguage("zh-Hant-TW"), "zh-tw");
    assert.equal(newsLanguage("zh"), "zh-cn");
    assert.equal(newsLanguage("zh-HK"), "zh-tw", "Hong Kong writes traditional characters");
    assert.equal(newsLanguage("zh-Hans-CN"), "zh-cn");
  });

  test("a draft shown by the preview is never news, and a headline's control character cannot spoil the file", () => {
    const draft = { ...makeArticle({ slug: "draft", published: "2026-01-05T10:00:00Z" }, settings), draft: true };
    const bell = makeArticle({ slug: "bell", published: "2026-01-05T09:00:00Z", headline: "Bell\u0007 rings" }, settings);
    const entries = newsSitemapEntries([draft, bell], now, settings);
    assert.deepEqual(
      entries.map((entry) => [entry.loc, entry.title]),
      [["https://news.example.com/news/bell/", "Bell rings"]],
    );
  });
});
