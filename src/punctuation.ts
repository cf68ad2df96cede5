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

/**
 * Languages written without spaces between words, whose marks are full width ("東京：都は…"): the mark's
 * own width is the space after it, so none follows. A half-width colon and a space read as English set
 * among Japanese or Chinese text. Their commas differ: Japanese writes 、, Chinese ，.
 */
const FULL_WIDTH_MARKS: Record<string, Record<Mark, string>> = {
  ja: { ":": "：", ";": "；", ",": "、" },
  zh: { ":": "：", ";": "；", ",": "，" },
};

/** `mark` as it follows a word in `language` (a BCP 47 tag): in its script's form and width, with the space that language puts before it, if any. */
export function punctuationIn(mark: Mark, language: string): string {
  const primary = primaryLanguage(language);
  const fullWidth = FULL_WIDTH_MARKS[primary];
  if (fullWidth) return fullWidth[mark];
  const written = writtenInArabicScript(language) ? ARABIC_SCRIPT_MARKS[mark] : mark;
  return mark !== "," && SPACED_BEFORE.has(primary) ? `\u202F${written}` : written;
}

/** The space that follows punctuationIn's mark before the next word in `language`: none after a full-width mark. */
export function spaceAfterPunctuation(language: string): string {
  return writtenWithoutSpaces(language) ? "" : " ";
}

/** Whether `language` is written without spaces between words (FULL_WIDTH_MARKS's languages). */
function writtenWithoutSpaces(language: string): boolean {
  return Object.hasOwn(FULL_WIDTH_MARKS, primaryLanguage(language));
}

/** How a sentence ends in Japanese or Chinese, when it already ends: a full stop, a question or a quotation closed. */
const ENDS_SENTENCE = /[。．！？!?」』）)…]$/u;

/**
 * Short texts (a story's summary bullets) run together as one, for a meta description or a feed's
 * summary: with spaces between them, except in Japanese and Chinese, which put none between sentences
 * and end each with "。" (a space there reads as a typing slip).
 */
export function joinSentences(sentences: readonly string[], language: string): string {
  if (!writtenWithoutSpaces(language)) return sentences.join(" ");
  return sentences.map((sentence) => (ENDS_SENTENCE.test(sentence) ? sentence : `${sentence}。`)).join("");
}
