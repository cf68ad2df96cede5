import { z } from "zod";
import { primaryLanguage, textDirection } from "./languages.ts";
import { localFormats } from "./local-formats.ts";
import { supportedLocale } from "./intl-locales.ts";
import { escapeHtml } from "./html-escape.ts";
import { punctuationIn, spaceAfterPunctuation } from "./punctuation.ts";

/**
 * The words the site itself puts round the news (navigation, the skip link, "Published", the pager,
 * the 404 and search pages, a short link's page, the pages' meta descriptions, what the scripts write),
 * in English. A newsroom gives them in its own language with the `words` setting; any it does not give
 * stay English and, on a site or story in another language, are marked as English
 * (`<span lang="en" dir="ltr">`) so that a screen reader reads them as English and not, say, as Urdu.
 * A `{name}` in a word is a place the page fills in (a section's name, the site's); a word given in
 * another language may put its places in any order, and may leave any out but those KEPT_PLACES names.
 */
export const ENGLISH_WORDS = {
  /**
   * A page's title (in the browser's tab, a bookmark, a search engine's link, a feed reader's list) with the
   * site's name: {title} is the page's own (a headline, a section's name, "Page 2"), {site} the site's name.
   * How they are joined is the publication's style, not its language's: "{title} - {site}", "{title}｜{site}",
   * "{title}：朝日新聞" with the name written in. It must hold {title}; the front page's title is the name alone.
   */
  titleWithSite: "{title} | {site}",
  skipToContent: "Skip to the content",
  skipToStory: "Skip to the story",
  /** The name of the masthead's list of sections, read out by screen readers. */
  sections: "Sections",
  search: "Search",
  archive: "Archive",
  tags: "Tags",
  authors: "Authors",
  /** The preview's flag on a draft, on its page and its card (a build publishes no draft). */
  draft: "Draft: not published",
  /** The preview's flag on a story dated after now; {time} is its date and time. */
  scheduled: "Scheduled: not published until {time}",
  /** Before the date of a draft or a scheduled story, in the preview, where a published story's says "Published". */
  dated: "Dated",
  /** Before the authors' names. */
  by: "By",
  published: "Published",
  updated: "Updated",
  shortUrl: "Short URL:",
  copy: "Copy",
  /** Before a section's or a subject's name, on the link to its feed. */
  follow: "Follow",
  /**
   * With a page's number: "Pakistan (page 2)", "Pakistan: page 2". {number} puts it where the language
   * does ("{number}ページ"); a word given without it has the number after it (numberedWord).
   */
  page: "page {number}",
  /** The same at the start: "Page 2 of 10", "Page 2 | Example Bay News". */
  pageAtStart: "Page {number}",
  /** The name of a listing's links to its other pages, read out by screen readers. */
  moreStories: "More stories",
  newerStories: "Newer stories",
  olderStories: "Older stories",
  olderStoriesInArchive: "Older stories in the archive",
  /**
   * The pager's place among a listing's pages: {page} is pageAtStart with its number ("Page 2"), {total} how
   * many pages there are, each put where the language puts it ("{total}ページ中{page}", "{page}，共{total}页").
   * A word given without {page} has it before it, and without {total} has it after it, spaced as its language
   * spaces words ("Seite 2 von 10" from "von").
   */
  of: "{page} of {total}",
  /** The tag and author indexes' heading for names that start with a digit (after any punctuation) or are signs alone. */
  indexOther: "#",
  /**
   * Their heading for names in Chinese characters they file together, having no reading to file them by
   * (kanji, and hanzi on a site not sorted by pinyin). Not given, it is the script's name in the site's
   * language where Node's Intl data has one ("漢字", "汉字"), and this where it has none.
   */
  indexHan: "Han",
  /**
   * Their heading for hanzi of one count of strokes, on a site in Chinese in traditional characters, whose
   * order is by stroke count: {number} is the count ("{number}畫" gives "3畫").
   */
  indexStrokes: "{number}-stroke",
  noStoriesYet: "No stories have been published yet.",
  noStoriesHereYet: "No stories have been published here yet.",
  nothingHereYet: "Nothing here yet.",
  pageNotFound: "Page not found",
  noPageHere: "There is no page at this address. It may have moved, or the link may be mistyped.",
  /** Before the site's name, on the 404 page's link home. */
  frontPageOf: "Go to the front page of",
  orChooseASection: "or choose a section:",
  /** Around the 404 page's link to the search page: "Or search the stories." */
  or: "Or",
  searchTheStories: "search the stories",
  wordsToFind: "Words to find",
  section: "Section",
  allSections: "All sections",
  /** The search page without JavaScript: this, the sections' links, then the other two round the site's address. */
  searchNeedsScript: "Searching this site needs JavaScript, which is off in this browser. You can still find every story through its section:",
  orSearchTheWebFor: "or search the whole web for",
  followedByYourWords: "followed by your words.",
  /** On a short link's page, before the story's headline. */
  shortLinkLeadsTo: "This short link leads to",
  /** On the page left at a story's old address (the `moved` setting), before the story's headline. */
  storyHasMovedTo: "This story has moved to",
  // The pages' meta descriptions, which search engines show under the link (and a section's feed's description).
  sectionDescription: "The latest {section} stories from {site}.",
  tagDescription: "Stories tagged {tag} from {site}.",
  authorDescription: "Stories by {author} from {site}.",
  monthDescription: "Stories {site} published in {month}.",
  archiveDescription: "Every month of stories {site} has published, newest first.",
  tagsDescription: "Every topic {site} has tagged, with the number of stories.",
  authorsDescription: "Everyone who has written for {site}, with the number of stories.",
  searchDescription: "Search the stories of {site} by words in their headlines, summaries and text.",
  // Written by the copy button's script once the short URL is copied, or when the browser refused.
  copied: "Copied",
  copyFailed: "Press Ctrl+C to copy",
  /**
   * The names a wide table and a wide block of code in a story are given while they scroll sideways in their
   * box, each a stop for the keyboard then (public/js/scroll-boxes.js): read out by screen readers.
   */
  scrollingTable: "Table, scrolls sideways",
  scrollingCode: "Code, scrolls sideways",
  // The search page's status, written by its script. {inSection} is searchInSection when a section is
  // chosen; without one it goes, with the spaces before it.
  searching: "Searching…",
  searchFoundNone: "No stories found for “{query}” {inSection}.",
  searchFoundOne: "1 story found for “{query}” {inSection}.",
  /** Two or more; like searchFoundMore, may be given in each plural form the language takes for two or more (PLURAL_WORDS). */
  searchFoundMany: "{count} stories found for “{query}” {inSection}.",
  /** More found than the page lists ({shown}). */
  searchFoundMore: "{count} stories found for “{query}” {inSection}; showing the first {shown}.",
  searchInSection: "in {section}",
  searchUnavailable: "Search is not available right now. Browse the sections instead.",
} as const;

