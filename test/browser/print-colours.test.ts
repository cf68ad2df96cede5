// A page printed while the reader's system is in dark mode must come out as dark text on white paper:
// the dark scheme's colours (a highlight's brown, light links) printed light-on-dark or light-on-white.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { browseFixture, chromiumMissing } from "../helpers/chromium.ts";
import { article } from "../helpers/site.ts";

const skip = chromiumMissing();

const BODY = `Boats came back to the <mark>harbour</mark> after the \`dredger\` left, [the port said](https://port.example.com/news).

\`\`\`
depth --berth 4 --metres
\`\`\`

> The channel is open again.
`;

/** What a reader prints, on each kind of page: the story and its parts, and a card of the front page. */
const PRINTED: Record<string, string[]> = {
  "/world/harbour/": [".site-name", ".story .kicker a", ".story h1", ".times", ".short-url a", ".story__body p", ".story__body a", ".story__body mark", ".story__body p code", ".story__body pre", ".story__body pre code", ".story__body blockquote p", ".tags a"],
  "/": [".story-card .kicker a", ".story-card__headline a", ".story-card__time"],
};

describe("printing in dark mode", { skip }, () => {
  const fixture = browseFixture({ "harbour.md": article({ headline: "Harbour reopens", slug: "harbour", tags: "[Harbour]" }, BODY) });

  for (const colorScheme of ["dark", "light"] as const) {
    test(`with the system ${colorScheme}, every printed text is dark on white`, async () => {
      const page = await fixture.browser.context.newPage();
      await page.emulateMedia({ media: "print", colorScheme });
      const faint: string[] = [];
      for (const [address, selectors] of Object.entries(PRINTED)) {
        await page.goto(fixture.server.origin + address);
        for (const selector of selectors) {
          const element = page.locator(selector).first();
          assert.ok(await element.count(), `${address} has ${selector}`);
          // The text's colour and the first background behind it that is not transparent: the paper's white
          // if none is. No named inner functions: tsx names them with a helper the page does not have.
          const [text, background] = await element.evaluate((node) => {
            const color = getComputedStyle(node).color;
            let backdrop = "rgb(255, 255, 255)";
            for (let under: Element | null = node; under; under = under.parentElement) {
              const fill = getComputedStyle(under).backgroundColor;
              if (fill !== "transparent" && !/rgba\(.*, 0\)$/.test(fill)) {
                backdrop = fill;
                break;
              }
            }
            return [color, backdrop];
          });
          const ink = luminance(text);
          const paper = luminance(background);
          const contrast = (Math.max(ink, paper) + 0.05) / (Math.min(ink, paper) + 0.05);
          // Dark text reaching 7:1 on its background, and that background near white: a pale highlight is kept.
          if (ink > paper || contrast < 7 || paper < 0.8) faint.push(`${address} ${selector}: ${text} on ${background} (${contrast.toFixed(1)}:1)`);
        }
      }
      await page.close();
      assert.deepEqual(faint, []);
    });
  }
});

/** WCAG's relative luminance of a computed colour, rgb() or rgba() (its alpha is not weighed). */
function luminance(color: string): number {
  const channels = color.match(/[\d.]+/g)?.slice(0, 3).map(Number);
  assert.ok(channels?.length === 3, `a computed colour: ${color}`);
  const [red, green, blue] = channels.map((channel) => {
    const share = channel / 255;
    return share <= 0.04045 ? share / 12.92 : ((share + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
}
