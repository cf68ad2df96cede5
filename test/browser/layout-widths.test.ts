// The stylesheet lays a page out for a phone under a width and for a desktop from it: at exactly that width
// the page must have one of the two, not parts of each (min-width and max-width of one length both match it).
// The width is in the reader's letters (rem), so it is 640px at the usual size and 1280px with text at 200%.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { CDPSession, Page } from "playwright-core";
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
 * (src/picture-sizes.ts) told the browser it would be, as the browser read it: a file chosen for a `w` width
 * has its natural width divided by its density, that `w` over the width `sizes` gave, so it is that width. A
 * picture is drawn inside its box (`object-fit: contain`), narrower than the box where it is held to a share of
 * the screen's height. And the width of the file the browser chose, the column's width and the picture's `width`.
 */
function pictureWidths(page: Page): Promise<Array<{ picture: string; drawn: number; told: number; fetched: number; offered: number[]; column: number; own: number }>> {
  return page.locator(".story img[sizes]").evaluateAll((images) =>
    images.map((element) => {
      const image = element as HTMLImageElement;
      const box = image.getBoundingClientRect();
      const drawn = Math.min(box.width, (box.height * image.naturalWidth) / image.naturalHeight);
      // The files are named for their widths (src/images.ts): every format offers the same widths.
      const fetched = Number(/-(\d+)\.\w+$/.exec(image.currentSrc)?.[1]);
      const offered = image.srcset.split(", ").map((candidate) => parseInt(candidate.split(" ")[1]!, 10));
      const column = document.querySelector(".story")!.getBoundingClientRect().width;
      return { picture: image.closest(".lead-image") ? "lead" : image.alt, drawn, told: image.naturalWidth, fetched, offered, column, own: Number(image.getAttribute("width")) };
    }),
  );
}

const sessions = new WeakMap<Page, CDPSession>();

/** A window of this size and device pixels to a CSS pixel, the story opened in it and every picture in it loaded. */
async function openStory(page: Page, url: string, window: { width: number; height: number; pixelRatio?: number }): Promise<void> {
  // Kept open: the session's emulation ends with it.
  if (!sessions.has(page)) sessions.set(page, await page.context().newCDPSession(page));
  const session = sessions.get(page)!;
  if (window.pixelRatio === undefined) await page.setViewportSize(window);
  else await session.send("Emulation.setDeviceMetricsOverride", { width: window.width, height: window.height, deviceScaleFactor: window.pixelRatio, mobile: false });
  // Each window as a reader arriving in it: Chromium takes a wider file of the srcset that it holds in memory
  // (from an earlier window) over the one `sizes` asks for, and turning the cache off empties that memory.
  await session.send("Network.setCacheDisabled", { cacheDisabled: true });
  await page.goto(url);
  // Each in turn: in a short window the last is screens below the first, and a picture loads when it comes near.
  for (const image of await page.locator(".story img").all()) await image.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>(".story img")].every((image) => image.complete && image.naturalWidth > 0));
}

/** The narrowest file at least as many device pixels wide as the picture is drawn, or the widest there is. */
function narrowestSufficient(offered: number[], drawn: number, pixelRatio = 1): number {
  return offered.find((offer) => offer >= Math.round(drawn * pixelRatio)) ?? Math.max(...offered);
}

