// The masthead's section menu scrolls sideways on a phone, and a scrolling box clips what is drawn
// outside it: a keyboard reader must see the whole focus ring of the section link they are on, at the
// menu's first and last links as well as between them. And the menu must move no further than that needs:
// Chromium centred a link that showed not at all when it took focus, so the menu jumped half its width.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { browseFixture, chromiumMissing } from "../helpers/chromium.ts";
import { article } from "../helpers/site.ts";

const skip = chromiumMissing();

describe("the section menu's focus ring on a phone", { skip }, () => {
  const fixture = browseFixture({ "story.md": article({ slug: "story" }) });

  // Phones from 320px to 480px, every 4px: where the menu's scroll position lands on a link's edge
  // depends on the width, and the ring was cut off by a fraction of a pixel at some widths alone.
  for (let width = 320; width <= 480; width += 4) test(`at ${width}px, each section link's ring lies inside the menu's visible box, the menu moved only as far as that needs`, async () => {
    const page = await fixture.browser.context.newPage();
    await page.setViewportSize({ width, height: 640 });
    await page.goto(fixture.server.origin + "/");
    const links = page.locator(".sections a");
    const count = await links.count();
    assert.ok(count >= 8, "the sample settings' sections are all in the menu");
    const clipped: string[] = [];
    const tooFar: string[] = [];
    const focused = new Set<string>();
    // Tab from the page's start, as a keyboard reader does, so :focus-visible draws the ring; the skip
    // link and the site's name come before the menu.
    for (let presses = 0; presses < count + 4; presses++) {
      const scrolledBefore = await page.evaluate(() => document.querySelector(".sections ul")!.scrollLeft);
      await page.keyboard.press("Tab");
      const seen = await page.evaluate((scrolledBefore) => {
        const link = document.activeElement;
        const menu = link?.closest(".sections ul");
        if (!(link instanceof HTMLElement) || !menu) return undefined;
        const style = getComputedStyle(link);
        const reach = style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
        const box = link.getBoundingClientRect();
        const frame = menu.getBoundingClientRect();
        // What a scrolling box shows is its padding box: inside its borders, above its scrollbar.
        const visible = { left: frame.left + menu.clientLeft, top: frame.top + menu.clientTop, right: frame.left + menu.clientLeft + menu.clientWidth, bottom: frame.top + menu.clientTop + menu.clientHeight };
        const ring = { left: box.left - reach, top: box.top - reach, right: box.right + reach, bottom: box.bottom + reach };
        // Where the link stood before the menu moved, and how far the menu had to move to show it with its
        // scroll margin (the ring's reach and a pixel for Chromium's rounding), to the right or the left.
        const moved = menu.scrollLeft - scrolledBefore;
        const margin = parseFloat(style.scrollMarginRight);
        const needed = Math.max(0, box.right + moved + margin - visible.right) - Math.max(0, visible.left - (box.left + moved - margin));
        return { name: link.textContent ?? "", reach, ring, visible, moved, needed };
      }, scrolledBefore);
      if (seen) {
        focused.add(seen.name);
        assert.ok(seen.reach > 0, `${seen.name} shows a focus ring`);
        const over = [
          ["left", seen.visible.left - seen.ring.left],
          ["top", seen.visible.top - seen.ring.top],
          ["right", seen.ring.right - seen.visible.right],
          ["bottom", seen.ring.bottom - seen.visible.bottom],
        ].filter(([, by]) => (by as number) > 0.01);
        for (const [edge, by] of over) clipped.push(`${seen.name}: ${(by as number).toFixed(2)}px cut off at the ${edge}`);
        // A pixel either way for whole-pixel scrolling.
        if (Math.abs(seen.moved - seen.needed) > 1) tooFar.push(`${seen.name}: the menu moved ${seen.moved}px where ${seen.needed.toFixed(2)}px showed it`);
      }
    }
    await page.close();
    assert.equal(focused.size, count, "every section link was focused");
    assert.deepEqual(clipped, []);
    assert.deepEqual(tooFar, []);
  });
});
