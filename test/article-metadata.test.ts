import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Article } from "../src/article.ts";
import { parseHTML } from "linkedom";
import { articleMetadata, jsonForScript, openGraphLocale } from "../src/article-metadata.ts";
import type { ImageFacts } from "../src/image-facts.ts";
import { makeArticle, testSettings } from "./helpers/articles.ts";
import { article as articleFile, buildFixture, makeFixtureSite, readPage } from "./helpers/site.ts";
import { parseXml, textIn } from "./helpers/xml.ts";
import { readFile } from "node:fs/promises";
import path from "node:path";

const settings = testSettings();
const images = new Map<string, ImageFacts>([
  ["/images/lead.jpg", { type: "image/jpeg", width: 1200, height: 675, bytes: 1000 }],
  ["/images/logo.svg", { type: "image/svg+xml", width: 600, height: 60, bytes: 300 }],
]);

describe("articleMetadata", () => {
  const article = makeArticle(
    {
      slug: "harbour",
      published: "2026-01-05T05:00:00Z",
      updated: "2026-01-05T07:30:00Z",
      section: "business",
      tags: ["Shipping", "Example Bay"],
      authors: ["Jane Doe"],
      headline: "Harbour reopens",
      bullets: ["Ships return", "Dredging done"],
      image: { url: "/images/lead.jpg", alt: "The harbour at dawn", caption: "Dawn", credit: "Desk" },
    },
    settings,
  );
  const metadata = articleMetadata(article, settings, images);
  const values = (key: string) => metadata.meta.filter((tag) => tag.key === key).map((tag) => tag.content);

  test("canonical URL, Open Graph with the image's size, article:* tags, Twitter card", () => {
    assert.equal(metadata.canonical, "https://news.example.com/business/harbour/");
    assert.deepEqual(values("og:type"), ["article"]);
    assert.deepEqual(values("og:title"), ["Harbour reopens"]);
    assert.deepEqual(values("og:locale"), [openGraphLocale(article.lang)]);
    assert.deepEqual(values("og:description"), ["Ships return. Dredging done."]);
    assert.deepEqual(values("og:image"), ["https://news.example.com/images/lead.jpg"]);
    assert.deepEqual(values("og:image:width"), ["1200"]);
    assert.deepEqual(values("og:image:height"), ["675"]);
    assert.deepEqual(values("article:published_time"), ["2026-01-05T10:00:00+05:00"]);
    assert.deepEqual(values("article:modified_time"), ["2026-01-05T12:30:00+05:00"]);
    assert.deepEqual(values("article:section"), ["Business"]);
    assert.deepEqual(values("article:tag"), ["Shipping", "Example Bay"]);
    assert.deepEqual(values("twitter:card"), ["summary_large_image"]);
    assert.ok(metadata.meta.filter((tag) => tag.key.startsWith("twitter:")).every((tag) => tag.attribute === "name"));
    assert.ok(metadata.meta.filter((tag) => /^(og|article):/.test(tag.key)).every((tag) => tag.attribute === "property"));
  });

  test("og:locale is the story's own language, which may not be the site's", () => {
    const urdu = makeArticle({ slug: "kitab-mela", published: "2026-01-05T05:00:00Z", headline: "کتاب میلہ", lang: "ur" }, settings);
    const locales = articleMetadata(urdu, settings, images).meta.filter((tag) => tag.key === "og:locale").map((tag) => tag.content);
    assert.deepEqual(locales, ["ur_PK"]);
  });

  test("NewsArticle JSON-LD with every field search engines read", () => {
    const data = JSON.parse(metadata.jsonLd) as Record<string, unknown>;
    assert.equal(data["@type"], "NewsArticle");
    assert.equal(data.headline, "Harbour reopens");
    assert.equal(data.description, "Ships return. Dredging done.");
    assert.equal(data.datePublished, "2026-01-05T10:00:00+05:00");
    assert.equal(data.dateModified, "2026-01-05T12:30:00+05:00");
    assert.deepEqual(data.author, [{ "@type": "Person", name: "Jane Doe", url: "https://news.example.com/authors/jane-doe/" }]);
    assert.deepEqual(data.publisher, {
      "@type": "NewsMediaOrganization",
      name: "Example Bay News",
      url: "https://news.example.com/",
      logo: { "@type": "ImageObject", url: "https://news.example.com/images/logo.svg", width: 600, height: 60 },
    });
    assert.deepEqual(data.image, [{ "@type": "ImageObject", url: "https://news.example.com/images/lead.jpg", width: 1200, height: 675, caption: "Dawn", creditText: "Desk" }]);
    assert.deepEqual(data.mainEntityOfPage, { "@type": "WebPage", "@id": "https://news.example.com/business/harbour/" });
    assert.equal(data.articleSection, "Business");
    assert.deepEqual(data.keywords, ["Shipping", "Example Bay"]);
    assert.equal(data.inLanguage, "en");
  });

  test("without an image: a summary card, no og:image, and the newsroom as author when none is named", () => {
    const plain = articleMetadata(makeArticle({ slug: "plain", published: "2026-01-05T05:00:00Z" }, settings), settings, images);
    assert.deepEqual(plain.meta.filter((tag) => tag.key === "twitter:card").map((tag) => tag.content), ["summary"]);
    assert.ok(!plain.meta.some((tag) => tag.key.startsWith("og:image")));
    const data = JSON.parse(plain.jsonLd) as { author: unknown; image?: unknown; description: string };
    assert.deepEqual(data.author, [{ "@type": "Organization", name: "Example Bay News", url: "https://news.example.com/" }]);
    assert.equal(data.image, undefined);
    assert.equal(data.description, "Headline of plain");
    const withoutLogo = JSON.parse(articleMetadata(makeArticle({ slug: "plain", published: "2026-01-05T05:00:00Z" }, settings), settings, new Map()).jsonLd) as { publisher: Record<string, unknown> };
    assert.equal(withoutLogo.publisher.logo, undefined, "no logo file, no logo URL");
  });

  test("cards use the 1200px JPEG the image pipeline made, when there is one", () => {
    const withCard: Article = { ...article, image: { ...article.image!, social: { url: "/img/abc-1200.jpeg", width: 1200, height: 675, bytes: 98_304 } } };
    const card = articleMetadata(withCard, settings, images);
    const value = (key: string) => card.meta.find((tag) => tag.key === key)?.content;
    assert.equal(value("og:image"), "https://news.example.com/img/abc-1200.jpeg");
    assert.equal(value("og:image:type"), "image/jpeg");
    assert.equal(value("og:image:width"), "1200");
    assert.equal(value("twitter:image"), "https://news.example.com/img/abc-1200.jpeg");
    const data = JSON.parse(card.jsonLd) as { image: Array<{ url: string; width: number }> };
    assert.equal(data.image[0]?.url, "https://news.example.com/img/abc-1200.jpeg");
    assert.equal(data.image[0]?.width, 1200);
  });

  test("a lead image smaller than X's large card takes (300 × 157) gets the summary card, still with its image", () => {
    const cardOf = (width: number, height: number) => {
      const small: Article = { ...article, image: { ...article.image!, social: { url: `/img/small-${width}.jpeg`, width, height, bytes: 2_048 } } };
      const tags = articleMetadata(small, settings, images).meta;
      return { card: tags.find((tag) => tag.key === "twitter:card")?.content, image: tags.find((tag) => tag.key === "twitter:image")?.content };
    };
    assert.deepEqual(cardOf(160, 90), { card: "summary", image: "https://news.example.com/img/small-160.jpeg" });
    assert.equal(cardOf(299, 200).card, "summary");
    assert.equal(cardOf(400, 156).card, "summary");
    assert.equal(cardOf(300, 157).card, "summary_large_image");
  });
});

