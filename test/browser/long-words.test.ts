// Long words where an editor may write them (a hashtag-style tag, a compound name, a URL, a section's
// name in the settings) must not push a page wider than a 320px phone: the reader would have to scroll
// every line sideways.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { browseFixture, chromiumMissing } from "../helpers/chromium.ts";
import { sidewaysOverflow } from "../helpers/reflow.ts";
import { article } from "../helpers/site.ts";

const skip = chromiumMissing();
const WORD = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen";

describe("long words on a 320px phone", { skip }, () => {
  const fixture = browseFixture({
    "long.md": article(
      {
        headline: `"${WORD} headline"`,
        bullets: `["${WORD} bullet"]`,
        dateline: WORD,
        tags: `["${WORD}", "#PakistanZindabadForeverAndEverAndEver"]`,
        author: WORD,
        image: `{ src: /images/placeholder-lead.svg, alt: Alt, caption: "${WORD} caption", credit: "${WORD}" }`,
        slug: "long",
      },
      `A body with ${WORD}${WORD} and https://example.com/${"a".repeat(120)} in it.\n\n| ${WORD} | ${WORD} |\n| --- | --- |\n| ${WORD} | x |\n\n\`\`\`\n${"z".repeat(200)}\n\`\`\`\n`,
    ),
  }, { sections: [{ slug: "world", name: `World and ${WORD}` }] });

  test("no page sticks out sideways", async () => {
    const page = await fixture.browser.context.newPage();
    await page.setViewportSize({ width: 320, height: 640 });
    const wide: string[] = [];
    for (const url of ["/world/long/", "/", "/world/", "/tags/", "/authors/", "/search/"]) {
      await page.goto(fixture.server.origin + url);
      const overflow = await sidewaysOverflow(page);
      if (overflow !== 0) wide.push(`${url}: ${overflow}px too wide`);
    }
    await page.close();
    assert.deepEqual(wide, []);
  });
});