export type WordName = keyof typeof ENGLISH_WORDS;

const WORD_NAMES = Object.keys(ENGLISH_WORDS) as WordName[];

const PLACE = /(\s*)\{([A-Za-z]+)\}/g;

/** The places a word's English text has: all a word given for it may hold. */
function placesOf(text: string): string[] {
  return [...text.matchAll(PLACE)].map((match) => match[2]!);
}

/**
 * The words with a {count} whose wording may change with the number: each may be given as one text, or
 * as a text for each plural form the site's language takes for two or more (Intl.PluralRules: zero, one,
 * two, few, many, other), `other` serving the forms not given. "2 artykuły" but "5 artykułów" in Polish.
 */
export const PLURAL_WORDS = ["searchFoundMany", "searchFoundMore"] as const satisfies readonly WordName[];

function wordSchema(name: WordName) {
  const text = wordTextSchema(name);
  if (!(PLURAL_WORDS as readonly WordName[]).includes(name)) return text.optional();
  const form = text.optional();
  const forms = z.strictObject({ zero: form, one: form, two: form, few: form, many: form, other: text });
  return z.union([text, forms]).optional();
}

/**
 * The places a word given must keep, each with what goes there: left out, every page would lose it (a
 * title without its headline), where another word's places (a description's {site}) may go unsaid.
 */
const KEPT_PLACES: Partial<Record<WordName, Readonly<Record<string, string>>>> = {
  titleWithSite: { title: "each page's own title" },
};

