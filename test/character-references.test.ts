// A numeric character reference in a story's Markdown text is published as a browser reads it, as the same
// reference in raw HTML is; one that spells a character a story may not hold refuses the story on its line,
// under every policy; and an image's alt text keeps its entities and escapes.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { parseHTML } from "linkedom";
import { renderStory } from "../src/markdown.ts";
import { article, assertBuildAndCheckRefuse, makeFixtureSite, type FixtureSite } from "./helpers/site.ts";

const POLICIES = ["sanitized", "trusted", "none"] as const;

function parsed(html: string): Document {
  return parseHTML(`<!doctype html><html><body>${html}</body></html>`).document;
}

describe("numeric references in Markdown's text", () => {
  test("Windows-1252's quotes and dashes (&#147; … &#151;) read as a browser reads them, as in raw HTML, not as �", () => {
    const markdown = "He said &#147;yes&#148; &#150; then &#x97; &#x81;.";
    for (const policy of POLICIES) {
      const { html, dropped } = renderStory(markdown, { htmlPolicy: policy });
      assert.deepEqual(dropped, [], policy);
      // U+0081 has no Windows-1252 character: a browser keeps it, and a story may hold it (XML does).
      assert.equal(parsed(html).querySelector("p")?.textContent, "He said “yes” – then — \u0081.", policy);
    }
    const raw = renderStory("<p>He said &#147;yes&#148; &#150; then &#x97; &#x81;.</p>");
    assert.equal(parsed(raw.html).querySelector("p")?.textContent, "He said “yes” – then — \u0081.");
  });

  test("one that spells a character a story may not hold is refused on its line, under every policy", () => {
    const markdown = ["Intro &#x41;&#65533;.", "", "A &#x1b;[2J b", "and &#12; c &#0;", "", "* &#xD800; &#x110000;", "* &#xFDD0; &#x1FFFE;"].join("\n");
    for (const policy of POLICIES) {
      const { dropped } = renderStory(markdown, { htmlPolicy: policy });
      assert.deepEqual(
        dropped.map(({ line, markup, reason, fix }) => `${line} ${markup} ${reason.split(",")[0]} | ${fix}`),
        [
          "3 &#x1b; it spells the control character U+001B (escape) | remove it",
          // A form feed markdown-it would publish as itself, as the story typed in is refused for.
          "4 &#12; it writes the control character U+000C (form feed) | remove it",
          "4 &#0; it spells the control character U+0000 (null) | remove it",
          "6 &#xD800; it spells the lone surrogate U+D800 (half of a character written as a pair | remove it",
          "6 &#x110000; it spells no character (U+110000 is past the last | remove it",
          "7 &#xFDD0; it spells the noncharacter U+FDD0 | remove it",
          "7 &#x1FFFE; it spells the noncharacter U+1FFFE | remove it",
        ],
        policy,
      );
      assert.match(dropped[0]!.reason, /which a story may not hold: markdown-it would publish � in its place/);
      assert.match(dropped[1]!.reason, /which feeds and sitemaps cannot hold: the page would carry the character itself/);
    }
  });

  test("in code, a reference is text as written, and nothing is told", () => {
    const { html, dropped } = renderStory("`&#x1b;`\n\n    &#0;");
    assert.deepEqual(dropped, []);
    assert.deepEqual([...parsed(html).querySelectorAll("code")].map((code) => code.textContent), ["&#x1b;", "&#0;\n"]);
  });
});

test("an image's alt text keeps its entities, references and escapes", () => {
  for (const policy of POLICIES) {
    const { html } = renderStory("![Fish &amp; chips &#8212; 3 \\* 4 &#147;a&#148;](/a.png) and ![x ![y &lt;](/b.png)](/c.png)", { htmlPolicy: policy });
    const alts = [...parsed(html).querySelectorAll("img")].map((image) => image.getAttribute("alt"));
    assert.deepEqual(alts, ["Fish & chips — 3 * 4 “a”", "x y <"], policy);
  }
});

const sites: FixtureSite[] = [];
after(() => Promise.all(sites.map((site) => site.remove())));

test("the build and the check refuse a story with such a reference, naming its file and line", async () => {
  const site = await makeFixtureSite({ "2026/story.md": article({}, "Intro.\n\nA &#x1b;[2J b.") });
  sites.push(site);
  // The front matter takes six lines: the body's third is the file's ninth.
  await assertBuildAndCheckRefuse(site, "2026-11-30T12:00:00Z", /story\.md:9: &#x1b;: it spells the control character U\+001B \(escape\), which a story may not hold: markdown-it would publish � in its place; remove it/);
});
