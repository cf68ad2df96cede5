import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { DateTime } from "luxon";
import settingsInput from "../site.config.ts";
import type { Article } from "../src/article.ts";
import { ArticleReadCache } from "../src/article-cache.ts";
import { loadArticles } from "../src/article-loader.ts";
import { paginate } from "../src/listings.ts";
import { FEED_LENGTH, SUBJECT_FEED_LENGTH } from "../src/feeds.ts";
import { changedArticles, changedListingPages, changedRedirects, onlyArticlesChanged, pagesToWrite, removedPages } from "../src/preview-delta.ts";
import { resolveSettings } from "../src/settings.ts";
import { buildSiteData, type PageLists, type SiteData } from "../src/site-data.ts";
import { existsSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { makeArticle, newestFirst, testSettings, type ArticleSpec } from "./helpers/articles.ts";
import { article, makeFixtureSite, makeTempDir, PROJECT_ROOT } from "./helpers/site.ts";

const settings = resolveSettings(settingsInput);
const now = DateTime.fromISO("2026-11-30T12:00:00Z");

describe("preview rebuilds", () => {
  test("remember unchanged articles and read again only the saved ones", async () => {
    const site = await makeFixtureSite({
      "a.md": article({ headline: "Alpha", date: "2026-01-01T10:00:00+05:00" }),
      "b.md": article({ headline: "Bravo", date: "2026-01-02T10:00:00+05:00" }),
    });
    try {
      const cache = new ArticleReadCache();
      const load = () => loadArticles({ settings, articlesDir: site.articlesDir, publicDir: "public", now, cache });
      const first = await load();
      await writeFile(path.join(site.articlesDir, "a.md"), article({ headline: "Alpha, corrected", date: "2026-01-01T10:00:00+05:00" }));
      const second = await load();
      const changed = changedArticles(first, second);
      assert.deepEqual(changed.map((a) => a.headline), ["Alpha, corrected"]);
      // The unchanged article is the very object of the first load: it was not read again.
      assert.equal(second.find((a) => a.slug === "b"), first.find((a) => a.slug === "b"));
    } finally {
      await site.remove();
    }
  });

  test("every story's tag, byline and section are one object each, across loads: an unchanged story's are not shared again", async () => {
    const tagged = (headline: string, day: number) => article({ headline, date: `2026-01-0${day}T10:00:00+05:00`, tags: "[Harbour]", author: "[Jane Doe]" });
    const site = await makeFixtureSite({ "a.md": tagged("Alpha", 1), "b.md": tagged("Bravo", 2) });
    try {
      const cache = new ArticleReadCache();
      const load = () => loadArticles({ settings, articlesDir: site.articlesDir, publicDir: "public", now, cache });
      const first = await load();
      await writeFile(path.join(site.articlesDir, "a.md"), tagged("Alpha, corrected", 1));
      await writeFile(path.join(site.articlesDir, "c.md"), tagged("Charlie", 3));
      const second = await load();
      const bravo = first.find((a) => a.slug === "b")!;
      assert.equal(second.find((a) => a.slug === "b"), bravo, "unchanged, so not read again");
      for (const story of second) {
        assert.equal(story.tags[0], bravo.tags[0], `${story.slug}'s tag`);
        assert.equal(story.authors[0], bravo.authors[0], `${story.slug}'s byline`);
        assert.equal(story.section, bravo.section, `${story.slug}'s section`);
      }
    } finally {
      await site.remove();
    }
  });

  test("write again only the listing pages whose stories' cards changed or moved", () => {
    const make = (name: string) => ({ url: `/${name}/`, headline: name, html: `<p>${name}</p>` }) as Article;
    const stories = Array.from({ length: 7 }, (_, i) => make(`s${i}`));
    const before = paginate(stories, 3, "/");
    const editing = (edited: Article) => paginate(stories.map((s, i) => (i === 4 ? edited : s)), 3, "/");
    // An edit to s4's headline (a new object at the same place): only page 2 lists it.
    assert.deepEqual(changedListingPages(before, editing({ ...stories[4]!, headline: "s4, corrected" })).map((p) => p.url), ["/page/2/"]);
    // A correction to its body alone: a card shows no body.
    assert.deepEqual(changedListingPages(before, editing({ ...stories[4]!, html: "<p>s4, corrected.</p>" })).map((p) => p.url), []);
    // A new story on top moves every story down a place: every page changes.
    const afterNew = paginate([make("new"), ...stories], 3, "/");
    assert.deepEqual(changedListingPages(before, afterNew).map((p) => p.url), ["/", "/page/2/", "/page/3/"]);
  });

  test("only Markdown changes count as article-only rebuilds", () => {
    assert.equal(onlyArticlesChanged(["./articles/2024/07/a.md", "./articles/b.markdown"]), true);
    assert.equal(onlyArticlesChanged(["./articles/a.md", "./templates/article.njk"]), false);
    assert.equal(onlyArticlesChanged(["./public/css/site.css"]), false);
    assert.equal(onlyArticlesChanged([]), false);
  });
});

describe("preview rebuilds: the pages a save writes", () => {
  const small = testSettings({ perPage: 2 });
  const specs: ArticleSpec[] = [
    { slug: "a", published: "2026-01-05T10:00:00Z", section: "world", tags: ["Harbour"], authors: ["Jane Doe"] },
    { slug: "b", published: "2026-01-04T10:00:00Z", section: "world", tags: ["harbour"] },
    { slug: "c", published: "2026-01-03T10:00:00Z", section: "world", tags: ["Harbour"], authors: ["Jane Doe"] },
    { slug: "d", published: "2026-01-02T10:00:00Z", section: "sport", tags: ["Árbol"] },
    { slug: "e", published: "2026-01-01T10:00:00Z" },
  ];
  const stories = specs.map((spec) => makeArticle(spec, small));
  const siteOf = (articles: Article[]): SiteData => buildSiteData(newestFirst(articles), small, { now });
  const before = siteOf(stories);
  /** The addresses of the pages to write, list by list, leaving out empty lists. */
  const addresses = (pages: PageLists) =>
    Object.fromEntries(
      Object.entries({
        articlePages: pages.articlePages.map((story) => story.url),
        frontPages: pages.frontPages.map((page) => page.url),
        sectionPages: pages.sectionPages.map((page) => page.url),
        tagPages: pages.tagPages.map((page) => page.url),
        authorPages: pages.authorPages.map((page) => page.url),
        monthPages: pages.monthPages.map((page) => page.url),
        redirectPages: pages.redirectPages.map((redirect) => redirect.from),
        subjectFeeds: pages.subjectFeeds.map((feed) => feed.path),
        rssFeeds: pages.rssFeeds.map((feed) => feed.path),
        atomFeeds: pages.atomFeeds.map((feed) => feed.path),
      }).filter(([, urls]) => urls.length > 0),
    );
  const replaced = (slug: string, spec: Partial<ArticleSpec>) =>
    stories.map((story, index) => (story.slug === slug ? makeArticle({ ...specs[index]!, ...spec }, small) : story));

  test("nothing saved, nothing written, though every listing page is a new object", () => {
    assert.deepEqual(addresses(pagesToWrite(before, siteOf([...stories]))), {});
  });

  // The preview's now is the clock's at each rebuild: a story whose time came since the last is no longer
  // flagged as scheduled, though nothing was saved and it is the same object, in listings kept whole.
  test("a scheduled story that came out since the last rebuild: its page and every listing page that shows it", () => {
    const at = (iso: string): SiteData => buildSiteData(newestFirst([...stories]), small, { now: DateTime.fromISO(iso) });
    const scheduled = at("2026-01-03T12:00:00Z");
    // A section with no story has a feed without a date (src/feeds.ts), which the moving now leaves as it was; no feed flags a story as scheduled.
    assert.ok(scheduled.feeds.rss.some((feed) => feed.stories.length === 0), "a section has no story");
    assert.deepEqual(addresses(pagesToWrite(scheduled, at("2026-01-03T13:00:00Z"))), {}, "nothing came out meanwhile");
    assert.deepEqual(addresses(pagesToWrite(scheduled, at("2026-01-04T12:00:00Z"))), {
      articlePages: ["/world/b/"],
      frontPages: ["/"],
      sectionPages: ["/world/"],
      tagPages: ["/tags/harbour/"],
      monthPages: ["/archive/2026/01/"],
    });
  });

  test("an edited headline: its page, its redirect, and only the listing pages that list it", () => {
    const after = siteOf(replaced("c", { headline: "C, corrected" }));
    assert.deepEqual(addresses(pagesToWrite(before, after)), {
      articlePages: ["/world/c/"],
      frontPages: ["/page/2/"],
      sectionPages: ["/world/page/2/"],
      tagPages: ["/tags/harbour/"],
      authorPages: ["/authors/jane-doe/"],
      monthPages: ["/archive/2026/01/"],
      redirectPages: ["/s/cc2222/"],
      subjectFeeds: ["/tags/harbour/rss.xml", "/authors/jane-doe/rss.xml"],
      // The site's feeds and its section's carry it; Sport's and the empty sections' do not.
      rssFeeds: ["/rss.xml", "/world/rss.xml"],
      atomFeeds: ["/feed.xml"],
    });
  });

  test("a correction to a story's body alone: its page and the feeds that carry the body, no listing page", () => {
    const after = siteOf(replaced("c", { html: "<p>Body of c, corrected.</p>\n" }));
    assert.deepEqual(addresses(pagesToWrite(before, after)), {
      articlePages: ["/world/c/"],
      subjectFeeds: ["/tags/harbour/rss.xml", "/authors/jane-doe/rss.xml"],
      rssFeeds: ["/rss.xml", "/world/rss.xml"],
      atomFeeds: ["/feed.xml"],
    });
  });

  // npm start's warm-up rebuilds read a story again unchanged: they are there to have rendered its listings once.
  test("with listSaved, a story saved with every card the same has its page and every listing page that lists it written, as an edit of its headline has", () => {
    const pagesAndListings = (pages: PageLists) => {
      const { articlePages, frontPages, sectionPages, tagPages, authorPages, monthPages } = addresses(pages);
      return { articlePages, frontPages, sectionPages, tagPages, authorPages, monthPages };
    };
    const bodyOnly = pagesAndListings(pagesToWrite(before, siteOf(replaced("c", { html: "<p>Body of c, corrected.</p>\n" })), { listSaved: true }));
    assert.deepEqual(bodyOnly, pagesAndListings(pagesToWrite(before, siteOf(replaced("c", { headline: "C, corrected" })))));
    assert.equal(bodyOnly.frontPages?.length, 1, "the front page that lists it");
  });

  test("an edit of what a story's card shows writes the listing pages that list it: bullets (the lead story's), the time it was updated", () => {
    const listingPages = (pages: PageLists) => {
      const { frontPages, sectionPages, tagPages, authorPages, monthPages } = addresses(pages);
      return { frontPages, sectionPages, tagPages, authorPages, monthPages };
    };
    const everyListingOfA = { frontPages: ["/"], sectionPages: ["/world/"], tagPages: ["/tags/harbour/"], authorPages: ["/authors/jane-doe/"], monthPages: ["/archive/2026/01/"] };
    assert.deepEqual(listingPages(pagesToWrite(before, siteOf(replaced("a", { bullets: ["The harbour reopens."] })))), everyListingOfA);
    assert.deepEqual(listingPages(pagesToWrite(before, siteOf(replaced("a", { updated: "2026-01-05T18:00:00Z" })))), everyListingOfA);
  });

  test("an edit of the bullets of a story that leads no listing page (only the lead card shows them): its page and the feeds that carry them, no listing page", () => {
    const after = siteOf(replaced("c", { bullets: ["The harbour reopens."] }));
    assert.deepEqual(addresses(pagesToWrite(before, after)), {
      articlePages: ["/world/c/"],
      subjectFeeds: ["/tags/harbour/rss.xml", "/authors/jane-doe/rss.xml"],
      rssFeeds: ["/rss.xml", "/world/rss.xml"],
      atomFeeds: ["/feed.xml"],
    });
  });

  test("a new story on top: every page of the front page and its section, since each story moves down a place; of a tag or month, the top page and the one cut from it", () => {
    const fresh = makeArticle({ slug: "f", published: "2026-01-06T10:00:00Z", section: "sport", tags: ["Harbour"] }, small);
    const after = siteOf([...stories, fresh]);
    assert.deepEqual(addresses(pagesToWrite(before, after)), {
      articlePages: ["/sport/f/"],
      frontPages: ["/", "/page/2/", "/page/3/"],
      sectionPages: ["/sport/"],
      // Harbour's three stories were one page; with four, the two oldest make a page of their own.
      tagPages: ["/tags/harbour/", "/tags/harbour/page/1/"],
      // January's page 1 (d, e) keeps its stories; its link to newer stories now leads to the new page 2 (b, c).
      monthPages: ["/archive/2026/01/", "/archive/2026/01/page/2/", "/archive/2026/01/page/1/"],
      redirectPages: ["/s/cf2222/"],
      // Only the feeds it joins: Harbour's (it has no byline, and Jane Doe's and Árbol's are as they were).
      subjectFeeds: ["/tags/harbour/rss.xml"],
      rssFeeds: ["/rss.xml", "/sport/rss.xml"],
      atomFeeds: ["/feed.xml"],
    });
  });

  test("past listingPages, a story deleted after the last page changes that page's link to the archive", () => {
    const capped = testSettings({ perPage: 2, listingPages: 1 });
    const dated = (slug: string, published: string) => makeArticle({ slug, published }, capped);
    const kept = [dated("x1", "2026-01-05T10:00:00Z"), dated("x2", "2026-01-04T10:00:00Z"), dated("x4", "2025-11-30T10:00:00Z")];
    const december = dated("x3", "2025-12-31T10:00:00Z");
    const previous = buildSiteData(newestFirst([...kept, december]), capped, { now });
    const next = buildSiteData(newestFirst([...kept]), capped, { now });
    assert.deepEqual(
      [previous, next].map((site) => [site.frontPages.map((page) => page.items.map((story) => story.slug)), site.frontPages[0]!.olderUrl]),
      [
        [[["x1", "x2"]], "/archive/2025/12/"],
        [[["x1", "x2"]], "/archive/2025/11/"],
      ],
    );
    assert.deepEqual(addresses(pagesToWrite(previous, next)).frontPages, ["/"]);
  });

  test("a tag renamed (the spelling most of its stories use, the newest story's in a tie) renames every page of the tag, not only the first", () => {
    const older = makeArticle({ slug: "g", published: "2025-12-30T10:00:00Z", tags: ["harbour"] }, small);
    const fourBefore = siteOf([...stories, older]);
    // Two stories each spell it Harbour and harbour, then HARBOUR and harbour: the newest, a, decides.
    const respelt = stories.map((story, index) => (story.slug === "a" || story.slug === "c" ? makeArticle({ ...specs[index]!, tags: ["HARBOUR"] }, small) : story));
    assert.equal(fourBefore.tagPages.find((page) => page.url === "/tags/harbour/page/1/")!.subject.name, "Harbour");
    const after = siteOf([...respelt, older]);
    const written = addresses(pagesToWrite(fourBefore, after));
    assert.deepEqual(written.tagPages, ["/tags/harbour/", "/tags/harbour/page/1/"]);
    assert.deepEqual(written.subjectFeeds, ["/tags/harbour/rss.xml", "/authors/jane-doe/rss.xml"], "the tag's feed is titled by the tag; the story's entry names its tags");
    assert.equal(after.tagPages.find((page) => page.url === "/tags/harbour/page/1/")!.subject.name, "HARBOUR");
  });

  test("a new story in a tag of many pages writes only the tag's top page, or the top and the page cut from it", () => {
    const tagged = (index: number) => makeArticle({ slug: `t${index}`, published: `2025-12-${String(index + 1).padStart(2, "0")}T10:00:00Z`, tags: ["Harbour"] }, small);
    const archive = Array.from({ length: 9 }, (_, index) => tagged(index));
    const nine = siteOf([...stories, ...archive]);
    // Twelve Harbour stories: a top page of two, then five of two from the oldest.
    assert.deepEqual(nine.tagPages.filter((page) => page.subject.slug === "harbour").map((page) => page.url), [
      "/tags/harbour/",
      ...[5, 4, 3, 2, 1].map((number) => `/tags/harbour/page/${number}/`),
    ]);
    const newer = (day: number) => makeArticle({ slug: `n${day}`, published: `2026-01-${day}T10:00:00Z`, tags: ["Harbour"] }, small);
    const thirteen = siteOf([...stories, ...archive, newer(10)]);
    assert.deepEqual(addresses(pagesToWrite(nine, thirteen)).tagPages, ["/tags/harbour/"], "the top page takes a third story");
    const fourteen = siteOf([...stories, ...archive, newer(10), newer(11)]);
    // The top page's two oldest become page 6; page 5's link to newer stories now leads there.
    assert.deepEqual(addresses(pagesToWrite(thirteen, fourteen)).tagPages, ["/tags/harbour/", "/tags/harbour/page/6/", "/tags/harbour/page/5/"]);
  });

  test("a tag's or author's feed is written again when a story it carries changes, not for one older than it carries", () => {
    const tagged = (index: number, headline = `Story ${index}`) =>
      makeArticle({ slug: `t${index}`, headline, published: DateTime.fromISO("2025-10-01T10:00:00Z").plus({ days: index }).toISO()!, tags: ["Harbour"], authors: ["Jane Doe"] }, small);
    const archive = Array.from({ length: SUBJECT_FEED_LENGTH + 2 }, (_, index) => tagged(index));
    const all = siteOf(archive);
    const harbour = all.subjectFeeds.find((feed) => feed.path === "/tags/harbour/rss.xml")!;
    assert.equal(harbour.entries.length, SUBJECT_FEED_LENGTH);
    const oldest = siteOf(archive.map((story, index) => (index === 0 ? tagged(0, "Oldest, corrected") : story)));
    assert.deepEqual(addresses(pagesToWrite(all, oldest)).subjectFeeds, undefined, "the oldest story is in no feed");
    const newest = siteOf(archive.map((story, index) => (index === archive.length - 1 ? tagged(index, "Newest, corrected") : story)));
    assert.deepEqual(addresses(pagesToWrite(all, newest)).subjectFeeds, ["/tags/harbour/rss.xml", "/authors/jane-doe/rss.xml"]);
  });

  test("the site's and a section's feeds are written again when a story they carry changes, not for one older than they carry, nor another section's", () => {
    const inSection = (index: number, headline = `Story ${index}`) =>
      makeArticle({ slug: `w${index}`, headline, published: DateTime.fromISO("2025-10-01T10:00:00Z").plus({ days: index }).toISO()!, section: "world" }, small);
    const archive = [...Array.from({ length: FEED_LENGTH + 2 }, (_, index) => inSection(index)), ...stories.filter((story) => story.section?.slug === "sport")];
    const all = siteOf(archive);
    assert.equal(all.feeds.rss.find((feed) => feed.path === "/world/rss.xml")!.entries.length, FEED_LENGTH);
    const oldest = siteOf(archive.map((story, index) => (index === 0 ? inSection(0, "Oldest, corrected") : story)));
    const older = addresses(pagesToWrite(all, oldest));
    assert.deepEqual([older.articlePages, older.rssFeeds, older.atomFeeds], [["/world/w0/"], undefined, undefined], "the oldest story is in no feed");
    const newest = siteOf(archive.map((story, index) => (index === FEED_LENGTH + 1 ? inSection(index, "Newest, corrected") : story)));
    const written = addresses(pagesToWrite(all, newest));
    assert.deepEqual([written.rssFeeds, written.atomFeeds], [["/rss.xml", "/world/rss.xml"], ["/feed.xml"]]);
  });

  test("a redirect page is written again only when its link says something new", () => {
    const redirects = before.shortRedirects;
    assert.deepEqual(changedRedirects(redirects, redirects.map((redirect) => ({ ...redirect }))), []);
    const retitled = redirects.map((redirect, index) => (index === 0 ? { ...redirect, headline: "New" } : redirect));
    assert.deepEqual(changedRedirects(redirects, retitled), [retitled[0]]);
  });

  test("a deleted story: its page, its short link and the listing pages that no longer exist are removed", () => {
    const after = siteOf(stories.filter((story) => story.slug !== "d"));
    assert.deepEqual(removedPages(before, after).sort(), ["/page/3/", "/s/cd2222/", "/sport/d/", "/tags/arbol/", "/tags/arbol/rss.xml"]);
    // The sport section is configured: its page stays, empty.
    assert.ok(after.sectionPages.some((page) => page.url === "/sport/"));
  });

  test("a story moved to another section leaves its old address; nothing is removed when nothing moved", () => {
    const after = siteOf(replaced("d", { section: "world" }));
    assert.deepEqual(removedPages(before, after), ["/sport/d/"]);
    assert.deepEqual(removedPages(before, siteOf([...stories])), []);
  });
});

describe("the preview server (npm start)", () => {
  // The corpus generator lives beside the project (../shared), not in it: without it there is nothing to run.
  const generator = path.join(PROJECT_ROOT, "../shared/bench/make-corpus.mjs");
  test("shows an edited article and a new one on the front page after a save", { skip: !existsSync(generator) && `needs ${generator}` }, async () => {
    const { execFile } = await import("node:child_process");
    const { promisify } = await import("node:util");
    const { rm } = await import("node:fs/promises");
    const corpora = await makeTempDir("news-preview-test-");
    // The port the bench asks for is taken, so the server takes another: the bench must follow it.
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    const takenPort = (taken.address() as AddressInfo).port;
    try {
      // bench/preview.ts starts the server, edits an article, adds one, and fails unless both reach the output.
      const { stdout } = await promisify(execFile)(
        path.join(PROJECT_ROOT, "node_modules/.bin/tsx"),
        ["bench/preview.ts", "--size", "30", "--edits", "1", "--corpora", corpora, "--port", String(takenPort)],
        { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024 },
      );
      const served = Number(/^first build: [\d.]+ s \(served on port (\d+)\)$/m.exec(stdout)?.[1]);
      assert.ok(served > 0 && served !== takenPort, `served on another port than the taken ${takenPort}: ${served}`);
      assert.match(stdout, /edit 1: [\d.]+ s until/);
      // The new story joins the corpus's largest tag and byline.
      assert.match(stdout, /new article \(tagged [^,)]+, by [^)]+\): [\d.]+ s until the front page showed it/);
    } finally {
      taken.close();
      await rm(corpora, { recursive: true, force: true });
    }
  });
});

