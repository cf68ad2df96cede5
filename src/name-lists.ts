import type { NamedLink } from "./article.ts";
import { escapeHtml } from "./html-escape.ts";
import { supportedLocale } from "./intl-locales.ts";
import { primaryLanguage } from "./languages.ts";

/**
 * Lists of names a reader reads (a story's authors, the search page's sections), joined as their
 * language joins them: "A, B and C" in British English, "A, B et C" in French, "A، B اور C" in Urdu.
 */

/** A name that links to its page: an author's, a section's. */
type LinkedName = Pick<NamedLink, "name" | "url">;

const made = new Map<string, Intl.ListFormat>();

/**
 * The joining of a language, made once and kept. One Node's ICU does not know gets commas alone: its
 * word for "and" is not known, an English one would read as a slip, and Intl left to itself would
 * take the machine's own language, so builds would differ by machine.
 */
function listFormat(language: string): Intl.ListFormat {
  let format = made.get(language);
  if (!format) {
    const known = supportedLocale(Intl.ListFormat, language);
    format = known === undefined ? new Intl.ListFormat("en", { type: "unit", style: "short" }) : new Intl.ListFormat(known, { type: "conjunction" });
    made.set(language, format);
  }
  return format;
}

/** Names as plain text, joined in `language`. */
export function joinNames(names: readonly string[], language: string): string {
  return listFormat(language).format(names);
}

/** Links to named pages as HTML, joined in `language`; `rel` names what each link is to the page (rel="author"). */
export function joinLinks(links: readonly LinkedName[], language: string, rel?: string): string {
  const relation = rel ? ` rel="${escapeHtml(rel)}"` : "";
  let next = 0;
  return listFormat(language)
    .formatToParts(links.map((link) => link.name))
    .map((part) => {
      if (part.type === "literal") return escapeHtml(part.value);
      // Every language's pattern puts the names in the order given.
      const link = links[next++]!;
      return `<a${relation} href="${escapeHtml(link.url)}">${escapeHtml(link.name)}</a>`;
    })
    .join("");
}

/**
 * The languages whose "and" between two names is a word of its own that no one's name holds, as Intl
 * writes it between two of a byline's names ("and", "et", "und", "en", "и", "ve", "اور", "और", "এবং", Persian's
 * "و", "dan"). Left out: Spanish's "y" and "e", Portuguese's and Italian's "e" and Catalan's "i", which join the
 * two family names of one person (Ortega y Gasset, Costa e Silva, Puig i Cadafalch); Arabic's "و" and
 * Hebrew's "ו", written onto the next word, where a name may begin with the same letter (وليد, وائل); and
 * Chinese's "和" and Japanese's "、", written without spaces inside names' own characters or as a comma.
 */
const AND_WORD_LANGUAGES: ReadonlySet<string> = new Set(["en", "fr", "de", "nl", "ru", "tr", "ur", "hi", "bn", "fa", "id", "ms"]);

/**
 * The words that join two names in one text written by hand as a byline of two people, in a story of
 * `storyLanguage` (its `lang`, when it has one) on a site of `language`: English's "and" (bylines of any
 * site's wire copy are often English), "&" in any language, and the site's and the story's own "and" where
 * AND_WORD_LANGUAGES has them, as each joins a byline's names (joinNames), so that what is refused is what
 * the page would print for a list of the two. The story's word as well as the site's: a French story on an
 * English site (a Canadian paper's) is signed "Amélie Roux et Jean Dupont", and its "et" is no part of a
 * name whatever the site's language.
 */
export function namesJoinedBy(language: string, storyLanguage?: string): readonly string[] {
  const key = `${language}\n${storyLanguage ?? ""}`;
  let words = joiners.get(key);
  if (!words) {
    words = ["and", "&"];
    for (const each of [language, storyLanguage]) {
      const word = each === undefined ? undefined : andWord(each);
      if (word && !words.includes(word)) words.push(word);
    }
    joiners.set(key, words);
  }
  return words;
}

const joiners = new Map<string, string[]>();

/** The word `language` writes between two names, where AND_WORD_LANGUAGES has it. */
function andWord(language: string): string | undefined {
  if (!AND_WORD_LANGUAGES.has(primaryLanguage(language))) return undefined;
  return listFormat(language).formatToParts(["A", "B"]).find((part) => part.type === "literal")?.value.trim() || undefined;
}
