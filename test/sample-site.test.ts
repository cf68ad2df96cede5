import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { PROJECT_ROOT, readPage, textOf, useSampleSite } from "./helpers/site.ts";
import { parseXml, type XmlNode } from "./helpers/xml.ts";

const WASHINGTON = "/pakistan/washington-shared-interest-pakistan/";
const AMNESTY = "/pakistan/pakistan-rejects-amnesty-spyware-claims/";
const URDU = "/lifestyle/example-bay-book-fair/";

/** The source page's paragraphs for one article: everything after its bullets, dateline removed. */
async function sourceParagraphs(headline: string, nextHeadline?: string): Promise<string[]> {
  const source = await readFile(path.join(PROJECT_ROOT, "../shared/samples/source-page.txt"), "utf8");
  const start = source.indexOf(headline);
  const end = nextHeadline ? source.indexOf(nextHeadline) : source.length;
  const section = source.slice(start, end);
  const afterBullets = section.slice(section.lastIndexOf("•"));
  return afterBullets
    .split("\n")
    .slice(1)
    .map((line) => line.trim().replace(/^ISLAMABAD: /, ""))
    .filter((line) => line !== "");
}

describe("the sample site", () => {
  const sample = useSampleSite();

  test("the Washington article shows every field where it belongs", async () => {
    const page = await readPage(sample.outputDir, WASHINGTON);
    assert.equal(page.querySelectorAll("h1").length, 1);
    assert.equal(textOf(page.querySelector("h1")), "Washington says has ‘shared interest’ with Pakistan in combating regional threats");
    assert.deepEqual(
      [...page.querySelectorAll(".story__header .summary li")].map(textOf),
      [
        "State Department official responds to Pakistan’s threat of conducting cross-border attacks in Afghanistan",
        "Says Washington engages Pakistani government regularly to build capacity, strengthen regional security",
      ],
    );
    const figure = page.querySelector("figure.lead-image");
    assert.equal(textOf(figure?.querySelector(".credit")), "(US Department of State)");
    assert.match(textOf(figure?.querySelector("figcaption")), /^US State Department Spokesperson Matthew Miller is adressing a press briefing in Washington, US on July 8, 2024\. \(US Department of State\)$/);
    assert.match(figure?.querySelector("img")?.getAttribute("alt") ?? "", /Placeholder/);

    const firstParagraph = page.querySelector(".story__body p");
    assert.equal(textOf(firstParagraph?.querySelector(".dateline")), "ISLAMABAD:");
    assert.match(textOf(firstParagraph), /^ISLAMABAD: Washington has a “shared interest” with Islamabad/);
    const crossHead = page.querySelector(".story__body h2");
    assert.equal(textOf(crossHead), "MAY 9 PROTESTS");
    assert.equal(crossHead?.id, "may-9-protests");

    const published = page.querySelector(".times .published time");
    assert.equal(published?.getAttribute("datetime"), "2024-07-08T18:30:00+05:00");
    assert.equal(textOf(published), "08 July 2024 18:30 PKT");
    const updated = page.querySelector(".times .updated time");
    assert.equal(updated?.getAttribute("datetime"), "2024-07-09T09:05:00+05:00");
    assert.equal(textOf(updated), "09 July 2024 09:05 PKT");

    assert.equal(textOf(page.querySelector(".short-url a")), "https://news.example.com/s/4wq7m");
    assert.equal(page.querySelector("button.copy-short-url")?.getAttribute("data-copy"), "https://news.example.com/s/4wq7m");
    assert.equal(page.querySelector(".follow")?.getAttribute("href"), "/pakistan/rss.xml");
    assert.equal(page.querySelector(".kicker a")?.getAttribute("href"), "/pakistan/");
    assert.deepEqual([...page.querySelectorAll("a[rel=tag]")].map(textOf), ["US", "Afghanistan", "TTP", "PTI"]);
    assert.deepEqual([...page.querySelectorAll("a[rel=author]")].map((link) => link.getAttribute("href")), ["/authors/arab-news/"]);
  });

  test("both sample articles carry the source's words exactly", async () => {
    const washingtonHeadline = "Washington says has ‘shared interest’ with Pakistan in combating regional threats";
    const amnestyHeadline = "Pakistan rejects Amnesty claims of Israeli spyware use, calls reports ‘disinformation’";
    for (const [url, paragraphs] of [
      [WASHINGTON, await sourceParagraphs(washingtonHeadline, amnestyHeadline)],
      [AMNESTY, await sourceParagraphs(amnestyHeadline)],
    ] as const) {
      const page = await readPage(sample.outputDir, url);
      const body = [...page.querySelectorAll(".story__body > *")].map(textOf).map((text) => text.replace(/^ISLAMABAD: /, ""));
      assert.deepEqual(body, paragraphs, url);
    }
  });

  test("the Amnesty article has its date in Pakistan time and a derived short code", async () => {
    const page = await readPage(sample.outputDir, AMNESTY);
    assert.equal(page.querySelector(".times .published time")?.getAttribute("datetime"), "2025-12-05T18:00:00+05:00");
    assert.equal(page.querySelector(".times .updated"), null);
    assert.match(textOf(page.querySelector(".short-url a")), /^https:\/\/news\.example\.com\/s\/[23456789abcdefghjkmnpqrstuvwxyz]{6}$/);
    assert.equal(textOf(page.querySelector(".dateline")), "ISLAMABAD:");
  });

  test("the front page lists the newest story first, larger and with its bullets", async () => {
    const page = await readPage(sample.outputDir, "/");
    const headlines = [...page.querySelectorAll(".story-card__headline a")].map((link) => link.getAttribute("href"));
    assert.equal(headlines[0], "/world/example-bay-twin-town-agreement/");
    assert.deepEqual(headlines.slice(-2), [AMNESTY, WASHINGTON]);
    assert.equal(headlines.length, 8);
    const lead = page.querySelector(".story-card--lead");
    assert.equal(page.querySelectorAll(".story-card--lead").length, 1);
    assert.equal(lead?.querySelectorAll(".summary li").length, 1);
  });

  test("the Urdu article reads right to left", async () => {
    const page = await readPage(sample.outputDir, URDU);
    assert.equal(page.documentElement.getAttribute("lang"), "ur");
    assert.equal(page.documentElement.getAttribute("dir"), "rtl");
  });

  test("a story's description reads its bullets as sentences, each ended with its language's full stop, not one run-on sentence", async () => {
    const descriptions = async (url: string) => {
      const page = await readPage(sample.outputDir, url);
      const jsonLd = JSON.parse(page.querySelector('script[type="application/ld+json"]')?.textContent ?? "{}") as { description?: string };
      return [
        page.querySelector('meta[name="description"]')?.getAttribute("content"),
        page.querySelector('meta[property="og:description"]')?.getAttribute("content"),
        page.querySelector('meta[name="twitter:description"]')?.getAttribute("content"),
        jsonLd.description,
      ];
    };
    const washington =
      "State Department official responds to Pakistan’s threat of conducting cross-border attacks in Afghanistan. " +
      "Says Washington engages Pakistani government regularly to build capacity, strengthen regional security.";
    assert.deepEqual(await descriptions(WASHINGTON), Array(4).fill(washington));
    const urdu = "یہ ایک فرضی نمونہ خبر ہے جو دائیں سے بائیں صفحات دکھانے کے لیے لکھی گئی ہے۔";
    assert.deepEqual(await descriptions(URDU), Array(4).fill(urdu), "Urdu ends its sentence with its own full stop, U+06D4");
  });

  test("its sitemap, far below the limit, is one /sitemap.xml: the listing pages, then every story newest first", async () => {
    assert.deepEqual((await readdir(sample.outputDir)).filter((name) => name.startsWith("sitemap")), ["sitemap.xml"]);
    const sitemap = parseXml(await readFile(path.join(sample.outputDir, "sitemap.xml"), "utf8"));
    assert.equal(sitemap.sitemapindex, undefined);
    const locs = ((sitemap.urlset as XmlNode).url as XmlNode[]).map((url) => decodeURI(String(url.loc).replace("https://news.example.com", "")));
    const stories = [...(await readPage(sample.outputDir, "/")).querySelectorAll(".story-card__headline a")].map((link) => link.getAttribute("href")!);
    assert.equal(stories.length, 8);
    assert.deepEqual(locs.slice(0, 1), ["/"]);
    assert.deepEqual(locs.slice(-stories.length), stories, "the stories last, in the front page's order");
  });
});
