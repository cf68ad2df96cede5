// The locale each Intl service is given (src/intl-locales.ts): the language where Node's ICU has that
// service's data for it, English where it has none, never the machine's locale.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { FALLBACK_LOCALE, supportedLocale, supportedLocaleOrFallback } from "../src/intl-locales.ts";

describe("the locale an Intl service is given", () => {
  test("is the language, or the one it falls back to, where the service has its data", () => {
    assert.equal(supportedLocale(Intl.Collator, "sv"), "sv");
    assert.equal(supportedLocale(Intl.Collator, "fr-CA"), "fr-CA");
    assert.equal(supportedLocale(Intl.Collator, "zh-u-co-stroke"), "zh-u-co-stroke");
    assert.equal(supportedLocale(Intl.DateTimeFormat, "yue"), "yue");
  });

  test("is none, or English, where the service has no data for the language, though another has", () => {
    assert.equal(supportedLocale(Intl.Collator, "yue"), undefined);
    assert.equal(supportedLocale(Intl.PluralRules, "oc"), undefined);
    assert.equal(supportedLocaleOrFallback(Intl.Collator, "yue"), FALLBACK_LOCALE);
    assert.equal(supportedLocaleOrFallback(Intl.NumberFormat, "za"), "en");
  });

  test("on a Swedish machine is English where Intl would take Swedish, as it does for the root's own tag", () => {
    const script = `
      const { supportedLocaleOrFallback } = await import(${JSON.stringify(new URL("../src/intl-locales.ts", import.meta.url).href)});
      const resolved = (tag) => new Intl.Collator(tag).resolvedOptions().locale;
      console.log(JSON.stringify([resolved("yue"), resolved("und"), resolved(supportedLocaleOrFallback(Intl.Collator, "yue"))]));`;
    const swedish = { ...process.env, LANG: "sv_SE.UTF-8", LC_ALL: "sv_SE.UTF-8" };
    const output = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { env: swedish, encoding: "utf8" });
    assert.deepEqual(JSON.parse(output), ["sv-SE", "sv-SE", "en"]);
  });
});
