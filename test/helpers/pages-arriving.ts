// The sample site's pages drawn while they arrive in parts, as a slow phone draws them, in two test files
// (test/browser/pages-arriving-*.test.ts): Node's test runner limits each file as a whole (npm test's
// --test-timeout, 900 s), and the six pages in one file took 551 s at load 15-18 niced (fifty-first round).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { browseSampleSite, chromiumMissing } from "./chromium.ts";
import { shiftsWhileArriving } from "./paused-page.ts";
import { BUILT_AT, PAGES, VIEWPORTS } from "./sample-pages.ts";

/**
 * Which pages each file draws (names in PAGES), split by each page's time alone (fifty-second round, load 1-8:
 * front 32 s, the Urdu story 31, its tag 15; the English story 40, search 20, authors 18): about as long each.
 */
export const ARRIVING_PAGES = {
  "front and Urdu": ["front", "article-rtl", "tag-rtl"],
  "article, search and authors": ["article", "search", "authors"],
} as const;

/**
 * Each page of `group` is held once before each element of <body> (test/helpers/paused-page.ts), drawn as far
 * as it came, then let go, at phone and desktop sizes: nothing already drawn may move. The story in Urdu too,
 * whose words of the site's, marked as English, and dateline before emphasis have spaces alone between
 * elements, its card on a listing of its own (and among English ones on the front page), and the authors'
 * index, whose names, in Urdu too, are each followed by a space alone.
 */
export function describePagesArriving(group: keyof typeof ARRIVING_PAGES): void {
  const skip = chromiumMissing();
  if (skip) console.log(`# skipping browser tests: ${skip}`);
  describe(`a page of the sample site arriving in parts (${group})`, { skip }, () => {
    const sample = browseSampleSite(BUILT_AT);
    for (const name of ARRIVING_PAGES[group]) {
      const entry = PAGES.find((page) => page.name === name);
      assert.ok(entry, `${name} is one of the sample pages (test/helpers/sample-pages.ts)`);
      test(`${entry.name} (${entry.path}) moves nothing wherever it stops arriving for a moment, on a phone and a desktop`, async () => {
        assert.deepEqual(await shiftsWhileArriving(sample.browser.context, sample.site.server.origin, entry.path, { viewports: VIEWPORTS, now: new Date(BUILT_AT) }), []);
      });
    }
  });
}
