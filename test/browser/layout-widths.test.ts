// The stylesheet lays a page out for a phone under a width and for a desktop from it: at exactly that width
// the page must have one of the two, not parts of each (min-width and max-width of one length both match it).
// The width is in the reader's letters (rem), so it is 640px at the usual size and 1280px with text at 200%.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { browseFixture, chromiumMissing } from "../helpers/chromium.ts";
import { doubleTheText } from "../helpers/reflow.ts";
import { article } from "../helpers/site.ts";

const skip = chromiumMissing();

/** How the story's times are laid out: one under the other on a phone, side by side on a desktop. */
function timesLayout(page: Page): Promise<string> {
  return page.locator(".times").evaluate((times) => {
    const [published, updated] = [...times.children].map((time) => time.getBoundingClientRect());
    return published!.top === updated!.top ? "side by side" : "one under the other";
  });
}

describe("the widths where a page's layout changes", { skip }, () => {
  const fixture = browseFixture({
    "harbour.md": article({ slug: "harbour", date: "2026-01-05T10:00:00+05:00", updated: "2026-01-06T09:00:00+05:00" }),
  });

  for (const [text, boundary] of [["the usual size", 640], ["text at 200%", 1280]] as const) {
    test(`with ${text}, the story's times are one under the other below ${boundary}px, side by side from it`, async () => {
      const page = await fixture.browser.context.newPage();
      try {
        if (text === "text at 200%") await doubleTheText(page);
        const seen: Record<number, string> = {};
        for (const width of [boundary - 1, boundary]) {
          await page.setViewportSize({ width, height: 800 });
          await page.goto(`${fixture.server.origin}/world/harbour/`);
          seen[width] = await timesLayout(page);
        }
        assert.deepEqual(seen, { [boundary - 1]: "one under the other", [boundary]: "side by side" });
      } finally {
        await page.close();
      }
    });
  }
});
