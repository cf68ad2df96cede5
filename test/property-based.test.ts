// Property-based tests (fast-check): random input never crashes the schema, slugs, short codes, dates
// or the sanitiser; slugs stay URL-safe and inside the output folder; short codes never collide silently.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import fc from "fast-check";
import { DateTime, Settings } from "luxon";
import { parseHTML } from "linkedom";
import { articleSchema } from "../src/article-schema.ts";
import { findCollisions } from "../src/article-loader.ts";
import { readArticleDate, toTimestamp } from "../src/dates.ts";
import { FrontMatterSyntaxError, readFrontMatter } from "../src/front-matter.ts";
import { sanitizeArticleHtml } from "../src/html-policy.ts";
import { renderArticleBody } from "../src/markdown.ts";
import { deriveShortCode, isShortCode, shortCodeFrom } from "../src/short-url.ts";
import { slugify } from "../src/slugs.ts";
import { momentOf } from "./helpers/articles.ts";

const RUNS = { numRuns: 300 };
const SECTIONS = [
  { slug: "world", name: "World" },
  { slug: "pakistan", name: "Pakistan" },
];
const schema = articleSchema({ timeZone: "Asia/Karachi", sections: SECTIONS, shortUrlBase: "https://arab.news", language: "en" });

/** Text with everything that breaks naive code: any Unicode, lone surrogates, controls, path and URL syntax. */
const nastyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.string({ unit: fc.constantFrom(..."./\\%2eE?#:@ \t\n\u0000\u202e\u0301éÉßİ-_پاکستان日本"), maxLength: 40 }),
  fc.constantFrom("..", "../..", "%2e%2e", "%2E%2E%2F", "/etc/passwd", "C:\\Windows", "\u2024\u2024", "．．", "con", "index.html", "-", ""),
);

/** A slug is safe when it is one path segment a URL and a file system agree on, with no way out. */
function assertSafeSegment(slug: string): void {
  assert.doesNotMatch(slug, /[/\\%?#.:\s\u0000-\u001f]/u, JSON.stringify(slug));
  assert.notEqual(slug, "..");
  assert.equal(decodeURIComponent(encodeURIComponent(slug)), slug);
  const root = path.posix.resolve("/site/output");
  const target = path.posix.resolve(root, "world", slug, "index.html");
  assert.ok(target.startsWith(`${root}/world/`), target);
}

describe("slugify", () => {
  test("always gives one URL-safe path segment inside the output folder, or nothing", () => {
    fc.assert(
      fc.property(nastyText, (name) => {
        const slug = slugify(name);
        if (slug !== "") assertSafeSegment(slug);
        assert.doesNotMatch(slug, /^-|-$|--/);
      }),
      RUNS,
    );
  });

  test("is stable: a slug slugifies to itself", () => {
    fc.assert(
      fc.property(nastyText, (name) => {
        const slug = slugify(name);
        assert.equal(slugify(slug), slug);
      }),
      RUNS,
    );
  });
});

describe("the article schema", () => {
  const anyValue = fc.oneof(nastyText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(nastyText, { maxLength: 3 }), fc.dictionary(nastyText, nastyText, { maxKeys: 3 }));

  test("never throws, whatever each field holds", () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            headline: anyValue,
            bullets: anyValue,
            date: fc.oneof(anyValue, fc.constant("2026-01-05T10:00:00+05:00")),
            updated: anyValue,
            shortUrl: anyValue,
            dateline: anyValue,
            section: fc.oneof(anyValue, fc.constantFrom("world", "../world")),
            tags: anyValue,
            author: anyValue,
            image: anyValue,
            lang: anyValue,
            slug: anyValue,
            draft: anyValue,
            extra: anyValue,
          },
          { requiredKeys: [] },
        ),
        (frontMatter) => {
          const result = schema.safeParse(frontMatter, { reportInput: true });
          assert.equal(typeof result.success, "boolean");
        },
      ),
      RUNS,
    );
  });

  test("accepts only slugs that are URL-safe and stay inside the output folder", () => {
    fc.assert(
      fc.property(nastyText, (slug) => {
        const result = schema.safeParse({ headline: "H", date: "2026-01-05T10:00:00+05:00", slug });
        if (result.success && result.data.slug !== undefined) assertSafeSegment(result.data.slug);
      }),
      RUNS,
    );
  });

  test("accepts only the site's own sections", () => {
    fc.assert(
      fc.property(nastyText, (section) => {
        const result = schema.safeParse({ headline: "H", date: "2026-01-05T10:00:00+05:00", section });
        if (result.success) assert.ok(SECTIONS.some((known) => known.slug === result.data.section));
      }),
      RUNS,
    );
  });

  test("a whole random file gives front matter or a syntax error, never a crash", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."-\n :'\"[]{}#&*!|>%@`abcé\t"), maxLength: 120 }), (text) => {
        try {
          const file = readFrontMatter(`---\n${text}\n---\nBody`);
          schema.safeParse(file.data);
        } catch (error) {
          assert.ok(error instanceof FrontMatterSyntaxError, String(error));
        }
      }),
      RUNS,
    );
  });
});

