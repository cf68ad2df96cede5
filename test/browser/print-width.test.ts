// Paper does not scroll: a wide table or a long line of code, which scroll inside their own box on a
// screen, must wrap when the story is printed, or whatever lies past the sheet's edge is lost.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { browseFixture, chromiumMissing } from "../helpers/chromium.ts";
import { article } from "../helpers/site.ts";

const skip = chromiumMissing();

/** An A4 sheet's width less Chromium's default print margins, in CSS pixels (96 to the inch). */
const A4_PRINTED_WIDTH = Math.floor(((210 - 2 * 10) / 25.4) * 96);
const TABLE = `| ${Array.from({ length: 10 }, (_, index) => `Column heading ${index + 1}`).join(" | ")} |\n|${" --- |".repeat(10)}\n| ${Array.from({ length: 10 }, (_, index) => `value ${index} with words`).join(" | ")} |\n`;
const CODE = `const line = '${"a".repeat(180)}';`;

describe("a story printed on A4", { skip }, () => {
  const fixture = browseFixture({
    "harbour.md": article({ headline: "Harbour depths", slug: "harbour" }, `The soundings:\n\n${TABLE}\n\`\`\`\n${CODE}\n\`\`\`\n`),
    "arabic.md": article({ headline: "أعماق الميناء", slug: "arabic", lang: "ar" }, `القياسات:\n\n${TABLE}\n\`\`\`\n${CODE}\n\`\`\`\n`),
  });

  for (const address of ["/world/harbour/", "/world/arabic/"]) {
    test(`${address}: its wide table and long line of code fit the sheet`, async () => {
      const page = await fixture.browser.context.newPage();
      await page.setViewportSize({ width: A4_PRINTED_WIDTH, height: 1000 });
      await page.emulateMedia({ media: "print" });
      await page.goto(fixture.server.origin + address);
      const cut = await page.locator(".story__body table, .story__body pre").evaluateAll((boxes) =>
        boxes.filter((box) => box.scrollWidth > box.clientWidth || box.getBoundingClientRect().right > innerWidth).map((box) => `${box.tagName}: ${box.scrollWidth}px of content in ${box.clientWidth}px`),
      );
      await page.close();
      assert.deepEqual(cut, []);
    });
  }
});
