/**
 * The locale each Intl object the build makes is given. Intl asked for a language it has no data for does
 * not fail: it takes the machine's own locale, from LANG or LC_ALL, so a site in Cantonese ("yue", for which
 * Node's ICU has dates but no collation) would have its indexes sorted and headed as Swedish on a Swedish
 * laptop (Ö after Z) and as English on CI (Ö with O). Each service has its own languages (Occitan has dates
 * but no plural rules), so each is asked for its own.
 */

/** An Intl service (Intl.Collator, Intl.PluralRules…), as far as it says which languages it has data for. */
export interface IntlService {
  supportedLocalesOf(locales: readonly string[]): string[];
}

/**
 * The locale given where a service has no data for the language: English, the language the site's own
 * words fall back to, and whose collation is CLDR's root order (English has no rules of its own, as German,
 * Italian and Dutch have none), the order every language without rules sorts by. Not "und", the root's own
 * tag: V8 takes it as one more language it lacks, and gives the machine's.
 */
export const FALLBACK_LOCALE = "en";

/**
 * `language` where Node's ICU has `service`'s data for it, or for a language it falls back to (fr-CA to fr);
 * undefined where it has none, and Intl would take the machine's locale instead.
 */
export function supportedLocale(service: IntlService, language: string): string | undefined {
  return service.supportedLocalesOf([language])[0];
}

/** `language` where Node's ICU has `service`'s data for it, and FALLBACK_LOCALE where it has none. */
export function supportedLocaleOrFallback(service: IntlService, language: string): string {
  return supportedLocale(service, language) ?? FALLBACK_LOCALE;
}
