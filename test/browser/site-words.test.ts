// What the site's scripts write (the copy button's word, the search page's status) is in the site's
// language where the `words` setting gives it, and what it does not give stays English, marked so, under
// the strict Content-Security-Policy the site is served with.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Locator, Page } from "playwright-core";
import { chromiumMissing, launchBrowser, launchChromium, serveFixture, type Chromium } from "../helpers/chromium.ts";
import type { StaticServer } from "../../src/static-server.ts";
import { article, makeFixtureSite, type FixtureSite } from "../helpers/site.ts";

const skip = chromiumMissing();

/** The element's text and, for each child element, its language and direction: how a screen reader is told to read it. */
function spoken(element: Locator): Promise<{ text: string; marked: Array<[string, string, string]> }> {
  return element.evaluate((node) => ({
    text: node.textContent ?? "",
    marked: [...node.querySelectorAll("*")].map((child) => [child.textContent ?? "", child.getAttribute("lang") ?? "", child.getAttribute("dir") ?? ""] as [string, string, string]),
  }));
}

/** A text and the language and direction a screen reader is told to read it in (its element's nearest lang and dir). */
type Reading = [text: string, lang: string, dir: string];

/**
 * A time's text and its title, as read. The text must be one part (one text, or one marked element):
 * a time read in pieces is not what the script writes. A title isolated by Unicode's marks (U+2066 or
 * U+2067 … U+2069) runs in their direction. No inner named functions: the page runs this as written.
 */
function readTime(time: Element): { phrase: Reading; title: Reading } {
  const parts = [...time.childNodes].map((node) => [node.textContent ?? "", node instanceof Element ? node : time] as const);
  const [text, element] = parts.length === 1 ? parts[0]! : [`(${parts.length} parts)`, time];
  const title = time.getAttribute("title") ?? "";
  const isolated = ({ "\u2066": "ltr", "\u2067": "rtl" } as Record<string, string>)[title[0] ?? ""];
  return {
    phrase: [text, element.closest("[lang]")?.getAttribute("lang") ?? "", element.closest("[dir]")?.getAttribute("dir") ?? ""],
    title: [
      isolated && title.endsWith("\u2069") ? title.slice(1, -1) : title,
      time.closest("[lang]")?.getAttribute("lang") ?? "",
      isolated ?? time.closest("[dir]")?.getAttribute("dir") ?? "",
    ],
  };
}

describe("the scripts' words on a French site", { skip }, () => {
  let site: FixtureSite;
  let server: StaticServer;
  let browser: Chromium;
  before(async () => {
    site = await makeFixtureSite(
      {
        "port.md": article({ headline: "Le port rouvre", date: "2026-01-05T10:00:00+01:00", slug: "port" }, "Le port a rouvert lundi."),
        "quai.md": article({ headline: "Un nouveau quai", date: "2026-01-06T10:00:00+01:00", slug: "quai", section: "business" }, "Le port aura un nouveau quai."),
      },
      { language: "fr", words: { copied: "Copié !", searching: "Recherche…", searchFoundOne: "1 article trouvé pour « {query} » {inSection}.", searchFoundMany: "{count} articles trouvés pour « {query} » {inSection}." } },
    );
    server = await serveFixture(site, ["--now", "2026-01-10T00:00:00Z"]);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await site?.remove();
  });

  async function copy(page: Page): Promise<Locator> {
    await page.goto(server.origin + "/world/port/");
    const button = page.locator("button.copy-short-url");
    await button.click();
    return button;
  }

  test("the copy button says it copied in French, and, refused, asks in English marked as English", async () => {
    await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.origin });
    const page = await browser.context.newPage();
    const copied = await copy(page);
    await page.waitForFunction(() => document.querySelector("button.copy-short-url")?.textContent !== "Copy");
    assert.deepEqual(await spoken(copied), { text: "Copié !", marked: [] });
    // The browser refuses the clipboard: the reader is asked to copy the selected link.
    await page.addInitScript(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException("refused", "NotAllowedError"));
    });
    const refused = await copy(page);
    await page.locator("button.copy-short-url span[lang]").waitFor();
    assert.deepEqual(await spoken(refused), { text: "Press Ctrl+C to copy", marked: [["Press Ctrl+C to copy", "en", "ltr"]] });
    await page.close();
  });

  test("the search page's status is in French where the words are given, English marked as English where not", async () => {
    const page = await browser.context.newPage();
    const status = page.locator("[data-search-status]");
    const shown: Array<Awaited<ReturnType<typeof spoken>>> = [];
    const search = async (query: string) => {
      await page.goto(`${server.origin}/search/?${query}`);
      await page.locator(".search-results li, [data-search-status] [lang]").first().waitFor();
      await page.waitForFunction(() => !/…/.test(document.querySelector("[data-search-status]")?.textContent ?? "…"));
      shown.push(await spoken(status));
    };
    await search("q=port");
    await search("q=port&section=Business");
    await search("q=zzzz");
    assert.deepEqual(shown, [
      { text: "2 articles trouvés pour « port ».", marked: [] },
      // The section's clause was not given: English inside the French sentence, marked.
      { text: "1 article trouvé pour « port » in Business.", marked: [["in Business", "en", "ltr"]] },
      { text: "No stories found for “zzzz”.", marked: [["No stories found for “zzzz”.", "en", "ltr"]] },
    ]);
    await page.close();
  });
});

