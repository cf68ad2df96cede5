// The stylesheet lays a page out for a phone under a width and for a desktop from it: at exactly that width
// the page must have one of the two, not parts of each (min-width and max-width of one length both match it).
// The width is in the reader's letters (rem), so it is 640px at the usual size and 1280px with text at 200%.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { browseFixture, chromiumMissing } from "../helpers/chromium.ts";
import { solidPng } from "../helpers/images.ts";
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

/**
 * The lead picture: how wide it is drawn, and how wide its `sizes` (src/images.ts, STORY_IMAGE_SIZES) told the
 * browser it would be, read as the browser reads it: the first width whose media condition matches. (A picture
 * in the story's text is drawn no wider than its `width`, 800px for a large one, where a column with text at
 * 200% is wider: the browser then takes a larger file than it draws.)
 */
function pictureWidths(page: Page): Promise<Array<{ drawn: number; told: number }>> {
  return page.locator(".lead-image img[sizes]").evaluateAll((images) =>
    images.map((image) => {
      const entries = (image as HTMLImageElement).sizes.split(/,(?![^(]*\))/).map((entry) => entry.trim());
      const chosen = entries.find((entry) => !entry.startsWith("(") || matchMedia(entry.slice(0, entry.indexOf(")") + 1)).matches)!;
      const probe = document.createElement("div");
      probe.style.inlineSize = chosen.startsWith("(") ? chosen.slice(chosen.indexOf(")") + 1).trim() : chosen;
      document.body.append(probe);
      const told = probe.getBoundingClientRect().width;
      probe.remove();
      return { drawn: Math.round(image.getBoundingClientRect().width), told: Math.round(told) };
    }),
  );
}

describe("a story's lead picture is drawn as wide as its sizes attribute says", { skip }, () => {
  const fixture = browseFixture({
    "harbour.md": article({ slug: "harbour", image: "\n  src: harbour.png\n  alt: The harbour at dawn" }),
    "harbour.png": solidPng(2000, 1000, [60, 90, 120]),
  });

  // Either side of 44rem, where the column stops growing: 704px at the usual size, 1408px with text at 200%.
  for (const [text, widths] of [["the usual size", [375, 703, 704, 1280]], ["text at 200%", [1280, 1407, 1408, 1600]]] as const) {
    test(`with ${text}`, async () => {
      const page = await fixture.browser.context.newPage();
      try {
        if (text === "text at 200%") await doubleTheText(page);
        for (const width of widths) {
          await page.setViewportSize({ width, height: 1200 });
          await page.goto(`${fixture.server.origin}/world/harbour/`);
          const pictures = await pictureWidths(page);
          assert.equal(pictures.length, 1, `${width}px`);
          for (const { drawn, told } of pictures) assert.equal(drawn, told, `${width}px: drawn ${drawn}px wide, told ${told}px`);
        }
      } finally {
        await page.close();
      }
    });
  }
});
