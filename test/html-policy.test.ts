import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { parseHTML } from "linkedom";
import { closingTagsFor, EMBED_HOSTS, isSafeLinkDestination, sanitizeArticleHtml, sanitizeArticleHtmlTelling } from "../src/html-policy.ts";
import { renderArticleBody, renderStory } from "../src/markdown.ts";
import { ALLOWED_EMBEDS, BODY_PAYLOADS } from "./helpers/xss-payloads.ts";

/** Everything in a fragment that could run script or leave the article's box, found with a real parser. */
function dangersIn(html: string): string[] {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const dangers: string[] = [];
  for (const element of Array.from(document.body.querySelectorAll("*"))) {
    const tag = element.tagName.toLowerCase();
    if (["script", "style", "form", "input", "button", "object", "embed", "base", "meta", "link", "svg", "math", "textarea", "frame"].includes(tag)) dangers.push(tag);
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.replace(/[\u0000-\u0020]+/g, "").toLowerCase();
      if (name.startsWith("on")) dangers.push(`${tag}[${name}]`);
      if (name === "srcdoc" || name === "formaction" || name === "action") dangers.push(`${tag}[${name}]`);
      if (name === "style") dangers.push(`${tag}[style=${value}]`);
      if (/^(href|src|srcset|poster|cite|data)$/.test(name) && /(^|,)(javascript|vbscript|data|file|blob):/.test(value)) dangers.push(`${tag}[${name}=${value}]`);
    }
    if (tag === "iframe") {
      const src = element.getAttribute("src") ?? "";
      if (!(EMBED_HOSTS as readonly string[]).some((host) => src.startsWith(`https://${host}/`))) dangers.push(`iframe ${src}`);
    }
  }
  return dangers;
}

