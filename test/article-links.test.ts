import { describe, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { checkBodyLinks, findBodyLinks, type LinkContext, type LinkingArticle } from "../src/article-links.ts";

describe("findBodyLinks", () => {
  test("finds inline links, images and reference definitions with their file lines", () => {
    const body = ["First [one](/world/a/) and ![pic](/images/x.png).", "", "[ref]: <../b.md>", "Then [two](https://x.org/ \"t\")."].join("\n");
    assert.deepEqual(findBodyLinks(body, 10), [
      { target: "/world/a/", line: 10, kind: "link" },
      { target: "/images/x.png", line: 10, kind: "image" },
      { target: "../b.md", line: 12, kind: "link" },
      { target: "https://x.org/", line: 13, kind: "link" },
    ]);
  });

  test("finds addresses written out, bare or in angle brackets, without their closing punctuation", () => {
    const body = "Read https://news.example.com/world/a/. Or <https://news.example.com/world/b/>, or [c](https://x.org/c).";
    assert.deepEqual(
      findBodyLinks(body, 1).map((link) => link.target),
      ["https://x.org/c", "https://news.example.com/world/a/", "https://news.example.com/world/b/"],
    );
  });

  test("reads raw HTML whose tag is named as an object's own property (<constructor>) as any other: npm run check threw on it", () => {
    const body = 'A story quoting markup: <constructor href="/world/c/">c</constructor> and <a href="/world/a/">a</a>.';
    assert.deepEqual(
      findBodyLinks(body, 1).map((link) => link.target),
      ["/world/a/"],
    );
  });

  test("skips fenced code and code spans", () => {
    const body = ["```md", "[in fence](/world/gone/)", "```", "`[in span](/world/gone/)` but [real](/world/here/)", "~~~", "[x](/y/z/)", "~~~"].join("\n");
    assert.deepEqual(
      findBodyLinks(body, 1).map((link) => link.target),
      ["/world/here/"],
    );
  });
});

describe("findBodyLinks and indented code", () => {
  test("skips a block of code indented four spaces or a tab, at the top, in a quote or in a list item", () => {
    const body = ["Para.", "", "    [x](/world/code-a/)", "", "\t[t](/world/code-b/)", "", "> Quote.", ">", ">     [q](/world/code-c/)", "", "- Item.", "", "        [i](/world/code-d/)", "", "[real](/world/a/)"].join("\n");
    assert.deepEqual(findBodyLinks(body, 1).map(({ target, line }) => `${line} ${target}`), ["15 /world/a/"]);
  });

  test("finds links on indented lines that markdown-it reads as text: a list item's paragraph, a paragraph's next line", () => {
    const body = ["- Item.", "", "    More of the item [a](/world/a/).", "", "A paragraph", "    goes on [b](/world/b/).", "", "1. One", "    [c](/world/c/)"].join("\n");
    assert.deepEqual(findBodyLinks(body, 1).map(({ target, line }) => `${line} ${target}`), ["3 /world/a/", "6 /world/b/", "9 /world/c/"]);
  });
});

describe("findBodyLinks, over lines and in raw HTML", () => {
  test("gives a link whose text or target runs onto the next line the line of its target", () => {
    const body = ["Intro [a link that", "runs over](/world/a/) two lines, and [b](", "/world/b/).", "", "[ref]:", "  /world/c/"].join("\n");
    assert.deepEqual(findBodyLinks(body, 7), [
      { target: "/world/a/", line: 8, kind: "link" },
      { target: "/world/b/", line: 9, kind: "link" },
      { target: "/world/c/", line: 12, kind: "link" },
    ]);
  });

  test("a blank line ends a link's text: brackets in two paragraphs are no link", () => {
    assert.deepEqual(findBodyLinks("[not\n\na link](/world/a/)", 1), []);
  });

  test("finds the addresses of raw HTML, each on the line of its attribute, decoded as the page reads them", () => {
    const body = ['<p>See <a href="/world/a/">this</a> and', "<a", '  href="/world/b/">that</a>, <img src="/images/x.png" alt="">', '<a href="/world/c/?x=1&amp;y=2">c</a></p>'].join("\n");
    assert.deepEqual(
      findBodyLinks(body, 1).map(({ target, line }) => `${line} ${target}`),
      ["1 /world/a/", "3 /world/b/", "3 /images/x.png", "4 /world/c/?x=1&y=2"],
    );
  });

  test("takes the addresses of a raw <img>, in any case, for images, as a Markdown image's", () => {
    const body = ['<p><IMG SRC="/images/a.png" srcset="/images/b.png 2x"> <a href="/world/c/">c</a>', '<img alt=""', '  src="/images/d.png"></p>'].join("\n");
    assert.deepEqual(
      findBodyLinks(body, 1).map(({ target, line, kind }) => `${line} ${target} ${kind}`),
      ["1 /images/a.png image", "1 /images/b.png image", "1 /world/c/ link", "3 /images/d.png image"],
    );
    const links = findBodyLinks('<img src="/images/missing.png" width="10">', 4);
    assert.deepEqual(checkBodyLinks(from, links, context).map((problem) => `${problem.line}: ${problem.message}`), ["4: the image /images/missing.png does not exist: found no file at public/images/missing.png"]);
  });

  test("takes the files of a raw <video>, <audio> and their <source> as video or audio, a poster as an image and a <track> as a text track", () => {
    const body = ['<VIDEO SRC="clip.mp4" poster="still.jpg" controls><source src="/clips/b.webm"><track src="en.vtt"></VIDEO>', '<audio controls src="sound.mp3"></audio> <a href="clip.mp4">the clip</a>'].join("\n");
    assert.deepEqual(
      findBodyLinks(body, 1).map(({ target, line, kind }) => `${line} ${target} ${kind}`),
      ["1 clip.mp4 media", "1 still.jpg image", "1 /clips/b.webm media", "1 en.vtt track", "2 sound.mp3 media", "2 clip.mp4 link"],
    );
  });

  test("skips what an HTML comment holds, closed or left open", () => {
    assert.deepEqual(findBodyLinks('<!-- [x](/world/a/) <a href="/world/b/"> -->\n[y](/world/c/)\n<!-- [z](/world/d/)', 1).map((link) => link.target), ["/world/c/"]);
  });

  test("a <!-- in a paragraph opens a comment only when its --> ends the paragraph's text: markdown-it leaves the rest as text", () => {
    const targets = (body: string) => findBodyLinks(body, 1).map(({ target, line }) => `${line} ${target}`);
    assert.deepEqual(targets("Text <!-- not ended here\n\n[x](/world/a/)"), ["3 /world/a/"]);
    assert.deepEqual(targets("Text <!-- ended\non its next line [x](/world/a/) -->\n\n[y](/world/b/)"), ["4 /world/b/"]);
    assert.deepEqual(targets("Text <!-- not ended before a heading\n# A [x](/world/a/) -->"), ["2 /world/a/"]);
    // One that opens a line is a block of HTML, which markdown-it reads on to its -->, past blank lines, in a quote too.
    assert.deepEqual(targets("<!-- a block\n\n[x](/world/a/)\n\n-->\n\n[y](/world/b/)"), ["7 /world/b/"]);
    assert.deepEqual(targets("> <!-- a quoted block\n>\n> [x](/world/a/) -->\n\n[y](/world/b/)"), ["5 /world/b/"]);
  });

  test("reads comments as each htmlPolicy publishes them", () => {
    const targets = (body: string, policy: "sanitized" | "trusted" | "none") => findBodyLinks(body, 1, policy).map(({ target }) => target);
    const banged = 'A <!-- note --!> <a href="/world/a/">x</a> [y](/world/b/) --> [z](/world/c/)';
    assert.deepEqual(targets(banged, "sanitized"), ["/world/c/"], "the sanitiser reads on to the -->");
    assert.deepEqual(targets(banged, "trusted"), ["/world/c/", "/world/a/"], "a browser ends it at the --!>, and shows the tag's link; the Markdown link is text in markdown-it's piece of HTML");
    assert.deepEqual(targets('A <!-- [x](/world/a/) --> <a href="/world/b/">b</a>', "none"), ["/world/a/"], "a comment and a tag are text");
    const blocks = '<div><!-- a --!></div>\n\n[x](/world/a/)\n\n<!-- b --!><a href="/world/b/">b</a>\n\n[y](/world/c/)\n\n<!-- end -->';
    assert.deepEqual(targets(blocks, "trusted"), ["/world/a/", "/world/b/"], "a block a tag opens ends at a blank line, one a comment opens at its --> line");
  });

  test("inside a block of HTML only a tag links: markdown-it reads no Markdown there, and links no address written out", () => {
    const targets = (body: string, policy: "sanitized" | "trusted" | "none" = "sanitized") => findBodyLinks(body, 1, policy).map(({ target, line }) => `${line} ${target}`);
    const body = '<div>\n[x](/world/a/) https://news.example.com/world/b/ <a href="/world/c/">c</a>\n</div>\n\nAfter the block [y](/world/d/).';
    assert.deepEqual(targets(body), ["2 /world/c/", "5 /world/d/"]);
    assert.deepEqual(targets(body, "trusted"), ["2 /world/c/", "5 /world/d/"]);
    // A tag that does not open a block (an <a> with text after it on its line) begins a paragraph, whose Markdown is read.
    assert.deepEqual(targets('<a href="/world/a/">a</a> and [b](/world/b/)'), ["1 /world/b/", "1 /world/a/"]);
    // Under none the tags are text, and the lines a paragraph.
    assert.deepEqual(targets(body, "none"), ["2 /world/a/", "2 https://news.example.com/world/b/", "5 /world/d/"]);
  });

  test("a <!-- inside a tag's attribute value starts no comment", () => {
    const body = ['<a title="a <!-- b" href="/world/a/">x</a>', "[y](/world/b/)", "<p title='<!--'", '  data-x="-->"><a href="/world/c/">z</a></p>', "<!-- <a title=\"\" href=\"/world/d/\"> -->"].join("\n");
    assert.deepEqual(findBodyLinks(body, 1).map(({ target, line }) => `${line} ${target}`), ["1 /world/a/", "2 /world/b/", "4 /world/c/"]);
  });
});

const ARTICLES = path.resolve("articles-fixture");
const context: LinkContext = {
  baseUrl: "https://news.example.com",
  shortUrlBase: "https://news.example.com/s",
  articleFolders: new Set(["news", "world", "pakistan"]),
  articleUrls: new Map([
    ["/world/here/", { draft: false }],
    ["/pakistan/draft-story/", { draft: true }],
  ]),
  shortCodes: new Map([["abc234", { draft: false }]]),
  articleFiles: new Set([path.join(ARTICLES, "2026/11/here.md")]),
  fileExists: (file) => file === path.resolve("public/images/x.png"),
  publicDir: path.resolve("public"),
};
const from = { sourcePath: "articles-fixture/2026/11/from.md", file: path.join(ARTICLES, "2026/11/from.md"), draft: false };
const messages = (targets: string[], image = false, source = from) =>
  checkBodyLinks(source, targets.map((target, i) => ({ target, line: i + 1, kind: image ? "image" : "link" })), context).map((problem) => `${problem.line}: ${problem.message}`);

describe("checkBodyLinks", () => {
  test("accepts links to articles, short codes, files and other sites", () => {
    const fine = ["/world/here/", "/world/here", "/world/here/index.html#top", "https://news.example.com/world/here/", "https://news.example.com/s/abc234", "/s/abc234", "here.md", "./here.md#x", "/world/", "/about/", "https://elsewhere.org/world/gone/", "#notes", "mailto:desk@example.com"];
    assert.deepEqual(messages(fine), []);
    assert.deepEqual(messages(["/images/x.png"], true), []);
  });

  test("reports links to no article, no short code or no article file, with the line", () => {
    assert.deepEqual(messages(["/world/gone/", "https://news.example.com/news/gone", "/s/zzz999", "../10/missing.md"]), [
      "1: the link to /world/gone/ points to no article: no article is published at /world/gone/",
      "2: the link to https://news.example.com/news/gone points to no article: no article is published at /news/gone/",
      "3: the short link /s/zzz999 points to no article: no article has the short code zzz999",
      "4: the link to ../10/missing.md points to no article: there is no article file at articles-fixture/2026/10/missing.md",
    ]);
  });

  test("reports a published article linking to a draft, but not a draft linking to a draft", () => {
    assert.match(messages(["/pakistan/draft-story/"])[0]!, /points to a draft, which is never published/);
    assert.deepEqual(messages(["/pakistan/draft-story/"], false, { ...from, draft: true }), []);
  });

  test("reports a link or short link to a story scheduled after the linking one and after now, but not to one out by then", () => {
    const at = (iso: string) => ({ iso, epochMs: Date.parse(iso) });
    const scheduled = { ...context, now: Date.parse("2026-11-30T12:00:00Z"), articleUrls: new Map([["/world/later/", { draft: false, published: at("2027-01-01T10:00:00+05:00") }]]), shortCodes: new Map([["LATR", { draft: false, published: at("2027-01-01T10:00:00+05:00") }]]) };
    const checked = (source: LinkingArticle) => checkBodyLinks(source, ["/world/later/", "/s/LATR"].map((target, i) => ({ target, line: i + 1, kind: "link" as const })), scheduled).map((problem) => `${problem.line}: ${problem.message}`);
    assert.deepEqual(checked(from), [
      "1: the link to /world/later/ points to a story scheduled for 2027-01-01T10:00:00+05:00, which is not published until then, after this one; link to it once it is out, or schedule this story after it",
      "2: the short link /s/LATR points to a story scheduled for 2027-01-01T10:00:00+05:00, which is not published until then, after this one; link to it once it is out, or schedule this story after it",
    ]);
    assert.deepEqual(checked({ ...from, published: Date.parse("2027-02-01T00:00:00Z") }), [], "a story out after it");
    assert.deepEqual(checked({ ...from, draft: true }), [], "a draft");
  });

  test("reports images that do not exist", () => {
    assert.deepEqual(messages(["/images/missing.png"], true), ["1: the image /images/missing.png does not exist: found no file at public/images/missing.png"]);
    assert.deepEqual(messages(["https://cdn.example.com/a.png"], true), []);
  });
});
