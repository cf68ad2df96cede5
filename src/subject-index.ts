import { supportedLocaleOrFallback } from "./intl-locales.ts";
import { primaryLanguage } from "./languages.ts";
import type { WordName } from "./site-words.ts";
import { withoutOptionalMarks } from "./slugs.ts";

/*
 * The tag and author indexes list names in the site language's alphabetical order (Intl.Collator), under
 * headings a reader of each script looks for, as its dictionaries and phone books file them:
 * - Arabic names by their first letter after the definite article ("الأهلي" under أ, as أهلي), with the
 *   hamza and madda forms of alef (أ إ آ) under ا. Only a name in Arabic loses its article: Persian and
 *   Urdu (whose "البرز" is a name of its own) are filed letter by letter.
 * - Hangul names by their first consonant, in the fourteen groups of Korean indexes (까 under ㄱ).
 * - Hiragana and katakana names by kana row (が and ガ under か).
 * - Hanzi names, on a site whose collator sorts them by pinyin (Chinese in simplified characters), by the
 *   pinyin's first letter, with Latin names of that letter (北京 with Beijing under B), as Chinese indexes
 *   file them; on one whose collator sorts them by stroke count (Chinese in traditional characters: zh-TW,
 *   zh-HK), by their first character's count of strokes (高雄 under 10), as Taiwanese and Hong Kong indexes
 *   do. Kanji, and hanzi the collator has no pinyin or stroke count for (rare characters of the extension
 *   blocks, which it sorts after all the others), in one group named for the script: a kanji's reading,
 *   which decides the row a Japanese index files it under, is not in the text. On a Korean site the
 *   collator knows a hanja's Hangul reading and files it with Hangul names.
 * - Other alphabets by their first letter, without the marks the site's language sorts as the same letter
 *   (É under E in English; Å is a letter of its own in Swedish), Latin letters the language sorts as an
 *   ASCII letter or two under it (Ø and Æ under O and A in English, their own in Danish), and Hebrew's final letters as the letters
 *   they end; in Devanagari and other Indic scripts by the consonant or vowel a name starts with, not its
 *   vowel sign or conjunct (कि and क्ष under क); in Thai and Lao by the consonant a vowel written before it
 *   follows.
 * - Names that start with a digit, after any punctuation or symbols before their first letter or digit (which
 *   no index files by: «Le Monde» under L, #MeToo under M, '90s with the digits), and names of nothing but
 *   signs, under "#". Digits keep "#", as they always had it, rather than a heading of their own (links to
 *   #index-other hold).
 * The headings that are not letters ("#", the script's name) are site words (src/site-words.ts), which a
 * newsroom may give in its language.
 */

/** The site words an index's headings may be: "#" for names starting with a digit or made of signs alone, and the name of the Han script. */
export type IndexHeadingWord = Extract<WordName, "indexOther" | "indexHan">;

/** One heading of a tag or author index and the names filed under it, in the index's order. */
export interface IndexGroup<T> {
  /**
   * What the heading shows: a letter, a kana row's first kana or a Hangul initial, one of the site's words,
   * or the indexStrokes word with a count of strokes in its {number} place.
   */
  heading: string | { word: IndexHeadingWord } | { word: Extract<WordName, "indexStrokes">; number: number };
  /** The heading's id: made from what it files, so a link to it holds from one build to the next. */
  id: string;
  items: T[];
}

/** A name as the index files it, and the language of the stories that write it (whether it has an Arabic article). */
export interface IndexedName {
  name: string;
  lang: string;
}

/** The fourteen initial consonants Korean indexes file under (ㄲ ㄸ ㅃ ㅆ ㅉ with their plain consonants). */
const HANGUL_INITIALS = [..."ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ"];
/** The first kana of each row of the Japanese syllabary (ん with わ). */
const KANA_ROWS = [..."あかさたなはまやらわ"];
/**
 * The first hanzi of each pinyin initial in Intl.Collator's Chinese order (pinyin): a hanzi sorting from one
 * up to the next is filed under its letter. No syllable starts with I, U or V. They are the collation's own
 * index boundaries, as Node's ICU data has them, and test/subject-index.test.ts checks each against it: the
 * tables copied round the web (阿八嚓哒…) are older data's, and would file 丷 (bā) under A.
 */
