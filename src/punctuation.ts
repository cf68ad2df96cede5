import { primaryLanguage, writingScript, writtenInArabicScript } from "./languages.ts";

/**
 * The punctuation the site writes after a word (a dateline's colon, the comma and full stop on the 404
 * page, the semicolon after the search page's list of sections), as the language of the text round it
 * sets it: in its script's own marks, and with the space that language puts before them.
 */

type Mark = PauseMark | ".";
/** The marks within a sentence; its end is fullStopIn's. */
type PauseMark = ":" | ";" | ",";

/** Languages that set a narrow no-break space (U+202F) before a colon or semicolon: "SAINT-AUBIN : le maire…". */
const SPACED_BEFORE = new Set(["fr"]);

/** The Arabic script's own comma and semicolon (U+060C, U+061B), turned the other way from the Latin ones; its colon is the Latin one. */
const ARABIC_SCRIPT_MARKS: Record<PauseMark, string> = { ",": "\u060C", ";": "\u061B", ":": ":" };

/**
 * Japanese and Chinese, written without spaces between words, set full-width marks ("東京：都は…"): the
 * mark's own width is the space after it, so none follows. A half-width colon and a space read as English
 * set among Japanese or Chinese text. Their commas differ: Japanese writes 、, Chinese ，.
 */
const FULL_WIDTH_MARKS: Record<"japanese" | "chinese", Record<PauseMark, string>> = {
  japanese: { ":": "：", ";": "；", ",": "、" },
  chinese: { ":": "：", ";": "；", ",": "，" },
};

/**
 * The scripts that take FULL_WIDTH_MARKS: Han, simplified and traditional, and Japanese's mix of Han and
 * kana. The script decides, not the language, so that Cantonese (yue), Wu (wuu), Literary Chinese (lzh),
 * Hakka (hak) or Min Nan (nan), whose likely script is Han, are set as Chinese is, while Japanese or
 * Chinese in Latin letters (ja-Latn, zh-Latn) are set as Latin text is.
 */
const FULL_WIDTH_SCRIPTS = new Set(["Hani", "Hans", "Hant", "Jpan"]);

/** `mark` as it follows a word in `language` (a BCP 47 tag): in its script's form and width, with the space that language puts before it, if any. */
export function punctuationIn(mark: Mark, language: string): string {
  if (mark === ".") return fullStopIn(language);
  if (writtenWithoutSpaces(language)) return fullWidthMarks(language)[mark];
  const written = writtenInArabicScript(language) ? ARABIC_SCRIPT_MARKS[mark] : mark;
  return mark !== "," && SPACED_BEFORE.has(primaryLanguage(language)) ? `\u202F${written}` : written;
}

/** Japanese's full-width marks for Japanese, or a tag in its script; Chinese's for the other languages in Han. */
function fullWidthMarks(language: string): Record<PauseMark, string> {
  const japanese = primaryLanguage(language) === "ja" || writingScript(language) === "Jpan";
  return FULL_WIDTH_MARKS[japanese ? "japanese" : "chinese"];
}

/**
 * The space that follows punctuationIn's mark before the next word in `language`, and that `language`
 * puts between one of the site's words and the text beside it (src/site-words.ts): none in the languages
 * written without spaces, whose full-width marks carry their own.
 */
export function spaceAfterPunctuation(language: string): string {
  return writtenWithoutSpaces(language) ? "" : " ";
}

/** Whether `language` is written without spaces between words: its script, named or likely, is one of FULL_WIDTH_SCRIPTS. */
export function writtenWithoutSpaces(language: string): boolean {
  const script = writingScript(language);
  return script !== undefined && FULL_WIDTH_SCRIPTS.has(script);
}

/**
 * The full stop of the scripts whose full stop is not the Latin "." (which Latin, Cyrillic, Greek, Hebrew,
 * Georgian, Korean and most Arabic-script and Indian writing use), as the Unicode Standard's chapter on each
 * script gives it. Thai and Lao end a sentence with a space alone, so "" adds no mark.
 */
const FULL_STOPS_BY_SCRIPT: Record<string, string> = {
  Armn: "\u0589", // ։ Armenian full stop
  Beng: "\u0964", // । danda, Bengali and Assamese
  Deva: "\u0964", // । danda, Hindi, Nepali, Sanskrit…
  Ethi: "\u1362", // ። Ethiopic full stop, Amharic and Tigrinya
  Guru: "\u0964", // । danda, Punjabi in Gurmukhi
  Hani: "\u3002", // 。
  Hans: "\u3002",
  Hant: "\u3002",
  Jpan: "\u3002",
  Khmr: "\u17D4", // ។ khan
  Laoo: "",
  Mymr: "\u104B", // ။ Burmese section mark
  Thai: "",
  Tibt: "\u0F0D", // ། shad
};

