// `npm run check` promises to report what the build would refuse, in the same words on the same line,
// without rendering a page. This table holds each kind of problem an article file can give the build:
// for each, a story with that one problem, and what the check and the build both say of it. Stories
// are grouped into a few sites, since each refusal names every file: the loader's problems (front
// matter, markup, clashes), then the images' (the pipeline runs only once every story loads), then the
// links' (the link check runs only on a site that renders). Found disagreeing, and fixed: a problem
// with no line of its own (the check put it on line 1, the build on none); a story nested too deep
// (the check did not render it, so missed it); a body image whose address appears earlier in the text,
// is percent-encoded or has an entity (the build named another line, or none, and the decoded
// address); an image given by a reference definition (the check read it as a link); a link or short
// link to a scheduled story, or a short link to a draft (the check let them pass); a drawing that is
// empty or holds no <svg> element (the check let it pass, the image pipeline refused it); under trusted, a
// raw link or image after a comment's --!> and before a --> (a browser shows it; both read the comment on to
// the -->), and a raw image inside a comment (the image pipeline refused it, on no line); a link after a
// paragraph's <!-- that the paragraph does not end, which markdown-it leaves as text (the check read it as a
// comment left open, and let the link pass).
// A link to another page or file of the site the build alone can find, as README says: the check
// would have to make every page to know them. Those rows say so, and fail if the check starts to.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { article, buildFixture, makeFixtureSite, runCli, type FixtureSite, type RunResult } from "./helpers/site.ts";
import { solidPng } from "./helpers/images.ts";

const NOW = "2026-11-30T12:00:00Z";

interface Kind {
  /** What is wrong with the story. */
  kind: string;
  /** The story's file, under articles/. */
  file: string;
  line: number;
  /** The problem as the check names it; the build names it in the same words unless `build` says otherwise. */
  message: RegExp;
  /** Where the words must differ: the build's words, and why they differ. */
  build?: { message: RegExp; why: string };
  /** Where only the check names it, by design: why the build lets it pass. */
  checkOnly?: string;
  /** Where only the build names it, as README says: why the check cannot. Its \`message\` is then the build's. */
  buildOnly?: string;
  /** What neither says of the place: a link or image the page does not show. */
  neither?: RegExp;
}

interface Group {
  name: string;
  files: Record<string, string | Buffer>;
  /** Files beside the articles' folder, in the site's own folder. */
  outside?: Record<string, Buffer>;
  /** The site's settings, when not the defaults. */
  settings?: Record<string, unknown>;
  kinds: Kind[];
  /** Stories neither names at all: what they link to or show, the page does not. */
  unnamed?: Array<{ file: string; why: string }>;
}

const png = solidPng(32, 24);
const scriptedDrawing = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>';
/** A body whose `text` is on line 9 of a story of three fields of front matter (article()'s). */
const bodyAt9 = (text: string) => `Text.\n\n${text}`;
const NOT_BUILT = "the build's link check sees only the built site, a path with no file; the check knows why (no such story, a draft, a time to come)";
/** A comment a browser ends at --!>, then `html`, then a comment that ends at -->, where the sanitiser ends the first. */
const afterBang = (html: string) => article({}, bodyAt9(`<!-- note --!>${html}<!-- end -->`));
/** A comment that holds `html`: nothing of it is on the page. */
const inComment = (html: string) => article({}, bodyAt9(`<!-- ${html} -->`));
const COMMENT_ENDED_TWICE = /^<!-- … --!>: a browser ends a comment at --!>, but the sanitiser reads on to the next -->/;
/** A link to no story: the check says so; the build, which sees only the built site, that no page is there. */
function toNoStory(kind: string, file: string, line: number, target: string): Kind {
  const escaped = target.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return { kind, file, line, message: new RegExp(`^the link to ${escaped} points to no article`), build: { message: new RegExp(`^links to ${escaped}, which is not in the built site$`), why: NOT_BUILT } };
}

