import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { DateTime } from "luxon";
import { readFrontMatter } from "../src/front-matter.ts";
import { newShortCode, ScaffoldError, scaffoldArticle } from "../src/scaffold.ts";
import { isShortCode } from "../src/short-url.ts";

const NOW = DateTime.fromISO("2026-11-30T20:30:00Z", { zone: "utc" });

describe("scaffoldArticle", () => {
  test("files the article by year and month in the newsroom's zone, named from the headline", () => {
    // 20:30 UTC on 30 November is 01:30 on 1 December in Karachi.
    const article = scaffoldArticle({ headline: "Harbour reopens after storm", now: NOW, timeZone: "Asia/Karachi", shortCode: "abc234", section: "pakistan" });
    assert.equal(article.relativePath, "2026/12/harbour-reopens-after-storm.md");
    assert.equal(article.slug, "harbour-reopens-after-storm");
  });

  test("writes front matter that reads back as the headline, the local date with its offset, empty bullets, the section, the pinned code and draft", () => {
    const headline = 'Minister: "we will # not" resign';
    const { data, body } = readFrontMatter(scaffoldArticle({ headline, now: NOW, timeZone: "Asia/Karachi", shortCode: "2e5555", section: "world" }).text);
    assert.deepEqual(data, { headline, bullets: [], date: "2026-12-01T01:30:00+05:00", shortUrl: "2e5555", section: "world", draft: true });
    assert.equal(body.trim(), "");
  });

  test("keeps a headline's no-break spaces, and makes line breaks and runs of spaces one space", () => {
    const { data } = readFrontMatter(scaffoldArticle({ headline: "Prix\u202F: la hausse\u00A0continue,\n  dit  le ministre", now: NOW, timeZone: "UTC", shortCode: "abc234" }).text);
    assert.equal(data.headline, "Prix\u202F: la hausse\u00A0continue, dit le ministre");
  });

  test("starts the story as a draft, on a line of its own that says to delete it when the story is ready", () => {
    const { text } = scaffoldArticle({ headline: "A", now: NOW, timeZone: "UTC", shortCode: "abc234" });
    const line = text.split("\n").find((candidate) => candidate.startsWith("draft:"));
    assert.equal(line, "draft: true   # never published while here: delete this line when the story is ready");
    // Last before the closing ---, so that deleting it leaves the rest of the front matter as it was.
    assert.match(text, /\ndraft: true[^\n]*\n---\n/);
  });

  test("writes the date to the second, without the clock's milliseconds", () => {
    const now = DateTime.fromISO("2026-11-30T20:30:07.196Z", { zone: "utc" });
    const { data } = readFrontMatter(scaffoldArticle({ headline: "A", now, timeZone: "Asia/Karachi", shortCode: "abc234" }).text);
    assert.equal(data.date, "2026-12-01T01:30:07+05:00");
  });

  test("leaves the section out when none is given", () => {
    const { data } = readFrontMatter(scaffoldArticle({ headline: "A", now: NOW, timeZone: "UTC", shortCode: "abc234" }).text);
    assert.equal("section" in data, false);
    assert.equal(data.date, "2026-11-30T20:30:00Z");
  });

  test("cuts a long headline's file name between whole characters, never into half of one or before a trailing hyphen", () => {
    const slugOf = (headline: string) => scaffoldArticle({ headline, now: NOW, timeZone: "UTC", shortCode: "abc234" }).slug;
    const loneSurrogate = /\p{Cs}/u;
    // 𠮷 (U+20BB7, a kanji outside the Basic Multilingual Plane) is two UTF-16 code units, the 80th and 81st.
    const kanji = slugOf(`${"a".repeat(79)}𠮷 harbour`);
    assert.equal(kanji, "a".repeat(79));
    assert.doesNotMatch(kanji, loneSurrogate);
    assert.equal(slugOf(`${"a".repeat(78)}𠮷 harbour`), `${"a".repeat(78)}𠮷`);
    // कि is one letter as a reader sees it: क and its vowel sign stay together, or are left out together.
    assert.equal(slugOf(`${"a".repeat(79)}कि`), "a".repeat(79));
    // The hyphen before a character that does not fit is not left at the end.
    assert.equal(slugOf(`${"a".repeat(78)} 𠮷𠮷`), "a".repeat(78));
    assert.equal(slugOf("a".repeat(100)), "a".repeat(80));
  });

  test("refuses an empty headline or one with nothing to name the file after", () => {
    assert.throws(() => scaffoldArticle({ headline: "  ", now: NOW, timeZone: "UTC", shortCode: "abc234" }), ScaffoldError);
    assert.throws(() => scaffoldArticle({ headline: "!!!", now: NOW, timeZone: "UTC", shortCode: "abc234" }), /no letters or digits/);
  });
});

describe("newShortCode", () => {
  test("gives a valid code that is not taken", () => {
    // A picker that first spells a taken code, then another.
    const sequence = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
    let next = 0;
    const code = newShortCode(new Set(["222222"]), () => sequence[next++]!);
    assert.equal(code, "333333");
    assert.ok(isShortCode(newShortCode(new Set())));
  });

  test("takes a code pinned in another case as taken, as the build does", () => {
    // A picker that first spells abc234, which a story pins as ABC234, then 333333.
    const sequence = [8, 9, 10, 0, 1, 2, 1, 1, 1, 1, 1, 1];
    let next = 0;
    assert.equal(newShortCode(new Set(["ABC234"]), () => sequence[next++]!), "333333");
  });
});
