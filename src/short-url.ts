import { createHash } from "node:crypto";

/** Digits and lower-case letters with the look-alikes (0/o, 1/l/i) left out, so a code read aloud or retyped survives. */
export const SHORT_CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
const CODE_PATTERN = new RegExp(`^[${SHORT_CODE_ALPHABET}]{5,7}$`);
const GENERATED_LENGTH = 6;

export function isShortCode(code: string): boolean {
  return CODE_PATTERN.test(code);
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
