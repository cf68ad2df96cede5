// A wide table or block of code scrolls sideways in its box, and is a tab stop so that a keyboard can scroll
// it (src/markdown.ts); one that fits its box was a tab stop too, with no name, where a keyboard stopped for
// nothing. Which of them scroll depends on the screen: public/js/scroll-boxes.js decides in the browser.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { axeViolations } from "../helpers/axe.ts";
import { browseFixture, chromiumMissing } from "../helpers/chromium.ts";
import { article } from "../helpers/site.ts";

const skip = chromiumMissing();

const VIEWPORTS = {
  phone: { width: 360, height: 740 },
  desktop: { width: 1280, height: 800 },
} as const;

/** The story's boxes, in its order, each with the sizes it scrolls at. */
const BOXES = [
  { name: "narrow table", scrollsAt: [] as string[] },
  { name: "wide table", scrollsAt: ["phone", "desktop"] },
  { name: "short code", scrollsAt: [] as string[] },
  // 48 characters: wider than a phone's column, narrower than a desktop's (42rem) in any monospace font size.
  { name: "medium code", scrollsAt: ["phone"] },
  { name: "wide code", scrollsAt: ["phone", "desktop"] },
];

const WIDE_ROW = (cell: string) => `| ${Array.from({ length: 10 }, () => cell).join(" | ")} |`;
const BODY = [
  "The figures.",
  "| Year | Output |\n| --- | --- |\n| 2024 | 1.2 |",
  [WIDE_ROW("Quarterly output"), WIDE_ROW("---"), WIDE_ROW("1,234.5 tonnes")].join("\n"),
  "```\nnpm run build\n```",
  `\`\`\`\n${"harbour-".repeat(6)}\n\`\`\``,
  `\`\`\`\n${"ferry-timetable-".repeat(13)}\n\`\`\``,
].join("\n\n");

/** Which of the story's boxes Tab stops at, going once round the page from its start. */
async function tabStops(page: Page): Promise<string[]> {
  // From the skip link, the page's first stop: after blur() Chromium would go on from where the focus was.
  await page.focus(".skip-link");
  const stops: string[] = [];
  for (let press = 0; press < 60; press++) {
    await page.keyboard.press("Tab");
    const at = await page.evaluate(() => ({
      box: [...document.querySelectorAll(".story__body table, .story__body pre")].indexOf(document.activeElement!),
      last: document.activeElement === [...document.querySelectorAll(".site-footer a")].at(-1),
    }));
    if (at.box >= 0) stops.push(BOXES[at.box]!.name);
    if (at.last) return stops;
  }
  throw new Error("Tab never reached the page's last link");
}

/** The page once its scripts have run and it has been drawn as they left it. */
async function settled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.ready;
    for (let frame = 0; frame < 2; frame++) await new Promise(requestAnimationFrame);
  });
}

/** The boxes that have a role and a name a screen reader reads out: `group "Code, scrolls sideways"`. */
async function namedBoxes(page: Page): Promise<string[]> {
  const body = page.locator(".story__body");
  const tables = await body.getByRole("table", { name: "Table, scrolls sideways", exact: true }).count();
  const code = await body.getByRole("group", { name: "Code, scrolls sideways", exact: true }).count();
  return [...Array<string>(tables).fill("table"), ...Array<string>(code).fill("code")];
}

const kinds = (names: string[]) => names.map((name) => name.split(" ").at(-1)!);

describe("tables and blocks of code that scroll sideways", { skip }, () => {
  const fixture = browseFixture({ "figures.md": article({ slug: "figures" }, BODY) });
  const url = () => `${fixture.server.origin}/world/figures/`;

  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    test(`at ${size} size, Tab stops at each box that scrolls, which is named and scrolls with the keys, and at none that fits; axe finds nothing`, async () => {
      const page = await fixture.browser.context.newPage();
      try {
        await page.setViewportSize(viewport);
        await page.goto(url(), { waitUntil: "load" });
        await settled(page);
        const scrolling = BOXES.filter((box) => box.scrollsAt.includes(size)).map((box) => box.name);
        const scrolls = await page.locator(".story__body table, .story__body pre").evaluateAll((boxes) => boxes.map((box) => box.scrollWidth > box.clientWidth));
        assert.deepEqual(BOXES.filter((_, index) => scrolls[index]).map((box) => box.name), scrolling, "the boxes scroll as the test expects");
        assert.deepEqual(await tabStops(page), scrolling);
        assert.deepEqual(await namedBoxes(page), kinds(scrolling));
        await page.locator(".story__body pre").last().focus();
        for (let press = 0; press < 3; press++) await page.keyboard.press("ArrowRight");
        // Polled: Chromium may scroll in an animation.
        await page.waitForFunction(() => document.querySelector(".story__body pre:last-of-type")!.scrollLeft > 0, undefined, { timeout: 5000 });
        assert.deepEqual(await axeViolations(page), []);
      } finally {
        await page.close();
      }
    });
  }

  // The build makes every box a stop; only the script can tell one that fits from one that scrolls.
  test("without the script every box stays a Tab stop, so each that scrolls can still be scrolled with the keys; axe finds nothing", async () => {
    const page = await fixture.browser.context.newPage();
    try {
      await page.route(/\/js\/scroll-boxes[^/]*\.js$/, (route) => route.abort());
      await page.setViewportSize(VIEWPORTS.phone);
      await page.goto(url(), { waitUntil: "load" });
      await settled(page);
      assert.deepEqual(await tabStops(page), BOXES.map((box) => box.name));
      assert.deepEqual(await axeViolations(page), []);
    } finally {
      await page.close();
    }
  });

  test("a box is judged again when the screen turns: the one that scrolls on a phone alone is a named stop there, and keeps the focus it holds when it comes to fit", async () => {
    const page = await fixture.browser.context.newPage();
    try {
      await page.setViewportSize(VIEWPORTS.desktop);
      await page.goto(url(), { waitUntil: "load" });
      await settled(page);
      await page.setViewportSize(VIEWPORTS.phone);
      await settled(page);
      assert.deepEqual(await tabStops(page), ["wide table", "medium code", "wide code"]);
      assert.deepEqual(await namedBoxes(page), ["table", "code", "code"]);
      // Focus in the medium box when it comes to fit: the next Tab goes on from it, not from the page's start.
      await page.locator(".story__body pre").nth(1).focus();
      await page.setViewportSize(VIEWPORTS.desktop);
      await settled(page);
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => [...document.querySelectorAll(".story__body pre")].indexOf(document.activeElement!)), 2, "the wide block of code is next");
      assert.deepEqual(await tabStops(page), ["wide table", "wide code"]);
      assert.deepEqual(await namedBoxes(page), ["table", "code"]);
    } finally {
      await page.close();
    }
  });
});
