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
 * The story's pictures (the lead's, and those in its text): how wide each is drawn, and how wide its `sizes`
 * (src/images.ts) told the browser it would be, read as the browser reads it: the first entry it can read whose
 * media condition matches (or that has none). And the width of the file the browser chose, once loaded.
 */
function pictureWidths(page: Page): Promise<Array<{ picture: string; drawn: number; told: number; fetched: number; offered: number[] }>> {
  return page.locator(".story img[sizes]").evaluateAll((images) =>
    images.map((image) => {
      const told = (image as HTMLImageElement).sizes
        .split(/,(?![^(]*\))/)
        .map((entry) => entry.trim())
        .map((entry) => {
          const condition = entry.startsWith("(") ? entry.slice(0, entry.indexOf(")") + 1) : "";
          const probe = document.createElement("div");
          probe.style.inlineSize = entry.slice(condition.length).trim();
          if (!probe.style.inlineSize || (condition && !matchMedia(condition).matches)) return undefined;
          document.body.append(probe);
          const width = probe.getBoundingClientRect().width;
          probe.remove();
          return width;
        })
        .find((width) => width !== undefined)!;
      // The files are named for their widths (src/images.ts): every format offers the same widths.
      const fetched = Number(/-(\d+)\.\w+$/.exec((image as HTMLImageElement).currentSrc)?.[1]);
      const offered = (image as HTMLImageElement).srcset.split(", ").map((candidate) => parseInt(candidate.split(" ")[1]!, 10));
      return { picture: image.closest(".lead-image") ? "lead" : image.getAttribute("alt")!, drawn: Math.round(image.getBoundingClientRect().width), told: Math.round(told), fetched, offered };
    }),
  );
}

describe("a story's pictures are drawn as wide as their sizes attribute says, and the browser fetches no wider a file than it needs", { skip }, () => {
  const fixture = browseFixture({
    "harbour.md": article(
      { slug: "harbour", image: "\n  src: harbour.png\n  alt: The harbour at dawn" },
      "![The quay](quay.png)\n\n![The lamp](lamp.png)\n\nThe harbour reopened.\n",
    ),
    "harbour.png": solidPng(2000, 1000, [60, 90, 120]),
    // Large: drawn no wider than its 800px `width`. Small: no wider than itself.
    "quay.png": solidPng(2000, 500, [90, 60, 120]),
    "lamp.png": solidPng(500, 125, [120, 90, 60]),
  });

  // Either side of 44rem, where the column stops growing: 704px at the usual size, 1408px with text at 200%;
  // and a phone with text at 200%.
  for (const [text, widths] of [["the usual size", [375, 703, 704, 1280]], ["text at 200%", [375, 1280, 1407, 1408, 1600]]] as const) {
    test(`with ${text}`, async () => {
      const page = await fixture.browser.context.newPage();
      try {
        if (text === "text at 200%") await doubleTheText(page);
        for (const width of widths) {
          await page.setViewportSize({ width, height: 1600 });
          await page.goto(`${fixture.server.origin}/world/harbour/`);
          await page.locator(".story__body img").last().scrollIntoViewIfNeeded();
          await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>(".story img")].every((image) => image.complete && image.naturalWidth > 0));
          const pictures = await pictureWidths(page);
          assert.deepEqual(pictures.map((picture) => picture.picture), ["lead", "The quay", "The lamp"], `${width}px`);
          for (const { picture, drawn, told, fetched, offered } of pictures) {
            assert.equal(told, drawn, `${width}px, ${picture}: drawn ${drawn}px wide, told ${told}px`);
            // At one device pixel a CSS pixel: the narrowest file at least as wide as the picture is drawn.
            const needed = offered.find((offer) => offer >= drawn) ?? Math.max(...offered);
            assert.equal(fetched, needed, `${width}px, ${picture}: drawn ${drawn}px wide, fetched the ${fetched}px file of ${offered.join(", ")}`);
          }
        }
      } finally {
        await page.close();
      }
    });
  }
});
