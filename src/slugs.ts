import { createHash } from "node:crypto";
import path from "node:path";

/**
 * Turns any name into a URL path segment: lower-case, accents dropped, every run of characters that
 * is not a letter or digit made one hyphen. Letters of other scripts stay (Urdu or Arabic names give
 * Urdu or Arabic URLs, which browsers show as written), so no name is left without a URL. What a writer
 * may add or leave out of a name without changing it (withoutOptionalMarks) gives it no other URL, and a
 * space between two Japanese or Chinese characters makes none.
 * The result never holds a slash, a dot segment or a percent sign, so it cannot leave its folder.
 */
export function slugify(name: string): string {
  return withoutOptionalMarks(name.normalize("NFKD"))
    .replace(/\p{M}+/gu, (marks, offset: number, whole: string) => (takesAccents(whole[offset - 1]) ? "" : marks))
    .normalize("NFC")
    .toLowerCase()
    .replace(SPACE_BETWEEN_CJK, "")
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * A tag's or author's name as the path segment of its page: slugify's, with its digits the ASCII ones
 * (withAsciiDigits), so that "٢٠٢٦", "۲۰۲۶" and "2026" are one page, as nameKey makes them one name. A
 * story's file name keeps the digits it was written with (slugify alone): no two stories are made one by
 * them, and a story's address and derived short code, once published, must not move.
 */
export function nameSlug(name: string): string {
  return slugify(withAsciiDigits(name));
}

/**
 * A decimal digit of any script but ASCII's: Arabic-Indic ٢, Urdu and Persian ۲, Devanagari २, full-width ２
 * (which NFKD already folds, but a name's key does not decompose), and the rest.
 */
const OTHER_DIGIT = /[^\P{Nd}0-9]/gu;
const DIGIT = /^\p{Nd}$/u;

/** `text` with each decimal digit written as the ASCII digit of its value: "٢٠٢٦" and "２０２６" are 2026, which a reader reads in each. */
export function withAsciiDigits(text: string): string {
  return text.replace(OTHER_DIGIT, (digit) => String(digitValue(digit.codePointAt(0)!)));
}

// Unicode encodes every script's decimal digits as runs of ten, zero first, in order (a stability
// policy), some runs back to back (the mathematical digits): a digit's value is its distance from the
// first digit of its run of digits, modulo ten.
function digitValue(codePoint: number): number {
  let first = codePoint;
  while (DIGIT.test(String.fromCodePoint(first - 1))) first--;
  return (codePoint - first) % 10;
}

/**
 * Vowel signs and other optional marks of the Arabic script (fatha, damma, kasra, tanween, shadda, sukun, the
 * dagger alif, Quranic signs), its tatweel (a stretch of the line between letters, U+0640), and the invisible
 * marks that set the direction of text (U+200E, U+200F, U+061C, U+202A–U+202E, U+2066–U+2069, and U+FEFF),
 * which pasted text often carries, as it does the other characters that show as nothing and join or split no
 * letters: the zero-width space (U+200B), the word joiner (U+2060) and the soft hyphen (U+00AD), a break a
 * layout program may take. "مُنى" is "منى" written with its vowel, "الأهــلي" is "الأهلي" stretched, and
 * "Pakistan" with a zero-width space pasted inside is "Pakistan", where it made a second page, /tags/paki-stan/,
 * under a name no reader could tell from the first: a reader sees one name, and a page and its address should
 * not depend on them. The zero-width non-joiner and joiner (U+200C, U+200D), which change how Persian, Indic
 * scripts and emoji are drawn, stay. The hamza and madda (U+0653–U+0655),
 * which make another letter (أ, آ), stay.
 */
const OPTIONAL_MARKS = /[\u0610-\u061A\u064B-\u0652\u0656-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E4\u06E7\u06E8\u06EA-\u06ED\u0640\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069\uFEFF\u200B\u2060\u00AD]/gu;

/** `text` without the marks a writer may add or leave out of a name without changing it (OPTIONAL_MARKS). */
export function withoutOptionalMarks(text: string): string {
  return text.replace(OPTIONAL_MARKS, "");
}

/**
 * Japanese and Chinese put no space between words: one between two of their characters is a matter of
 * style ("山田 太郎" and "山田太郎", or the full-width space of "山田　太郎", are one name), so it makes no hyphen
 * and the spellings share an address, which the loader then asks the editors to spell one way.
 */
const SPACE_BETWEEN_CJK = /(?<=[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}])\s+(?=[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}])/gu;

// In these alphabets a combining mark is an accent that URLs conventionally drop; in Devanagari, and
// the Arabic script's hamza and madda, marks are part of the word, so they stay.
function takesAccents(char: string | undefined): boolean {
  return char !== undefined && /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u.test(char);
}

/** A short name made from any text: for a name that gives no slug, and a folder of images kept beside the articles (src/image-sources.ts). */
export function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 8);
}

/** A story's slug: its slug field, or else its file's name made one. */
export function storySlug(slugField: string | undefined, file: string, sourcePath: string): string {
  // An explicit slug is normalised as a file name would be, so é typed two ways is one address, not two.
  return slugField?.normalize("NFC") ?? (slugify(path.basename(file, path.extname(file))) || shortHash(sourcePath));
}
