// A site with more sections than a line holds: its masthead must not move while the page arrives (a slow
// phone draws it as far as it has come), nor its words leave one baseline on a desktop, whatever the font.
// Search comes in after every section; it took its width from the menu, and a section went down a line.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { browseFixture, chromiumMissing } from "../helpers/chromium.ts";
import { shiftsWhileArriving } from "../helpers/paused-page.ts";
import { doubleTheText } from "../helpers/reflow.ts";
import { article } from "../helpers/site.ts";

const skip = chromiumMissing();

/** A phone, and desktops from where the masthead is one line (64rem) up: the menu breaks its lines at a different section at each. */
const VIEWPORTS = {
  phone: { width: 360, height: 740 },
  "desktop 1024": { width: 1024, height: 900 },
  "desktop 1152": { width: 1152, height: 900 },
  "desktop 1280": { width: 1280, height: 900 },
  "desktop 1440": { width: 1440, height: 900 },
};

/** Twelve sections, short and long, in English and in Urdu (written right to left). */
const SLUGS = ["world", "pakistan", "middle-east", "business", "sport", "opinion", "arts", "science", "health", "law", "food", "letters"];
const NAMES = {
  en: ["World", "Pakistan", "Middle East", "Business and the Economy", "Sport", "Opinion", "Arts", "Science, Technology and the Environment", "Health", "Law", "Food", "Letters to the Editor"],
  ur: ["دنیا", "پاکستان", "مشرق وسطیٰ", "کاروبار اور معیشت", "کھیل", "رائے", "فنون", "سائنس، ٹیکنالوجی اور ماحولیات", "صحت", "قانون", "کھانا", "مدیر کے نام خطوط"],
};

/** Fonts with other proportions above and below the baseline than the system's (DejaVu Sans here). */
const OTHER_FONTS = ["Liberation Mono", "DejaVu Math TeX Gyre", "Liberation Serif"];

/**
 * Where the first line of each of the masthead's parts has its baseline, in pixels from the top: read
 * from an empty inline box put at the start of its words, which sits on their baseline.
 */
function baselines(page: Page): Promise<{ name: number; menu: number; search?: number }> {
  return page.evaluate(() => {
    const [name, menu, search] = [".site-name", ".sections a", ".search-link"].map((selector) => {
      const element = document.querySelector(selector);
      if (!element) return undefined;
      const probe = document.createElement("span");
      probe.style.display = "inline-block";
      element.prepend(probe);
      const { bottom } = probe.getBoundingClientRect();
      probe.remove();
      return bottom;
    });
    return { name: name!, menu: menu!, ...(search === undefined ? {} : { search }) };
  });
}

/** Where, at 1280 px, the name's and Search's baselines are off the menu's, in the system font and the others. */
async function offBaseline(page: Page, origin: string): Promise<string[]> {
  await page.setViewportSize({ width: 1280, height: 900 });
  const apart: string[] = [];
  for (const font of ["the system's", ...OTHER_FONTS]) {
    if (font !== "the system's") await inFont(page, font);
    await page.goto(origin + "/");
    if (font !== "the system's") assert.match(await page.evaluate(() => getComputedStyle(document.querySelector(".site-name")!).fontFamily), new RegExp(font));
    const { name, menu, search } = await baselines(page);
    for (const [part, at] of [["name", name], ["Search", search]] as const) {
      if (at !== undefined && Math.abs(at - menu) > 0.05) apart.push(`${font}: the ${part}'s baseline is ${(at - menu).toFixed(2)} px from the sections'`);
    }
    await page.unrouteAll();
  }
  return apart;
}

/** The page with the site's stylesheet set in FONT instead of the system's. */
async function inFont(page: Page, font: string): Promise<void> {
  await page.route(/\/css\/site[^/]*\.css$/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: `${await response.text()}\n:root { font-family: "${font}"; }\n` });
  });
}

for (const [language, direction] of [["en", "ltr"], ["ur", "rtl"]] as const) {
  describe(`the masthead of a site in ${language} (${direction}) with twelve sections`, { skip }, () => {
    const sections = SLUGS.map((slug, index) => ({ slug, name: NAMES[language][index]! }));
    const fixture = browseFixture({ "story.md": article({ slug: "story" }) }, { language, sections });

    test("takes more than one line for its sections on a desktop, as the tests below need", async () => {
      const page = await fixture.browser.context.newPage();
      await page.setViewportSize(VIEWPORTS["desktop 1280"]);
      await page.goto(fixture.server.origin + "/");
      assert.equal(await page.locator(".masthead").getAttribute("dir"), direction);
      const tops = new Set(await page.locator(".sections a").evaluateAll((links) => links.map((link) => Math.round(link.getBoundingClientRect().top))));
      await page.close();
      assert.ok(tops.size > 1, `the sections take ${tops.size} line(s)`);
    });

    test("moves nothing wherever the page stops arriving for a moment, on a phone and on desktops", async () => {
      const shifted = await shiftsWhileArriving(fixture.browser.context, fixture.server.origin, "/", { viewports: VIEWPORTS, now: new Date("2026-11-30T12:00:00Z"), upTo: "</header>" });
      assert.deepEqual(shifted, []);
    });

    // A network cuts a page anywhere, a word too: the part of a section's name drawn is narrower than
    // the whole, and with the text at 200% a name is wider than the phone's menu shows.
    test("moves nothing when it stops arriving in the middle of a word, on a phone and on desktops, with the text at 200% and without", async () => {
      const options = { now: new Date("2026-11-30T12:00:00Z"), upTo: "</header>", midWord: true };
      // With the text at 200% a desktop under 2048px (64rem) has the phone's masthead.
      const doubled = { phone: VIEWPORTS.phone, "desktop 1280": VIEWPORTS["desktop 1280"] };
      const shifted = [
        ...(await shiftsWhileArriving(fixture.browser.context, fixture.server.origin, "/", { ...options, viewports: VIEWPORTS })),
        ...(await shiftsWhileArriving(fixture.browser.context, fixture.server.origin, "/", { ...options, viewports: doubled, prepare: doubleTheText })).map((shift) => `text at 200%, ${shift}`),
      ];
      assert.deepEqual(shifted, []);
    });

    test("on a desktop, the name, the sections and Search share a baseline in any font", async () => {
      const page = await fixture.browser.context.newPage();
      const apart = await offBaseline(page, fixture.server.origin);
      await page.close();
      assert.deepEqual(apart, []);
    });
  });
}

describe("the masthead of a site without Search", { skip }, () => {
  const fixture = browseFixture({ "story.md": article({ slug: "story" }) }, { search: false });

  test("on a desktop, the name and the sections share a baseline in any font", async () => {
    const page = await fixture.browser.context.newPage();
    const apart = await offBaseline(page, fixture.server.origin);
    assert.equal(await page.locator(".search-link").count(), 0);
    await page.close();
    assert.deepEqual(apart, []);
  });
});
