import { test } from "node:test";
import assert from "node:assert/strict";
import { slugify } from "../src/slugs.ts";

test("names become lower-case hyphenated slugs without accents", () => {
  assert.equal(slugify("Washington Says: ‘Shared Interest’!"), "washington-says-shared-interest");
  assert.equal(slugify("Café Société"), "cafe-societe");
  assert.equal(slugify("  Sri   Lanka  "), "sri-lanka");
  assert.equal(slugify("Pakistan Tehreek-e-Insaf (PTI)"), "pakistan-tehreek-e-insaf-pti");
});

test("letters of other scripts are kept, so every name has a URL", () => {
  assert.equal(slugify("کتاب میلہ"), "کتاب-میلہ");
  assert.equal(slugify("Ελλάδα"), "ελλαδα");
  assert.equal(slugify("हिन्दी समाचार"), "हिन्दी-समाचार");
});

test("a space between Japanese or Chinese characters makes no hyphen, so a name spelled with or without it has one address", () => {
  for (const name of ["山田 太郎", "山田太郎", "山田　太郎"]) assert.equal(slugify(name), "山田太郎", name);
  assert.equal(slugify("セーラー ムーン"), "セーラームーン");
  assert.equal(slugify("東京 2030"), "東京-2030");
  assert.equal(slugify("ジョー・バイデン"), "ジョー-バイデン");
  assert.equal(slugify("서울 시청"), "서울-시청", "Korean spaces its words");
});

test("a slug can never hold a path separator or a dot segment", () => {
  for (const name of ["../../etc/passwd", "/absolute", "a/b\\c", "%2e%2e%2f", "..", "."]) {
    const slug = slugify(name);
    assert.doesNotMatch(slug, /[/\\%.]/, `${name} → ${slug}`);
  }
});

test("an Arabic name's vowel signs and tatweel, and marks of direction pasted with it, give it no other slug", () => {
  assert.equal(slugify("مُنى عبد الرحمن"), "منى-عبد-الرحمن");
  assert.equal(slugify("الأهــلي"), "الأهلي");
  assert.equal(slugify("هٰذا الخبر"), "هذا-الخبر");
  assert.equal(slugify("الزم\u200Fالك\u200F"), "الزمالك");
  assert.equal(slugify("\u202Bمصر\u202C"), "مصر");
  // The hamza and madda make other letters, and stay; so do Devanagari's vowel signs.
  assert.equal(slugify("أحمد"), "أحمد");
  assert.notEqual(slugify("أحمد"), slugify("احمد"));
  assert.equal(slugify("آثار"), "آثار");
  assert.equal(slugify("हिन्दी"), "हिन्दी");
});