describe("sanitized HTML", () => {
  for (const [name, payload] of Object.entries(BODY_PAYLOADS)) {
    test(`drops the ${name} payload`, () => {
      const html = renderArticleBody(`Before.\n\n${payload}\n\nAfter.`, { htmlPolicy: "sanitized" });
      assert.deepEqual(dangersIn(html), []);
      // The markers that trace what is dropped to its line never reach the page.
      assert.doesNotMatch(html, /x-story-source/);
      // The story around a payload is never lost.
      assert.match(html, /Before\./);
      assert.match(html, /After\./);
    });
  }

  test("keeps the embeds from allowed hosts, exactly as written", () => {
    for (const embed of Object.values(ALLOWED_EMBEDS)) {
      const { document } = parseHTML(`<body>${sanitizeArticleHtml(embed)}</body>`);
      const original = parseHTML(`<body>${embed}</body>`).document.querySelector("iframe")!;
      const kept = document.querySelector("iframe");
      assert.ok(kept, embed);
      assert.equal(kept.getAttribute("src"), original.getAttribute("src"));
      assert.equal(kept.getAttribute("width"), original.getAttribute("width"));
    }
  });

  test("drops iframes from other hosts, over plain http, relative or protocol-relative", () => {
    for (const src of ["https://evil.example/embed", "http://www.youtube.com/embed/x", "/local/page/", "//www.youtube.com/embed/x", "https://www.youtube.com.evil.example/embed/x", "https://evil.example/?https://www.youtube.com/"]) {
      assert.equal(sanitizeArticleHtml(`<iframe src="${src}"></iframe>`), "", src);
    }
  });

  test("keeps ordinary story markup: links, images, lists, tables, quotes, figures, cross-head ids", () => {
    const markdown = [
      "## Cross head",
      "",
      "A [link](https://example.com/a?b=1&c=2 \"Title\") and ![a photo](/images/a.jpg \"Photo\").",
      "",
      "- one\n- two",
      "",
      "| a | b |\n|--:|:-:|\n| 1 | 2 |",
      "",
      "> A quote.",
      "",
      '<figure><img src="https://cdn.example/a.jpg" srcset="https://cdn.example/a.jpg 1x, https://cdn.example/a2.jpg 2x" alt="A"><figcaption>A caption</figcaption></figure>',
      "",
      '<a href="mailto:desk@example.com">Mail</a> <a href="tel:+92510000000">Call</a> <a href="#cross-head">Up</a>',
    ].join("\n");
    const html = renderArticleBody(markdown, { htmlPolicy: "sanitized", dateline: "ISLAMABAD" });
    const { document } = parseHTML(`<body>${html}</body>`);
    assert.equal(document.querySelector("h2")?.getAttribute("id"), "cross-head");
    assert.equal(document.querySelector(".dateline")?.textContent, "ISLAMABAD:");
    assert.deepEqual(
      Array.from(document.querySelectorAll("a")).map((a) => a.getAttribute("href")),
      ["https://example.com/a?b=1&c=2", "mailto:desk@example.com", "tel:+92510000000", "#cross-head"],
    );
    assert.equal(document.querySelector("a")?.getAttribute("title"), "Title");
    assert.equal(document.querySelectorAll("li").length, 2);
    assert.equal(document.querySelector("th")?.getAttribute("class"), "align-right");
    assert.equal(document.querySelector("td:nth-child(2)")?.getAttribute("class"), "align-center");
    assert.ok(document.querySelector("blockquote"));
    assert.equal(document.querySelector("figure img")?.getAttribute("srcset"), "https://cdn.example/a.jpg 1x, https://cdn.example/a2.jpg 2x");
    assert.equal(document.querySelector("figcaption")?.textContent, "A caption");
  });

  test("an element left open (style, script, noscript, textarea) costs only its own block, never the rest of the story", () => {
    for (const tag of ["style", "script", "noscript", "textarea", "title", "xmp", "template"]) {
      const html = renderArticleBody(`First paragraph.\n\n<${tag}>left open\n\nSecond paragraph.\n\nA sentence with <${tag}> inline, then more.\n\nThird paragraph.`);
      for (const text of ["First paragraph.", "Second paragraph.", "Third paragraph."]) assert.match(html, new RegExp(text), `${tag}: ${html}`);
      assert.deepEqual(dangersIn(html), []);
    }
  });

  test("the closing tags for what a fragment leaves open come innermost first, in lower case, whatever case it was opened in", () => {
    assert.equal(closingTagsFor('<NoScript><p title="</noscript>"><STYLE>x'), "</style></noscript>");
    assert.equal(closingTagsFor("<scripts> <template/><title\tlang=en>"), "</title></template>");
    assert.equal(closingTagsFor("no markup at all"), "");
  });

  test("a link that opens a new window gets rel=noopener", () => {
    assert.equal(sanitizeArticleHtml('<a href="https://example.com/" target="_blank">x</a>'), '<a href="https://example.com/" target="_blank" rel="noopener noreferrer">x</a>');
  });

  test("a link that opens a named window gets rel=noopener too, as any target may open a new one", () => {
    assert.equal(sanitizeArticleHtml('<a href="https://example.com/" target="story">x</a>'), '<a href="https://example.com/" target="story" rel="noopener noreferrer">x</a>');
  });

  test("code keeps only the class that names its language, a span only the dateline", () => {
    assert.equal(sanitizeArticleHtml('<code class="language-js masthead">x</code>'), '<code class="language-js">x</code>');
    assert.equal(sanitizeArticleHtml('<span class="dateline login-box">x</span>'), '<span class="dateline">x</span>');
  });

  test("class names are kept only where Markdown and embed codes use them", () => {
    assert.equal(sanitizeArticleHtml('<div class="masthead">x</div>'), "<div>x</div>");
    assert.equal(sanitizeArticleHtml('<blockquote class="twitter-tweet masthead">x</blockquote>'), '<blockquote class="twitter-tweet">x</blockquote>');
  });

  test("media over plain http is dropped (it would be blocked as mixed content); over https it stays", () => {
    assert.equal(sanitizeArticleHtml('<img src="http://cdn.example/a.jpg" alt="a">'), '<img alt="a" />');
    assert.equal(sanitizeArticleHtml('<img src="https://cdn.example/a.jpg" alt="a">'), '<img src="https://cdn.example/a.jpg" alt="a" />');
  });

  test("so is a video's file, poster, sources and captions, and an audio's file, each told to the editor", () => {
    const media = (scheme: string) =>
      `<video src="${scheme}//cdn.example/v.mp4" poster="${scheme}//cdn.example/p.jpg" controls><source src="${scheme}//cdn.example/v.webm" type="video/webm"><track src="${scheme}//cdn.example/v.vtt" kind="captions"></video><audio src="${scheme}//cdn.example/a.mp3" controls></audio>`;
    const sources = (html: string) => {
      const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
      return Array.from(document.querySelectorAll("video, source, track, audio"), (element) => [element.tagName.toLowerCase(), element.getAttribute("src"), element.getAttribute("poster")]);
    };
    const told = sanitizeArticleHtmlTelling(media("http:"));
    assert.deepEqual(sources(told.html), [
      ["video", null, null],
      ["source", null, null],
      ["track", null, null],
      ["audio", null, null],
    ]);
    assert.deepEqual(
      told.dropped.map((dropped) => `${dropped.tag} ${dropped.name}`),
      ["video src", "video poster", "source src", "track src", "audio src"],
    );
    assert.ok(told.dropped.every((dropped) => dropped.reason === "images, video and audio may only come over https or from the site"));
    assert.deepEqual(sources(sanitizeArticleHtml(media("https:"))), [
      ["video", "https://cdn.example/v.mp4", "https://cdn.example/p.jpg"],
      ["source", "https://cdn.example/v.webm", null],
      ["track", "https://cdn.example/v.vtt", null],
      ["audio", "https://cdn.example/a.mp3", null],
    ]);
  });

  test("a srcset with a script URL in any candidate is dropped", () => {
    assert.doesNotMatch(sanitizeArticleHtml('<img src="/a.jpg" srcset="/a.jpg 1x, javascript:alert(1) 2x">'), /javascript/);
  });
});