describe("jsonForScript", () => {
  const hostile = "</script><script>alert(1)</script> <!-- & \u2028";

  test("no string can close the script element, and JSON.parse reads it back unchanged", () => {
    const json = jsonForScript({ headline: hostile });
    assert.ok(!/[<>&\u2028]/.test(json), json);
    assert.deepEqual(JSON.parse(json), { headline: hostile });
  });

  test("writes each of <, >, & and the two separators as its \\u escape, the rest as JSON.stringify does", () => {
    assert.equal(jsonForScript({ a: "x<y>z&\u2028\u2029\"é" }), '{"a":"x\\u003cy\\u003ez\\u0026\\u2028\\u2029\\"é"}');
  });

  test("placed in a page, it stays one JSON-LD block and adds no script", () => {
    const { document } = parseHTML(`<!doctype html><html><head><script type="application/ld+json">${jsonForScript({ headline: hostile })}</script></head><body></body></html>`);
    const scripts = document.querySelectorAll("script");
    assert.equal(scripts.length, 1);
    assert.equal((JSON.parse(scripts[0]!.textContent ?? "") as { headline: string }).headline, hostile);
  });
});

test("a Japanese story's bullets run together as Japanese sentences do, in its page's description, cards and feed: each ended with 。, no space between", async () => {
  const site = await makeFixtureSite(
    { "plan.md": articleFile({ headline: "再開発計画を決定", bullets: "\n  - 都は計画を正式に決定した\n  - 住民の懸念は？\n  - 着工は２０２８年度", lang: "ja" }, "本文。") },
    { language: "ja", timeZone: "Asia/Tokyo" },
  );
  try {
    const result = await buildFixture(site, ["--now", "2026-01-06T00:00:00Z"]);
    assert.equal(result.code, 0, result.stderr);
    const expected = "都は計画を正式に決定した。住民の懸念は？着工は２０２８年度。";
    const page = await readPage(site.outputDir, "/world/plan/");
    assert.equal(page.querySelector('meta[name="description"]')?.getAttribute("content"), expected);
    assert.equal(page.querySelector('meta[property="og:description"]')?.getAttribute("content"), expected);
    assert.equal((JSON.parse(page.querySelector('script[type="application/ld+json"]')?.textContent ?? "{}") as { description: string }).description, expected);
    const atom = parseXml(await readFile(path.join(site.outputDir, "feed.xml"), "utf8")) as { feed: { entry: Array<{ summary: unknown }> } };
    assert.equal(textIn(atom.feed.entry[0]!.summary), expected);
  } finally {
    await site.remove();
  }
});

describe("openGraphLocale", () => {
  test("a language with a region is written language_TERRITORY", () => {
    assert.equal(openGraphLocale("en-GB"), "en_GB");
    assert.equal(openGraphLocale("zh-Hant-TW"), "zh_TW");
  });
  test("a bare language takes the region it most likely means", () => {
    assert.equal(openGraphLocale("en"), "en_US");
    assert.equal(openGraphLocale("ur"), "ur_PK");
  });
  test("a language with no likely region stays bare", () => {
    assert.equal(openGraphLocale("tlh"), "tlh");
  });
});
