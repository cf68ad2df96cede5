/**
 * Languages written in the Arabic script when no script is named, among them Pakistan's Western Punjabi
 * (pnb), Saraiki (skr), Balochi (bal) and Brahui (brh): right to left, with the script's own comma and
 * semicolon (src/punctuation.ts).
 */
const ARABIC_SCRIPT = new Set([
  ...["ar", "azb", "bal", "bgn", "bqi", "brh", "ckb", "fa", "glk", "khw", "ks", "ku", "lrc", "luz", "mzn"],
  ...["pnb", "prs", "ps", "sd", "sdh", "skr", "ug", "ur"],
]);

/** Languages written right to left when no script is named: the Arabic script's, and those in Hebrew, Thaana, Syriac or N'Ko. */
const RIGHT_TO_LEFT = new Set([...ARABIC_SCRIPT, "arc", "dv", "he", "iw", "ji", "nqo", "syr", "yi"]);

/** ISO 15924 scripts written right to left: a tag that names one (pa-Arab, az-Arab) is right to left whatever its language. */
const RIGHT_TO_LEFT_SCRIPTS = new Set(["adlm", "arab", "aran", "hebr", "mand", "mend", "nkoo", "rohg", "samr", "syrc", "thaa", "yezi"]);

export type TextDirection = "ltr" | "rtl";

/** A tag's language alone, lower-case: "fr" of fr-CA, "pa" of pa-Arab. */
export function primaryLanguage(tag: string): string {
  return tag.toLowerCase().split("-")[0]!;
}

/**
 * Whether `tag` is a language tag (BCP 47) the build can write in: two or three letters, then subtags, and
 * one Intl reads. A tag of that shape may still name nothing (en-US-US, a region twice; de-1996-1996), and
 * Intl throws on it where the story is put in capitals or its byline joined.
 */
export function isLanguageTag(tag: string): boolean {
  if (!/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(tag)) return false;
  try {
    Intl.getCanonicalLocales(tag);
    return true;
  } catch {
    return false;
  }
}

/**
 * The direction of a BCP 47 tag. A script subtag decides when there is one (pa-Arab, Shahmukhi Punjabi,
 * is right to left; sd-Deva, Sindhi in Devanagari, and ku-Latn, Kurmanji, are left to right); otherwise
 * the language's usual script does.
 */
export function textDirection(lang: string): TextDirection {
  const script = scriptSubtag(lang);
  if (script) return RIGHT_TO_LEFT_SCRIPTS.has(script) ? "rtl" : "ltr";
  return RIGHT_TO_LEFT.has(primaryLanguage(lang)) ? "rtl" : "ltr";
}

/** Whether a BCP 47 tag's text is in the Arabic script: its script subtag says so (pa-Arab), or, without one, its language's usual script is. */
export function writtenInArabicScript(lang: string): boolean {
  const script = scriptSubtag(lang);
  if (script) return script === "arab" || script === "aran";
  return ARABIC_SCRIPT.has(primaryLanguage(lang));
}

/**
 * The ISO 15924 script a BCP 47 tag's text is written in, title-case ("Deva" of hi, "Arab" of pa-Arab): its
 * script subtag, or its language's likely one in Node's Intl (CLDR) data; undefined for a language Intl
 * does not know.
 */
export function writingScript(lang: string): string | undefined {
  const named = scriptSubtag(lang);
  if (named) return named[0]!.toUpperCase() + named.slice(1);
  return likelySubtags(lang).script;
}

/** Each tag's answer from likelySubtags, worked out once. */
const likelyLocales = new Map<string, Intl.Locale>();

/**
 * A BCP 47 tag with the script and region its language most likely means filled in (CLDR's likely
 * subtags: "ur" is ur-Arab-PK). Kept per tag: maximize costs about 10 µs, and every story asks it of its
 * language several times (its description's and feed summaries' full stops, its Open Graph locale).
 */
export function likelySubtags(lang: string): Intl.Locale {
  let likely = likelyLocales.get(lang);
  if (likely === undefined) {
    likely = new Intl.Locale(lang).maximize();
    likelyLocales.set(lang, likely);
  }
  return likely;
}

/** The script subtag of a BCP 47 tag, lower-case ("arab" of pa-Arab), or undefined when it names none. */
function scriptSubtag(lang: string): string | undefined {
  const rest = lang.toLowerCase().split("-").slice(1);
  // Only before the first singleton: in "ar-u-nu-latn" (Arabic with Latin digits) "latn" is an extension's value.
  const singleton = rest.findIndex((subtag) => subtag.length === 1);
  return (singleton < 0 ? rest : rest.slice(0, singleton)).find((subtag) => /^[a-z]{4}$/.test(subtag));
}
