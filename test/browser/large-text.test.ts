// A reader who sets the browser's text twice as large (WCAG 1.4.4), on a 320px phone or a 1280px desktop, or
// who reads on a 320px screen (1.4.10, reflow): every page must still fit the window, so no line has to be
// scrolled sideways, with no text cut off or drawn over other text, every control reached by Tab and seen
// when it is, and what is hidden until focused stays hidden.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { browseFixture, browseSampleSite, chromiumMissing } from "../helpers/chromium.ts";
import { controlsOutOfReach, doubleTheText, sidewaysOverflow, textOutOfPlace, textSizes } from "../helpers/reflow.ts";
import { article } from "../helpers/site.ts";
import { BUILT_AT } from "../helpers/sample-pages.ts";

const skip = chromiumMissing();

/** The pages a reader can land on, one of each kind. */
const PAGES = ["/", "/world/harbour/", "/world/", "/tags/harbour/", "/archive/2026/01/", "/search/", "/no-such-page/"];

describe("text at 200% on a 320px phone", { skip }, () => {
  const fixture = browseFixture({
    "harbour.md": article({ headline: "Harbour reopens after dredging", slug: "harbour", tags: "[Harbour]", date: "2026-01-05T10:00:00+05:00" }, "The boats came back."),
  });

  test("no page sticks out sideways", async () => {
    const page = await fixture.browser.context.newPage();
    await page.setViewportSize({ width: 320, height: 640 });
    await doubleTheText(page);
    const wide: string[] = [];
    for (const url of PAGES) {
      await page.goto(fixture.server.origin + url);
      assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize), "32px", "the text is doubled");
      const overflow = await sidewaysOverflow(page);
      if (overflow > 0) wide.push(`${url}: ${overflow}px too wide`);
    }
    await page.close();
    assert.deepEqual(wide, []);
  });

  test("the skip link stays out of sight until it is focused, however many lines it takes", async () => {
    const page = await fixture.browser.context.newPage();
    await page.setViewportSize({ width: 320, height: 640 });
    await doubleTheText(page);
    await page.goto(fixture.server.origin + "/world/harbour/");
    const link = page.locator(".skip-link");
    const box = () => link.evaluate((element) => element.getBoundingClientRect().toJSON() as DOMRect);
    assert.ok((await box()).height > 100, "the link wraps onto more than one line");
    assert.ok((await box()).bottom <= 0, `unfocused, it ends above the page, at ${(await box()).bottom}px`);
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.className), "skip-link");
    assert.ok((await box()).top >= 0, "focused, it is on screen");
    await page.close();
  });

  // The menu scrolls sideways, and shows what is between Search and the screen's edge: with large text a
  // little over 100px, less than most section names (the sample's "Pakistan" included), which were cut
  // off at whatever point the menu was scrolled to, their focus rings with them.
  test("each section's name in the menu can be seen whole, with its focus ring", async () => {
    const page = await fixture.browser.context.newPage();
    await page.setViewportSize({ width: 320, height: 640 });
    await doubleTheText(page);
    await page.goto(fixture.server.origin + "/world/harbour/");
    const count = await page.locator(".sections a").count();
    const cut: string[] = [];
    for (let presses = 0; presses < count + 2; presses++) {
      await page.keyboard.press("Tab");
      const seen = await page.evaluate(() => {
        const link = document.activeElement;
        const menu = link?.closest(".sections ul");
        if (!(link instanceof HTMLElement) || !menu) return undefined;
        const style = getComputedStyle(link);
        const reach = parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
        const box = link.getBoundingClientRect();
        const frame = menu.getBoundingClientRect();
        // What a scrolling box shows is its padding box.
        const shown = { left: frame.left + menu.clientLeft, right: frame.left + menu.clientLeft + menu.clientWidth };
        return { name: link.textContent ?? "", over: Math.max(shown.left - (box.left - reach), box.right + reach - shown.right) };
      });
      if (seen && seen.over > 0.5) cut.push(`${seen.name}: ${seen.over.toFixed(1)}px cut off`);
    }
    await page.close();
    assert.deepEqual(cut, []);
  });
});