describe("the none policy", () => {
  test("shows raw HTML as text", () => {
    const html = renderArticleBody('<img src=x onerror="alert(1)"> and <b>bold</b>', { htmlPolicy: "none" });
    assert.deepEqual(dangersIn(html), []);
    assert.match(html, /&lt;img src=x onerror=.*&gt; and &lt;b&gt;bold&lt;\/b&gt;/);
  });
});

describe("the trusted policy", () => {
  test("passes raw HTML as written", () => {
    const html = renderArticleBody('<div class="custom" style="color:red">x</div>\n\n<iframe src="https://maps.example/embed"></iframe>', { htmlPolicy: "trusted" });
    assert.match(html, /<div class="custom" style="color:red">x<\/div>/);
    assert.match(html, /<iframe src="https:\/\/maps\.example\/embed"><\/iframe>/);
  });
});

describe("Markdown links and images", () => {
  const cases = [
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "![x](data:image/svg+xml;base64,PHN2Zz4=)",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    "[x](file:///etc/passwd)",
    "<javascript:alert(1)>",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
  ];
  for (const policy of ["sanitized", "none", "trusted"] as const) {
    test(`with a dangerous scheme are left as text under ${policy}`, () => {
      for (const markdown of cases) {
        const { document } = parseHTML(`<body>${renderArticleBody(markdown, { htmlPolicy: policy })}</body>`);
        assert.equal(document.querySelectorAll("a[href], img[src]").length, 0, `${markdown} gave ${document.body.innerHTML}`);
      }
    });
  }

  test("with web, mail, phone and site addresses are kept", () => {
    const html = renderArticleBody("[a](https://x.example/) [b](http://x.example/) [c](mailto:a@b.example) [d](tel:+1) [e](/world/) [f](../x/) [g](#top) ![h](/images/a.jpg)");
    const { document } = parseHTML(`<body>${html}</body>`);
    assert.equal(document.querySelectorAll("a[href]").length, 7);
    assert.equal(document.querySelector("img")?.getAttribute("src"), "/images/a.jpg");
  });

  test("isSafeLinkDestination reads the scheme as a browser does, ignoring case, spaces and control characters", () => {
    for (const url of ["javascript:x", " JavaScript:x", "java\tscript:x", "java\nscript:x", "\u0000javascript:x", "data:text/html,x", "vbscript:x", "file:///x", "blob:https://x"]) {
      assert.equal(isSafeLinkDestination(url), false, JSON.stringify(url));
    }
    for (const url of ["https://x.example/", "HTTP://x.example/", "mailto:a@b", "tel:+1", "/a/b", "a/b:c", "#x", "?q=1", ""]) {
      assert.equal(isSafeLinkDestination(url), true, JSON.stringify(url));
    }
  });
});