describe("what the scripts write about times and counts, in the page's language", { skip }, () => {
  let french: FixtureSite;
  let unknown: FixtureSite;
  let polish: FixtureSite;
  let urdu: FixtureSite;
  let unknownCounts: FixtureSite;
  const servers: StaticServer[] = [];
  let browser: Chromium;
  // Published 2026-01-09 21:00 UTC; the reader's clock is set 3 h 5 min later.
  const story = article({ headline: "Le port rouvre", date: "2026-01-09T21:00:00Z", slug: "port" }, "Le port a rouvert lundi.");
  const READ_AT = new Date("2026-01-10T00:05:00Z");
  before(async () => {
    french = await makeFixtureSite({ "port.md": story }, { language: "fr" });
    // A language no browser knows (qaa is kept for local use): the phrase is English, and says so.
    unknown = await makeFixtureSite({ "port.md": story }, { language: "qaa" });
    polish = await makeFixtureSite(
      Object.fromEntries([1, 2, 3, 4, 5].map((n) => [`port-${n}.md`, article({ headline: `Port ${n}`, date: `2026-01-0${n}T10:00:00Z`, slug: `port-${n}` }, "Port.")])),
      { language: "pl", words: { searchFoundMany: { few: "Znaleziono {count} artykuły dla „{query}”.", many: "Znaleziono {count} artykułów dla „{query}”.", other: "Znaleziono artykułów: {count}." } } },
    );
    // An English story on an Urdu site: its date is written in Urdu, marked so.
    urdu = await makeFixtureSite({ "port.md": article({ headline: "Harbour reopens", date: "2026-01-09T21:00:00Z", slug: "port", lang: "en" }, "The harbour reopened.") }, { language: "ur" });
    // Words given in a language Node cannot write numbers in: the build writes its counts in English.
    unknownCounts = await makeFixtureSite(
      Object.fromEntries([1, 2].map((n) => [`port-${n}.md`, article({ headline: `Port ${n}`, date: `2026-01-0${n}T10:00:00Z`, slug: `port-${n}` }, "Port.")])),
      { language: "qaa", words: { searchFoundMany: "qaa {count} {query}" } },
    );
    for (const site of [french, unknown, polish, urdu, unknownCounts]) servers.push(await serveFixture(site, ["--now", "2026-01-10T00:00:00Z"]));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    for (const server of servers) await server.close();
    for (const site of [french, unknown, polish, urdu, unknownCounts]) await site?.remove();
  });

  /** A page's first time once its script has run: its text, and its tooltip (the date as written), each with the language and direction it is read in. */
  async function timeRead(page: Page): Promise<{ phrase: Reading; title: Reading }> {
    await page.waitForFunction(() => document.querySelector(".times time")?.hasAttribute("title"));
    return page.locator(".times time").first().evaluate(readTime);
  }

  async function timeOn(origin: string): Promise<{ phrase: Reading; title: Reading }> {
    const page = await browser.context.newPage();
    await page.clock.install({ time: READ_AT });
    await page.goto(origin + "/world/port/");
    const read = await timeRead(page);
    await page.close();
    return read;
  }

  test("a recent time on a French page reads as how long ago in French, its tooltip the date in French", async () => {
    const read = await timeOn(servers[0]!.origin);
    assert.deepEqual(read.phrase, ["il y a 3 heures", "fr", "ltr"]);
    assert.deepEqual(read.title.slice(1), ["fr", "ltr"]);
  });

  test("on a page in a language the browser cannot phrase it in, it is English, marked as English", async () => {
    const read = await timeOn(servers[1]!.origin);
    // Node cannot write qaa's dates either: the build wrote the date in (British) English, and marked it so.
    assert.deepEqual(read, { phrase: ["3 hours ago", "en-GB", "ltr"], title: ["10 January 2026 02:00 PKT", "en-GB", "ltr"] });
  });

  test("a date in the site's language in a story in another is marked so, as a tooltip too, and again once it is too old to say how long ago", async () => {
    const page = await browser.context.newPage();
    await page.clock.install({ time: READ_AT });
    await page.goto(servers[3]!.origin + "/world/port/");
    const read = await timeRead(page);
    // How long ago is in the story's English; the tooltip, the date as the build wrote it, in the site's Urdu.
    assert.deepEqual(read.phrase, ["3 hours ago", "en", "ltr"]);
    assert.match(read.title[0], /جنوری/);
    assert.deepEqual(read.title.slice(1), ["ur", "rtl"]);
    await page.clock.fastForward(8 * 24 * 3600 * 1000);
    await page.waitForFunction(() => !/ago/.test(document.querySelector(".times time")?.textContent ?? "ago"));
    assert.deepEqual((await page.locator(".times time").first().evaluate(readTime)).phrase, read.title);
    await page.close();
  });

  test("the search status takes the plural form the count needs in Polish", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${servers[2]!.origin}/search/?q=port`);
    await page.locator(".search-results li").first().waitFor();
    await page.waitForFunction(() => /Znaleziono/.test(document.querySelector("[data-search-status]")?.textContent ?? ""));
    assert.deepEqual(await spoken(page.locator("[data-search-status]")), { text: "Znaleziono 5 artykułów dla „port”.", marked: [] });
    await page.close();
  });

  test("the search status writes its count as the build writes numbers, not in the reader's own language, where the site's is one the build cannot write numbers in", async () => {
    // A reader whose browser writes numbers in Arabic-Indic digits, which it would take for qaa.
    const reader = await launchBrowser();
    try {
      const page = await (await reader.newContext({ locale: "ar-EG" })).newPage();
      assert.equal(await page.evaluate(() => new Intl.NumberFormat("qaa").format(2)), "٢");
      await page.goto(`${servers[4]!.origin}/search/?q=port`);
      await page.locator(".search-results li").first().waitFor();
      await page.waitForFunction(() => /qaa/.test(document.querySelector("[data-search-status]")?.textContent ?? ""));
      assert.deepEqual(await spoken(page.locator("[data-search-status]")), { text: "qaa 2 port", marked: [] });
    } finally {
      await reader.close();
    }
  });
});