describe("preview rebuilds: a story's old addresses (the moved setting)", () => {
  const story = makeArticle({ slug: "harbour-reopens", section: "pakistan", published: "2026-01-05T05:00:00Z" }, settings);
  const moved = (from: string, headline = story.headline) => ({ from, to: story.url, headline, lang: story.lang, dir: story.dir });
  const siteData = (movedRedirects: ReturnType<typeof moved>[]) => buildSiteData([story], settings, { now, movedRedirects });

  test("an old address's page is written when new or changed, and one no longer moved is removed", () => {
    const before = siteData([moved("/world/harbour-reopns/"), moved("/world/harbour/")]);
    const after = siteData([moved("/world/harbour-reopns/"), moved("/world/harbour/", "Harbour reopens at last"), moved("/s/old234/")]);
    assert.deepEqual(pagesToWrite(before, after).redirectPages.map((redirect) => redirect.from), ["/world/harbour/", "/s/old234/"]);
    assert.deepEqual(removedPages(after, siteData([moved("/world/harbour/")])), ["/world/harbour-reopns/", "/s/old234/"]);
  });

  test("an old .html file's page is written at its own address, and an old .php address, which only _redirects answers, gets none", () => {
    const after = siteData([moved("/news/2019/05/story-123.html"), moved("/story.php")]);
    assert.deepEqual(pagesToWrite(siteData([]), after).redirectPages.map((redirect) => redirect.from), ["/news/2019/05/story-123.html"]);
    assert.deepEqual(after.redirectPages.map((redirect) => redirect.from).filter((from) => !from.startsWith("/s/")), ["/news/2019/05/story-123.html"]);
    assert.deepEqual(after.redirectsInFile.map((redirect) => redirect.from).filter((from) => !from.startsWith("/s/")), ["/news/2019/05/story-123.html", "/story.php"]);
  });
});
