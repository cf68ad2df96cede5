// A printed story's text is the size the reader chose for the browser's text (12pt at its usual 16px), its
// summary and its story alike: a reader who sets larger text on screen wants it larger on paper too.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { browseFixture, chromiumMissing } from "../helpers/chromium.ts";
import { doubleTheText } from "../helpers/reflow.ts";
import { article } from "../helpers/site.ts";

const skip = chromiumMissing();

/** An A4 sheet's width less Chromium's default print margins, in CSS pixels (96 to the inch), as in print-width.test.ts. */
const A4_PRINTED_WIDTH = Math.floor(((210 - 2 * 10) / 25.4) * 96);
/** What is read as text on a printed story: the summary's points, the story's paragraphs and a quotation. */
const TEXT = [".summary li", ".story__body p", ".story__body blockquote p"];

describe("a story printed on A4", { skip }, () => {
  const fixture = browseFixture({
    "harbour.md": article(
      { headline: "Harbour reopens", slug: "harbour", bullets: "\n  - Boats are back\n  - The channel is open" },
      "Boats came back to the harbour after the dredger left.\n\n> The channel is open again.\n",
    ),
  });

  for (const [text, points] of [["the usual size", 12], ["text at 200%", 24]] as const) {
    test(`with ${text}, its text is printed at ${points}pt`, async () => {
      const page = await fixture.browser.context.newPage();
      try {
        if (text === "text at 200%") await doubleTheText(page);
        await page.setViewportSize({ width: A4_PRINTED_WIDTH, height: 1000 });
        // Through a session of its own: page.emulateMedia's print did not hold once doubleTheText had opened one.
        await (await page.context().newCDPSession(page)).send("Emulation.setEmulatedMedia", { media: "print" });
        await page.goto(fixture.server.origin + "/world/harbour/");
        const sizes: Record<string, number> = {};
        for (const selector of TEXT) sizes[selector] = await page.locator(selector).first().evaluate((element) => parseFloat(getComputedStyle(element).fontSize) * 0.75);
        assert.deepEqual(sizes, Object.fromEntries(TEXT.map((selector) => [selector, points])));
      } finally {
        await page.close();
      }
    });
  }
});
