// What a reader of a Japanese or Chinese site meets on its search page: a word from a story's body finds
// it (Pagefind cuts the text into words by the index's language), and the result's headline and excerpt
// read as the story does, with the language's full stop between its parts and no Latin ". ".
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import type { Page } from "playwright-core";
import { browseFixture, chromiumMissing, type BrowsedFixture } from "../helpers/chromium.ts";
import { fragmentTexts } from "../helpers/pagefind.ts";

const skip = chromiumMissing();

function story(fields: Record<string, string>, body: string): string {
  const lines = Object.entries(fields).map(([key, value]) => `${key}: ${value}`);
  return `---\n${lines.join("\n")}\n---\n\n${body}\n`;
}

const JAPANESE = {
  "tokyo.md": story(
    {
      headline: "東京で経済対策会議　ＡＰＥＣ首脳も参加",
      bullets: "\n  - 政府は２０３０年までの目標を示した\n  - 野党は「遅すぎる」と批判！",
      date: "2026-11-20T10:00:00+09:00",
      section: "world",
      dateline: "東京",
      tags: "[経済, 東京]",
      author: "[山田太郎, 佐藤花子]",
    },
    "政府は２０日、東京都内で経済対策会議を開き、\n物価高への対応を協議した。\n\n## 今後の課題\n\n会議ではＡＰＥＣの議論も紹介された",
  ),
  "harbour.md": story({ headline: "Harbour reopens", date: "2026-11-19T10:00:00+09:00", section: "world", lang: "en" }, "Ferries run again."),
};

const CHINESE = {
  "election.md": story(
    { headline: "地方选举结果公布", bullets: "\n  - 投票率创新高\n  - 经济议题成焦点", date: "2026-11-20T10:00:00+08:00", section: "world", tags: "[选举]" },
    "选举委员会周五公布了结果\n\n## 经济政策\n\n新政府将推动经济改革。",
  ),
};

/** The search page's results for `query`: each headline's text, language and link, and its excerpt's text and language. */
async function results(page: Page, origin: string, query: string): Promise<{ headline: string; href: string; lang: string; excerpt: string; excerptLang: string }[]> {
  await page.goto(`${origin}/search/?q=${encodeURIComponent(query)}`);
  await page.locator("[data-search-status]", { hasText: /found|\d/ }).waitFor();
  await page.locator(".search-results li").first().waitFor();
  return page.locator(".search-results li").evaluateAll((items) =>
    items.map((item) => {
      const heading = item.querySelector("h2")!;
      const excerpt = item.querySelector("p:not(.kicker)")!;
      return { headline: heading.textContent ?? "", href: heading.querySelector("a")?.getAttribute("href") ?? "", lang: heading.getAttribute("lang") ?? "", excerpt: excerpt.textContent ?? "", excerptLang: excerpt.getAttribute("lang") ?? "" };
    }),
  );
}

/** The whole text Pagefind keeps of each story (what excerpts are cut from), by its address, with the word breaks it marks taken out. */
async function fragments(fixture: BrowsedFixture): Promise<Map<string, { content: string; meta: Record<string, string> }>> {
  const texts = await fragmentTexts(path.join(fixture.site.outputDir, "pagefind"));
  return new Map(
    texts.map((text) => {
      const { url, content, meta } = JSON.parse(text) as { url: string; content: string; meta: Record<string, string> };
      return [url, { content: content.replaceAll("\u200B", ""), meta }];
    }),
  );
}

describe("searching a Japanese site", { skip }, () => {
  const fixture = browseFixture(JAPANESE, { language: "ja", name: "東西新聞" });

  test("a word from the body finds the story; its headline is as written and its excerpt runs on with 。, in Japanese", async () => {
    const page = await fixture.browser.context.newPage();
    const found = await results(page, fixture.server.origin, "物価高");
    assert.equal(found.length, 1);
    const [result] = found;
    assert.equal(result!.href, "/world/tokyo/");
    assert.equal(result!.headline, "東京で経済対策会議　ＡＰＥＣ首脳も参加", "the headline keeps its full-width letters");
    assert.deepEqual([result!.lang, result!.excerptLang], ["ja", "ja"]);
    assert.match(result!.excerpt, /物価高/);
    assert.doesNotMatch(result!.excerpt, /\. |\.$/, "no Latin full stop");
    assert.match(result!.excerpt, /開き、物価高/, "the source's line break inside the paragraph is not a space");
    for (const word of ["東京", "経済"]) assert.ok((await results(page, fixture.server.origin, word)).some((item) => item.href === "/world/tokyo/"), word);
    await page.close();
  });

  test("Pagefind is given each part of the story ended with 。 and nothing between them; the English story keeps its own full stops", async () => {
    const stories = await fragments(fixture);
    const tokyo = stories.get("/world/tokyo/")!;
    assert.equal(tokyo.meta.lang, "ja");
    assert.match(tokyo.content, /目標を示した。野党は「遅すぎる」と批判！By 山田太郎、佐藤花子。東京：政府は/);
    assert.match(tokyo.content, /紹介された。経済。東京。$/);
    assert.doesNotMatch(tokyo.content, /\./);
    assert.equal(stories.get("/world/harbour/")?.content, "Harbour reopens. Ferries run again.");
  });
});

describe("searching a Chinese site", { skip }, () => {
  const fixture = browseFixture(CHINESE, { language: "zh-Hans", name: "东方日报" });

  test("a word from the body finds the story, whose excerpt ends its parts with 。 and no space, in Chinese", async () => {
    const page = await fixture.browser.context.newPage();
    for (const word of ["选举", "经济"]) {
      const found = await results(page, fixture.server.origin, word);
      assert.deepEqual(found.map((item) => [item.href, item.lang, item.excerptLang]), [["/world/election/", "zh-Hans", "zh-Hans"]], word);
      assert.doesNotMatch(found[0]!.excerpt, /\. /, word);
    }
    const { content } = (await fragments(fixture)).get("/world/election/")!;
    assert.match(content, /^地方选举结果公布。 投票率创新高。经济议题成焦点。选举委员会周五公布了结果。 经济政策。 新政府将推动经济改革。选举。$/);
    await page.close();
  });
});