describe("short codes", () => {
  test("reading any shortUrl value gives a valid code or none, never a crash", () => {
    fc.assert(
      fc.property(fc.oneof(nastyText, fc.webUrl().map((url) => `${url}/abc23`), nastyText.map((text) => `https://arab.news/${text}`)), (value) => {
        const code = shortCodeFrom(value, "https://arab.news");
        if (code !== undefined) assert.ok(isShortCode(code));
      }),
      RUNS,
    );
  });

  test("a derived code is always valid, and the same for the same article", () => {
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true }), nastyText, (date, slug) => {
        const iso = date.toISOString();
        const code = deriveShortCode(iso, slug);
        assert.ok(isShortCode(code), code);
        assert.equal(deriveShortCode(iso, slug), code);
      }),
      RUNS,
    );
  });

  test("two articles never share a code or an address without the build naming both files", () => {
    // Tiny alphabets force collisions.
    const placed = fc.record({ url: fc.constantFrom("/world/a/", "/world/b/", "/news/a/"), shortCode: fc.constantFrom("abc23", "abc24", "xyz99") });
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 1, maxLength: 8 }), fc.infiniteStream(placed), (names, stream) => {
        const articles = names.map((name) => ({ sourcePath: `articles/${name}.md`, ...stream.next().value }));
        const problems = findCollisions(articles);
        const duplicates = (key: "url" | "shortCode") => articles.length - new Set(articles.map((article) => article[key])).size;
        assert.equal(problems.length, duplicates("url") + duplicates("shortCode"));
        for (const problem of problems) {
          const named = articles.filter((article) => problem.file === article.sourcePath || problem.message.includes(article.sourcePath));
          assert.equal(named.length, 2, `${problem.file}: ${problem.message}`);
        }
      }),
      RUNS,
    );
  });
});

describe("dates", () => {
  test("parsing any text gives a valid date or none, never a crash", () => {
    fc.assert(
      fc.property(fc.oneof(nastyText, fc.stringMatching(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/)), (value) => {
        const parsed = momentOf(value, "Asia/Karachi");
        if (parsed !== undefined) assert.ok(parsed.isValid);
      }),
      RUNS,
    );
  });

  test("a time without an offset is published as written in the newsroom's zone, or refused: never moved", () => {
    // Times near the moments the zones change their clocks (found a day at a time, then to the minute),
    // where a time can be skipped or come twice.
    const zones = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Pacific/Apia", "America/Santiago", "Asia/Karachi"];
    const changes: Array<{ zone: string; at: number }> = [];
    for (const zone of zones) {
      const offset = (ms: number) => DateTime.fromMillis(ms, { zone }).offset;
      for (let day = Date.UTC(2005, 0, 1); day < Date.UTC(2030, 0, 1); day += 86_400_000) {
        let [from, to] = [day, day + 86_400_000];
        if (offset(from) === offset(to)) continue;
        while (to - from > 60_000) {
          const middle = from + Math.floor((to - from) / 120_000) * 60_000;
          if (offset(middle) === offset(from)) from = middle;
          else to = middle;
        }
        changes.push({ zone, at: to });
      }
    }
    assert.ok(changes.length > 200, `${changes.length} changes`);
    fc.assert(
      fc.property(fc.constantFrom(...changes), fc.integer({ min: -180, max: 180 }), ({ zone, at }, minutes) => {
        const written = DateTime.fromMillis(at + minutes * 60_000, { zone }).plus({ hours: minutes % 2 === 0 ? 0 : 1 }).toFormat("yyyy-MM-dd'T'HH:mm");
        const read = readArticleDate(written, zone);
        if ("moment" in read) assert.equal(read.moment.setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm"), written, zone);
        else assert.match(read.problem, /does not exist in/);
      }),
      RUNS,
    );
  });

  test("a date with an offset is that instant, and prints the same whatever the machine's zone", () => {
    const zones = fc.constantFrom("UTC", "America/New_York", "Asia/Kolkata", "Pacific/Chatham", "Asia/Karachi", "Europe/London");
    const original = Settings.defaultZone;
    try {
      fc.assert(
        fc.property(// From 1970: earlier, zones kept local mean time, with offsets in seconds that ISO 8601 cannot write.
        fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2999-12-31T00:00:00Z"), noInvalidDate: true }), zones, zones, (date, writtenIn, machine) => {
          const text = DateTime.fromJSDate(date, { zone: writtenIn }).toISO({ suppressMilliseconds: false })!;
          Settings.defaultZone = "UTC";
          const reference = toTimestamp(momentOf(text, "Asia/Karachi")!, "Asia/Karachi", "PKT");
          Settings.defaultZone = machine;
          const parsed = momentOf(text, "Asia/Karachi");
          assert.ok(parsed, text);
          assert.equal(parsed.toMillis(), date.getTime());
          assert.deepEqual(toTimestamp(parsed, "Asia/Karachi", "PKT"), reference);
        }),
        RUNS,
      );
    } finally {
      Settings.defaultZone = original;
    }
  });
});

