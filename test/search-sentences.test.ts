import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { parseHTML } from "linkedom";
import { asSentences, sentenceShape } from "../src/search-sentences.ts";

/** The searched HTML as Pagefind is given it, parsed. */
function given(html: string, storyLanguage: string, indexLanguage: string): HTMLElement {
  const { document } = parseHTML(`<html><body><article>${asSentences(html, storyLanguage, sentenceShape(storyLanguage, indexLanguage))}</article></body></html>`);
  return document.querySelector("article") as unknown as HTMLElement;
}

const JAPANESE = "<h1>東京で会議</h1>\n<ul><li>政府が目標を示した</li><li>野党は「遅すぎる」と批判！</li></ul>\n<p>政府は20日、\n会議を開いた。</p>\n<h2 id=\"課題\">今後の課題</h2>\n<p>次の通り：</p>\n<ul><li>物価</li></ul>";

describe("asSentences", () => {
  test("a Japanese story in a Japanese index runs its blocks on, each ended with 。 where it has no end of its own, with no space between them", () => {
    const article = given(JAPANESE, "ja", "ja");
    assert.equal(article.textContent, "東京で会議。政府が目標を示した。野党は「遅すぎる」と批判！政府は20日、会議を開いた。今後の課題。次の通り：物価。");
    assert.equal(article.querySelectorAll("h1, h2, p, ul, li").length, 0, "no element Pagefind ends with a space and a Latin full stop");
  });

  test("headings keep the weight Pagefind gives them, and their ids", () => {
    const article = given(JAPANESE, "ja", "ja");
    const weighted = [...article.querySelectorAll("[data-pagefind-weight]")].map((span) => [span.textContent, span.getAttribute("data-pagefind-weight")]);
    assert.deepEqual(weighted, [["東京で会議。", "7"], ["今後の課題。", "6"]]);
    assert.equal(article.querySelector("[data-pagefind-weight='6']")?.id, "課題");
  });

  test("Chinese, and Japanese set by its script, are ended with 。 too", () => {
    assert.equal(given("<p>选举结果公布</p><p>经济增长</p>", "zh-Hans", "zh-Hans").textContent, "选举结果公布。经济增长。");
    assert.equal(given("<p>会議</p>", "ja-Jpan", "ja").textContent, "会議。");
  });

  test("in an index that does not cut Japanese into words (an English site's), the blocks stay blocks, ended with 。", () => {
    const article = given("<p>東京で会議</p><ul><li>経済</li></ul>", "ja", "en");
    assert.deepEqual([...article.querySelectorAll("p, li")].map((block) => block.textContent), ["東京で会議。", "経済。"]);
  });

  test("a story in Urdu or Hindi ends its blocks with its own full stop; English, and Thai, are left to Pagefind as they were", () => {
    assert.deepEqual([...given("<h1>کتاب میلہ</h1><p>مفت داخلہ</p>", "ur", "en").children].map((block) => block.textContent), ["کتاب میلہ۔", "مفت داخلہ۔"]);
    assert.equal(given("<p>चुनाव</p>", "hi", "hi").textContent, "चुनाव।");
    const english = "<h1>Harbour reopens</h1><p>Ferries run &amp; sail</p>";
    assert.equal(asSentences(english, "en", sentenceShape("en", "ja")), english);
    assert.equal(asSentences("<p>ข่าว</p>", "th", sentenceShape("th", "th")), "<p>ข่าว</p>");
  });

  test("text and attributes stay escaped, inline elements and pictures' words stay where they were, an empty block gets no full stop", () => {
    const article = given('<p>株価 <em>&lt;急落&gt;</em> &amp; 円高</p><p></p><p><a href="/x?a=1&amp;b=&quot;2&quot;">記事</a></p>', "ja", "ja");
    assert.equal(article.textContent, "株価 <急落> & 円高。記事。");
    assert.equal(article.querySelector("a")?.getAttribute("href"), '/x?a=1&b="2"');
    assert.equal(article.querySelector("em")?.textContent, "<急落>");
  });

  test("a line break between Latin words stays a space; one between Japanese characters goes, as a browser shows it", () => {
    assert.equal(given("<p>APEC\nsummit と\n東京</p>", "ja", "ja").textContent, "APEC\nsummit と東京。");
    assert.equal(given("<p>東京都は\n会議を開いた</p>", "ja", "ja").textContent, "東京都は会議を開いた。");
  });
});
