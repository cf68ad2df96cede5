// Printed, a link writes its address after its text, as paper cannot be clicked; a link whose text is
// already its address (a bare https://… or www.… made a link, an autolink <https://…>, or an editor's own
// <a href="https://…">https://…</a>, however its text spells the address) must not write it twice.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { browseFixture, chromiumMissing } from "../helpers/chromium.ts";
import { article } from "../helpers/site.ts";

const skip = chromiumMissing();

const BODY = `The port (https://port.example.com/news, www.port.example.org, <https://harbour.example.net/depths> or <desk@port.example.com>) said so in [its notice](https://port.example.com/notice), at [https://port.example.com/map](https://port.example.com/map).
`;

/** Each link of the story's body, and what is printed after it (its ::after content, as Chromium computes it: the address isolated left to right by U+2066 … U+2069). */
const PRINTED_AFTER = [
  ["https://port.example.com/news", "none"],
  ["www.port.example.org", "none"],
  ["https://harbour.example.net/depths", "none"],
  ["desk@port.example.com", "none"],
  ["its notice", '" (\u2066https://port.example.com/notice\u2069)"'],
  ["https://port.example.com/map", "none"],
];

/** An editor's raw HTML links, and Markdown's, whose text spells their address another way. */
const RAW_BODY = `The port's <a href="https://port.example.com/raw/">https://port.example.com/raw/</a>, [PORT.example.com/tides](https://port.example.com/tides/) and <a href="https://port.example.com/r">its report</a>.
`;

const RAW_PRINTED_AFTER = [
  ["https://port.example.com/raw/", "none"],
  ["PORT.example.com/tides", "none"],
  ["its report", '" (\u2066https://port.example.com/r\u2069)"'],
];

describe("a story's links printed", { skip }, () => {
  const fixture = browseFixture({
    "harbour.md": article({ headline: "Harbour reopens", slug: "harbour" }, BODY),
    // An editor's raw HTML sends the body through the sanitiser, which must keep what marks those links.
    "sanitised.md": article({ headline: "Harbour reopens again", slug: "sanitised" }, `${BODY}\n<b>Raw</b> HTML.\n`),
    "raw-links.md": article({ headline: "Harbour reopens once more", slug: "raw-links" }, RAW_BODY),
  });

  for (const [address, expected] of [["/world/harbour/", PRINTED_AFTER], ["/world/sanitised/", PRINTED_AFTER], ["/world/raw-links/", RAW_PRINTED_AFTER]] as const) {
    test(`${address}: a link's address is printed after it once, and not at all after a link whose text is its address`, async () => {
      const page = await fixture.browser.context.newPage();
      await page.emulateMedia({ media: "print" });
      await page.goto(fixture.server.origin + address);
      const printed = await page.locator(".story__body a").evaluateAll((links) => links.map((link) => [link.textContent, getComputedStyle(link, "::after").content]));
      await page.close();
      assert.deepEqual(printed, expected);
    });
  }
});

// In a story in Urdu or Arabic an address, printed in the story's right-to-left line, was cut into pieces
// by the words in it and the slashes at its ends: "/tags/کتاب-میلہ/" after its tag's name printed as
// "(/ہ کتاب-میل/tags/(", and a link in the body whose address wrapped put its slashes at the wrong ends.
describe("a right-to-left story's links printed", { skip }, () => {
  const fixture = browseFixture({
    "fair.md": article({ headline: "کتاب میلہ", lang: "ur", slug: "fair", author: "نمونہ نیوز روم", tags: "[کتاب میلہ]" }, "میلہ [ویب سائٹ](/world/fair/) پر ہے۔"),
  });

  test("each address reads left to right, whole, between its brackets, as one marked left to right does", async () => {
    const page = await fixture.browser.context.newPage();
    await page.setViewportSize({ width: 800, height: 600 });
    await page.emulateMedia({ media: "print" });
    await page.goto(fixture.server.origin + "/world/fair/");
    const different: string[] = [];
    for (const selector of [".byline a", ".tags a", ".story__body a"]) {
      const link = page.locator(selector).first();
      const printed = await link.screenshot();
      // The same address written out after the link's text, marked left to right (<bdi dir="ltr">), in place
      // of what the stylesheet prints. A rule added through the CSSOM, which the page's policy allows.
      await link.evaluate((element) => {
        document.styleSheets[0]!.insertRule(".story a[href].written-out::after { content: none; }", document.styleSheets[0]!.cssRules.length);
        const address = document.createElement("span");
        address.style.fontSize = "0.85em";
        address.style.overflowWrap = "anywhere";
        const bdi = document.createElement("bdi");
        bdi.dir = "ltr";
        bdi.textContent = element.getAttribute("href");
        address.append(" (", bdi, ")");
        element.append(address);
        element.classList.add("written-out");
      });
      if (!printed.equals(await link.screenshot())) different.push(`${selector} (${await link.getAttribute("href")})`);
    }
    await page.close();
    assert.deepEqual(different, []);
  });
});
