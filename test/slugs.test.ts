import { test } from "node:test";
import assert from "node:assert/strict";
import { nameSlug, slugify, withAsciiDigits } from "../src/slugs.ts";

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

test("a name's full-width Latin letters and digits and half-width katakana make the slug of the other width's, as they did before such names were one name", () => {
  for (const [wide, narrow] of [["ＡＰＥＣ", "APEC"], ["ＡＰＥＣ首脳会議", "APEC首脳会議"], ["Ｇ２０ Osaka", "G20 Osaka"], ["ﾆｭｰｽ班", "ニュース班"], ["ﾃﾞｰﾀ", "データ"]]) {
    assert.equal(nameSlug(wide!), nameSlug(narrow!), wide);
  }
  assert.equal(nameSlug("ＡＰＥＣ"), "apec");
  assert.equal(nameSlug("ﾆｭｰｽ班"), "ニュース班");
});

test("a tag's or author's digits make its slug as ASCII digits, whatever their script; a story's file name keeps its own", () => {
  for (const name of ["كأس 2026", "كأس ٢٠٢٦", "كأس ۲۰۲۶", "كأس ２０２６"]) assert.equal(nameSlug(name), "كأس-2026", name);
  assert.equal(nameSlug("चुनाव २०२४"), "चुनाव-2024");
  assert.equal(nameSlug("G７"), "g7");
  // A published story's address and derived short code are made from its file name's slug, and must not move.
  assert.equal(slugify("انتخابات ٢٠٢٤"), "انتخابات-٢٠٢٤");
});

test("every decimal digit Unicode has is read as the ASCII digit of its value", () => {
  const digits: number[] = [];
  for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) if (/^\p{Nd}$/u.test(String.fromCodePoint(codePoint))) digits.push(codePoint);
  // Runs of ten, zero first: the full-width and mathematical digits, which NFKD makes ASCII, say which value each place has.
  const byCompatibility = digits.filter((codePoint) => /^[0-9]$/.test(String.fromCodePoint(codePoint).normalize("NFKD")));
  assert.ok(byCompatibility.length >= 60, "full-width and mathematical digits");
  for (const codePoint of byCompatibility) assert.equal(withAsciiDigits(String.fromCodePoint(codePoint)), String.fromCodePoint(codePoint).normalize("NFKD"), codePoint.toString(16));
  const zeros = digits.filter((codePoint) => withAsciiDigits(String.fromCodePoint(codePoint)) === "0");
  assert.equal(zeros.length * 10, digits.length, "a zero for every ten digits");
  for (const zero of zeros) assert.equal(withAsciiDigits(String.fromCodePoint(...Array.from({ length: 10 }, (_, value) => zero + value))), "0123456789", zero.toString(16));
  assert.equal(withAsciiDigits("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ ०१२३४५६७८९ ০১২৩৪৫৬৭৮৯ ๐๑๒๓๔๕๖๗๘๙"), "0123456789 0123456789 0123456789 0123456789 0123456789");
});
