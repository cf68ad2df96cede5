import { createHash } from "node:crypto";

/** Digits and lower-case letters with the look-alikes (0/o, 1/l/i) left out, so a code read aloud or retyped survives. */
export const SHORT_CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
const GENERATED_LENGTH = 6;

/**
 * What an editor may pin in `shortUrl`. Wider than the generated codes, because a newsroom moving
 * to this site keeps the short links it has already printed and shared, whatever their alphabet.
 */
const PINNED_CODE = /^[0-9A-Za-z]{4,12}$/;
export const PINNED_CODE_DESCRIPTION = "a short code of 4 to 12 letters and digits";

export function isShortCode(code: string): boolean {
  return PINNED_CODE.test(code);
}

/**
 * A short code derived from the article's first-publication time and slug: the same article always
 * gets the same code, and two articles share one only by a hash collision (which the build reports).
 */
export function deriveShortCode(publishedIso: string, slug: string): string {
  const digest = createHash("sha256").update(`${publishedIso}\n${slug}`).digest();
  let code = "";
  for (let i = 0; i < GENERATED_LENGTH; i++) code += SHORT_CODE_ALPHABET[digest[i]! % SHORT_CODE_ALPHABET.length];
  return code;
}

/**
 * Reads `shortUrl` from front matter: a bare code, or a full URL whose last path segment is the code.
 * Returns the code, or undefined when the value holds none.
 */
export function shortCodeFrom(value: string): string | undefined {
  const text = value.trim();
  if (isShortCode(text)) return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const last = url.pathname.split("/").filter(Boolean).pop() ?? "";
  return isShortCode(last) ? last : undefined;
}
