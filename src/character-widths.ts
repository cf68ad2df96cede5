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

