import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { setFlagsFromString } from "node:v8";
import { DateTime } from "luxon";
import siteConfig from "../site.config.ts";
import { loadArticles } from "../src/article-loader.ts";
import { ArticleValidationError, type Problem } from "../src/problems.ts";
import { resolveSettings } from "../src/settings.ts";
import { deriveShortCode } from "../src/short-url.ts";
import { fillBuckets } from "../src/subject-buckets.ts";
import { nameKey } from "../src/subject-names.ts";
import { article, makeFixtureSite, PROJECT_ROOT, type FixtureSite } from "./helpers/site.ts";

const settings = resolveSettings(siteConfig);
const now = DateTime.fromISO("2026-11-30T12:00:00Z");
const sites: FixtureSite[] = [];
after(() => Promise.all(sites.map((site) => site.remove())));

async function load(files: Record<string, string | Buffer>, options: { includeUnpublished?: boolean; settings?: typeof settings } = {}) {
  const site = await makeFixtureSite(files);
  sites.push(site);
  return loadArticles({ settings, articlesDir: site.articlesDir, publicDir: path.join(PROJECT_ROOT, "public"), now, ...options });
}

async function problemsOf(files: Record<string, string | Buffer>): Promise<Problem[]> {
  try {
    await load(files);
  } catch (error) {
    if (error instanceof ArticleValidationError) return [...error.problems];
    throw error;
  }
  assert.fail("expected the articles to be refused");
}

