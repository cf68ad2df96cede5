import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { absoluteUrl, normalizePathPrefix, prefixedPath, resolveContentUrl, siteFile, siteLocation } from "../src/site-urls.ts";
import { resolveSettings, SettingsError } from "../src/settings.ts";
import settings from "../site.config.ts";

describe("path prefix", () => {
  test("every way of writing a prefix means the same folder", () => {
    for (const written of ["news", "/news", "news/", "/news/", "//news//"]) assert.equal(normalizePathPrefix(written), "/news/");
    assert.equal(normalizePathPrefix(""), "/");
    assert.equal(normalizePathPrefix("/"), "/");
    assert.equal(normalizePathPrefix("a/b"), "/a/b/");
  });

  test("the prefix comes from baseUrl's path unless one is given", () => {
    assert.deepEqual(siteLocation("https://example.github.io/news"), { pathPrefix: "/news/", siteUrl: "https://example.github.io/news" });
    assert.deepEqual(siteLocation("https://example.github.io/news", "/other/"), { pathPrefix: "/other/", siteUrl: "https://example.github.io/other" });
    assert.deepEqual(siteLocation("https://news.example.com"), { pathPrefix: "/", siteUrl: "https://news.example.com" });
  });

  test("settings carry the prefix into the site's address and the default short-URL base", () => {
    const resolved = resolveSettings(settings, { pathPrefix: "news" });
    assert.equal(resolved.pathPrefix, "/news/");
    assert.equal(resolved.siteUrl, "https://news.example.com/news");
    assert.equal(resolved.shortUrlBase, "https://news.example.com/news/s");
    assert.equal(resolveSettings(settings, { shortUrlBase: "https://arab.news/" }).shortUrlBase, "https://arab.news");
  });

  test("a prefix that could climb out of the site is refused", () => {
    assert.throws(() => resolveSettings(settings, { pathPrefix: "/news/../x/" }), SettingsError);
    assert.throws(() => resolveSettings(settings, { pathPrefix: "/news?x" }), /pathPrefix/);
  });
});

describe("site URLs", () => {
  const location = { pathPrefix: "/news/", siteUrl: "https://example.github.io/news" };

  test("site paths gain the prefix, and absolute URLs the address too", () => {
    assert.equal(prefixedPath("/pakistan/story/", location), "/news/pakistan/story/");
    assert.equal(prefixedPath("/", location), "/news/");
    assert.equal(prefixedPath("/x/", { pathPrefix: "/" }), "/x/");
    assert.equal(absoluteUrl("/pakistan/story/", location), "https://example.github.io/news/pakistan/story/");
  });

  test("a site path names its file in the site's folder without the prefix's slashes", () => {
    assert.equal(siteFile("/img/a-400.jpeg"), "img/a-400.jpeg");
    assert.equal(siteFile("//pakistan/story/"), "pakistan/story/");
    assert.equal(siteFile("/"), "");
    assert.equal(siteFile("tags/کتاب-میلہ/"), "tags/کتاب-میلہ/");
  });

  test("a % ? or # in a site path is part of a file's name, encoded in its absolute URL", () => {
    assert.equal(absoluteUrl("/media/1a2b3c4d/the%20quay?#1.png", location), "https://example.github.io/news/media/1a2b3c4d/the%2520quay%3F%231.png");
  });

  test("non-Latin paths are percent-encoded in absolute URLs", () => {
    assert.equal(absoluteUrl("/tags/کتاب-میلہ/", location), "https://example.github.io/news/tags/%DA%A9%D8%AA%D8%A7%D8%A8-%D9%85%DB%8C%D9%84%DB%81/");
  });

  test("URLs in content resolve against the site and the page without losing the prefix", () => {
    const page = "https://example.github.io/news/world/story/";
    assert.equal(resolveContentUrl("/world/other/", page, location), "https://example.github.io/news/world/other/");
    assert.equal(resolveContentUrl("#details", page, location), "https://example.github.io/news/world/story/#details");
    assert.equal(resolveContentUrl("../", page, location), "https://example.github.io/news/world/");
    assert.equal(resolveContentUrl("https://elsewhere.org/a", page, location), "https://elsewhere.org/a");
    assert.equal(resolveContentUrl("mailto:desk@example.com", page, location), "mailto:desk@example.com");
    assert.equal(resolveContentUrl("//cdn.example.org/x.png", page, location), "//cdn.example.org/x.png");
  });
});