const PINYIN_INITIALS: Readonly<Record<string, string>> = {
  A: "吖", B: "丷", C: "嚓", D: "咑", E: "妸", F: "发", G: "旮", H: "哈", J: "丌", K: "咔", L: "垃", M: "呣",
  N: "拏", O: "喔", P: "妑", Q: "七", R: "呥", S: "仨", T: "他", W: "屲", X: "夕", Y: "丫", Z: "帀",
};
const PINYIN_BOUNDARIES = Object.values(PINYIN_INITIALS);
const PINYIN_LETTERS = new Map(Object.entries(PINYIN_INITIALS).map(([letter, first]) => [first, letter]));
/**
 * Where the stroke collation (Chinese in traditional characters) starts each count of strokes: its own index
 * boundaries, U+FDD0 and the Braille pattern numbered for the count (⠁ for one stroke, ⠂ for two…), which it
 * sorts before the first hanzi of that count, and any other collation after every hanzi. Numbered, they need
 * no table of first hanzi kept in step with ICU's data, as the pinyin's letters do. A count no hanzi has (34)
 * is no boundary, and sorts after every hanzi. Up to 63 (⠿): the most strokes of a hanzi it counts is 48 (龘).
 */
const STROKE_BOUNDARIES = Array.from({ length: 63 }, (_, index) => `\uFDD0${String.fromCharCode(0x2801 + index)}`);
/**
 * The first hanzi the Chinese collations have no pinyin or stroke count for: they sort all such hanzi (about
 * 70,000 of the extension blocks', and a few dozen others) after every hanzi they have one for, from this
 * one, in the radical-and-stroke order of Intl's root collation. test/subject-index.test.ts checks it against
 * Node's ICU data.
 */
const FIRST_WITHOUT_READING = "\u{2A6D9}";
/** The id of the heading "#". */
const OTHER_ID = "index-other";
/** The last Hangul syllable: a hanja the Korean collator has no reading for sorts after it. */
const LAST_HANGUL = "힣";
const HEBREW_FINALS: Readonly<Record<string, string>> = { ך: "כ", ם: "מ", ן: "נ", ף: "פ", ץ: "צ" };
/** Thai and Lao vowels written before the consonant they follow in speech, and in the dictionary. */
const LEADING_VOWEL = /^[\u0E40-\u0E44\u0EC0-\u0EC4](?=\p{L})/u;
/**
 * Punctuation, symbols, spaces and invisible format characters before a name's first letter or digit: a reader
 * looks for «Le Monde», "The Times", ¡Hola! and #MeToo under their words' letter, as indexes file them. By
 * Unicode category, so every script's quotation marks and brackets are among them. A name of nothing else
 * ("+++") keeps them, and is filed under "#".
 */
const LEADING_SIGNS = /^[\p{P}\p{S}\p{Z}\p{Cf}]+(?=[^\p{P}\p{S}\p{Z}\p{Cf}])/u;
/** An Arabic name's definite article, where at least two letters follow it ("الم", pain, keeps its alef). */
const ARABIC_ARTICLE = /^ال(?=\p{Script=Arabic}{2})/u;

/**
 * A name's first character and the marks on it: all of its first grapheme that a heading is made from, found
 * by a pattern because Intl.Segmenter took 2 of the 2.5 seconds an index of 50,000 names took (now about 0.1).
 */
const FIRST_CHARACTER = /^\P{M}\p{M}*/u;