describe("bad input: each kind is reported with file, line, field and what was expected", () => {
  const cases: Array<[string, string, Omit<Partial<Problem>, "message"> & { message: RegExp }]> = [
    ["missing headline", article({ headline: "" }), { field: "headline", message: /required, but missing/ }],
    ["bad date", article({ date: "next Tuesday" }), { field: "date", line: 3, message: /expected an ISO 8601 date-time .*found "next Tuesday"/ }],
    [
      "updated before date",
      article({ updated: "2026-01-04T10:00:00+05:00" }),
      { field: "updated", line: 5, message: /^expected a time at or after date \(2026-01-05T10:00:00\+05:00\); found 2026-01-04T10:00:00\+05:00$/ },
    ],
    ["unknown key", article({ headlne: "Typo" }), { field: "headlne", line: 5, message: /unknown field \(did you mean headline\?\)/ }],
    ["unknown key with two letters swapped", article({ tgas: "[Ports]" }), { field: "tgas", line: 5, message: /unknown field \(did you mean tags\?\)/ }],
    // A field of the other level was offered itself: "caption: unknown field (did you mean caption?)".
    ["an image's field at the margin", article({ caption: "Fans at the gate" }), { field: "caption", line: 5, message: /^unknown field: caption is one of image's fields, written indented under image:$/ }],
    ["an image's field misspelt at the margin", article({ captoin: "Fans at the gate" }), { field: "captoin", line: 5, message: /^unknown field \(did you mean caption\?\): caption is one of image's fields/ }],
    [
      "a field of the story's indented under image:",
      article({ image: "\n  src: /images/placeholder-lead.svg\n  alt: A harbour\n  dateline: KARACHI" }),
      { field: "image.dateline", line: 8, message: /^unknown field in image: dateline is a field of the story's own, written at the start of its line, not indented under image:$/ },
    ],
    // Refused as "expected text; found a group of fields".
    [
      "a bullet with a colon and a space in it",
      article({ bullets: "\n  - 'Talks go on'\n  - PM: no deal yet" }),
      { field: "bullets.1", line: 7, message: /^expected text; found "PM: no deal yet", which YAML reads as a field named "PM", for the colon and space in it: write the text in quotes, 'PM: no deal yet'$/ },
    ],
    // "expected text; found boolean true".
    ["a tag YAML reads as true or false", article({ tags: "[Elections, true]" }), { field: "tags.1", line: 5, message: /^expected text; found true, which YAML reads as true or false, not as text: write it in quotes, 'true'$/ }],
    ["a tag in brackets with a colon and a space in it", article({ tags: "[Star Wars: Andor, TV]" }), { field: "tags.0", line: 5, message: /^expected text; found "Star Wars: Andor", which YAML reads as a field named "Star Wars"/ }],
    // "hеadline: unknown field (did you mean headline?)": the same word twice, to the eye.
    [
      "a field's name with a Cyrillic letter in it",
      article({ "h\u0435adline": "Harbour" }),
      { field: "h\u0435adline", line: 5, message: /^unknown field \(did you mean headline\? \u0435 is the Cyrillic letter U\+0435, drawn as a Latin one is\)/ },
    ],
    // Other tools' names for a field are no typo of it: "summary: unknown field; the article format has no such field".
    ["a field by another tool's name for it", article({ summary: "[Rates rise]" }), { field: "summary", line: 5, message: /^unknown field \(did you mean bullets\?\): the article format calls this field bullets$/ }],
    ["a headline written as a title, in capitals", article({ Title: "Harbour" }), { field: "Title", line: 5, message: /^unknown field \(did you mean headline\?\)/ }],
    // Two edits from src: no typo of it.
    ["unknown short key", article({ url: "https://example.com/harbour" }), { field: "url", line: 5, message: /^unknown field; the article format has no such field$/ }],
    ["YAML syntax error", "---\nheadline: [unclosed one\ndate: 2026-01-05\n---\nBody\n", { field: "headline", line: 2, message: /^the \[ that opens this list is never closed/ }],
    ["wrong type", article({ bullets: "{a: 1}", draft: '"yes"' }), { field: "bullets", message: /expected a list; found a group of fields/ }],
    ["empty file", "", { line: 1, message: /the file is empty/ }],
    ["no front matter", "Just a story, no fields.\n", { line: 1, message: /no front matter/ }],
    ["section not in the settings", article({ section: "weather" }), { field: "section", message: /expected one of the site's sections: pakistan, middle-east/ }],
    // Refused with the list of every section's slug, naming none.
    [
      "section written as its name",
      article({ section: "Science & Technology" }),
      { field: "section", line: 4, message: /^expected a section's slug \(did you mean science-technology\? "Science & Technology" is that section's name\); found "Science & Technology"$/ },
    ],
    ["section misspelt", article({ section: "pakistn" }), { field: "section", line: 4, message: /^expected one of the site's sections \(did you mean pakistan\?\); found "pakistn"$/ }],
    ["short code that is not text", article({ shortUrl: "true" }), { field: "shortUrl", line: 5, message: /expected a short code such as 4wq7m, or a URL on the short domain \(https:\/\/news\.example\.com\/s\/\) ending in one; found boolean true/ }],
    // An invisible character is written as an escape: the value looked right, and an override turned the message around.
    ["short code holding a zero-width space", article({ shortUrl: "ab\u200Bcd1" }), { field: "shortUrl", line: 5, message: /; found "ab\\u200Bcd1" \(\\u200B is an invisible character\)$/ }],
    ["section holding a right-to-left override", article({ section: "\u202Eworld" }), { field: "section", line: 4, message: /; found "\\u202Eworld" \(\\u202E is an invisible character\)$/ }],
    [
      "headline opening a right-to-left override it does not close",
      article({ headline: '"A \\u202Eheadline"' }),
      { field: "headline", line: 2, message: /^expected each direction control closed in the field; found U\+202E \(right-to-left override\) at character 3 with no U\+202C/ },
    ],
    // One name written alone is as good as a list: a message asking for a list would send an editor the long way round.
    ["author left empty", article({ author: "~" }), { field: "author", line: 5, message: /^expected a list of authors, or one author written alone; found an empty value; fill it in, or delete the line to leave it out$/ }],
    // A billion laughs: 9^9 items as a copy, nine items here, as js-yaml reads an alias as its anchor's value.
    [
      "aliases of aliases",
      article({ section: "world\nx0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]", ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`x${i + 1}`, `&x${i + 1} [${`*x${i}, `.repeat(8)}*x${i}]`])), tags: "*x8" }),
      { field: "tags.0", line: 14, message: /^expected text; found a list of 9$/ },
    ],
    ["headline too long", article({ headline: "x".repeat(201) }), { field: "headline", message: /at most 200 characters/ }],
    ["image without alt", article({ image: "\n  src: /images/placeholder-lead.svg" }), { field: "image.alt", message: /required, but missing/ }],
    ["image that does not exist", article({ image: "\n  src: missing.jpg\n  alt: A photo" }), { field: "image.src", line: 6, message: /found no file at .*missing\.jpg/ }],
  ];
  for (const [name, text, expected] of cases) {
    test(name, async () => {
      const problems = await problemsOf({ "story.md": text });
      const problem = problems.find((candidate) => expected.message.test(candidate.message));
      assert.ok(problem, `no problem matching ${expected.message} in ${JSON.stringify(problems)}`);
      assert.match(problem.file, /articles\/story\.md$/);
      if (expected.field) assert.equal(problem.field, expected.field);
      if (expected.line) assert.equal(problem.line, expected.line);
    });
  }

  // The preview advises adding the file for such a problem, not only fixing the article (src/preview-server.ts).
  test("a lead image that does not exist is said to be a missing file, with where it was looked for; one of the wrong kind is not", async () => {
    const problems = await problemsOf({ "a.md": article({ image: "\n  src: missing.jpg\n  alt: A photo" }), "b.md": article({ image: "\n  src: photo.txt\n  alt: A photo" }) });
    const byFile = Object.fromEntries(problems.map((problem) => [path.basename(problem.file), problem]));
    assert.equal(byFile["b.md"]?.missingFile, undefined);
    // Beside the story first, then under public/.
    assert.equal(byFile["a.md"]?.missingFile?.[0], path.resolve(path.dirname(byFile["a.md"]!.file), "missing.jpg"));
    assert.equal(byFile["a.md"]?.missingFile?.length, 2);
  });

  test("every bad file is reported in one run", async () => {
    const problems = await problemsOf({
      "a.md": article({ headline: "" }),
      "b/c.md": article({ date: "soon" }),
      "good.md": article(),
      "d.md": "",
    });
    assert.deepEqual([...new Set(problems.map((problem) => path.basename(problem.file)))].sort(), ["a.md", "c.md", "d.md"]);
  });

  test("each problem is said once: a field of the wrong type is not also measured, and what was found is not told twice", async () => {
    const messages = async (text: string) => (await problemsOf({ "story.md": text })).map((problem) => `${problem.line} ${problem.field}: ${problem.message}`);
    // zod measures the length of text against a list's limit too: "One point only" is more than 5 characters.
    assert.deepEqual(await messages(article({ bullets: "One point only" })), ['5 bullets: expected a list; found "One point only"']);
    assert.deepEqual(await messages(article({ headline: "'   '" })), ["2 headline: expected text, found an empty value"]);
    assert.deepEqual(await messages(article({ tags: "[Ports, '']" })), ["5 tags.1: expected text, found an empty value"]);
  });

  test("an optional field left empty is refused, saying how to leave it out; a required one is not told it may go", async () => {
    const messages = async (text: string) => (await problemsOf({ "story.md": text })).map((problem) => `${problem.field}: ${problem.message}`);
    const LEAVE_OUT = /^(\w+): .*; fill it in, or delete the line to leave it out$/;
    const optional = { dateline: "", updated: "", lang: "", slug: "", tags: "", author: "", draft: "", bullets: "", shortUrl: "", section: "" };
    for (const [field, value] of [...Object.keys(optional).map((name) => [name, "~"]), ["dateline", "'  '"]] as const) {
      const told = await messages(article({ [field]: value }));
      assert.equal(told.length, 1, `${field}: ${told.join(" | ")}`);
      assert.equal(LEAVE_OUT.exec(told[0]!)?.[1], field, told[0]);
    }
    assert.deepEqual(await messages(article({ dateline: "~" })), ["dateline: expected text; found an empty value; fill it in, or delete the line to leave it out"]);
    const withImage = (lines: string) => article({ image: `\n  src: photo.jpg\n  alt: A photo${lines}` });
    assert.match((await messages(withImage("\n  caption:")))[0]!, /^image\.caption: .*; fill it in, or delete the line to leave it out$/);
    // A field the story cannot do without is only refused.
    for (const text of [article({ headline: "'  '" }), article({ date: "~" }), withImage("\n  credit: x").replace("alt: A photo", "alt: ''")]) {
      const told = await messages(text);
      assert.equal(told.length, 1, told.join(" | "));
      assert.doesNotMatch(told[0]!, /delete the line/);
      assert.match(told[0]!, /empty value/);
    }
  });

  test("tags or authors written as one text with a comma are refused on their line, with the two lists it may mean", async () => {
    const problems = await problemsOf({ "story.md": article({ tags: "US, Afghanistan", author: "Smith, Jr." }) });
    assert.deepEqual(
      problems.map((problem) => `${path.basename(problem.file)}:${problem.line} ${problem.field}: ${problem.message}`),
      [
        'story.md:5 tags: expected a list of tags; found one text with a comma, "US, Afghanistan": write [US, Afghanistan] for 2 tags, or ["US, Afghanistan"] for one tag with a comma in its name (in quotes, or brackets read the comma as the end of an item)',
        'story.md:6 author: expected a list of authors; found one text with a comma, "Smith, Jr.": write [Smith, Jr.] for 2 authors, or ["Smith, Jr."] for one author with a comma in its name (in quotes, or brackets read the comma as the end of an item)',
      ],
    );
    const [story] = await load({ "story.md": article({ tags: '["Washington, D.C.", US]', author: "\n  - Smith, Jr.\n  - Jane Doe" }) });
    assert.deepEqual(story?.tags.map((tag) => tag.name), ["Washington, D.C.", "US"], "a name with a comma, as an item of the list");
    assert.deepEqual(story?.authors.map((author) => author.name), ["Smith, Jr.", "Jane Doe"]);
  });

  test("two articles at one address or with one short code are refused, naming both files", async () => {
    const problems = await problemsOf({
      "one/same.md": article({ shortUrl: "abcde" }),
      "two/same.md": article({ shortUrl: "abcde", date: "2026-01-06T10:00:00+05:00" }),
    });
    assert.ok(problems.some((problem) => /one\/same\.md/.test(problem.message) && /two\/same\.md/.test(problem.file) && /same address/.test(problem.message)));
    assert.ok(problems.some((problem) => problem.field === "shortUrl" && /abcde is already used by .*one\/same\.md/.test(problem.message)));
  });
});

describe("good input", () => {
  // Karachi kept local mean time (+04:28:12) until 1907: the machine date is in UTC, while the archive
  // month and the derived short code come from the newsroom's wall clock, as they did before.
  test("a story dated before its zone kept standard time has its true instant, its local month and its short code as before", async () => {
    const [story] = await load({ "old.md": article({ date: "1900-02-01T00:10", slug: "harbour-opens" }) });
    assert.ok(story);
    const local = DateTime.fromObject({ year: 1900, month: 2, day: 1, minute: 10 }, { zone: "Asia/Karachi" });
    assert.equal(story.published.iso, "1900-01-31T19:41:48Z");
    assert.equal(Date.parse(story.published.iso), local.toMillis());
    assert.equal(story.shortCode, deriveShortCode("1900-02-01T00:10:00+04:28", "harbour-opens"));
    const { months } = fillBuckets([story], [], "en");
    assert.deepEqual([...months.values()].map(({ link }) => link.url), ["/archive/1900/02/"]);
  });

  test("a file with a byte-order mark and CRLF line endings builds fine", async () => {
    const text = "\uFEFF" + article({ headline: "Windows story", dateline: "Karachi" }).replace(/\n/g, "\r\n");
    const [story] = await load({ "windows.md": Buffer.from(text, "utf8") });
    assert.equal(story?.headline, "Windows story");
    assert.match(story?.html ?? "", /<span class="dateline"><span dir="auto">KARACHI<\/span>:<\/span> The story/);
  });

  test("a dateline is in capitals as the story's language writes them, the site's when the story names none", async () => {
    const stories = await load(
      { "yerel.md": article({ headline: "Yerel", dateline: "istanbul" }), "english.md": article({ headline: "English", dateline: "istanbul", lang: "en" }) },
      { settings: { ...settings, language: "tr" } },
    );
    const datelineOf = (headline: string) => stories.find((story) => story.headline === headline)?.html.match(/<span dir="auto">([^<]*)<\/span>/)?.[1];
    assert.equal(datelineOf("Yerel"), "İSTANBUL");
    assert.equal(datelineOf("English"), "ISTANBUL");
  });

  test("files in hidden folders, and hidden files, are not articles (an editor's tools keep copies there)", async () => {
    const stories = await load({
      "kept.md": article({ headline: "Kept" }),
      "2026/also-kept.md": article({ headline: "Also kept" }),
      ".trash/deleted.md": article({ headline: "In the trash" }),
      "2026/.obsidian/note.md": article({ headline: "Editor's note" }),
      "2026/.draft-copy.md": article({ headline: "Hidden file" }),
    });
    assert.deepEqual(stories.map((story) => story.headline).sort(), ["Also kept", "Kept"]);
  });

  test("articles come newest first; a later update breaks a tie", async () => {
    const stories = await load({
      "old.md": article({ date: "2026-01-01T10:00:00+05:00" }),
      "tie-plain.md": article({ date: "2026-01-03T10:00:00+05:00" }),
      "tie-updated.md": article({ date: "2026-01-03T10:00:00+05:00", updated: "2026-01-03T12:00:00+05:00" }),
      "new.md": article({ date: "2026-01-04T05:00:00Z" }),
    });
    assert.deepEqual(stories.map((story) => story.slug), ["new", "tie-updated", "tie-plain", "old"]);
  });

  test("a story read in this thread keeps its body as bytes in V8's fast layout, not as a dictionary changed in place", async () => {
    // An article whose html was redefined in place as an accessor took about 2 KB (docs/performance-history.md, forty-second and forty-fourth rounds).
    setFlagsFromString("--allow-natives-syntax");
    const hasFastProperties = new Function("object", "return %HasFastProperties(object)") as (object: object) => boolean;
    const stories = await load({ "harbour.md": article({}, "Ferries run again."), "tides.md": article({}, "Low water at noon.") });
    assert.deepEqual(stories.map((story) => story.html.trim()).sort(), ["<p>Ferries run again.</p>", "<p>Low water at noon.</p>"]);
    for (const story of stories) assert.ok(hasFastProperties(story), `${story.slug} is not a dictionary`);
  });

  test("the file name gives the slug and the section gives the folder; tags and authors get pages", async () => {
    const [story] = await load({ "2026/01/My Story Ünïcode.md": article({ tags: "[US, us, کتاب میلہ]", author: "[Jane Doe, Ali Khan]" }) });
    assert.equal(story?.url, "/world/my-story-unicode/");
    assert.deepEqual(story?.tags.map((tag) => tag.url), ["/tags/us/", "/tags/کتاب-میلہ/"]);
    assert.deepEqual(story?.authors.map((author) => author.name), ["Jane Doe", "Ali Khan"]);
  });

  test("stories that name the same tag, author or section share one object for it", async () => {
    const stories = await load({
      "one.md": article({ headline: "One", tags: "[Karachi, Ports]", author: "Jane Doe" }),
      "two.md": article({ headline: "Two", date: "2026-01-06T10:00:00+05:00", tags: "[Ports, karachi]", author: "[Ali Khan, Jane Doe]" }),
    });
    const [two, one] = stories;
    assert.deepEqual(one?.tags.map((tag) => tag.name), ["Karachi", "Ports"]);
    assert.deepEqual(two?.tags.map((tag) => tag.name), ["Ports", "karachi"]);
    assert.equal(one?.tags[1], two?.tags[0], "Ports");
    // The same page, but named otherwise: each story keeps the name it gave.
    assert.notEqual(one?.tags[0], two?.tags[1]);
    assert.equal(one?.tags[0]?.url, two?.tags[1]?.url);
    assert.equal(one?.authors[0], two?.authors[1], "Jane Doe");
    assert.ok(one?.section && one.section === two?.section, "the section");
  });

  test("a tag or author with a zero-width space, word joiner or soft hyphen pasted inside is the name without it, on its page", async () => {
    const stories = await load({
      "one.md": article({ headline: "One", tags: "[Pakistan, Cricket]", author: "Jane Doe" }),
      "two.md": article({ headline: "Two", date: "2026-01-06T10:00:00+05:00", tags: '["Paki\\u200Bstan", "Crick\\u00ADet"]', author: '"Jane\\u2060 Doe"' }),
    });
    const [two, one] = stories;
    assert.deepEqual(two?.tags.map((tag) => tag.url), ["/tags/pakistan/", "/tags/cricket/"]);
    assert.deepEqual(two?.authors.map((author) => author.url), ["/authors/jane-doe/"]);
    assert.deepEqual(one?.tags.map((tag) => tag.url), ["/tags/pakistan/", "/tags/cricket/"]);
    // One name spelt two ways, not two names making one address, which the loader would refuse as a clash.
    assert.equal(nameKey(two!.tags[0]!.name), nameKey("Pakistan"));
    assert.equal(nameKey(two!.authors[0]!.name), nameKey("Jane Doe"));
  });

  test("a headline and tags whose direction controls are closed are published as written", async () => {
    const [story] = await load({ "story.md": article({ headline: '"Talks \\u2067بین‌الافغانی\\u2069 resume"', tags: '["\\u202Bکتاب میلہ\\u202C"]' }) });
    assert.equal(story?.headline, "Talks \u2067بین‌الافغانی\u2069 resume");
    assert.deepEqual(story?.tags.map((tag) => tag.url), ["/tags/کتاب-میلہ/"]);
  });

  test("drafts and stories dated after now are left out, unless unpublished stories are asked for", async () => {
    const files = {
      "draft.md": article({ draft: "true" }),
      "scheduled.md": article({ date: "2026-11-30T12:00:01Z" }),
      "due.md": article({ date: "2026-11-30T12:00:00Z" }),
    };
    assert.deepEqual((await load(files)).map((story) => story.slug), ["due"]);
    assert.deepEqual((await load(files, { includeUnpublished: true })).map((story) => story.slug).sort(), ["draft", "due", "scheduled"]);
  });

  test("an article in Urdu reads right to left", async () => {
    const [story] = await load({ "urdu.md": article({ lang: "ur" }) });
    assert.equal(story?.dir, "rtl");
  });

  test("a story says whether its body has images of its own (what the image step looks for)", async () => {
    const stories = await load({
      "plain.md": article({ headline: "Plain", slug: "plain" }, "Text that names the `<img src=x>` tag in code."),
      "pictured.md": article({ headline: "Pictured", slug: "pictured" }, "Text.\n\n![A trawler](trawler.jpg)\n"),
    });
    const bySlug = new Map(stories.map((story) => [story.slug, story]));
    assert.equal(bySlug.get("plain")?.bodyMedia, false, bySlug.get("plain")?.html);
    assert.equal(bySlug.get("pictured")?.bodyMedia, true);
  });
});