function wordTextSchema(name: WordName) {
  const places = placesOf(ENGLISH_WORDS[name]);
  const expected = places.length ? `only ${places.map((place) => `{${place}}`).join(" and ")} filled in` : "no {…} filled in";
  const kept = Object.entries(KEPT_PLACES[name] ?? {});
  return z
    .string()
    .trim()
    .min(1, "a word or phrase, not an empty text")
    .superRefine((text, context) => {
      const given = placesOf(text);
      const unknown = given.filter((place) => !places.includes(place));
      if (unknown.length) {
        const named = unknown.map((place) => `{${place}}`).join(", ");
        context.addIssue({ code: "custom", message: `expected ${expected} (its English: "${ENGLISH_WORDS[name]}"), not ${named}` });
      }
      for (const [place, what] of kept) {
        if (given.includes(place)) continue;
        context.addIssue({ code: "custom", message: `expected {${place}} in it, where ${what} goes (its English: "${ENGLISH_WORDS[name]}"), not "${text}"` });
      }
    });
}

/** The `words` setting: any of the words above, in the site's language. */
export const wordsSchema = z.strictObject(Object.fromEntries(WORD_NAMES.map((name) => [name, wordSchema(name)])) as Record<WordName, ReturnType<typeof wordSchema>>);

/**
 * A word with its places filled in, in one pass (a tag named "{site}" stays so). A place with no
 * value, or an empty one, goes with the spaces before it.
 */
export function fillIn(text: string, values: Readonly<Record<string, string | number | undefined>>): string {
  return text.replace(PLACE, (_, spaces: string, place: string) => {
    const value = values[place];
    return value === undefined || value === "" ? "" : `${spaces}${value}`;
  });
}

export type WordsSetting = z.output<typeof wordsSchema>;

/**
 * A page's own title with the site's name, as the `titleWithSite` word joins them, in plain text (a template
 * or a feed escapes it): "Harbour reopens | Example Bay News", "港が再開｜日経". Filled in one pass, so a
 * headline holding "{site}" stays as written.
 */
export function titleWithSite(words: Pick<Words, "text">, title: string, siteName: string): string {
  return fillIn(words.text.titleWithSite, { title, site: siteName });
}

/** The words that hold a number: a page's, or an index heading's count of strokes. */
export type NumberedWordName = "page" | "pageAtStart" | "indexStrokes";

/** Some text as HTML and as plain text (for attributes and titles). */
export interface HtmlAndText {
  html: string;
  text: string;
}

/**
 * A word with a page's number (written in the site's digits) in its {number} place, as HTML and as text:
 * "page 2", or "2ページ" from a Japanese "{number}ページ". A word given without the place (as words were
 * before it had one) has the number after it, spaced as the word's language spaces words ("ページ2",
 * "Seite 2"). The number stands outside the mark of a word left in English, being the page's own.
 */
export function numberedWord(words: Words, name: NumberedWordName, number: string): HtmlAndText {
  const written = words.text[name];
  const placed = placesOf(written).includes("number") ? written : `${written}${words.space[name]}{number}`;
  return placedWord(words, name, placed, { number: { html: escapeHtml(number), text: number } });
}

/**
 * The pager's "Page 2 of 10" from the `of` word, pageAtStart's number and how many pages there are (both in
 * the site's digits): "10ページ中2ページ" where the words put them so. Places an `of` given without them
 * (as words were before it had them) leaves out go round it as the English has them, spaced as the word's
 * language spaces words ("ページ2／10" from "／").
 */
export function pageOfTotal(words: Words, number: string, total: string): HtmlAndText {
  const written = words.text.of;
  const places = placesOf(written);
  const pageFirst = places.includes("page") ? written : `{page}${words.space.of}${written}`;
  const placed = places.includes("total") ? pageFirst : `${pageFirst}${words.space.of}{total}`;
  return placedWord(words, "of", placed, { page: numberedWord(words, "pageAtStart", number), total: { html: escapeHtml(total), text: total } });
}

/**
 * `written`, a text of word `name`, with its places filled by `values`: the word's own text escaped and, where
 * it needs it, marked with its language (the spaces round it outside the mark), the values as they are.
 */
