import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { parseHTML } from "linkedom";
import { metaContentSecurityPolicy } from "../src/content-security-policy.ts";
import { REDIRECTS_FILE_LIMIT, redirectPage, redirectsFile, redirectsInFile, shortUrlRedirects, type Redirect } from "../src/redirects.ts";
import { makeArticle, testSettings } from "./helpers/articles.ts";

const settings = testSettings();
const articles = [
  { ...makeArticle({ slug: "harbour", published: "2026-01-05T05:00:00Z", section: "business" }, settings), shortCode: "zz234" },
  { ...makeArticle({ slug: "کتاب-میلہ", published: "2026-01-04T05:00:00Z", section: "lifestyle", lang: "ur" }, settings), shortCode: "ab234", dir: "rtl" as const },
];

describe("short-URL redirects", () => {
  test("one per article, ordered by code", () => {
    assert.deepEqual(
      shortUrlRedirects(articles).map((redirect) => [redirect.code, redirect.from, redirect.to, redirect.dir]),
      [
        ["ab234", "/s/ab234/", "/lifestyle/کتاب-میلہ/", "rtl"],
        ["zz234", "/s/zz234/", "/business/harbour/", "ltr"],
      ],
    );
  });

  test("the _redirects file: /s/<code> /path/ 301, percent-encoded, with the path prefix on both sides", () => {
    const redirects = shortUrlRedirects(articles);
    assert.equal(
      redirectsFile(redirects, { pathPrefix: "/" }),
      "/s/ab234 /lifestyle/%DA%A9%D8%AA%D8%A7%D8%A8-%D9%85%DB%8C%D9%84%DB%81/ 301\n/s/zz234 /business/harbour/ 301\n",
    );
    assert.equal(redirectsFile(redirects.slice(1), { pathPrefix: "/news/" }), "/news/s/zz234 /news/business/harbour/ 301\n");
    assert.equal(redirectsFile([], { pathPrefix: "/" }), "");
  });

  test("a short link's page sends the reader on to the story, every text escaped, its links under the path prefix", () => {
    const [urdu, harbour] = shortUrlRedirects(articles);
    const headline = `Tom & Jerry's "<b>harbour</b>" \\ <script>alert(1)</script>`;
    for (const pathPrefix of ["/", "/news/"]) {
      const site = { ...settings, pathPrefix, siteUrl: `https://news.example.com${pathPrefix.replace(/\/$/, "")}`, name: `Bay <News>`, contentSecurityPolicy: metaContentSecurityPolicy(settings) };
      const { document } = parseHTML(redirectPage({ ...harbour!, headline }, site));
      const to = `${pathPrefix}business/harbour/`;
      assert.equal(document.querySelector("title")?.textContent, `${headline} | Bay <News>`);
      assert.equal(document.querySelector("h1 a")?.getAttribute("href"), to);
      assert.equal(document.querySelector("h1 a")?.textContent, headline);
      assert.equal(document.querySelector("script, b"), null, "the headline stays text");
      assert.equal(document.querySelector('meta[http-equiv="refresh"]')?.getAttribute("content"), `0; url=${to}`);
      assert.equal(document.querySelector('link[rel="canonical"]')?.getAttribute("href"), `${site.siteUrl}/business/harbour/`);
      assert.equal(document.querySelector('meta[name="robots"]')?.getAttribute("content"), "noindex");
      assert.equal(document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content"), site.contentSecurityPolicy);
      assert.equal(document.documentElement.getAttribute("lang"), "en");
      assert.equal(document.querySelectorAll("main").length, 1);
      assert.equal(document.querySelector("main h1 a")?.textContent, headline, "the headline is the page's heading, in its main content");
    }
    const { document } = parseHTML(redirectPage(urdu!, { ...settings, name: "Bay News", contentSecurityPolicy: "default-src 'self'" }));
    assert.equal(document.querySelector('link[rel="canonical"]')?.getAttribute("href"), `${settings.siteUrl}/lifestyle/%DA%A9%D8%AA%D8%A7%D8%A8-%D9%85%DB%8C%D9%84%DB%81/`);
  });

  test("a short link's page speaks the site's language; the headline alone is in the story's", () => {
    const [urdu, harbour] = shortUrlRedirects(articles);
    const page = (redirect: typeof urdu, language: string) => {
      const { document } = parseHTML(redirectPage(redirect!, { ...settings, language, name: "Bay News", contentSecurityPolicy: "default-src 'self'" }));
      const link = document.querySelector("main h1 a");
      return [document.documentElement.getAttribute("lang"), document.documentElement.getAttribute("dir"), link?.getAttribute("lang"), link?.getAttribute("dir")];
    };
    // An Urdu story on an English site: the English sentence is not read as Urdu, nor laid out right to left.
    assert.deepEqual(page(urdu, "en"), ["en", "ltr", "ur", "rtl"]);
    assert.deepEqual(page(harbour, "en"), ["en", "ltr", "en", "ltr"]);
    assert.deepEqual(page(harbour, "ur"), ["ur", "rtl", "en", "ltr"]);
    // The page's body as written, byte for byte.
    const html = redirectPage(urdu!, { ...settings, name: "Bay News", contentSecurityPolicy: "default-src 'self'" });
    assert.equal(html.slice(html.indexOf("<body>")), `<body>\n<main>\n<p>This short link leads to</p>\n<h1><a href="/lifestyle/کتاب-میلہ/" lang="ur" dir="rtl">${urdu!.headline}</a></h1>\n</main>\n</body>\n</html>\n`);
  });

  test("the story's language and direction are escaped where they stand in the page", () => {
    const [, harbour] = shortUrlRedirects(articles);
    const { document } = parseHTML(redirectPage({ ...harbour!, lang: `en" onclick="x`, dir: `ltr'><script>alert(1)</script>` }, { ...settings, name: "Bay News", contentSecurityPolicy: "default-src 'self'" }));
    const link = document.querySelector("main h1 a");
    assert.equal(link?.getAttribute("lang"), `en" onclick="x`);
    assert.equal(link?.getAttribute("dir"), `ltr'><script>alert(1)</script>`);
    assert.equal(document.querySelector("script, [onclick]"), null);
  });
});

describe("the _redirects file's 2,000 lines, shared", () => {
  // 3,000 stories, newest first, and an old address of every one: 1,000 .php addresses and 3,000 folders'.
  const stories = Array.from({ length: 3000 }, (_, index) => ({
    ...makeArticle({ slug: `story-${index}`, published: new Date(Date.UTC(2026, 0, 1) - index * 3_600_000).toISOString(), section: "business" }, settings),
    shortCode: `st${index}`,
  }));
  const old = (from: string, story: (typeof stories)[number]): Redirect => ({ from, to: story.url, headline: story.headline, lang: story.lang, dir: story.dir });
  const moved = [
    ...stories.slice(0, 1000).map((story, index) => old(`/story-${index}.php`, story)),
    ...stories.map((story, index) => old(`/old/story-${index}/`, story)),
  ].sort((a, b) => (a.from < b.from ? -1 : 1));

  test("every old address without a page, then the newest stories' short links and old addresses, a story at a time", () => {
    const lines = redirectsInFile(stories, moved);
    assert.equal(lines.length, REDIRECTS_FILE_LIMIT);
    assert.equal(lines.filter((line) => line.from.endsWith(".php")).length, 1000, "each .php address has its line");
    const froms = new Set(lines.map((line) => line.from));
    // The other 1,000 lines: 500 stories' short link and old folder each, the newest.
    assert.ok(froms.has(`/s/${stories[0]!.shortCode}/`) && froms.has("/old/story-0/"));
    assert.ok(froms.has(`/s/${stories[499]!.shortCode}/`) && froms.has("/old/story-499/"));
    assert.ok(!froms.has(`/s/${stories[500]!.shortCode}/`) && !froms.has("/old/story-500/"));
  });

  test("a site with few old addresses keeps a line for each, and the newest short links fill the rest", () => {
    const lines = redirectsInFile(stories, moved.filter((line) => /\/story-(?:1|2999)\.php$|\/old\/story-2999\/$/.test(line.from)));
    assert.equal(lines.length, REDIRECTS_FILE_LIMIT);
    assert.ok(lines.some((line) => line.from === "/story-1.php"));
    assert.equal(lines.filter((line) => line.from.startsWith("/s/")).length, REDIRECTS_FILE_LIMIT - 1);
  });
});