const groups: Group[] = [
  {
    name: "front matter, markup and clashes (the loader)",
    outside: { "outside.png": png },
    files: {
      "empty.md": "",
      "no-front-matter.md": "A story without fields.\n",
      "unclosed.md": "---\nheadline: X\n",
      "yaml.md": "---\nheadline: X\ndate: [2026\n---\n\nBody\n",
      "no-closing-fence.md": article().replace(/\n---\n\n/, "\n\n").replace(/\n$/, "\n\n---\n\nAfter a thematic break.\n"),
      "missing-headline.md": article({ headline: "" }),
      "control-character.md": article({ headline: '"Harbour\\u0007 reopens"' }),
      "body-control-character.md": article({}, bodyAt9("The harbour\u000b reopened.")),
      "stray-fence.md": "---\nheadline: Harbour reopens\ndate: 2026-01-05T10:00:00+05:00\n---\nsection: world\n---\n\nThe harbour reopened.\n",
      "unknown-field.md": article({ sectoin: "world" }),
      "bad-date.md": article({ date: "2026-13-45" }),
      "bad-offset.md": article({ date: "2026-01-05T10:00:00+25:00" }),
      "latin1.md": Buffer.from(article({}, bodyAt9("The café reopened.")), "latin1"),
      "lead-address.md": article({ image: "\n  src: https://x.example/a.jpg\n  alt: A" }),
      "lead-not-image.md": article({ image: "\n  src: notes.txt\n  alt: A" }),
      "lead-missing.md": article({ image: "\n  src: gone.jpg\n  alt: A" }),
      "lead-outside.md": article({ image: "\n  src: ../outside.png\n  alt: A" }),
      "script.md": article({}, bodyAt9("<script>alert(1)</script>")),
      "iframe.md": article({}, bodyAt9('<iframe src="https://evil.example/x"></iframe>')),
      "open-comment.md": article({}, bodyAt9("<!-- never closed\n\nMore.")),
      "deep-quotes.md": article({}, bodyAt9(`${">".repeat(1005)} deep`)),
      "deep-list.md": article({}, bodyAt9(Array.from({ length: 600 }, (_, level) => `${"  ".repeat(level)}- level ${level}`).join("\n"))),
      "tags-one-list.md": article({ tags: "[Harbour, harbour!]" }),
      "a/same.md": article({ headline: "One" }),
      "b/same.md": article({ headline: "Two" }),
      "code-1.md": article({ shortUrl: "AbCd" }),
      "code-2.md": article({ shortUrl: "abcd" }),
      "author-1.md": article({ author: "[Ayesha Khan]" }),
      "author-2.md": article({ author: "[Ayesha-Khan]" }),
      "draft.md": article({ draft: "true", headline: "" }),
      "scheduled.md": article({ date: "2027-01-01T10:00:00+05:00", sectoin: "world" }),
      "huge.md": article({}, "word ".repeat(3_500_000)),
      "saved-as.mdx": article({ headline: "Saved as MDX" }),
      "saved-as.txt": article({ headline: "Saved as text" }),
      "saved-without-extension": article({ headline: "Saved without an extension" }),
    },
    kinds: [
      { kind: "an empty file", file: "empty.md", line: 1, message: /^the file is empty: expected front matter/ },
      { kind: "no front matter", file: "no-front-matter.md", line: 1, message: /^no front matter: expected the file to start with a --- line/ },
      { kind: "front matter not closed", file: "unclosed.md", line: 1, message: /^the front matter is not closed/ },
      { kind: "YAML that does not parse", file: "yaml.md", line: 3, message: /^date: the \[ that opens this list is never closed/ },
      { kind: "a closing --- missing, with a thematic break below", file: "no-closing-fence.md", line: 7, message: /^YAML syntax error: .*; is the closing --- missing\? The front matter seems to end on line 4, and the story to start on line 6$/ },
      { kind: "a control character written as an escape", file: "control-character.md", line: 2, message: /^headline: expected text without control characters; found the control character U\+0007 \(bell\) at character 8, which feeds and sitemaps cannot hold: remove it$/ },
      { kind: "a control character in the body", file: "body-control-character.md", line: 9, message: /^the story holds the control character U\+000B \(vertical tab\), which feeds and sitemaps cannot hold/ },
      { kind: "a field after the front matter's closing ---", file: "stray-fence.md", line: 5, message: /^section: this field comes after the --- line that closes the front matter \(line 4\)/ },
      { kind: "a required field missing", file: "missing-headline.md", line: 1, message: /^headline: required, but missing: expected text$/ },
      { kind: "an unknown field", file: "unknown-field.md", line: 5, message: /^sectoin: unknown field \(did you mean section\?\)/ },
      { kind: "a date that is no date", file: "bad-date.md", line: 3, message: /^date: the month 13 of 2026-13-45 does not exist: expected 01 to 12; found "2026-13-45"$/ },
      { kind: "an offset no clock shows", file: "bad-offset.md", line: 3, message: /^date: the offset \+25:00 is one no clock shows: expected an offset from -12:00 to \+14:00.*; found "2026-01-05T10:00:00\+25:00"$/ },
      { kind: "a file that is not UTF-8", file: "latin1.md", line: 9, message: /^the file is not UTF-8 text: this line holds bytes that are not UTF-8/ },
      { kind: "a lead image given as an address", file: "lead-address.md", line: 6, message: /^image\.src: expected a file beside the article or under public\/, found the address/ },
      { kind: "a lead image that is no image file", file: "lead-not-image.md", line: 6, message: /^image\.src: expected an image file \(\.jpg.*found "notes\.txt"$/ },
      { kind: "a lead image that does not exist", file: "lead-missing.md", line: 6, message: /^image\.src: expected an image file beside the article or under public\/; found no file at / },
      { kind: "a lead image outside the articles", file: "lead-outside.md", line: 6, message: /^image\.src: expected a file inside .*articles\/; "\.\.\/outside\.png" leads out of it$/ },
      { kind: "a script the sanitiser drops", file: "script.md", line: 9, message: /^<script>: scripts never run in a story.*htmlPolicy "sanitized" would drop it/ },
      { kind: "a frame from a host not allowed", file: "iframe.md", line: 9, message: /^<iframe src="https:\/\/evil\.example\/x">: frames may only come from / },
      { kind: "a comment left open", file: "open-comment.md", line: 9, message: /^<!--: a comment with no --> to end it hides everything after it/ },
      { kind: "quotes nested too deep", file: "deep-quotes.md", line: 9, message: /^the story nests lists, quotes or emphasis more than 1000 levels deep; everything after would be lost/ },
      { kind: "a list nested too deep", file: "deep-list.md", line: 507, message: /^the story nests lists, quotes or emphasis more than 1000 levels deep/ },
      { kind: "two tags of one story at one address", file: "tags-one-list.md", line: 5, message: /^tags: "Harbour" and "harbour!" both make the address \/tags\/harbour\// },
      { kind: "two stories at one address", file: "b/same.md", line: 1, message: /^would be published at \/world\/same\/, the same address as .*a\/same\.md: the names of both files give the slug same/ },
      { kind: "two short codes that differ only in case", file: "code-2.md", line: 5, message: /^shortUrl: the short code abcd is already used by .*code-1\.md as AbCd/ },
      { kind: "two authors' names at one address", file: "author-2.md", line: 5, message: /^author: .*Ayesha-Khan.*\/authors\/ayesha-khan\// },
      { kind: "a draft's front matter", file: "draft.md", line: 1, message: /^headline: required, but missing/ },
      { kind: "a scheduled story's front matter", file: "scheduled.md", line: 5, message: /^sectoin: unknown field/ },
      { kind: "a file too large to be a story", file: "huge.md", line: 1, message: /^the file is 16\.7 MB: expected at most 16 MB/ },
      { kind: "a story saved as .mdx", file: "saved-as.mdx", line: 1, message: /^not read as a story, though its name ends in \.mdx: .*Rename it to saved-as\.md if it is one/ },
      { kind: "a story saved as .txt", file: "saved-as.txt", line: 1, message: /^not read as a story, though its name ends in \.txt and it begins with front matter's --- line: .*Rename it to saved-as\.md if it is one/ },
      { kind: "a story saved without an extension", file: "saved-without-extension", line: 1, message: /^not read as a story, though it begins with front matter's --- line: / },
    ],
  },
  {
    name: "images (the image pipeline)",
    outside: { "outside.png": png },
    files: {
      "notes.png": "not a picture\n",
      "drawing.svg": scriptedDrawing,
      "empty.svg": "",
      "notes.svg": "A map of the harbour, to follow.\n",
      "lead-unreadable.md": article({ image: "\n  src: notes.png\n  alt: A" }),
      "lead-drawing.md": article({ image: "\n  src: drawing.svg\n  alt: A" }),
      "missing.md": article({}, bodyAt9("![A](gone.png)")),
      "unreadable.md": article({}, bodyAt9("![A](notes.png)")),
      "drawing.md": article({}, bodyAt9("![A](drawing.svg)")),
      "lead-empty-drawing.md": article({ image: "\n  src: empty.svg\n  alt: A" }),
      "not-drawing.md": article({}, bodyAt9("![A](notes.svg)")),
      "not-image.md": article({}, bodyAt9("![A](/css/site.css)")),
      "outside.md": article({}, bodyAt9("![A](../outside.png)")),
      "build-variant.md": article({}, bodyAt9("![A](/img/abc-400.jpeg)")),
      "encoded.md": article({}, bodyAt9("![A](my%20photo.png)")),
      "named-earlier.md": article({}, "We lost photo.png last week.\n\n![A](photo.png)"),
      "twice.md": article({}, "![A](twice.png)\n\nText.\n\n![B](twice.png)"),
      "reference.md": article({}, "Text.\n\n![A][pic]\n\n[pic]: gone-ref.png"),
      "raw-entity.md": article({}, bodyAt9('<img src="a&amp;b.png" alt="" width="3">')),
      "raw-srcset.md": article({}, bodyAt9('<picture><source srcset="gone.webp 2x"><img src="notes.png" alt=""></picture>')),
      "draft-image.md": article({ draft: "true" }, bodyAt9("![A](gone-draft.png)")),
    },
    kinds: [
      { kind: "a lead image that does not begin as an image", file: "lead-unreadable.md", line: 6, message: /^image\.src: could not be read as an image: its first bytes are not those of a PNG/ },
      { kind: "a lead drawing that holds script", file: "lead-drawing.md", line: 6, message: /^image\.src: the drawing .*\/drawing\.svg holds a <script> element/ },
      { kind: "a lead drawing that is empty", file: "lead-empty-drawing.md", line: 6, message: /^image\.src: could not be read as an image: the file is empty$/ },
      { kind: "a body drawing that is no drawing", file: "not-drawing.md", line: 9, message: /^the image notes\.svg could not be read: it holds no <svg> element, so it is not a drawing/ },
      { kind: "a body image that does not exist", file: "missing.md", line: 9, message: /^the image gone\.png does not exist: found no file at / },
      { kind: "a body image that does not begin as an image", file: "unreadable.md", line: 9, message: /^the image notes\.png could not be read: its first bytes/ },
      { kind: "a body drawing that holds script", file: "drawing.md", line: 9, message: /^the drawing .*\/drawing\.svg holds a <script> element/ },
      { kind: "a body image that is no image file", file: "not-image.md", line: 9, message: /^the image \/css\/site\.css is not an image file/ },
      { kind: "a body image outside the articles", file: "outside.md", line: 9, message: /^the image \.\.\/outside\.png leads out of .*articles\/: expected a file inside the articles folder or public\/$/ },
      { kind: "an address of the build's own /img/", file: "build-variant.md", line: 9, message: /^the image \/img\/abc-400\.jpeg does not exist: .*\/img\/ holds the sizes the build makes/ },
      { kind: "a body image written percent-encoded", file: "encoded.md", line: 9, message: /^the image my%20photo\.png does not exist: found no file at .*\/my photo\.png / },
      { kind: "a body image named earlier in the text", file: "named-earlier.md", line: 9, message: /^the image photo\.png does not exist/ },
      { kind: "the same missing image twice: the first", file: "twice.md", line: 7, message: /^the image twice\.png does not exist/ },
      { kind: "the same missing image twice: the second", file: "twice.md", line: 11, message: /^the image twice\.png does not exist/ },
      { kind: "an image by a reference definition", file: "reference.md", line: 11, message: /^the image gone-ref\.png does not exist/ },
      { kind: "a raw <img> whose address has an entity", file: "raw-entity.md", line: 9, message: /^the image a&b\.png does not exist/ },
      { kind: "a raw <picture>'s <source srcset>", file: "raw-srcset.md", line: 9, message: /^the image gone\.webp does not exist/ },
      {
        kind: "a draft's body image",
        file: "draft-image.md",
        line: 10,
        message: /^the image gone-draft\.png does not exist/,
        checkOnly: "a draft is never built; the check reads it like the rest, so it is ready when it is published",
      },
    ],
  },
  {
    name: "links written in stories (the link check)",
    files: {
      "target.md": article({ headline: "Target" }),
      "drafty.md": article({ headline: "Drafty", draft: "true", shortUrl: "DRFT" }),
      "later.md": article({ headline: "Later", date: "2027-01-01T10:00:00+05:00", shortUrl: "LATR" }),
      "to-nothing.md": article({}, bodyAt9("[x](/world/nope/)")),
      "to-draft.md": article({}, bodyAt9("[x](/world/drafty/)")),
      "to-scheduled.md": article({}, bodyAt9("[x](/world/later/)")),
      "short-to-nothing.md": article({}, bodyAt9("[x](https://news.example.com/s/ZZZZ)")),
      "short-to-draft.md": article({}, bodyAt9("[x](/s/DRFT)")),
      "short-to-scheduled.md": article({}, bodyAt9("[x](/s/LATR)")),
      "to-no-file.md": article({}, bodyAt9("[x](nothere.md)")),
      "raw-link.md": article({}, bodyAt9('<a href="/world/nope/">x</a>')),
      "full-address.md": article({}, bodyAt9("[x](https://news.example.com/world/nope/)")),
      "reference-link.md": article({}, "Text.\n\n[x][r]\n\n[r]: /world/nope/"),
      "to-static-file.md": article({}, bodyAt9("[x](/files/report.pdf)")),
      "to-other-page.md": article({}, bodyAt9("[x](/tags/nope/)")),
      "relative.md": article({}, bodyAt9("[x](other/)")),
      "scheduled-linking.md": article({ date: "2027-02-01T10:00:00+05:00" }, bodyAt9("[x](/world/nope/)")),
      "open-in-paragraph.md": article({}, bodyAt9("A <!-- not ended in its paragraph, so no comment\n\n[x](/world/nope/)")),
      "in-html-block.md": article({}, bodyAt9("<div>\n[x](/world/nope-in-block/) and https://news.example.com/world/nope-bare/\n</div>")),
      "tag-in-html-block.md": article({}, bodyAt9('<div>\n<a href="/world/nope-block-tag/">x</a>\n</div>')),
    },
    kinds: [
      toNoStory("a link to no story", "to-nothing.md", 9, "/world/nope/"),
      { kind: "a link to a draft", file: "to-draft.md", line: 9, message: /^the link to \/world\/drafty\/ points to a draft/, build: { message: /^links to \/world\/drafty\/, which is not in the built site$/, why: NOT_BUILT } },
      {
        kind: "a link to a scheduled story",
        file: "to-scheduled.md",
        line: 9,
        message: /^the link to \/world\/later\/ points to a story scheduled for 2027-01-01T10:00:00\+05:00, which is not published until then/,
        build: { message: /^links to \/world\/later\/, which is not in the built site$/, why: NOT_BUILT },
      },
      { kind: "a short link to no story", file: "short-to-nothing.md", line: 9, message: /^the short link https:\/\/news\.example\.com\/s\/ZZZZ points to no article/, build: { message: /^links to https:\/\/news\.example\.com\/s\/ZZZZ \(\/s\/ZZZZ\), which is not in the built site$/, why: NOT_BUILT } },
      { kind: "a short link to a draft", file: "short-to-draft.md", line: 9, message: /^the short link \/s\/DRFT points to a draft/, build: { message: /^links to \/s\/DRFT, which is not in the built site$/, why: NOT_BUILT } },
      { kind: "a short link to a scheduled story", file: "short-to-scheduled.md", line: 9, message: /^the short link \/s\/LATR points to a story scheduled for /, build: { message: /^links to \/s\/LATR, which is not in the built site$/, why: NOT_BUILT } },
      { kind: "a link to no article file", file: "to-no-file.md", line: 9, message: /^the link to nothere\.md points to no article: there is no article file at /, build: { message: /^links to nothere\.md \(\/world\/to-no-file\/nothere\.md\), which is not in the built site$/, why: NOT_BUILT } },
      toNoStory("a raw <a href> to no story", "raw-link.md", 9, "/world/nope/"),
      { kind: "a link by the site's full address", file: "full-address.md", line: 9, message: /^the link to https:\/\/news\.example\.com\/world\/nope\/ points to no article/, build: { message: /^links to https:\/\/news\.example\.com\/world\/nope\/ \(\/world\/nope\/\), which is not in the built site$/, why: NOT_BUILT } },
      toNoStory("a link after a <!-- its paragraph does not end (markdown-it's text, no comment)", "open-in-paragraph.md", 11, "/world/nope/"),
      toNoStory("a raw <a href> inside a block of HTML", "tag-in-html-block.md", 10, "/world/nope-block-tag/"),
      toNoStory("a link by a reference definition", "reference-link.md", 11, "/world/nope/"),
      {
        kind: "a link to a file of the site that is not there",
        file: "to-static-file.md",
        line: 9,
        message: /^links to \/files\/report\.pdf, which is not in the built site$/,
        buildOnly: "the check knows the stories, short codes and images, not every page and file the build makes (tag, author, archive and listing pages, feeds, public/)",
      },
      {
        kind: "a link to a page of the site that is not there",
        file: "to-other-page.md",
        line: 9,
        message: /^links to \/tags\/nope\/, which is not in the built site$/,
        buildOnly: "the check cannot know the pages the build makes without making them",
      },
      {
        kind: "a link relative to the story's page",
        file: "relative.md",
        line: 9,
        message: /^links to other\/ \(\/world\/relative\/other\/\), which is not in the built site$/,
        buildOnly: "the check cannot know the pages the build makes without making them",
      },
      {
        kind: "a scheduled story's link to no story",
        file: "scheduled-linking.md",
        line: 9,
        message: /^the link to \/world\/nope\/ points to no article/,
        checkOnly: "a scheduled story is not built before its time; the check reads it like the rest, so it is ready when it is published",
      },
    ],
    unnamed: [{ file: "in-html-block.md", why: "a Markdown link and an address written out inside a block of HTML, which markdown-it publishes as written: text on the page" }],
  },
  {
    name: "under trusted, images a browser shows after a comment's --!> (the image pipeline)",
    settings: { htmlPolicy: "trusted" },
    files: {
      "banged-image.md": afterBang('<img src="gone.png" alt="">'),
      "noted-image.md": inComment('<img src="gone-noted.png" alt="">'),
    },
    kinds: [{ kind: "a raw <img> after a --!>, before a -->", file: "banged-image.md", line: 9, message: /^the image gone\.png does not exist/ }],
    unnamed: [{ file: "noted-image.md", why: "a raw <img> inside a comment, which a browser hides" }],
  },
  {
    name: "under trusted, links a browser shows after a comment's --!> (the link check)",
    settings: { htmlPolicy: "trusted" },
    files: {
      "banged-link.md": afterBang('<a href="/world/nope/">x</a>'),
      "banged-inline.md": article({}, 'Text.\n\nA note <!-- here --!> <a href="/world/nope-inline/">x</a> --> in a paragraph.'),
      "banged-blank.md": article({}, bodyAt9('<div><!-- note --!></div>\n\n[x](/world/nope-blank/)\n\n<p>--></p>')),
      "banged-markdown.md": article({}, 'Text.\n\nA note <!-- here --!> [x](/world/nope-markdown/) --> in a paragraph.'),
      "banged-block.md": article({}, bodyAt9('<!-- note --!><a href="/world/target/">a</a>\n\n[x](/world/nope-block/)\n\n<!-- end -->')),
      "target.md": article({ headline: "Target" }),
      "noted-link.md": inComment('<a href="/world/nope-noted/">x</a>'),
    },
    kinds: [
      toNoStory("a raw <a href> after a --!>, before a --> on its line", "banged-link.md", 9, "/world/nope/"),
      toNoStory("a raw <a href> after a --!> inside a paragraph", "banged-inline.md", 9, "/world/nope-inline/"),
      toNoStory("a Markdown link after a blank line that ends the block of HTML a --!> is in, before a -->", "banged-blank.md", 11, "/world/nope-blank/"),
    ],
    unnamed: [
      { file: "noted-link.md", why: "a raw <a href> inside a comment, which a browser hides" },
      { file: "banged-markdown.md", why: "a Markdown link after a --!>, in the piece of HTML markdown-it reads on to the -->: text on the page" },
      { file: "banged-block.md", why: "a Markdown link after a --!> and a blank line, in the block of HTML the comment opens, which markdown-it reads on to the --> line: text on the page" },
    ],
  },
  {
    name: "under sanitized, what follows a comment's --!> is the comment's (the sanitiser drops it)",
    files: {
      "banged-link.md": afterBang('<a href="/world/nope/">x</a>'),
      "banged-image.md": afterBang('<img src="gone.png" alt="">'),
      "noted-link.md": inComment('<a href="/world/nope-noted/">x</a>'),
    },
    kinds: [
      { kind: "a raw <a href> after a --!>: the comment told, not the link", file: "banged-link.md", line: 9, message: COMMENT_ENDED_TWICE, neither: /nope/ },
      { kind: "a raw <img> after a --!>: the comment told, not the image", file: "banged-image.md", line: 9, message: COMMENT_ENDED_TWICE, neither: /gone\.png/ },
    ],
    unnamed: [{ file: "noted-link.md", why: "a raw <a href> inside a comment, which the sanitiser removes" }],
  },
  {
    name: "under none, a comment and a raw tag are text (the link check)",
    settings: { htmlPolicy: "none" },
    files: {
      "noted-link.md": inComment("[x](/world/nope-noted/)"),
      "raw-link.md": article({}, bodyAt9('<a href="/world/nope-raw/">x</a>')),
      "div-link.md": article({}, bodyAt9("<div>\n[x](/world/nope-div/)\n</div>")),
    },
    kinds: [
      toNoStory("a Markdown link inside a comment, shown as text around a link", "noted-link.md", 9, "/world/nope-noted/"),
      toNoStory("a Markdown link between raw tags, which are text: a paragraph, whose Markdown is read", "div-link.md", 10, "/world/nope-div/"),
    ],
    unnamed: [{ file: "raw-link.md", why: "a raw <a href>, shown as text" }],
  },
];

interface Outcome {
  check: RunResult;
  build: RunResult;
}

/** The messages an output gives for one place (file and line): the check's and the build's lines, `  FILE:LINE[:COLUMN]: MESSAGE` or, for a broken link, `  FILE:LINE (page …): MESSAGE`. */
function messagesAt(output: string, file: string, line: number): string[] {
  const escaped = file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const place = new RegExp(String.raw`^(?:\[11ty\])?\s+${escaped}:${line}(?::\d+)?(?: \(page [^)]*\))?: (.*?)$`, "gm");
  return [...output.matchAll(place)].map((match) => match[1]!);
}

const sites: FixtureSite[] = [];
after(() => Promise.all(sites.map((site) => site.remove())));

for (const group of groups) {
  describe(`npm run check and the build agree: ${group.name}`, () => {
    let site: FixtureSite;
    let outcome: Outcome;
    before(async () => {
      site = await makeFixtureSite(group.files, group.settings);
      sites.push(site);
      for (const [name, bytes] of Object.entries(group.outside ?? {})) await writeFile(path.join(site.dir, name), bytes);
      const [check, build] = await Promise.all([
        runCli("check", ["--articles", site.articlesDir, "--settings", site.settingsFile, "--now", NOW]),
        buildFixture(site, ["--now", NOW], { NEWS_IMAGE_CACHE: path.join(site.dir, "image-cache") }),
      ]);
      outcome = { check, build };
      assert.equal(check.code, 1, `the check refuses the site\n${check.stdout}\n${check.stderr}`);
      assert.equal(build.code, 1, `the build refuses the site\n${build.stdout}\n${build.stderr}`);
    });

    for (const kind of group.kinds) {
      const name = `${kind.kind}: ${kind.file}:${kind.line}${kind.build ? ` (the build's words differ: ${kind.build.why})` : ""}${kind.checkOnly ? ` (the check alone: ${kind.checkOnly})` : ""}${kind.buildOnly ? ` (the build alone: ${kind.buildOnly})` : ""}`;
      test(name, () => {
        const file = path.join(site.articlesDir, kind.file);
        const checked = messagesAt(outcome.check.stderr, file, kind.line);
        const built = messagesAt(outcome.build.stderr, file, kind.line);
        if (kind.buildOnly) {
          assert.equal(checked.length, 0, `the check lets ${kind.file} pass:\n${outcome.check.stderr}`);
          assert.ok(built.some((message) => kind.message.test(message)), `the build names ${kind.file}:${kind.line} ${kind.message}; it said:\n${outcome.build.stderr}`);
          return;
        }
        assert.ok(checked.some((message) => kind.message.test(message)), `the check names ${kind.file}:${kind.line} ${kind.message}; it said:\n${outcome.check.stderr}`);
        if (kind.checkOnly) {
          assert.equal(messagesAt(outcome.build.stderr, file, kind.line).length, 0, `the build lets ${kind.file} pass:\n${outcome.build.stderr}`);
          return;
        }
        const expected = kind.build?.message ?? kind.message;
        assert.ok(built.some((message) => expected.test(message)), `the build names ${kind.file}:${kind.line} ${expected}; it said:\n${outcome.build.stderr}`);
        const { neither } = kind;
        if (neither) assert.ok(![...checked, ...built].some((message) => neither.test(message)), `neither says ${neither} of ${kind.file}:${kind.line}:\n${outcome.check.stderr}\n${outcome.build.stderr}`);
      });
    }

    for (const { file, why } of group.unnamed ?? []) {
      test(`neither names ${file}: ${why}`, () => {
        const named = path.join(site.articlesDir, file);
        assert.ok(!outcome.check.stderr.includes(named), `the check lets ${file} pass:\n${outcome.check.stderr}`);
        assert.ok(!outcome.build.stderr.includes(named), `the build lets ${file} pass:\n${outcome.build.stderr}`);
      });
    }
  });
}