describe("what the sanitized policy drops is told", () => {
  test("the same HTML as the plain pass, with each element, attribute, URL, class and value it removed", () => {
    const html = '<p onclick="x">a <span class="masthead">b</span><blockquote class="twitter-tweet fake">c</blockquote><table tabindex="3"></table><img src="/a.png" srcset="/a.png 1x, javascript:alert(1) 2x"><font color="red">d</font><details open><summary>e</summary></details></p>';
    const told = sanitizeArticleHtmlTelling(html);
    assert.equal(told.html, sanitizeArticleHtml(html));
    assert.deepEqual(
      told.dropped.map(({ markup, name }) => `${markup} ${name}`),
      ['<p onclick="x"> onclick', '<span class="masthead"> class', '<blockquote class="fake"> class', '<table tabindex="3"> tabindex', '<img srcset="/a.png 1x, javascript:alert(1) 2x"> srcset', '<font color="red"> font', "<details open> open"],
    );
  });

  test("what it only spells another way is not told: quotes, void elements, entities, the rel it adds", () => {
    for (const html of ["<p>Line<br>two &amp; 'three' <B>bold</B></p>", "<a href='https://example.com/' target=_blank>x</a>", '<img src="https://cdn.example/a.jpg" alt="">', "<p title=\"a &quot;b&quot;\">c</p>", '<p dir=""><a href="/x/" target="">empty values that mean what none does</a></p>']) {
      assert.deepEqual(sanitizeArticleHtmlTelling(html).dropped, [], html);
    }
  });

  test("an empty href, title or lang is told: without it a link is no link, and the text's title or language is another", () => {
    const { dropped } = sanitizeArticleHtmlTelling('<a href="">x</a><abbr title="">y</abbr><span lang="">z</span>');
    assert.deepEqual(dropped.map(({ markup, name }) => `${markup} ${name}`), ['<a href=""> href', '<abbr title=""> title', '<span lang=""> lang']);
  });

  test("two elements of one name in a block of HTML are each told on their own line", () => {
    const { dropped } = renderStory('<div>\n<img src="https://cdn.example/a.png" alt="">\n<img src="http://cdn.example/b.png" alt="">\n<p>\n<span>x</span><span\n  onclick="y">z</span>\n</p>\n</div>');
    assert.deepEqual(dropped.map(({ line, markup }) => `${line} ${markup}`), ['3 <img src="http://cdn.example/b.png">', '6 <span onclick="y">']);
  });

  test("a marker written in the story is no marker: it is told, and the lines after it stay right", () => {
    const { dropped } = renderStory('Text.\n\n<div>\n<x-story-source n="0"></x-story-source>\n<b style="x">y</b>\n</div>');
    assert.deepEqual(dropped.map(({ line, markup }) => `${line} ${markup}`), ['4 <x-story-source n="0">', '5 <b style="x">']);
  });

  test("a comment left open is told on its line; a closed one is not", () => {
    const { dropped } = renderStory("A.\n\n<!-- closed -->\n\nB <!-- inline --> c.\n\n<!-- open\n\nThe rest.");
    assert.deepEqual(dropped.map(({ line, markup }) => `${line} ${markup}`), ["7 <!--"]);
  });

  test("a comment left open is told under the trusted policy too, which would hide the rest of the page", () => {
    const { html, dropped } = renderStory("A.\n\n<div>\n<!-- open\n\nThe rest.", { htmlPolicy: "trusted" });
    assert.match(html, /<!-- open/);
    assert.deepEqual(dropped.map(({ line, markup, fix }) => `${line} ${markup} ${fix}`), ["4 <!-- end the comment with --> where the note ends"]);
    assert.deepEqual(renderStory("A.\n\n<!-- closed -->\n\nB.", { htmlPolicy: "trusted" }).dropped, []);
  });

  test("a comment a browser ends at --!>, which the sanitiser reads past, is told on its line", () => {
    // A browser would show the <img>; the sanitiser took it for part of the comment and dropped it untold.
    for (const body of ["A.\n\n<!-- a --!><img src=\"https://cdn.example/a.png\" alt=\"\">\n\nB.", "A.\n\nB <!-- a --!><img src=\"https://cdn.example/a.png\" alt=\"\"> --> c.", "A.\n\n<div>\n<!-- a --!><b>x</b> -->\n</div>"]) {
      const { dropped } = renderStory(body);
      assert.deepEqual(dropped.map(({ line, markup, fix }) => `${line} ${markup} ${fix}`), [`${body.includes("<div>") ? 4 : 3} <!-- … --!> end the comment with --> where the note ends`], body);
    }
    // Under trusted it is published as written, and a browser ends it where the editor meant.
    assert.deepEqual(renderStory("A.\n\nB <!-- a --!><b>x</b> --> c.", { htmlPolicy: "trusted" }).dropped, []);
  });

  test("a CDATA section is told on its line, in a paragraph or a block of HTML", () => {
    const { dropped } = renderStory("A.\n\n<![CDATA[><img src=x>]]>\n\nB <![CDATA[c]]> d.\n\n<div>\n<![CDATA[e]]>\n</div>");
    assert.deepEqual(dropped.map(({ line, markup }) => `${line} ${markup}`), ["3 <![CDATA[", "5 <![CDATA[", "8 <![CDATA["]);
  });

  test("a <?…?> or <!DOCTYPE …>, which the sanitiser drops as a browser hides it, is told on its line with what to do", () => {
    const body = "A.\n\n<?php echo 1 ?>\n\nB <?xml-stylesheet href=\"a.xsl\"?> c.\n\n<!DOCTYPE html>\n\n<div>\n<!ELEMENT x ANY>\n</div>\n\nThe rest.";
    const { html, dropped } = renderStory(body);
    assert.doesNotMatch(html, /php|xml-stylesheet|DOCTYPE|ELEMENT/i);
    assert.deepEqual(
      dropped.map(({ line, markup, fix }) => `${line} ${markup}: ${fix}`),
      [
        "3 <?php …>: remove it, or, to show it to readers as written, put it between backticks as code",
        "5 <?xml-stylesheet …>: remove it, or, to show it to readers as written, put it between backticks as code",
        "7 <!DOCTYPE …>: remove it (paste only what the page's <body> holds)",
        "10 <!ELEMENT …>: remove it, or, to show it to readers as written, put it between backticks as code",
      ],
    );
    assert.match(dropped[0]!.reason, /processing instruction .* a browser shows nothing of it, and nothing of it would be published/);
    assert.match(dropped[2]!.reason, /<!DOCTYPE> opens a whole page/);
    // Under trusted they are published as written (a browser hides them); under none they are text.
    assert.deepEqual(renderStory(body, { htmlPolicy: "trusted" }).dropped, []);
    const shown = renderStory(body, { htmlPolicy: "none" });
    assert.deepEqual(shown.dropped, []);
    assert.match(shown.html, /&lt;\?php echo 1 \?&gt;/);
    assert.match(shown.html, /&lt;!DOCTYPE html&gt;/);
  });

  test("an attribute named __proto__, which the sanitiser's parser drops before its hooks, is told as any other", () => {
    const { html, dropped } = renderStory('A.\n\n<p\n__PROTO__="y">b</p>\n\nC <span __proto__="z">d</span>.\n\n<form __proto__="w"></form>');
    assert.doesNotMatch(html, /proto/i);
    // The loader puts a story's problems in the order of their lines.
    assert.deepEqual(dropped.map(({ line, markup, reason }) => `${line} ${markup} ${reason}`).sort(), ['4 <p __proto__="y"> the attribute __proto__ is not kept on <p>', '6 <span __proto__="z"> the attribute __proto__ is not kept on <span>', "8 <form> forms are not published in a story"]);
  });

  test("what it tells of an attribute's value shows control characters as escapes, never as themselves", () => {
    const { dropped } = sanitizeArticleHtmlTelling('<a href="java&#x0A;script:x">a</a><p onclick="&#x1b;[2J\u009b&#x2028;">b</p>');
    // (&#x9b; is not a C1 control: HTML reads the numeric references 80 to 9F as Windows-1252's, here ›.)
    assert.deepEqual(dropped.map(({ markup }) => markup), ['<a href="java\\u000Ascript:x">', '<p onclick="\\u001B[2J\\u009B\\u2028">']);
  });

  test("a <?… or <!DOCTYPE … that no > ends is told on its line under sanitized and trusted, as a comment left open is", () => {
    // markdown-it reads the block to the end of the story, so "The **rest**." was no Markdown; the sanitiser
    // published it as text without the "<?", and a browser, under trusted, hid it up to the page's next ">".
    for (const policy of ["sanitized", "trusted"] as const) {
      for (const [body, told] of [
        ["A.\n\n<?php echo 1;\n\nThe **rest**.", "3 <?php …: end it with ?>, or remove it"],
        ["A.\n\n<div>\n<?x?> <!DOCTYPE html\n\nThe **rest**.", "4 <!DOCTYPE …: end it with >, or remove it"],
      ] as const) {
        const dropped = renderStory(body, { htmlPolicy: policy }).dropped.filter(({ reason }) => reason.startsWith("with no > to end it"));
        assert.deepEqual(dropped.map(({ line, markup, fix }) => `${line} ${markup}: ${fix}`), [told], `${policy}: ${body}`);
      }
    }
  });

  test("a control character in a value the allow-list keeps is refused on its line, named, and never published", () => {
    // As references (&#x1b; is ESC; &#x81; a C1 control HTML does not read as Windows-1252's; &#13; a carriage
    // return) or as written (a C1 control). Tab and line break are a value's white space, and kept.
    const body = 'A <a href="/world/a/" title="Fish&#x1b;[2J">x</a>.\n\n<p>\n<img src="/a.png" alt="a&#x81;b">\n<abbr title="a&#13;b\u0085">c</abbr>\n</p>\n\n<p title="one&#x9;two&#x0A;three">d</p>';
    const { html, dropped } = renderStory(body);
    assert.doesNotMatch(html, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    assert.deepEqual(
      dropped.map(({ line, markup, reason }) => `${line} ${markup}: ${reason}`),
      [
        '1 <a title="Fish\\u001B[2J">: the value of title holds the control character U+001B (escape), which no reader sees and the page would carry as it is',
        '4 <img alt="a\\u0081b">: the value of alt holds the control character U+0081, which no reader sees and the page would carry as it is',
        '5 <abbr title="a\\u000Db\\u0085">: the value of title holds the control character U+000D (carriage return), which no reader sees and the page would carry as it is',
      ],
    );
    assert.ok(dropped.every(({ fix }) => fix?.startsWith("remove it from the value")));
    // One that would be dropped for something else (a link's scheme, a handler) is told for that, once.
    const other = sanitizeArticleHtmlTelling('<a href="java&#x1b;script:x">a</a><b onclick="&#x1b;">b</b><span title="&#1;">c</span>').dropped;
    assert.deepEqual(other.map(({ markup, reason }) => `${markup} ${reason.slice(0, 24)}`), ['<a href="java\\u001Bscript:x"> links may only use http,', '<b onclick="\\u001B"> event handlers never run', '<span title="\\u0001"> the value of title holds']);
  });

  test("a reference in a block of HTML's text to a character the story may not hold is refused on its line, as the character typed in is", () => {
    const { dropped } = renderStory("A.\n\n<p>a&#x1b;[2Jb</p>\n\n<div>\nx\ny &#7 z &#x81; &#13;\n</div>\n\n<script>&#x1b;</script>");
    assert.deepEqual(
      dropped.map(({ line, markup, reason }) => `${line} ${markup}: ${reason.split(/[,;]/)[0]}`),
      [
        // Its script is told, not what the script held, which nobody reads.
        "10 <script>: scripts never run in a story (the Content Security Policy would block them too)",
        "3 &#x1b;: it writes the control character U+001B (escape)",
        // A C1 control may stand in a story's text (XML holds it); tab and line break are text.
        "7 &#7: it writes the control character U+0007 (bell)",
        "7 &#13;: it writes the control character U+000D (carriage return)",
      ],
    );
    assert.match(dropped[1]!.reason, /which feeds and sitemaps cannot hold: the page would carry the character itself/);
    // Typed in, it is the loader's to tell (src/article-text.ts), once.
    assert.deepEqual(renderStory("<p>a\u001bb</p>").dropped, []);
  });

  test("a <!-- inside an attribute's value starts no comment, in a paragraph or a block of HTML", () => {
    for (const policy of ["sanitized", "trusted"] as const) {
      const { html, dropped } = renderStory('A <a title="a <!-- b" href="/world/a/">x</a>.\n\n<p title=\'<!--\'>\n<a href="/world/b/">y</a>\n</p>\n\nThe rest.', { htmlPolicy: policy });
      assert.deepEqual(dropped, [], policy);
      assert.match(html, /The rest\./, policy);
    }
  });

  test("an attribute named as an object's property (constructor, hasOwnProperty) is told as any other", () => {
    // Every object has such names through its prototype: looked up with `in`, they were taken to be kept, and dropped untold.
    for (const name of ["constructor", "hasownproperty", "tostring", "valueof", "isprototypeof"]) {
      const { html, dropped } = sanitizeArticleHtmlTelling(`<p ${name}="y">a</p><a href="/x/" ${name}="z">b</a>`);
      assert.equal(html, '<p>a</p><a href="/x/">b</a>', name);
      assert.deepEqual(dropped.map(({ markup, reason }) => `${markup} ${reason}`), [`<p ${name}="y"> the attribute ${name} is not kept on <p>`, `<a ${name}="z"> the attribute ${name} is not kept on <a>`], name);
    }
  });

  test("an element the allow-list removes is told once, not again for what it holds", () => {
    const { dropped } = sanitizeArticleHtmlTelling('<svg onload="x"><g><circle r="1"/><script>y</script></g></svg><form><input name="a"><button>go</button></form>');
    assert.deepEqual(dropped.map((item) => item.name), ["svg", "form"]);
  });

  test("each is traced to its line in the Markdown, in a paragraph or a block of HTML", () => {
    const { dropped } = renderStory('First <b onclick="a">x</b>\nsecond <i style="b">y</i>\n\n<div>\n<p>\n<script>z</script>\n</p>\n</div>\n\n![p](http://cdn.example/p.png)', { dateline: "Karachi" });
    assert.deepEqual(dropped.map(({ line, markup }) => `${line} ${markup}`), ['1 <b onclick="a">', '2 <i style="b">', "6 <script>", '10 <img src="http://cdn.example/p.png">']);
  });
});

test("an element it removes is told with what becomes of its text", () => {
  const reasons = sanitizeArticleHtmlTelling("<center>kept</center><noscript>gone</noscript>").dropped.map((item) => item.reason);
  assert.deepEqual(reasons, ["<center> is not an element a story may use (the text inside it is kept)", "<noscript> is not an element a story may use, nor what it holds"]);
});