describe("a story's pictures are drawn as wide as their sizes attribute says, and the browser fetches no wider a file than it needs", { skip }, () => {
  const fixture = browseFixture({
    "harbour.md": article(
      { slug: "harbour", image: "\n  src: harbour.png\n  alt: The harbour at dawn" },
      "![The quay](quay.png)\n\n![The lamp](lamp.png)\n\n![The boats](boats.png)\n\n![The keeper](keeper.png)\n\nThe harbour reopened.\n",
    ),
    "harbour.png": solidPng(2000, 1000, [60, 90, 120]),
    // Large: drawn no wider than its 800px `width`. Small: no wider than itself.
    "quay.png": solidPng(2000, 500, [90, 60, 120]),
    "lamp.png": solidPng(500, 125, [120, 90, 60]),
    // Held to 80% of the screen's height: a landscape in a short window, a portrait in any.
    "boats.png": solidPng(1600, 1200, [60, 120, 90]),
    "keeper.png": solidPng(600, 1800, [120, 60, 90]),
  });
  const pictures = ["lead", "The quay", "The lamp", "The boats", "The keeper"];

  // Either side of 44rem, where the column stops growing: 704px at the usual size, 1408px with text at 200%;
  // and a phone with text at 200%. In a window 1600px tall, only the portrait is held to the screen's height.
  for (const [text, widths] of [["the usual size", [375, 703, 704, 1280]], ["text at 200%", [375, 1280, 1407, 1408, 1600]]] as const) {
    test(`with ${text}`, async () => {
      const page = await fixture.browser.context.newPage();
      try {
        if (text === "text at 200%") await doubleTheText(page);
        for (const width of widths) {
          await openStory(page, `${fixture.server.origin}/world/harbour/`, { width, height: 1600 });
          const seen = await pictureWidths(page);
          assert.deepEqual(seen.map((picture) => picture.picture), pictures, `${width}px`);
          for (const { picture, drawn, told, fetched, offered } of seen) {
            assert.ok(Math.abs(told - drawn) <= 1, `${width}px, ${picture}: drawn ${drawn}px wide, told ${told}px`);
            // At one device pixel a CSS pixel: the narrowest file at least as wide as the picture is drawn.
            assert.equal(fetched, narrowestSufficient(offered, drawn), `${width}px, ${picture}: drawn ${drawn}px wide, fetched the ${fetched}px file of ${offered.join(", ")}`);
          }
        }
      } finally {
        await page.close();
      }
    });
  }

  // A desktop's window, a phone held sideways and upright, each at one and two device pixels a CSS pixel.
  const windows = [{ width: 1280, height: 720 }, { width: 800, height: 400 }, { width: 390, height: 844 }];
  test("in windows short and tall, at one and two device pixels a CSS pixel", async () => {
    const page = await fixture.browser.context.newPage();
    try {
      for (const pixelRatio of [1, 2]) {
        for (const window of windows) {
          await openStory(page, `${fixture.server.origin}/world/harbour/`, { ...window, pixelRatio });
          const where = `${window.width}x${window.height} at ${pixelRatio}x`;
          assert.deepEqual(await page.evaluate(() => [innerWidth, innerHeight, devicePixelRatio]), [window.width, window.height, pixelRatio], where);
          const seen = await pictureWidths(page);
          assert.deepEqual(seen.map((picture) => picture.picture), pictures, where);
          for (const { picture, drawn, told, fetched, offered } of seen) {
            assert.ok(Math.abs(told - drawn) <= 1, `${where}, ${picture}: drawn ${drawn}px wide, told ${told}px`);
            assert.equal(fetched, narrowestSufficient(offered, drawn, pixelRatio), `${where}, ${picture}: drawn ${drawn}px wide, fetched the ${fetched}px file of ${offered.join(", ")}`);
          }
        }
      }
    } finally {
      await page.close();
    }
  });

  // Safari before 26.4 reads no min() in `sizes`, and skips to the entries after it: the same windows with those alone.
  test("a browser that reads no min() in sizes is told no narrower than a picture is drawn, and wider only by main's padding or for a picture's own width", async () => {
    const page = await fixture.browser.context.newPage();
    await page.route(/\/world\/harbour\/$/, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: (await response.text()).replace(/sizes="min\([^)]*\), /g, 'sizes="') });
    });
    try {
      for (const window of [...windows, { width: 1280, height: 1600 }]) {
        await openStory(page, `${fixture.server.origin}/world/harbour/`, window);
        const seen = await pictureWidths(page);
        assert.equal(seen.length, pictures.length);
        for (const { picture, drawn, told, column, own } of seen) {
          const where = `${window.width}x${window.height}, ${picture}: drawn ${drawn}px wide, told ${told}px`;
          assert.ok(told >= drawn - 1, where);
          // Wider by main's padding (2rem) at most, where the window less it is the narrower; and where a picture
          // in the text is narrower than the column for its own width, which the entries leave out, by the column.
          const ownWidthNarrower = picture !== "lead" && own < column;
          assert.ok(told <= (ownWidthNarrower ? column : drawn) + 32 + 1, `${where}, the column ${column}px`);
        }
      }
    } finally {
      await page.close();
    }
  });
});