/** Each kind of page of the sample site, the story in Urdu and search with its results among them. */
const SAMPLE_PAGES = {
  front: "/",
  story: "/pakistan/washington-shared-interest-pakistan/",
  "story in Urdu": "/lifestyle/example-bay-book-fair/",
  section: "/pakistan/",
  tag: "/tags/example-bay/",
  author: "/authors/placeholder-newsroom/",
  "archive month": "/archive/2026/11/",
  archive: "/archive/",
  tags: "/tags/",
  authors: "/authors/",
  "search, with results": "/search/?q=Example+Bay",
  "not found": "/no-such-page/",
};

/** The reader's window and text: WCAG 1.4.4's 200% at a desktop's size and on a phone, and 1.4.10's 320px. */
const READERS = [
  { name: "1280×800, text at 200%", width: 1280, height: 800, doubled: true },
  { name: "320×640, text at 200%", width: 320, height: 640, doubled: true },
  { name: "320×640", width: 320, height: 640, doubled: false },
];

describe("every kind of the sample site's pages, with the text enlarged or on a 320px screen", { skip }, () => {
  const sample = browseSampleSite(BUILT_AT);

  for (const reader of READERS) {
    test(`${reader.name}: nothing to scroll sideways, no text cut off or over other text, every control reached by Tab and seen`, async () => {
      const page = await sample.browser.context.newPage();
      await page.clock.setFixedTime(new Date(BUILT_AT));
      await page.setViewportSize({ width: reader.width, height: reader.height });
      if (reader.doubled) await doubleTheText(page);
      const problems: string[] = [];
      try {
        for (const [kind, url] of Object.entries(SAMPLE_PAGES)) {
          await page.goto(sample.site.server.origin + url);
          if (url.includes("?q=")) await page.locator("[data-search-status]", { hasText: "found" }).waitFor();
          await page.evaluate(() => document.fonts.ready);
          assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize), reader.doubled ? "32px" : "16px");
          const overflow = await sidewaysOverflow(page);
          if (overflow > 0) problems.push(`${kind}: ${overflow}px wider than the window`);
          for (const problem of [...(await textOutOfPlace(page)), ...(await controlsOutOfReach(page))]) problems.push(`${kind}: ${problem}`);
        }
      } finally {
        await page.close();
      }
      assert.deepEqual(problems, []);
    });
  }

  // The setting makes the default size twice as large; text sized partly by the window's width (a headline
  // that is smaller on a phone) grew only as much as its rem part, the story's headline to 160% at 1280px,
  // and text whose size steps at a width in rem took the narrower window's (the story's, 189% from 640px to
  // 1279px). A phone, and the widths where the usual size's layout steps: the story text's (640px), the masthead's (1024px).
  test("text at 200% in a window 360 to 1280px wide: every piece of text is twice its size at 100% in the same window", async () => {
    const [usual, doubled] = [await sample.browser.context.newPage(), await sample.browser.context.newPage()];
    await doubleTheText(doubled);
    for (const page of [usual, doubled]) await page.clock.setFixedTime(new Date(BUILT_AT));
    const sizesAt = async (page: Page, url: string) => {
      await page.goto(sample.site.server.origin + url);
      if (url.includes("?q=")) await page.locator("[data-search-status]", { hasText: "found" }).waitFor();
      return textSizes(page);
    };
    const short: string[] = [];
    try {
      for (const width of [360, 640, 1024, 1280]) {
        for (const page of [usual, doubled]) await page.setViewportSize({ width, height: 800 });
        for (const [kind, url] of Object.entries(SAMPLE_PAGES)) {
          const [before, after] = await Promise.all([sizesAt(usual, url), sizesAt(doubled, url)]);
          assert.deepEqual(after.map((text) => text.words), before.map((text) => text.words), `${width}px, ${kind}: the same text at either size`);
          before.forEach((text, index) => {
            const ratio = after[index]!.px / text.px;
            if (ratio < 1.995) short.push(`${width}px, ${kind}: ${text.words} ${text.px}px -> ${after[index]!.px}px (${Math.round(ratio * 100)}%)`);
          });
        }
      }
    } finally {
      await Promise.all([usual.close(), doubled.close()]);
    }
    assert.deepEqual([...new Set(short)], []);
  });
});
