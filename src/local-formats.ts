import { supportedLocale, supportedLocaleOrFallback } from "./intl-locales.ts";

/**
 * Dates, months and numbers as the site writes them into its pages' text, in the site's language:
 * "4 décembre 2026 14:05", "décembre 2026", "2 447". Every formatter is given its language and zone,
 * never left to the machine's, so a build reads the same on every machine; only Node's ICU data decides.
 */
export interface LocalFormats {
  /** The language the dates are really in: the site's, or English where Node's ICU does not know it. */
  locale: string;
  /** A moment's date and time of day (24-hour) in the zone, without the zone's name. */
  dateTime(epochMs: number, timeZone: string): string;
  /** A month's name with its year; `yearMonth` is "2026-12". */
  month(yearMonth: string): string;
  /** A count or page number, with the language's digits and grouping. */
  number(value: number): string;
  /** The language the numbers are really in: the dates', or English where Node's ICU has no digits for it (Zhuang). */
  numbersLocale: string;
  /**
   * The plural forms (Intl.PluralRules' categories) the language chooses for some count of two or more,
   * in ICU's order: the forms a word about two or more things can be shown in. Other alone in English;
   * few and many in Polish, whose one is 1 alone and other for fractions; not French's one (0 and 1), but
   * its many (1,000,000).
   */
  pluralFormsFromTwo: readonly string[];
}

/**
 * English pages keep the style they have always had, whichever English the site names: a two-digit
 * day, the British order ("04 December 2026 14:05"), not en-US's "December 4, 2026".
 */
const ENGLISH = { locale: "en-GB", day: "2-digit" } as const;

/**
 * The locale and day style for a language. A language Node's ICU does not know gets English, said
 * so here: left to Intl, it would get the machine's own locale, and builds would differ by machine.
 */
function localeFor(language: string): { locale: string; day: "numeric" | "2-digit" } {
  if (/^en(?:-|$)/i.test(language)) return ENGLISH;
  const supported = supportedLocale(Intl.DateTimeFormat, language);
  return supported === undefined ? ENGLISH : { locale: supported, day: "numeric" };
}

const made = new Map<string, LocalFormats>();

/** The formats of a language, made once and kept: an Intl formatter costs far more to make than to use. */
export function localFormats(language: string): LocalFormats {
  let formats = made.get(language);
  if (!formats) made.set(language, (formats = makeFormats(language)));
  return formats;
}

function makeFormats(language: string): LocalFormats {
  const { locale, day } = localeFor(language);
  // Node's ICU has dates for a few languages it has no digits for (Zhuang, Langi), whose numbers are English.
  const numbersLocale = supportedLocaleOrFallback(Intl.NumberFormat, locale);
  const numbers = new Intl.NumberFormat(numbersLocale);
  // The language's own order and words for a date ("4. Dezember 2026", "2026年12月4日") and a 24-hour
  // time, joined by a space: Intl's own joining ("at", "à") would change every English page.
  const dayAndTime = new Map<string, { date: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();
  // A month is named from its middle, in UTC, so no zone's offset can move it into the next.
  const months = new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" });
  let fromTwo: readonly string[] | undefined;
  return {
    locale,
    dateTime(epochMs, timeZone) {
      let formats = dayAndTime.get(timeZone);
      if (!formats) {
        formats = {
          date: new Intl.DateTimeFormat(locale, { day, month: "long", year: "numeric", timeZone }),
          time: new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }),
        };
        dayAndTime.set(timeZone, formats);
      }
      return `${formats.date.format(epochMs)} ${formats.time.format(epochMs)}`;
    },
    month(yearMonth) {
      const [year, month] = yearMonth.split("-").map(Number);
      return months.format(Date.UTC(year!, month! - 1, 15));
    },
    number: (value) => numbers.format(value),
    numbersLocale,
    // Worked out when first asked (the settings' check does), not with every language's formats.
    get pluralFormsFromTwo() {
      return (fromTwo ??= pluralFormsFromTwo(locale));
    },
  };
}

/**
 * The forms seen over counts that reach every rule CLDR has: each count to 10,000 (the rules look at the
 * last one to four digits) and the powers of ten beyond (some name a million's exact multiples).
 */
function pluralFormsFromTwo(locale: string): readonly string[] {
  // Many languages Node has dates for have no plural rules in its ICU (Occitan, Maori, Quechua): English's.
  const rules = new Intl.PluralRules(supportedLocaleOrFallback(Intl.PluralRules, locale));
  const seen = new Set<string>();
  for (let count = 2; count <= 10_000; count++) seen.add(rules.select(count));
  for (let power = 1e5; power <= 1e15; power *= 10) seen.add(rules.select(power));
  return rules.resolvedOptions().pluralCategories.filter((form) => seen.has(form));
}
