/**
 * Japanese (and Chinese) text writes Latin letters and digits in two widths, "ＡＰＥＣ" and "APEC",
 * "２０３０年" and "2030年", and katakana in two, "ﾆｭｰｽ" and "ニュース": a newspaper sets one and its
 * readers type the other. Search folds both, in the index and in the reader's query, to one width, as
 * NFKC does (and Lucene's CJKWidthFilter): full-width letters and digits to ASCII, half-width katakana,
 * with their voicing marks, to full width. Punctuation keeps its width, so excerpts keep their brackets.
 * The search page's script folds a query with the same expression (public/js/search.js).
 */
const OTHER_WIDTH = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF66-\uFF9F]+/gu;

/** `text` with its full-width letters and digits and its half-width katakana in the widths search keeps. */
export function foldWidths(text: string): string {
  return text.replace(OTHER_WIDTH, (run) => run.normalize("NFKC"));
}

/**
 * The whole of Unicode's Halfwidth and Fullwidth Forms (U+FF01–U+FFEE: punctuation and symbols, "＋", "＃",
 * "＆", "．", "（）", "￥", half-width "｢｣" and Hangul, as well as the letters, digits and katakana above) and the
 * ideographic space (U+3000). A name typed in a Japanese or Chinese input method sets its punctuation
 * full-width with its letters ("Ｃ＋＋", "ＡＴ＆Ｔ"): a reader sees one name in either width.
 */
const ANY_OTHER_WIDTH = /[\u3000\uFF01-\uFFEE]+/gu;

/**
 * `text` with every character of another width in its usual one, punctuation too: for telling whether two
 * names are one (src/subject-names.ts), where "Ｃ＋＋" is "C++", as a name's address already has it (NFKD,
 * src/slugs.ts). Search keeps punctuation's width (foldWidths), for its excerpts' sake.
 */
export function foldAllWidths(text: string): string {
  return text.replace(ANY_OTHER_WIDTH, (run) => run.normalize("NFKC"));
}