/** The groups of an index of `items` for a site in `language`, each group's names and the groups in alphabetical order. */
export function indexGroups<T>(items: readonly T[], nameOf: (item: T) => IndexedName, language: string): IndexGroup<T>[] {
  // A language with no collation of its own (Cantonese, Latin) sorts in the root order, not the machine's.
  const collator = new Intl.Collator(supportedLocaleOrFallback(Intl.Collator, language), { sensitivity: "base", numeric: true });
  const filed = items.map((item) => {
    const named = nameOf(item);
    return { item, name: named.name, filing: filingName(named) };
  });
  filed.sort((a, b) => collator.compare(a.filing, b.filing) || collator.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // Each name goes to its heading's group, in the order above, wherever the collator put it: a heading is
  // never shown twice, even where the collator sorts another's names among its own. The groups come in the
  // order of their first names, "#" always first (its modifier letters, ー and 々, sort among the letters).
  const groups = new Map<string, IndexGroup<T>>([[OTHER_ID, { heading: { word: "indexOther" }, id: OTHER_ID, items: [] }]]);
  const hanOrder = hanOrderOf(collator);
  const headingOf = headings(language, collator, hanOrder);
  for (const { item, filing } of filed) {
    const { heading, id } = headingOf(filing);
    const group = groups.get(id);
    if (group) group.items.push(item);
    else groups.set(id, { heading, id, items: [item] });
  }
  const found = [...groups.values()].filter((group) => group.items.length > 0);
  return hanOrder === "pinyin" ? lettersTogether(found) : found;
}

/**
 * How `collator` sorts hanzi: by pinyin (Chinese in simplified characters, zh, zh-CN, zh-SG, or any Chinese
 * asked for it, zh-TW-u-co-pinyin), by stroke count (in traditional characters, zh-TW, zh-HK, zh-Hant, or
 * zh-u-co-stroke), or in an order with no headings to give (Japanese, zhuyin, the root collation's radicals).
 * Told by where it sorts the collations' own index boundaries, which only their own collation sorts among
 * the hanzi: Intl's resolved options name no collation for zh-u-co-stroke.
 */
function hanOrderOf(collator: Intl.Collator): "pinyin" | "stroke" | "other" {
  if (collator.compare(STROKE_BOUNDARIES[1]!, "丁") < 0) return "stroke";
  if (collator.compare("\uFDD0B", PINYIN_INITIALS.B!) < 0) return "pinyin";
  return "other";
}

/**
 * The groups of a Latin letter and of the pinyin's one letter, in one A–Z where the first of them stood: the
 * Chinese collator puts every hanzi before Latin names, so 北京's B and Beijing's B would otherwise be two runs
 * (they are one group, sharing its id, with the hanzi first).
 */
function lettersTogether<T>(groups: IndexGroup<T>[]): IndexGroup<T>[] {
  const isLetter = (group: IndexGroup<T>) => typeof group.heading === "string" && /^[A-Z]$/.test(group.heading);
  const first = groups.findIndex(isLetter);
  if (first < 0) return groups;
  const letters = groups.filter(isLetter).sort((a, b) => (a.heading < b.heading ? -1 : 1));
  const others = groups.filter((group) => !isLetter(group));
  return [...others.slice(0, first), ...letters, ...others.slice(first)];
}

/**
 * What a name is sorted and filed by: without the Arabic script's optional marks, the punctuation and
 * symbols before its first letter or digit, and in Arabic without its article.
 */
export function filingName({ name, lang }: IndexedName): string {
  const plain = withoutOptionalMarks(name.normalize("NFC")).trim().replace(LEADING_SIGNS, "");
  return primaryLanguage(lang) === "ar" ? plain.replace(ARABIC_ARTICLE, "") : plain;
}

/** The heading a filing name goes under on a site in `language`. */
function headings(language: string, collator: Intl.Collator, hanOrder: ReturnType<typeof hanOrderOf>): (filing: string) => Pick<IndexGroup<unknown>, "heading" | "id"> {
  const korean = new Intl.Collator("ko", { sensitivity: "base" });
  const japanese = new Intl.Collator("ja", { sensitivity: "base" });
  const byHeading = (heading: string) => ({ heading, id: `index-${heading.toLocaleLowerCase(language)}` });
  const koreanSite = primaryLanguage(language) === "ko";
  // The counts some hanzi has, in order: the others' boundaries sort after every hanzi.
  const strokeBoundaries = hanOrder === "stroke" ? STROKE_BOUNDARIES.filter((boundary) => collator.compare(boundary, FIRST_WITHOUT_READING) < 0) : [];
  // Names share few first characters, and finding a kana row or Hangul initial takes a dozen comparisons.
  const known = new Map<string, Pick<IndexGroup<unknown>, "heading" | "id">>();
  return (filing) => {
    const first = FIRST_CHARACTER.exec(filing.normalize("NFKC").replace(LEADING_VOWEL, ""))?.[0] ?? "";
    let found = known.get(first);
    if (!found) known.set(first, (found = headingOf(first)));
    return found;
  };
  function headingOf(first: string): Pick<IndexGroup<unknown>, "heading" | "id"> {
    // A modifier letter (ー, 々) or a digit, sign or mark is no letter a name is filed by.
    if (!/^[\p{Lu}\p{Ll}\p{Lt}\p{Lo}]/u.test(first)) return { heading: { word: "indexOther" }, id: OTHER_ID };
    if (/^\p{scx=Hangul}/u.test(first)) return byHeading(lastAtOrBefore(first, HANGUL_INITIALS, korean));
    if (/^[\p{scx=Hiragana}\p{scx=Katakana}]/u.test(first)) return byHeading(lastAtOrBefore(first, KANA_ROWS, japanese));
    if (/^\p{scx=Han}/u.test(first)) {
      if (koreanSite && korean.compare(first, LAST_HANGUL) <= 0) return byHeading(lastAtOrBefore(first, HANGUL_INITIALS, korean));
      const counted = collator.compare(first, FIRST_WITHOUT_READING) < 0;
      if (counted && hanOrder === "pinyin" && collator.compare(first, PINYIN_INITIALS.A!) >= 0) return byHeading(PINYIN_LETTERS.get(lastAtOrBefore(first, PINYIN_BOUNDARIES, collator))!);
      if (counted && hanOrder === "stroke") {
        const strokes = STROKE_BOUNDARIES.indexOf(lastAtOrBefore(first, strokeBoundaries, collator)) + 1;
        return { heading: { word: "indexStrokes", number: strokes }, id: `index-strokes-${strokes}` };
      }
      return { heading: { word: "indexHan" }, id: "index-hani" };
    }
    return byHeading(firstLetter(first, language, collator));
  }
}

/**
 * The last of `boundaries` (in `collator`'s order) that `text` sorts at or after, the first when it sorts
 * before them all: found by halves, as a stroke count among 40 boundaries is.
 */
function lastAtOrBefore(text: string, boundaries: readonly string[], collator: Intl.Collator): string {
  let [low, high] = [0, boundaries.length - 1];
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (collator.compare(text, boundaries[middle]!) >= 0) low = middle;
    else high = middle - 1;
  }
  return boundaries[low]!;
}