/** Languages whose full stop is not their script's: Urdu's own (U+06D4, as Punjabi and Saraiki in the Arabic script write it) and Marathi's Latin one. */
const FULL_STOPS_BY_LANGUAGE: Record<string, string> = {
  "mr-Deva": ".",
  "pa-Arab": "\u06D4",
  "pnb-Arab": "\u06D4",
  "skr-Arab": "\u06D4",
  "ur-Arab": "\u06D4",
};

/** The mark that ends a sentence in `language` (a BCP 47 tag): its language's, its script's, or the Latin full stop. */
export function fullStopIn(language: string): string {
  const script = writingScript(language) ?? "Latn";
  return FULL_STOPS_BY_LANGUAGE[`${primaryLanguage(language)}-${script}`] ?? FULL_STOPS_BY_SCRIPT[script] ?? ".";
}

/** Quotation marks and closing brackets, which may follow a sentence's own end: 'He said "no."', "（完了。）". */
const CLOSERS = /[\p{Quotation_Mark}\p{Pe}]+$/u;

/**
 * Marks that end a sentence: Unicode's Sentence_Terminal (. ! ? ؟ ۔ । ։ 。 ？ ። …), an ellipsis, Tibetan's
 * shad, which Unicode counts only as punctuation, and the Greek question mark ";" (and U+037E, which is it).
 */
const SENTENCE_END = /[\p{Sentence_Terminal}\u2026\u0F0D\u0F0E]$/u;
const GREEK_QUESTION = /[;\u037E]$/u;

/** A closing quotation mark, which in Japanese and Chinese ends a quoted sentence alone ("「急務だ」"). */
const CLOSING_QUOTATION = /\p{Quotation_Mark}$/u;

/**
 * Whether `sentence` already ends as a sentence in `language`, with its own mark, perhaps inside a closing
 * quotation or bracket; in Japanese and Chinese a closing quotation ends it alone, but not a bracket,
 * which closes an aside within the sentence ("支持率は３０％（前月比５ポイント減）。").
 */
function endsSentence(sentence: string, language: string): boolean {
  if (writtenWithoutSpaces(language) && CLOSING_QUOTATION.test(sentence)) return true;
  const closed = sentence.replace(CLOSERS, "");
  return SENTENCE_END.test(closed) || (writingScript(language) === "Grek" && GREEK_QUESTION.test(closed));
}

/**
 * Short texts (a story's summary bullets) run together as one, for a meta description or a feed's
 * summary: each ended as a sentence of its language where it has no end of its own ("." in English,
 * "۔" in Urdu, "।" in Hindi, "。" in Japanese), so that two bullets do not read as one run-on sentence,
 * then spaced as that language spaces sentences (Japanese and Chinese put nothing between them).
 */
export function joinSentences(sentences: readonly string[], language: string): string {
  const fullStop = fullStopIn(language);
  return sentences.map((sentence) => endedSentence(sentence, language, fullStop)).join(spaceAfterPunctuation(language));
}

/**
 * A colon, semicolon or comma at a text's end, in the Latin, Arabic or full-width forms, with any space
 * set before it ("Points clés :"). Greek's ";", its question mark, ends a sentence and is kept.
 */
const TRAILING_PAUSE = /\s*[,;:\u060C\u061B\u3001\uFF0C\uFF1A\uFF1B]$/u;

/**
 * `sentence` ended with `fullStop` unless it has an end of its own. A bullet that stops on a colon, semicolon
 * or comma ("Key points:") has that mark replaced by the full stop rather than kept: in a list each bullet
 * stood alone, but run together the mark would point at the next bullet, a sentence of its own with its
 * capital ("Key points: Ships return."), or at nothing after the last, so a search result or feed reader
 * showing the text would read it as cut off. Adding the stop after the mark ("Key points:.") is never right.
 */
function endedSentence(sentence: string, language: string, fullStop: string): string {
  if (endsSentence(sentence, language)) return sentence;
  const unpaused = sentence.replace(TRAILING_PAUSE, "");
  // "Apples, pears, etc.," ends on the abbreviation's full stop once its comma goes.
  return endsSentence(unpaused, language) ? unpaused : `${unpaused}${fullStop}`;
}

/**
 * The full stop a block of text (a paragraph, a heading, a list's item) needs at its end to read as a
 * sentence of `language` when the next block runs on after it: none when it ends one already, or when it
 * stops on a colon, comma or semicolon, which leads into what follows ("次の通り：" before a list).
 */
export function blockEnding(text: string, language: string): string {
  return endsSentence(text, language) || TRAILING_PAUSE.test(text) ? "" : fullStopIn(language);
}
