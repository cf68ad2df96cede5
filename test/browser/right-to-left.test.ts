// A story in Arabic on an English site, read on a 320px phone: its page is right to left, but what is
// written left to right inside it (code, a phrase of the site's English) must still read from its start.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { browseFixture, chromiumMissing } from "../helpers/chromium.ts";
import { article } from "../helpers/site.ts";

const skip = chromiumMissing();
const CODE = `curl https://data.example.com/harbour/levels?from=2026-01-01&to=2026-12-31&format=csv`;

describe("a right-to-left story on a 320px phone", { skip }, () => {
  const fixture = browseFixture({
    "harbour.md": article({ headline: "الميناء يعيد فتح أبوابه", lang: "ar", slug: "harbour" }, `عادت القوارب إلى الميناء.\n\n\`\`\`\n${CODE}\n\`\`\`\n`),
  });

  test("a code block too wide for the screen shows the start of its line, not its end", async () => {
    const page = await fixture.browser.context.newPage();
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(fixture.server.origin + "/world/harbour/");
    assert.equal(await page.locator("html").getAttribute("dir"), "rtl");
    const seen = await page.locator(".story__body pre").evaluate((pre) => {
      const text = pre.querySelector("code")!.firstChild!;
      const range = document.createRange();
      range.setStart(text, 0);
      range.setEnd(text, 4);
      const start = range.getBoundingClientRect();
      const box = pre.getBoundingClientRect();
      return { scrolls: pre.scrollWidth > pre.clientWidth, startShown: start.left >= box.left && start.right <= box.right };
    });
    await page.close();
    assert.ok(seen.scrolls, "the line is wider than the screen");
    assert.ok(seen.startShown, "“curl” is in sight before the reader scrolls");
  });

  // The label was marked as English on its paragraph, which then lined up left, across the page from the headline.
  for (const [where, address, label, headline] of [
    ["its page", "/world/harbour/", ".story .kicker a", ".story h1"],
    ["its card on the front page", "/", ".story-card[dir=rtl] .kicker a", ".story-card[dir=rtl] .story-card__headline"],
  ] as const) {
    test(`the section's English label stands at the right, above the headline, on ${where}`, async () => {
      const page = await fixture.browser.context.newPage();
      await page.setViewportSize({ width: 320, height: 640 });
      await page.goto(fixture.server.origin + address);
      const labelRight = await page.locator(label).first().evaluate((link) => [link.getAttribute("lang"), link.getBoundingClientRect().right] as const);
      const headlineRight = await page.locator(headline).first().evaluate((heading) => heading.getBoundingClientRect().right);
      await page.close();
      assert.equal(labelRight[0], "en", "the label is marked as the site's English");
      assert.ok(Math.abs(labelRight[1] - headlineRight) < 2, `the label ends at ${labelRight[1]}px, the headline at ${headlineRight}px`);
    });
  }

  test("the English “Follow World” reads left to right, not “World Follow”", async () => {
    const page = await fixture.browser.context.newPage();
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(fixture.server.origin + "/world/harbour/");
    const lefts = await page.locator(".share .follow").evaluate((link) => Array.from(link.querySelectorAll("span")).map((span) => span.getBoundingClientRect().left));
    await page.close();
    assert.equal(lefts.length, 2, "each word marked as English");
    const [follow = 0, world = 0] = lefts;
    assert.ok(follow < world, `“Follow” at ${follow}px, “World” at ${world}px`);
  });
});
