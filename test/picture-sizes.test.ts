// A picture's `sizes` is worked out from the stylesheet's numbers, which the stylesheet holds on its own: these
// tests hold the two together. test/browser/layout-widths.test.ts draws the pictures in Chromium against it.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { COLUMN_REM, fallbackSizes, MAIN_PADDING_REM, pictureSizes, SCREEN_HEIGHT_SHARE } from "../src/picture-sizes.ts";
import { PROJECT_ROOT } from "./helpers/site.ts";

/** The declarations of the stylesheet's rule for exactly these selectors, outside any @media block. */
function declarationsOf(css: string, selectors: string): string {
  const outsideMedia = css.replace(/\/\*[\s\S]*?\*\//g, "").replace(/@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}/g, "");
  const rule = [...outsideMedia.matchAll(/([^{}]+)\{([^{}]*)\}/g)].find((match) => match[1]!.trim() === selectors);
  assert.ok(rule, `public/css/site.css has no rule for ${selectors}`);
  return rule[2]!;
}

describe("a picture's sizes", () => {
  test("takes its numbers from the stylesheet: the column, main's padding and the share of the screen's height", async () => {
    const css = await readFile(path.join(PROJECT_ROOT, "public/css/site.css"), "utf8");
    assert.match(declarationsOf(css, ":root"), new RegExp(`--measure: ${COLUMN_REM}rem;`));
    assert.match(declarationsOf(css, "main"), new RegExp(`padding: ${MAIN_PADDING_REM}rem;`));
    const held = declarationsOf(css, ".lead-image img, .story__body img");
    assert.match(held, new RegExp(`max-block-size: ${SCREEN_HEIGHT_SHARE}vh;`));
    assert.match(held, /object-fit: contain;/);
  });

  test("is the least of the column, the window, a picture's own width and the height's, then the same without min()", () => {
    assert.equal(
      pictureSizes({ width: 600, height: 1800 }, 600),
      "min(42rem, 100vw - 2rem, 600px, 26.67vh), (max-height: 157.48rem) and (min-aspect-ratio: 4/15) 26.67vh, (min-width: 44rem) 42rem, calc(100vw - 2rem)",
    );
    // The lead is drawn across the column whatever its own width.
    assert.equal(pictureSizes({ width: 1600, height: 800 }), `min(42rem, 100vw - 2rem, 160vh), ${fallbackSizes({ width: 1600, height: 800 })}`);
  });

  test("never tells a width narrower than the height allows, and rounds it up by less than a hundredth of the screen's height", () => {
    for (const [width, height] of [[1600, 1067], [1600, 900], [400, 1200], [1600, 1599], [7, 3]] as const) {
      const exact = (SCREEN_HEIGHT_SHARE * width) / height;
      const told = Number(/ ([\d.]+)vh\)/.exec(pictureSizes({ width, height }))![1]);
      assert.ok(told >= exact && told < exact + 0.01, `${width}x${height}: ${told}vh for ${exact}vh`);
    }
  });

  test("without min(), is read by older browsers: Media Queries 3's conditions and a ratio in whole numbers", () => {
    const fallback = fallbackSizes({ width: 1600, height: 1067 });
    assert.doesNotMatch(fallback, /[<>=]/, "no range syntax");
    assert.match(fallback, /\(min-aspect-ratio: \d+\/\d+\)/);
  });
});
