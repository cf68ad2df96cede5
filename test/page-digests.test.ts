import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { makeTempDir } from "./helpers/site.ts";
import { makeArticle, testSettings } from "./helpers/articles.ts";
import { pageDigests, siteDigest, withoutPages, type SiteInputs } from "../src/page-digests.ts";
import { buildSiteData } from "../src/site-data.ts";
import { parseNow } from "../src/dates.ts";
import type { Article } from "../src/article.ts";

const NOW = "2026-02-01T00:00:00Z";

describe("page digests", () => {
  const settings = testSettings();
  const story = (slug: string, headline: string, html?: string): Article =>
    makeArticle({ slug, headline, html, published: slug === "alpha" ? "2026-01-06T10:00:00+05:00" : "2026-01-05T10:00:00+05:00", section: "world" }, settings);
  const dataOf = (articles: Article[]) => buildSiteData(articles, settings, { now: parseNow(NOW) });
  const digestsOf = (articles: Article[], site = "site") => pageDigests(dataOf(articles), site);
  const shortLink = (articles: Article[], slug: string) => dataOf(articles).shortRedirects.find((redirect) => redirect.to === `/world/${slug}/`)!.from;

  test("change only with what the page shows: its story's text, a listed story, the shared inputs", () => {
    const [a, b] = [story("alpha", "Alpha"), story("bravo", "Bravo")];
    const base = digestsOf([a, b]);
    assert.deepEqual(digestsOf([{ ...a }, { ...b }]), base, "the same data, as new objects");

    const edited = digestsOf([{ ...a, html: "<p>Body, corrected.</p>" }, b]);
    assert.notEqual(edited.get("/world/alpha/"), base.get("/world/alpha/"));
    assert.equal(edited.get("/world/bravo/"), base.get("/world/bravo/"));
    assert.equal(edited.get("/"), base.get("/"), "the front page lists the edited story, whose card shows no body");
    assert.equal(edited.get("/world/"), base.get("/world/"));
    assert.equal(edited.get(shortLink([a, b], "bravo")), base.get(shortLink([a, b], "bravo")));

    const retitled = digestsOf([{ ...a, headline: "Alpha, retitled" }, b]);
    assert.notEqual(retitled.get(shortLink([a, b], "alpha")), base.get(shortLink([a, b], "alpha")), "the short link's page shows the headline");
    assert.notEqual(retitled.get("/"), base.get("/"), "the front page shows the headline on its card");
    assert.notEqual(retitled.get("/world/"), base.get("/world/"));

    const otherSite = digestsOf([a, b], "another site");
    for (const [url, digest] of base) assert.notEqual(otherSite.get(url), digest, url);
  });

  test("a listing page changes with what its stories' cards show (headline, lead bullets, time updated, section, language), not with the rest of a story", () => {
    const [a, b] = [story("alpha", "Alpha"), story("bravo", "Bravo")];
    const base = digestsOf([a, b]);
    const listings = ["/", "/world/", "/archive/2026/01/"];
    for (const url of listings) assert.ok(base.has(url), url);
    const changedListings = (edited: Article) => {
      const digests = digestsOf([edited, b]);
      return listings.filter((url) => digests.get(url) !== base.get(url));
    };
    const updated = makeArticle({ slug: "alpha", headline: "Alpha", published: "2026-01-06T10:00:00+05:00", updated: "2026-01-07T10:00:00+05:00", section: "world" }, settings);
    for (const [what, edited] of [
      ["bullets", { ...a, bullets: ["A bullet"] }],
      ["updated", updated],
      ["section's name", { ...a, section: { ...a.section!, name: "Abroad" } }],
      ["language", { ...a, lang: "ur", dir: "rtl" }],
      ["draft", { ...a, draft: true }],
    ] satisfies [string, Article][]) {
      assert.deepEqual(changedListings(edited), listings, what);
    }
    for (const [what, edited] of [
      ["body", { ...a, html: "<p>Body, corrected, with <img src=x alt=y>.</p>", bodyMedia: true }],
      ["dateline", { ...a, dateline: "KARACHI" }],
      ["image", { ...a, image: { url: "/images/x.jpg", file: "public/images/x.jpg", alt: "A harbour" } }],
      ["short URL", { ...a, shortUrl: "https://s.example/abc" }],
    ] satisfies [string, Article][]) {
      assert.deepEqual(changedListings(edited), [], what);
    }
    // Bravo, second on every page that lists it, leads none: its bullets are on no listing page.
    const bulleted = digestsOf([a, { ...b, bullets: ["A bullet"] }]);
    assert.deepEqual(listings.filter((url) => bulleted.get(url) !== base.get(url)), [], "the bullets of a story that leads no page");
  });

  test("a tag's or author's feed changes with a story it carries, and with no other", () => {
    const tagged = (slug: string, headline: string, tags: string[]) =>
      makeArticle({ slug, headline, published: slug === "alpha" ? "2026-01-06T10:00:00+05:00" : "2026-01-05T10:00:00+05:00", section: "world", tags, authors: ["Jane Doe"] }, settings);
    const [a, b] = [tagged("alpha", "Alpha", ["Harbour"]), tagged("bravo", "Bravo", ["Rowing"])];
    const base = digestsOf([a, b]);
    for (const feed of ["/tags/harbour/rss.xml", "/tags/rowing/rss.xml", "/authors/jane-doe/rss.xml"]) assert.ok(base.has(feed), feed);
    const edited = digestsOf([{ ...a, html: "<p>Body, corrected.</p>" }, b]);
    assert.notEqual(edited.get("/tags/harbour/rss.xml"), base.get("/tags/harbour/rss.xml"), "its entry carries the body");
    assert.notEqual(edited.get("/authors/jane-doe/rss.xml"), base.get("/authors/jane-doe/rss.xml"));
    assert.equal(edited.get("/tags/rowing/rss.xml"), base.get("/tags/rowing/rss.xml"), "Rowing's feed does not carry it");
  });

  test("the site's and sections' feeds change with a story they carry, and with no other; a section's without stories not with the build's now", () => {
    const inSection = (slug: string, section: string) => makeArticle({ slug, headline: slug, published: "2026-01-05T10:00:00+05:00", section }, settings);
    const [a, b] = [inSection("alpha", "world"), inSection("bravo", "sport")];
    const base = digestsOf([a, b]);
    const siteFeeds = ["/feed.xml", "/rss.xml", "/world/rss.xml", "/sport/rss.xml"];
    for (const feed of siteFeeds) assert.ok(base.has(feed), feed);
    const edited = digestsOf([{ ...a, html: "<p>Body, corrected.</p>" }, b]);
    assert.deepEqual(
      siteFeeds.filter((feed) => edited.get(feed) !== base.get(feed)),
      ["/feed.xml", "/rss.xml", "/world/rss.xml"],
      "the site's feeds and World's carry the story's body; Sport's does not",
    );
    const later = pageDigests(buildSiteData([a, b], settings, { now: parseNow("2026-02-02T00:00:00Z") }), "site");
    const empty = dataOf([a, b]).feeds.rss.find((feed) => feed.stories.length === 0)!.path;
    assert.deepEqual(
      [...siteFeeds, empty].filter((feed) => later.get(feed) !== base.get(feed)),
      [],
      "a feed is dated by its newest story, and an empty section's has no date",
    );
  });

  test("keep each story's own digest for the caller: the same for the same story, another for another text, whatever the site", () => {
    const [a, b] = [story("alpha", "Alpha"), story("bravo", "Bravo")];
    const digestsOfStories = (articles: Article[], site = "site") => {
      const stories = new Map<Article, string>();
      pageDigests(dataOf(articles), site, stories);
      return articles.map((article) => stories.get(article));
    };
    const [alpha, bravo] = digestsOfStories([a, b]);
    assert.ok(alpha && bravo && alpha !== bravo);
    assert.deepEqual(digestsOfStories([{ ...a }, { ...b }], "another site"), [alpha, bravo], "a story's own digest leaves out what the site shares");
    const [edited, same] = digestsOfStories([{ ...a, html: "<p>Body, corrected.</p>" }, b]);
    assert.notEqual(edited, alpha);
    assert.equal(same, bravo);
  });

  test("withoutPages leaves out the pages at the given URLs from every list, and nothing else", () => {
    const stories = [story("alpha", "Alpha"), story("bravo", "Bravo")];
    const data = dataOf(stories);
    const left = withoutPages(data, new Set(["/world/alpha/", shortLink(stories, "bravo"), "/"]));
    assert.deepEqual(left.articlePages.map((item) => item.url), ["/world/bravo/"]);
    assert.deepEqual(left.redirectPages.map((item) => item.from), [shortLink(stories, "alpha")]);
    assert.deepEqual(left.frontPages, []);
    assert.equal(left.sectionPages.length, data.sectionPages.length);
    assert.equal(left.articles, data.articles, "the stories themselves are all still there");
  });

  test("the shared digest changes with the templates, the static files, the settings and the configuration files", async () => {
    const dir = await makeTempDir("news-site-digest-");
    try {
      await mkdir(path.join(dir, "templates"));
      await mkdir(path.join(dir, "public"));
      await writeFile(path.join(dir, "templates/a.njk"), "one");
      await writeFile(path.join(dir, "public/site.css"), "body {}");
      const inputs: SiteInputs = { settings, templatesDir: path.join(dir, "templates"), publicDir: path.join(dir, "public"), includeUnpublished: false, images: new Map() };
      const base = siteDigest(inputs);
      assert.equal(siteDigest(inputs), base);
      await writeFile(path.join(dir, "templates/a.njk"), "two");
      const templates = siteDigest(inputs);
      assert.notEqual(templates, base);
      await writeFile(path.join(dir, "public/site.css"), "body { color: red }");
      const statics = siteDigest(inputs);
      assert.notEqual(statics, templates);
      assert.notEqual(siteDigest({ ...inputs, settings: { ...settings, name: "Another" } }), statics);
      assert.notEqual(siteDigest({ ...inputs, includeUnpublished: true }), statics);
      // Eleventy's configuration (a transform added there changes every page) and the site's, at the project root.
      const atRoot = siteDigest(inputs, dir);
      await writeFile(path.join(dir, "eleventy.config.ts"), "export default function () {}");
      const withConfig = siteDigest(inputs, dir);
      assert.notEqual(withConfig, atRoot);
      await writeFile(path.join(dir, "site.config.ts"), "export default {}");
      assert.notEqual(siteDigest(inputs, dir), withConfig);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
