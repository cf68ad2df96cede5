// The bad-input suite: one fixture site per failure, each built with the real build script, asserting
// the exit code, the file named and the message an editor would act on.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { article, buildFixture, makeFixtureSite, PROJECT_ROOT } from "./helpers/site.ts";

const NOW = "2026-11-30T12:00:00Z";

interface Case {
  name: string;
  articles: Record<string, string | Buffer>;
  settings?: Record<string, unknown>;
  /** The build's --now, when not NOW. */
  now?: string;
  /** Runs after the fixture is written, for what a text file cannot say (a symbolic link). */
  prepare?: (articlesDir: string) => Promise<void>;
  /** Each must appear in the build's error output. */
  expect: RegExp[];
}

const later = { date: "2026-01-06T10:00:00+05:00" };

const CASES: Case[] = [
  {
    name: "two articles with the same slug in one section",
    articles: { "2026/a.md": article({ slug: "harbour-reopens" }), "2026/b.md": article({ slug: "harbour-reopens", ...later }) },
    expect: [/articles\/2026\/b\.md:5: would be published at \/world\/harbour-reopens\/, the same address as .*articles\/2026\/a\.md/],
  },
  {
    name: "two files of the same name in different folders and one section",
    articles: { "2025/harbour.md": article(), "2026/Harbour.md": article(later) },
    expect: [/2026\/Harbour\.md:1: would be published at \/world\/harbour\/, the same address as .*2025\/harbour\.md: the names of both files give the slug harbour; rename this file/],
  },
  {
    // The message named, to the eye, one file twice.
    name: "two files whose names differ only in how an accent is written",
    articles: { "café.md": article(), "cafe\u0301.md": article(later) },
    expect: [/café\.md:1: would be published at \/world\/cafe\/, the same address as .*cafe\u0301\.md \(the two paths look the same, but spell an accented letter with different characters\): the names of both files give the slug cafe/],
  },
  {
    name: "two articles with the same short code",
    articles: { "a.md": article({ shortUrl: "abc23" }), "b.md": article({ shortUrl: "https://arab.news/abc23", ...later }) },
    settings: { shortUrlBase: "https://arab.news" },
    expect: [/b\.md:5: shortUrl: the short code abc23 is already used by .*a\.md/],
  },
  {
    name: "a slug that climbs out of the output folder",
    articles: { "escape.md": article({ slug: '"../../outside"' }) },
    expect: [/escape\.md:\d+: slug: expected a slug of lower-case letters, digits and single hyphens/],
  },
  {
    name: "a percent-encoded slug",
    articles: { "encoded.md": article({ slug: "'%2e%2e%2foutside'" }) },
    expect: [/encoded\.md:\d+: slug: expected a slug/],
  },
  {
    name: "an absolute slug",
    articles: { "absolute.md": article({ slug: "/etc/cron.d" }) },
    expect: [/absolute\.md:\d+: slug: expected a slug/],
  },
  {
    name: "a section that climbs out of the output folder",
    articles: { "section.md": article({ section: '"../world"' }) },
    expect: [/section\.md:\d+: section: expected one of the site's sections: pakistan, middle-east/],
  },
  {
    name: "an encoded section",
    articles: { "section.md": article({ section: "'%2e%2e%2fworld'" }) },
    expect: [/section\.md:\d+: section: expected one of the site's sections/],
  },
  {
    name: "a lead image outside the articles folder",
    articles: { "image.md": article({ image: "\n  src: ../secret.png\n  alt: x" }) },
    prepare: async (articlesDir) => writeFile(path.join(articlesDir, "..", "secret.png"), "not for publishing"),
    expect: [/image\.md:\d+: image\.src: expected a file inside .*articles\/; "\.\.\/secret\.png" leads out of it/],
  },
  {
    name: "a lead image reached through a symbolic link that leads out of the articles folder",
    articles: { "linked.md": article({ image: "\n  src: outside.png\n  alt: x" }) },
    prepare: async (articlesDir) => {
      const outside = path.join(articlesDir, "..", "secret.png");
      await writeFile(outside, "not for publishing");
      await symlink(outside, path.join(articlesDir, "outside.png"));
    },
    expect: [/linked\.md:\d+: image\.src: expected a file inside .*articles\/; "outside\.png" leads out of it/],
  },
  {
    name: "a lead image path that climbs out of public/",
    articles: {},
    prepare: async (articlesDir) => {
      const secret = path.join(articlesDir, "..", "secret.png");
      await writeFile(secret, "not for publishing");
      // A leading slash means public/; enough ../ after it reach any file on the machine.
      const src = `/${"../".repeat(PROJECT_ROOT.split(path.sep).length + 2)}${secret.slice(1)}`;
      await writeFile(path.join(articlesDir, "public.md"), article({ image: `\n  src: ${src}\n  alt: x` }));
    },
    expect: [/public\.md:\d+: image\.src: expected a file inside public\/; ".*" leads out of it/],
  },
  {
    name: "a lead image that is not an image",
    articles: { "page.md": article({ image: "\n  src: evil.html\n  alt: x" }), "evil.html": "<script>alert(1)</script>" },
    expect: [/page\.md:\d+: image\.src: expected an image file \(\.jpg, \.jpeg, \.png, \.gif, \.webp, \.avif, \.svg\); found "evil\.html"/],
  },
  {
    name: "a headline of 10,000 characters",
    articles: { "long.md": article({ headline: "A".repeat(10_000) }) },
    expect: [/long\.md:2: headline: expected at most 200 characters; found "A{20,}…/],
  },
  {
    name: "an article with 500 tags",
    articles: { "tags.md": article({ tags: `[${Array.from({ length: 500 }, (_, i) => `tag-${i}`).join(", ")}]` }) },
    expect: [/tags\.md:\d+: tags: expected at most 100 tags; found a list of 500/],
  },
  {
    name: "a list nested deeper than Markdown can show",
    articles: { "deep.md": article({}, `${Array.from({ length: 600 }, (_, level) => `${"  ".repeat(level)}- level ${level}`).join("\n")}\n\nThe end.`) },
    expect: [/deep\.md:\d+: the story nests lists, quotes or emphasis more than 1000 levels deep; everything after would be lost/],
  },
  {
    name: "quotes nested deeper than the parser's stack allows",
    articles: { "quotes.md": article({}, `${">".repeat(200_000)} deep\n\nThe end.`) },
    expect: [/quotes\.md:7: the story nests lists, quotes or emphasis more than 1000 levels deep/],
  },
  {
    name: "an article file too large to be a story",
    articles: { "huge.md": article({}, "word ".repeat(3_500_000)) },
    expect: [/huge\.md:1: the file is 16\.7 MB: expected at most 16 MB/],
  },
  {
    name: "a link to a page the site does not have",
    articles: { "linking.md": article({}, "Read [the earlier story](/world/no-such-story/).") },
    settings: { checkLinks: true },
    expect: [/linking\.md:7 \(page \/world\/linking\/\): links to \/world\/no-such-story\/, which is not in the built site/],
  },
  {
    // YAML's own errors name the line js-yaml stopped on: the one with the second headline, the tab, the stray text.
    name: "a field given twice",
    articles: { "twice.md": "---\nheadline: First\nheadline: Second\ndate: 2026-01-05T10:00:00+05:00\n---\n\nBody.\n" },
    expect: [/twice\.md:3:1: headline: YAML syntax error: the field is given twice; expected each field once/],
  },
  {
    name: "an image field given twice",
    articles: { "twice.md": article({ image: "\n  src: a.png\n  alt: x\n  src: b.png" }) },
    expect: [/twice\.md:8:3: image\.src: YAML syntax error: the field is given twice/],
  },
  {
    name: "a field indented with a tab",
    articles: { "tab.md": "---\nheadline: A headline\n\tdate: 2026-01-05T10:00:00+05:00\n---\n\nBody.\n" },
    expect: [/tab\.md:3:1: date: a tab in the indent of a line, where YAML takes only spaces: indent with spaces/],
  },
  {
    // Published as "We're", and nobody told.
    name: "a headline a comment cuts short",
    articles: { "comment.md": article({ headline: "We're #1 again" }) },
    expect: [/comment\.md:2:17: headline: YAML reads "#1 again" as a comment, which is not published, so this would be "We're": write the text in quotes \(headline: "We're #1 again"\)/],
  },
  {
    name: "text after a quoted value",
    articles: { "quoted.md": '---\nheadline: "Harbour" reopens\ndate: 2026-01-05T10:00:00+05:00\n---\n\nBody.\n' },
    expect: [/quoted\.md:2:11: headline: the quote at the start of the text closes at "\\"Harbour\\"", and YAML reads nothing after a closing quote: write the text in quotes, headline: '"Harbour" reopens'/],
  },
  {
    // Read as YAML down to a thematic break, the story's first line was "unknown field (did you mean date?)", and no word of the missing ---.
    name: "a story whose closing --- is missing and whose first line is shaped as a field",
    articles: { "note.md": "---\nheadline: Harbour reopens\ndate: 2026-01-05T10:00:00+05:00\n\nNote: this story was updated on Tuesday.\n---\n\nThe harbour reopened.\n" },
    expect: [/note\.md:5: Note: unknown field; the article format has no such field; is the closing --- missing\? The front matter seems to end on line 3, and the story to start on line 5/],
  },
  {
    // The fields after a stray --- were the story's opening words: a setext heading "section: world tags: [harbour]", published.
    name: "a stray --- line among the fields, closing the front matter early",
    articles: { "stray.md": "---\nheadline: Harbour reopens\ndate: 2026-01-05T10:00:00+05:00\n---\nsection: world\ntags: [harbour]\n---\n\nThe harbour reopened.\n" },
    expect: [/stray\.md:5: section: this field comes after the --- line that closes the front matter \(line 4\), so it would be published as the story's first words: expected every field above the closing --- line; is the --- on line 4 one too many\?/],
  },
  {
    // Shaped like a tag but not one (a region twice): Intl threw on it, with a stack, where the page puts
    // the dateline in capitals and joins the byline in the story's language.
    name: "a lang shaped like a language tag that Intl cannot read",
    articles: { "region-twice.md": article({ lang: "en-US-US", dateline: "London" }) },
    expect: [/region-twice\.md:\d+: lang: expected a BCP 47 language tag such as en, ur or ar/],
  },
  {
    // js-yaml said "unknown tag !<tag:yaml.org,2002:binary>".
    name: "a value with an explicit YAML tag",
    articles: { "tagged.md": article({ dateline: "!!binary S0FSQUNISQ==" }) },
    expect: [/tagged\.md:5:\d+: dateline: YAML syntax error: the tag !!binary is not read: front matter holds text, true or false, lists and fields; remove the tag, or put a value that begins with ! in quotes/],
  },
  {
    // js-yaml said "expected a single document in the stream, but found more", on no line.
    name: "a ... line inside the front matter with fields after it",
    articles: { "documents.md": "---\nheadline: Harbour reopens\n...\ndate: 2026-01-05T10:00:00+05:00\n---\n\nBody.\n" },
    expect: [/documents\.md:3:1: a \.\.\. line, which ends a YAML document, has more after it: expected the fields alone between the two --- lines; remove the \.\.\. line/],
  },
  {
    name: "a merge key in the front matter",
    articles: { "merge.md": article({ image: "\n  <<: {src: a.png, alt: A}" }) },
    expect: [/merge\.md:6: image\.<<: a merge key \(<<\) is not read: expected each field written out/],
  },
  {
    // Read as the field "a,b", on no line. Given no value: with `: c` after it, front matter refuses it as a list.
    name: "a key that is a list",
    articles: { "key.md": article().replace("\n---\n", "\n? [a, b]\n---\n") },
    expect: [/key\.md:5: a key written after \? is not a field's name: expected fields written as name: value/],
  },
  {
    // js-yaml stored it as the field "null", refused as unknown on no line.
    name: "a key YAML reads as null",
    articles: { "null-key.md": article({ "~": "Reuters" }) },
    expect: [/null-key\.md:5:1: ~: YAML reads this key as null \(no value\), not as a name: expected a field's name before the colon/],
  },
  {
    // Read as the field "~", and refused as unknown on no line: the line was found by matching `~:` at a line's start.
    name: "a key written with a tag",
    articles: { "tag-key.md": article({ "!!str ~": "Reuters" }) },
    expect: [/tag-key\.md:5: ~: unknown field; the article format has no such field/],
  },
  {
    // The tag read is `!!null:`, and js-yaml stopped on the closing --- line.
    name: "a key that is the tag !!null, as the last field",
    articles: { "null-tag.md": article({ "!!null": "Reuters" }) },
    expect: [/null-tag\.md:5:1: !!null: YAML syntax error: the tag !!null: is not read/],
  },
  {
    // Named tags.~, without the item.
    name: "a key YAML reads as null in a list item",
    articles: { "item-key.md": article({ tags: "\n  - Ports\n  - ~: x" }) },
    expect: [/item-key\.md:7:5: tags\.1\.~: YAML reads this key as null \(no value\), not as a name/],
  },
  {
    // luxon's ISO form of a time in Karachi's local mean time (+04:28:12) was 1900-01-15T10:00:00.000+04:28, 12 seconds off.
    name: "an update before the date, in a zone's local mean time",
    articles: { "updated.md": article({ date: "1900-01-15T10:00:00", updated: "1900-01-15T09:59:50" }) },
    settings: { timeZone: "Asia/Karachi" },
    expect: [/updated\.md:5: updated: expected a time at or after date \(1900-01-15T10:00:00\); found 1900-01-15T09:59:50(?![\d.:+Z])/],
  },
  {
    // luxon read it as a moment a day earlier than the editor meant, and the story was published so.
    name: "a date with an offset no clock shows",
    articles: { "offset.md": article({ date: "2026-01-05T10:00:00+25:00" }) },
    expect: [/offset\.md:3: date: the offset \+25:00 is one no clock shows: expected an offset from -12:00 to \+14:00, such as \+05:00 \(or none, for the site's time zone\); found "2026-01-05T10:00:00\+25:00"/],
  },
  {
    // Pasted from another program, it was kept on the page and dropped from the feed.
    name: "a vertical tab in a story's body",
    articles: { "pasted.md": article({}, "The first paragraph.\n\nThe harbour\u000b reopened.") },
    expect: [/pasted\.md:9:12: the story holds the control character U\+000B \(vertical tab\), which feeds and sitemaps cannot hold \(pasted from another program, perhaps\): remove it/],
  },
  {
    name: "a noncharacter in a story's body",
    articles: { "nonchar.md": article({}, "The harbour reopened.\uFFFE") },
    expect: [/nonchar\.md:7:22: the story holds the noncharacter U\+FFFE, which feeds and sitemaps cannot hold/],
  },
  {
    // js-yaml said "null byte is not allowed in input", on the first line.
    name: "a null byte typed into the front matter",
    articles: { "null.md": article({ dateline: "KARA\u0000CHI" }) },
    expect: [/null\.md:5:15: dateline: the front matter holds the control character U\+0000 \(null\), which YAML cannot read \(pasted from another program, perhaps\): remove it/],
  },
  {
    // YAML makes one of "\uD800"; the page showed it as �, and the feed dropped it.
    name: "a lone surrogate written as an escape in a headline",
    articles: { "surrogate.md": article({ headline: '"Harbour \\uD800 reopens"' }) },
    expect: [/surrogate\.md:2: headline: expected text without lone surrogates; found the lone surrogate U\+D800 .* at character 9, which feeds and sitemaps cannot hold, and a page shows as �: remove it/],
  },
  {
    // Decoding does not fail on them: each became U+FFFD, and "Café" was published as "Caf�".
    name: "a story saved as Windows-1252 rather than UTF-8",
    articles: { "latin.md": Buffer.from(article({}, "The first paragraph.\n\nThe café reopened."), "latin1") },
    expect: [/latin\.md:9: the file is not UTF-8 text: this line holds bytes that are not UTF-8 \(was the file saved as Windows-1252 or Latin-1\?\).*; save the file as UTF-8/],
  },
  {
    name: "a story saved as UTF-16",
    articles: { "wide.md": Buffer.from(`\uFEFF${article()}`, "utf16le") },
    expect: [/wide\.md:1: the file is UTF-16 text: expected UTF-8; save the file as UTF-8/],
  },
  {
    name: "a settings file that is not JSON",
    articles: { "a.md": article() },
    prepare: async (articlesDir) => writeFile(path.join(articlesDir, "..", "settings.json"), '{ "name": "Fixture News", }'),
    expect: [/settings\.json: expected the settings as JSON; /],
  },
  {
    name: "a settings file that is not there",
    articles: { "a.md": article() },
    prepare: async (articlesDir) => rm(path.join(articlesDir, "..", "settings.json")),
    expect: [/settings\.json: there is no such file; expected a JSON file of settings/],
  },
  {
    name: "an articles folder that is not there",
    articles: {},
    prepare: async (articlesDir) => rm(articlesDir, { recursive: true }),
    expect: [/There is no articles folder at .*articles: expected a folder of Markdown articles\./],
  },
  {
    name: "a --now that is not a date-time",
    articles: { "a.md": article() },
    now: "tomorrow",
    expect: [/--now: expected an ISO 8601 date-time such as 2026-01-01T08:00:00Z; found "tomorrow"/],
  },
  {
    name: "an HTML policy the site does not have",
    articles: { "a.md": article() },
    settings: { htmlPolicy: "unsafe" },
    expect: [/The site settings are not valid:\n\s+htmlPolicy: expected one of "sanitized"\|"trusted"\|"none" \(in [^)]*settings\.json\)/],
  },
];

describe("the bad-input suite", () => {
  for (const item of CASES) {
    test(`${item.name} fails the build with a clear message`, async () => {
      const site = await makeFixtureSite(item.articles, item.settings ?? {});
      try {
        await item.prepare?.(site.articlesDir);
        const result = await buildFixture(site, ["--now", item.now ?? NOW]);
        assert.equal(result.code, 1, `expected the build to fail\n${result.stdout}\n${result.stderr}`);
        for (const pattern of item.expect) {
          // Once: the build prints what Eleventy has not already printed, and nothing twice.
          const found = result.stderr.match(new RegExp(pattern.source, `${pattern.flags}g`)) ?? [];
          assert.equal(found.length, 1, `expected ${pattern} once in:\n${result.stderr}`);
        }
        assert.match(result.stderr, /Build failed/);
        assert.doesNotMatch(result.stderr, /^\s+at /m, "no stack trace");
      } finally {
        await site.remove();
      }
    });
  }
});

// Keeps the suite honest: a fixture like those above, but valid, builds.
test("the fixtures fail for the reason given: a valid one builds", async () => {
  const site = await makeFixtureSite({ "2026/a.md": article({ slug: "harbour-reopens", shortUrl: "abc23", tags: "[One, Two]" }), "2026/b.md": article(later) });
  try {
    const result = await buildFixture(site, ["--now", NOW]);
    assert.equal(result.code, 0, result.stderr);
  } finally {
    await site.remove();
  }
});
