// test/helpers/xml.ts, which the feed and sitemap tests read files with, reads text as a reader's XML parser
// does: every character reference turned into its character, once, whatever the file writes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { rssText } from "../src/feeds.ts";
import { parseXml, textIn, type XmlNode } from "./helpers/xml.ts";

/** An RSS feed of one item whose titles and category hold TEXT, written as the RSS template writes plain text. */
function feedHolding(text: string): string {
  const written = rssText(text);
  return `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>${written}</title><item><title>${written}</title><category>${written}</category></item></channel></rss>`;
}

test("plain text with & < > \" ' and references of its own reads back as written from RSS", () => {
  for (const text of [`Fish & chips <3 "quoted" 'single' <b>bold</b> > 2`, "An editor's literal &#x26;, &amp; and &#60;", "&#x26;amp;", "&amp;#x3C;"]) {
    const channel = parseXml(feedHolding(text)).rss as XmlNode;
    assert.equal(textIn((channel.channel as XmlNode).title), text, "the channel's title");
    const [item] = (channel.channel as XmlNode).item as XmlNode[];
    assert.equal(textIn(item!.title), text, "the item's title");
    assert.deepEqual((item!.category as unknown[]).map(textIn), [text], "its category");
  }
});

test("references in attribute values are read too, decimal and hexadecimal alike, beyond the Basic Multilingual Plane", () => {
  const feed = parseXml(`<feed><link href="/search/?q=a&amp;b&#x3C;c&#62;d&#x1F600;" title="&quot;&apos;&#233;"/></feed>`).feed as XmlNode;
  const [link] = feed.link as XmlNode[];
  assert.equal(link!["@href"], "/search/?q=a&b<c>d😀");
  assert.equal(link!["@title"], `"'é`);
});

test("a CDATA section is read as written, references and all", () => {
  assert.equal(textIn((parseXml("<r><t><![CDATA[&amp; &#x26; <b>]]></t></r>").r as XmlNode).t), "&amp; &#x26; <b>");
});

test("a reference XML does not define, or one to a character XML may not hold, fails as a reader's parser would", () => {
  for (const [text, message] of [
    ["<r>&nbsp;</r>", /&nbsp; is not one of XML's references/],
    ["<r>&copy;</r>", /&copy; is not one of XML's references/],
    ["<r>&#0;</r>", /&#0; stands for a character XML may not hold/],
    ["<r>&#x1B;</r>", /&#x1B; stands for a character XML may not hold/],
    ["<r>&#xD800;</r>", /&#xD800; stands for a character XML may not hold/],
    ['<r a="&#x110000;"/>', /&#x110000; stands for a character XML may not hold/],
  ] as const) {
    assert.throws(() => parseXml(text), message, text);
  }
});
