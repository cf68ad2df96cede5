import { createHash } from "node:crypto";

/**
 * Turns any name into a URL path segment: lower-case, accents dropped, every run of characters that
 * is not a letter or digit made one hyphen. Letters of other scripts stay (Urdu or Arabic names give
 * Urdu or Arabic URLs, which browsers show as written), so no name is left without a URL.
 * The result never holds a slash, a dot segment or a percent sign, so it cannot leave its folder.
 */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, (marks, offset: number, whole: string) => (takesAccents(whole[offset - 1]) ? "" : marks))
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
}

// In these alphabets a combining mark is an accent that URLs conventionally drop; in Arabic or
// Devanagari script marks are vowels and part of the word, so they stay.
function takesAccents(char: string | undefined): boolean {
  return char !== undefined && /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u.test(char);
}

/** A short name made from any text: for a name that gives no slug, and a folder of images kept beside the articles (src/image-sources.ts). */
export function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 8);
}
