// A keyboard reader's Tab must move through the masthead in the order its links are shown (WCAG 2.4.3):
// on a phone, Search stood above the section menu but was reached after the last section.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { browseFixture, chromiumMissing } from "../helpers/chromium.ts";
import { article } from "../helpers/site.ts";

const skip = chromiumMissing();

/** A phone, a tablet held upright, and a desktop, where the masthead is one line. */
const WIDTHS = [360, 800, 1280];

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

interface Stop {
  name: string;
  /** The link's class, or "sections" for a link of the section menu. */
  kind: string;
  box: Box;
  /** The box of the list the link scrolls in, if it scrolls: the reader sees the list as one thing, in its place among the rest. */
  scroller?: Box;
}

/**
 * The masthead's links in the order Tab reaches them, each with where it is shown. The boxes are read
 * before any key is pressed: the section menu scrolls as focus moves along it, and what is compared is
 * where each link is laid out, not where the menu has scrolled it to.
 */
async function focusStops(page: Page): Promise<Stop[]> {
  const shown = await page.locator(".masthead a").evaluateAll((links) => links.map((link) => {
    // No named inner functions: tsx names them with a helper the page does not have.
    const list = link.closest("ul");
    const scrolls = list !== null && list.scrollWidth > list.clientWidth;
    const [box, scroller] = [link, scrolls ? list : null].map((element) => {
      if (!element) return undefined;
      const { top, bottom, left, right } = element.getBoundingClientRect();
      return { top, bottom, left, right };
    });
    return { name: link.textContent ?? "", kind: link.closest(".sections") ? "sections" : link.className, box: box!, ...(scroller ? { scroller } : {}) };
  }));
  const stops: Stop[] = [];
  for (let presses = 0; presses < shown.length + 3; presses++) {
    await page.keyboard.press("Tab");
    const index = await page.evaluate(() => [...document.querySelectorAll(".masthead a")].indexOf(document.activeElement!));
    if (index >= 0) stops.push(shown[index]!);
    else if (stops.length > 0) break;
  }
  return stops;
}

/**
 * Where `next` is shown out of reading order after `previous`, in words, or undefined when it follows:
 * on a later line, or further along the same one. Two links of one scrolling list are compared by where
 * each lies in it; a link and anything outside its list, by where the list is.
 */
function outOfOrder(previous: Stop, next: Stop, direction: "ltr" | "rtl"): string | undefined {
  const together = previous.scroller !== undefined && next.scroller !== undefined;
  const [a, b] = together ? [previous.box, next.box] : [previous.scroller ?? previous.box, next.scroller ?? next.box];
  const sameLine = a.top < b.bottom && b.top < a.bottom;
  if (!sameLine) return b.top >= a.bottom - 1 ? undefined : `${next.name} is reached after ${previous.name} but shown above it`;
  const along = direction === "ltr" ? b.left >= a.right - 1 : b.right <= a.left + 1;
  return along ? undefined : `${next.name} is reached after ${previous.name} but shown before it on their line`;
}

for (const [language, direction] of [["en", "ltr"], ["ur", "rtl"]] as const) {
  describe(`the masthead's focus order on a site in ${language} (${direction})`, { skip }, () => {
    const fixture = browseFixture({ "story.md": article({ slug: "story" }) }, { language });

    for (const width of WIDTHS) {
      test(`at ${width}px, Tab reaches the masthead's links in the order they are shown`, async () => {
        const page = await fixture.browser.context.newPage();
        await page.setViewportSize({ width, height: 800 });
        await page.goto(fixture.server.origin + "/");
        assert.equal(await page.locator(".masthead").getAttribute("dir"), direction);
        const stops = await focusStops(page);
        await page.close();
        assert.deepEqual(stops.map((stop) => stop.kind).filter((kind) => kind !== "sections"), ["site-name", "search-link"], "Tab reaches the site's name and Search");
        assert.ok(stops.length >= 10, `the name, the eight sections and Search are each a stop (${stops.length})`);
        const wrong = stops.slice(1).map((stop, index) => outOfOrder(stops[index]!, stop, direction)).filter((problem) => problem !== undefined);
        assert.deepEqual(wrong, []);
        // The desktop's look: the name, every section and Search side by side on one line.
        if (width >= 1024) assert.ok(Math.max(...stops.map((stop) => stop.box.top)) < Math.min(...stops.map((stop) => stop.box.bottom)), "on a desktop the masthead is one line");
      });
    }
  });
}
