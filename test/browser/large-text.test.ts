// A reader who sets the browser's text twice as large (WCAG 1.4.4) on a 320px phone: every page must still
// fit the screen, so no line has to be scrolled sideways, and what is hidden until focused stays hidden.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { browseFixture, chromiumMissing } from "../helpers/chromium.ts";
import { article } from "../helpers/site.ts";

const skip = chromiumMissing();

/** The pages a reader can land on, one of each kind. */
const PAGES = ["/", "/world/harbour/", "/world/", "/tags/harbour/", "/archive/2026/01/", "/search/", "/no-such-page/"];

/** Text at 200%, as the browser's font-size setting gives it: the default size doubled, media queries in em with it. */
async function doubleTheText(page: Page): Promise<void> {
  const session = await page.context().newCDPSession(page);
  await session.send("Page.enable");
  await session.send("Page.setFontSizes", { fontSizes: { standard: 32, fixed: 26 } });
}

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
      const overflow = await page.evaluate(() => document.scrollingElement!.scrollWidth - innerWidth);
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