describe("the sanitiser", () => {
  const fragment = fc.constantFrom(
    "<", ">", "/", '"', "'", "=", " ", "\n", "\n\n", "<script>", "</script>", "<img src=x ", "onerror=", "alert(1)", "javascript:", "&#106;", "&colon;",
    "<a href=", "<svg", "<style>", "</style>", "<iframe ", "srcdoc=", "<noscript>", "</noscript>", "<math>", "<!--", "-->", "<![CDATA[", "data:", "ja\tvascript:", "<p title=",
  );
  test("random mixes of payload fragments never yield a handler, a script or a script URL", () => {
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 30 }), (parts) => {
        const html = renderArticleBody(parts.join(""), { htmlPolicy: "sanitized" });
        const again = sanitizeArticleHtml(html);
        const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
        assert.equal(document.querySelectorAll("script, style, svg, math, iframe[srcdoc], object, embed, form").length, 0, html);
        for (const element of Array.from(document.querySelectorAll("*"))) {
          for (const attribute of Array.from(element.attributes)) {
            const name = attribute.name.toLowerCase();
            assert.ok(!name.startsWith("on"), html);
            if (["href", "src", "srcset", "action", "formaction", "poster", "cite", "data", "xlink:href"].includes(name)) {
              assert.doesNotMatch(attribute.value.replace(/[\u0000-\u0020]/g, ""), /^(javascript|data|vbscript):/i, html);
            }
          }
        }
        // Sanitising is a fixed point: what it lets through, it would let through again.
        assert.equal(sanitizeArticleHtml(again), again);
      }),
      RUNS,
    );
  });

  // Bodies of Markdown alone skip the sanitiser (src/markdown.ts): what they publish must be what it
  // would publish, element for element, attribute for attribute, text for text.
  const markdown = fc.constantFrom(
    "word", " ", "\n", "\n\n", "  \n", "\\\n", "*", "_", "**", "`", "```\n", '```js" onclick=x\n', "## ", "~~", "# ", "> ", "- ", "1. ", "---\n", "\\", '"', "'", "&", "&quot;", "&copy;",
    "[t](", "![i](", ")", " \"title\")", "https://news.example.com/a?b=1&c=2", "http://x.y/p", "//evil.example", "/world/x/", "/\\evil.example", "rel/path",
    "#frag", "mailto:a@b.co", "tel:+123", "javascript:alert(1)", "HTTPS://X.Y", "data:text/html,x", "www.example.org", "a@b.co",
    "<https://x.y/a>", "[http://x.y/p](http://x.y/p)",
    "| a | b |\n|:--|--:|\n| 1 | 2 |\n", "<", ">", "<b>", "<img src=http://x.y/i.png>",
  );
  test("a body published without the sanitiser is what the sanitiser would publish", () => {
    // linkedom may split a text at its character references, so neighbouring texts are read as one.
    const canonical = (element: Element): string => {
      const attributes = Array.from(element.attributes, (attribute) => `${attribute.name}=${JSON.stringify(attribute.value)}`).sort();
      const children: string[] = [];
      let text = "";
      for (const child of Array.from(element.childNodes)) {
        if (child.nodeType === 3) text += child.textContent;
        if (child.nodeType !== 1) continue;
        if (text) children.push(JSON.stringify(text));
        text = "";
        children.push(canonical(child as Element));
      }
      if (text) children.push(JSON.stringify(text));
      return `<${element.localName} ${attributes.join(" ")}>${children.join("")}</${element.localName}>`;
    };
    const parsed = (html: string) => canonical(parseHTML(`<!doctype html><html><body>${html}</body></html>`).document.body);
    fc.assert(
      fc.property(fc.array(markdown, { maxLength: 40 }), fc.option(fc.constantFrom("KARACHI", "Paris \"x\" & <y>")), (parts, dateline) => {
        const html = renderArticleBody(parts.join(""), { htmlPolicy: "sanitized", dateline: dateline ?? undefined });
        assert.equal(parsed(html), parsed(sanitizeArticleHtml(html)), html);
      }),
      { numRuns: 2000 },
    );
  });
});
