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

/** Each link of the story's body, and what is printed after it (its ::after content, as Chromium computes it). */
const PRINTED_AFTER = [
  ["https://port.example.com/news", "none"],
  ["www.port.example.org", "none"],
  ["https://harbour.example.net/depths", "none"],
  ["desk@port.example.com", "none"],
  ["its notice", '" (https://port.example.com/notice)"'],
  ["https://port.example.com/map", "none"],
];

/** An editor's raw HTML links, and Markdown's, whose text spells their address another way. */
const RAW_BODY = `The port's <a href="https://port.example.com/raw/">https://port.example.com/raw/</a>, [PORT.example.com/tides](https://port.example.com/tides/) and <a href="https://port.example.com/r">its report</a>.
`;

const RAW_PRINTED_AFTER = [
  ["https://port.example.com/raw/", "none"],
  ["PORT.example.com/tides", "none"],
  ["its report", '" (https://port.example.com/r)"'],
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