const ASCII_LETTERS = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZ"];

/**
 * The ASCII letter `collator` sorts a Latin letter with no marks to take off as, or as the first of two (Ø and
 * Ł as O and L in English, Æ as AE, Œ as OE, ß as SS): its names are that letter's, and under a heading of their
 * own would stand wherever the first of them fell among them, before the letter's heading or after it as the
 * index's other names have it. None where the language has it as a letter of its own (Danish Æ and Ø, Polish Ł).
 * Asked once per first character, so the 700 comparisons at most are few.
 */
function asciiLetterSortedAs(letter: string, collator: Intl.Collator): string | undefined {
  return ASCII_LETTERS.find((ascii) => collator.compare(letter, ascii) === 0) ?? ASCII_LETTERS.find((ascii) => ASCII_LETTERS.some((second) => collator.compare(letter, ascii + second) === 0));
}

/** The letter an alphabet's index files a name starting with the grapheme `first` under, in capitals where the script has them. */
function firstLetter(first: string, language: string, collator: Intl.Collator): string {
  const [letter = "", ...marks] = [...first.normalize("NFD")];
  if (HEBREW_FINALS[letter]) return HEBREW_FINALS[letter];
  if (marks.length === 0 && /^\p{Script=Latin}$/u.test(letter) && !/^[A-Za-z]$/.test(letter)) {
    const sortedAs = asciiLetterSortedAs(letter, collator);
    if (sortedAs) return sortedAs;
  }
  // Accents make another letter in some alphabets' languages (Swedish Å, Spanish Ñ, Russian Й); elsewhere
  // marks are vowel signs, conjuncts or the hamza, which a letter is filed without.
  let withMarks = letter;
  if (/^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u.test(letter)) {
    const accented = [letter, ...marks].join("").normalize("NFC");
    if (collator.compare(accented, letter) !== 0) withMarks = accented;
  }
  const capital = withMarks.toLocaleUpperCase(language);
  // A capital of two letters ("SS" of ß) is no heading.
  return FIRST_CHARACTER.exec(capital)?.[0] === capital ? capital : withMarks;
}
