// The sample site's pages drawn while they arrive in parts, as a slow phone draws them. A file of its own,
// apart from test/browser/readers.test.ts: Node's test runner limits each file as a whole (npm test's
// --test-timeout, 900 s), and these tests took 334 s of that file's 510 s in CI at load.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { browseSampleSite, chromiumMissing } from "../helpers/chromium.ts";
import { shiftsWhileArriving } from "../helpers/paused-page.ts";
import { BUILT_AT, PAGES, VIEWPORTS } from "../helpers/sample-pages.ts";

const skip = chromiumMissing();
if (skip) console.log(`# skipping browser tests: ${skip}`);

describe("a page of the sample site arriving in parts", { skip }, () => {
  const sample = browseSampleSite(BUILT_AT);
  // Each page is held once before each element of <body> (test/helpers/paused-page.ts), drawn as far as
  // it came, then let go, at phone and desktop sizes: nothing already drawn may move. The story in Urdu too,
  // whose words of the site's, marked as English, and dateline before emphasis have spaces alone between elements,
  // its card on a listing of its own (and among English ones on the front page), and the authors' index, whose
  // names, in Urdu too, are each followed by a space alone.
  for (const entry of PAGES.filter((entry) => ["front", "article", "article-rtl", "tag-rtl", "authors", "search"].includes(entry.name))) {
    test(`${entry.name} (${entry.path}) moves nothing wherever it stops arriving for a moment, on a phone and a desktop`, async () => {
      assert.deepEqual(await shiftsWhileArriving(sample.browser.context, sample.site.server.origin, entry.path, { viewports: VIEWPORTS, now: new Date(BUILT_AT) }), []);
    });
  }
});