function placedWord(words: Words, name: WordName, written: string, values: Readonly<Record<string, HtmlAndText>>): HtmlAndText {
  const pieces = written.split(/(\s*\{[A-Za-z]+\})/);
  const mark = words.marks[name];
  const marked = (piece: string) => {
    const [, before = "", inner = "", after = ""] = /^(\s*)(.*?)(\s*)$/su.exec(piece)!;
    return inner === "" || !mark ? escapeHtml(piece) : `${before}<span${mark}>${escapeHtml(inner)}</span>${after}`;
  };
  const filled = (piece: string, form: keyof HtmlAndText) => piece.replace(/\{([A-Za-z]+)\}/, (_, place: string) => values[place]?.[form] ?? "");
  return {
    html: pieces.map((piece, index) => (index % 2 === 1 ? filled(piece, "html") : marked(piece))).join(""),
    text: pieces.map((piece, index) => (index % 2 === 1 ? filled(piece, "text") : piece)).join(""),
  };
}

/** A listing's title on one of its later pages, as text in `language` (the site's): "Pakistan: page 2", "東京：2ページ". */
export function titleOnPage(title: string, numberedPage: string, language: string): string {
  return `${title}${punctuationIn(":", language)}${spaceAfterPunctuation(language)}${numberedPage}`;
}

/**
 * The plural forms a word is given in that no count it is written for (two or more) takes in the site's
 * language, as `{ word, form, forms }` with the forms such counts do take: a `two` in Polish, which has
 * none, or its `one`, which is 1 alone. Given, they would be dropped unread: the search page's script
 * chooses a form (Intl.PluralRules in the site's language) only for two or more. `other` is always
 * taken: it serves the forms not given (and in Polish is for fractions alone).
 */
export function unusedPluralForms(words: WordsSetting | undefined, language: string): Array<{ word: WordName; form: string; forms: readonly string[] }> {
  return PLURAL_WORDS.flatMap((word) => {
    const given = words?.[word];
    if (typeof given !== "object") return [];
    const forms = localFormats(language).pluralFormsFromTwo;
    return Object.keys(given)
      .filter((form) => form !== "other" && !forms.includes(form))
      .map((form) => ({ word, form, forms }));
  });
}

/** Each word as HTML (escaped, and marked with its language where that is not the text's round it) and as plain text (for attributes and titles). */
export interface Words {
  html: Readonly<Record<WordName, string>>;
  text: Readonly<Record<WordName, string>>;
  /**
   * The space between each word and the text next to it, as the word's language spaces words: " ", or
   * none in Japanese and Chinese ("記者：山田太郎", "公開2026年1月5日"), where a space reads as a typing slip.
   */
  space: Readonly<Record<WordName, string>>;
  /** For an element that can hold only text (an `<option>`): its word's language as attributes (` lang="en" dir="ltr"`), or nothing. */
  marks: Readonly<Record<WordName, string>>;
  /**
   * Each word's language: the site's, or English for a word the settings do not give. For an element an
   * attribute of which holds the word (a `<nav>`'s aria-label, which no inner element can mark), marked with
   * it where it differs from the text round it, its contents then marked back (`siteMark` of the words in it).
   */
  langs: Readonly<Record<WordName, string>>;
  /**
   * The words each of the site's scripts writes (public/js/), as JSON for a `data-words` attribute on the
   * element it writes into: `{"copied": {"text": "Copied", "lang": "en", "dir": "ltr"}}`, with lang and
   * dir only where the word needs marking, and `locale` where its counts are written in another language
   * than its own (Node's ICU does not know it); a word given by plural form has its forms as its text. An attribute, not an inline script, which the Content
   * Security Policy would refuse.
   */
  forScripts: Readonly<Record<keyof typeof SCRIPT_WORDS, string>>;
  /** For an element holding one of the site's own names (a section's): the site's language as attributes where the text round it is in another, or nothing. */
  siteMark: string;
  /** For an element holding a date the build wrote (src/local-formats.ts): the language it is written in as attributes where the text round it is in another, or nothing. */
  formatsMark: string;
}

