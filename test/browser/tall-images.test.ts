// A photograph taller than it is wide (a portrait, a phone's upright shot) must not fill several screens
// before the story starts, nor several sheets of paper when the story is printed.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { browseFixture, chromiumMissing } from "../helpers/chromium.ts";
import { solidPng } from "../helpers/images.ts";
import { article } from "../helpers/site.ts";

const skip = chromiumMissing();

describe("a tall portrait photograph", { skip }, () => {
  const fixture = browseFixture({
    "portrait.md": article(
      { headline: "The lighthouse keeper", slug: "portrait", image: "\n  src: keeper.png\n  alt: The keeper at the lamp\n  caption: The keeper at the lamp" },
      "He has kept the light for forty years.\n\n![The lighthouse from the quay](lighthouse.png)\n\nThe light is automatic now.\n",
    ),
    "keeper.png": solidPng(600, 1800, [120, 60, 60]),
    "lighthouse.png": solidPng(500, 2000, [60, 60, 120]),
  });

  for (const viewport of [{ width: 1280, height: 800 }, { width: 375, height: 667 }]) {
    test(`on a ${viewport.width}px screen, each image is shorter than the screen, and nothing moves as it loads`, async () => {
      const page = await fixture.browser.context.newPage();
      await page.setViewportSize(viewport);
      // Images held back, as on a slow network: their boxes must already have the height they will have.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route(/\/img\//, async (route) => {
        await held;
        await route.continue();
      });
      await page.goto(fixture.server.origin + "/world/portrait/", { waitUntil: "domcontentloaded" });
      const heights = () => page.locator(".story img").evaluateAll((images) => images.map((image) => Math.round(image.getBoundingClientRect().height)));
      const before = await heights();
      release();
      await page.locator(".story__body img").scrollIntoViewIfNeeded();
      await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>(".story img")).every((image) => image.complete && image.naturalWidth > 0));
      const loaded = await heights();
      await page.close();
      assert.equal(loaded.length, 2);
      assert.deepEqual(loaded, before, "the same heights before and after loading");
      for (const height of loaded) assert.ok(height > 0 && height < viewport.height, `an image ${height}px tall on a screen ${viewport.height}px tall`);
    });
  }

  test("the story prints on two A4 pages, each image on a page with room to spare", async () => {
    const page = await fixture.browser.context.newPage();
    await page.goto(fixture.server.origin + "/world/portrait/", { waitUntil: "networkidle" });
    await page.locator(".story__body img").scrollIntoViewIfNeeded();
    await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>(".story img")).every((image) => image.complete && image.naturalWidth > 0));
    const pdf = (await page.pdf({ format: "A4" })).toString("latin1");
    await page.close();
    const pages = pdf.match(/\/Type\s*\/Page\b(?!s)/g)?.length ?? 0;
    assert.ok(pages >= 1 && pages <= 2, `${pages} pages`);
  });
});
