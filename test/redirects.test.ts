import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { parseHTML } from "linkedom";
import { metaContentSecurityPolicy } from "../src/content-security-policy.ts";
import { redirectPage, redirectsFile, shortUrlRedirects } from "../src/redirects.ts";
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
      assert.equal(document.querySelector("p a")?.getAttribute("href"), to);
      assert.equal(document.querySelector("p a")?.textContent, headline);
      assert.equal(document.querySelector("script, b"), null, "the headline stays text");
      assert.equal(document.querySelector('meta[http-equiv="refresh"]')?.getAttribute("content"), `0; url=${to}`);
      assert.equal(document.querySelector('link[rel="canonical"]')?.getAttribute("href"), `${site.siteUrl}/business/harbour/`);
      assert.equal(document.querySelector('meta[name="robots"]')?.getAttribute("content"), "noindex");
      assert.equal(document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content"), site.contentSecurityPolicy);
      assert.equal(document.documentElement.getAttribute("lang"), "en");
    }
    const { document } = parseHTML(redirectPage(urdu!, { ...settings, name: "Bay News", contentSecurityPolicy: "default-src 'self'" }));
    assert.deepEqual([document.documentElement.getAttribute("lang"), document.documentElement.getAttribute("dir")], ["ur", "rtl"]);
    assert.equal(document.querySelector('link[rel="canonical"]')?.getAttribute("href"), `${settings.siteUrl}/lifestyle/%DA%A9%D8%AA%D8%A7%D8%A8-%D9%85%DB%8C%D9%84%DB%81/`);
  });
});
