import { primaryLanguage, writtenInArabicScript } from "./languages.ts";

/**
 * The punctuation the site writes after a word (a dateline's colon, the comma on the 404 page, the
 * semicolon after the search page's list of sections), as the language of the text round it sets it:
 * in its script's own marks, and with the space that language puts before them.
 */

type Mark = ":" | ";" | ",";

/** Languages that set a narrow no-break space (U+202F) before a colon or semicolon: "SAINT-AUBIN : le maire…". */
const SPACED_BEFORE = new Set(["fr"]);

/** The Arabic script's own comma and semicolon (U+060C, U+061B), turned the other way from the Latin ones; its colon is the Latin one. */
const ARABIC_SCRIPT_MARKS: Record<Mark, string> = { ",": "\u060C", ";": "\u061B", ":": ":" };

/** `mark` as it follows a word in `language` (a BCP 47 tag): in its script's form, with the space that language puts before it, if any. */
export function punctuationIn(mark: Mark, language: string): string {
  const written = writtenInArabicScript(language) ? ARABIC_SCRIPT_MARKS[mark] : mark;
  return mark !== "," && SPACED_BEFORE.has(primaryLanguage(language)) ? `\u202F${written}` : written;
}