/** The words each script writes. */
const SCRIPT_WORDS = {
  copyShortUrl: ["copied", "copyFailed"],
  scrollBoxes: ["scrollingTable", "scrollingCode"],
  search: ["searching", "searchFoundNone", "searchFoundOne", "searchFoundMany", "searchFoundMore", "searchInSection", "searchUnavailable"],
} as const satisfies Record<string, readonly WordName[]>;

/**
 * The words as they read among text in `context` (a BCP 47 tag: the site's language, or a story's on
 * its page). A word the settings give is in the site's language; one they do not give is English. Either
 * is marked with its language only where the text round it is in another: so an English site's pages,
 * and any site whose words are all given, read as before. Made once per language and kept.
 */
export function wordsFor(site: { language: string; words?: WordsSetting }, context: string): Words {
  let byContext = made.get(site);
  if (!byContext) made.set(site, (byContext = new Map()));
  let words = byContext.get(context);
  if (!words) byContext.set(context, (words = makeWords(site, context)));
  return words;
}

const made = new WeakMap<object, Map<string, Words>>();

function makeWords(site: { language: string; words?: WordsSetting }, context: string): Words {
  const html = {} as Record<WordName, string>;
  const text = {} as Record<WordName, string>;
  const marks = {} as Record<WordName, string>;
  const langs = {} as Record<WordName, string>;
  const space = {} as Record<WordName, string>;
  const forScript = {} as Record<WordName, { text: string | Record<string, string>; lang?: string; dir?: string; locale?: string }>;
  const markFor = (lang: string) => (sameLanguage(lang, context) ? "" : ` lang="${escapeHtml(lang)}" dir="${textDirection(lang)}"`);
  for (const name of WORD_NAMES) {
    const given = site.words?.[name] ?? LOCAL_DEFAULTS[name]?.(site.language);
    const lang = given === undefined ? "en" : site.language;
    const marked = !sameLanguage(lang, context);
    // A word given by plural form is written by a script, which chooses the form; a page has its `other`.
    text[name] = typeof given === "object" ? given.other : (given ?? ENGLISH_WORDS[name]);
    const escaped = escapeHtml(text[name]);
    marks[name] = markFor(lang);
    langs[name] = lang;
    space[name] = spaceAfterPunctuation(lang);
    html[name] = marks[name] ? `<span${marks[name]}>${escaped}</span>` : escaped;
    const written = typeof given === "object" ? given : text[name];
    // Counts are written, and plural forms chosen, in the language the build writes numbers in: for one
    // Node's ICU does not know or has no digits for, English (src/local-formats.ts), where a browser would
    // take its reader's own.
    const { numbersLocale } = localFormats(lang);
    const counted = primaryLanguage(numbersLocale) === primaryLanguage(lang) ? {} : { locale: numbersLocale };
    forScript[name] = marked ? { text: written, lang, dir: textDirection(lang), ...counted } : { text: written, ...counted };
  }
  const forScripts = {} as Record<keyof typeof SCRIPT_WORDS, string>;
  for (const [script, names] of Object.entries(SCRIPT_WORDS) as Array<[keyof typeof SCRIPT_WORDS, readonly WordName[]]>) {
    forScripts[script] = JSON.stringify(Object.fromEntries(names.map((name) => [name, forScript[name]])));
  }
  return { html, text, space, marks, langs, forScripts, siteMark: markFor(site.language), formatsMark: markFor(localFormats(site.language).locale) };
}

/** Words whose text, where the settings do not give it, Node's Intl data has in the site's language. */
const LOCAL_DEFAULTS: Partial<Record<WordName, (language: string) => string | undefined>> = {
  indexHan: (language) => scriptName("Hani", language),
};

/** A script's name in `language`, or undefined where Intl has none (rather than the machine's language's). */
function scriptName(script: string, language: string): string | undefined {
  const known = supportedLocale(Intl.DisplayNames, language);
  return known === undefined ? undefined : new Intl.DisplayNames(known, { type: "script", fallback: "none" }).of(script);
}

/** Whether text in one language reads right among text in the other: the same language, written the same way round (en and en-GB, not pa and pa-Arab). */
function sameLanguage(a: string, b: string): boolean {
  return primaryLanguage(a) === primaryLanguage(b) && textDirection(a) === textDirection(b);
}
