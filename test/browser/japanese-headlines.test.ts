// Japanese is written without spaces, so a browser may break a line anywhere in it: a headline broke
// inside a number or a word ("２０３／０年"). Chromium can break it between phrases instead.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { browseFixture, chromiumMissing } from "../helpers/chromium.ts";
import { article } from "../helpers/site.ts";

const skip = chromiumMissing();

describe("a Japanese story's headlines", { skip }, () => {
  const fixture = browseFixture({
    "plan.md": article({ headline: "都が２０３０年度までの再開発計画を正式に決定、住民説明会を来月開催へ", lang: "ja", slug: "plan" }, "本文。\n\n## 住民の懸念\n\n本文。"),
    "port.md": article({ headline: "The harbour reopens to fishing boats after the channel is cleared", slug: "port" }, "Body."),
  });

  const wordBreak = async (url: string, selector: string) => {
    const page = await fixture.browser.context.newPage();
    await page.goto(fixture.server.origin + url);
    const value = await page.locator(selector).first().evaluate((element) => getComputedStyle(element).wordBreak);
    await page.close();
    return value;
  };

  test("break between phrases, on the story's page and its card on the front page", async () => {
    assert.equal(await wordBreak("/world/plan/", ".story h1"), "auto-phrase");
    assert.equal(await wordBreak("/world/plan/", ".story__body h2"), "auto-phrase");
    assert.equal(await wordBreak("/", '.story-card[lang="ja"] .story-card__headline'), "auto-phrase");
  });

  test("an English headline keeps the usual breaks", async () => {
    assert.equal(await wordBreak("/world/port/", ".story h1"), "normal");
  });
});
