import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { redirectsFile, shortUrlRedirects } from "../src/redirects.ts";
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
});
