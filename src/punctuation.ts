import { primaryLanguage } from "./languages.ts";

/**
 * The punctuation the site writes after a word (a dateline's colon, the semicolon after the search
 * page's list of sections), spaced as the language of the text round it sets it.
 */

/** Languages that set a narrow no-break space (U+202F) before a colon or semicolon: "SAINT-AUBIN : le maire…". */
const SPACED_BEFORE = new Set(["fr"]);

/** `mark` as it follows a word in `language` (a BCP 47 tag): with the space that language puts before it, if any. */
export function punctuationIn(mark: ":" | ";", language: string): string {
  return SPACED_BEFORE.has(primaryLanguage(language)) ? `\u202F${mark}` : mark;
}
