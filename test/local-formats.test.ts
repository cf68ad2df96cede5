// Dates, month names and numbers in the site's language (src/local-formats.ts): on their own, and as a
// French and an Urdu site's pages print them, the same bytes whatever the machine's zone and locale.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { DateTime } from "luxon";
import type { IntlService } from "../src/intl-locales.ts";
import { localFormats } from "../src/local-formats.ts";
import { toTimestamp } from "../src/dates.ts";
import { SettingsError } from "../src/settings.ts";
import { wordsFor } from "../src/site-words.ts";
import { article, buildFixture, filesUnder, makeFixtureSite, readPage, textOf, type FixtureSite } from "./helpers/site.ts";
import { testSettings } from "./helpers/articles.ts";

const NOW = ["--now", "2026-01-10T00:00:00Z"];
// 2026-12-04 14:05 in Karachi.
const MOMENT = DateTime.fromISO("2026-12-04T09:05:00Z");

describe("formats in a language", () => {
  test("a date and time reads as the language writes it, in 24-hour time, with the zone's label", () => {
    assert.equal(toTimestamp(MOMENT, "Asia/Karachi", "PKT", "fr").display, "4 décembre 2026 14:05 PKT");
    assert.equal(toTimestamp(MOMENT, "Asia/Karachi", "PKT", "ur").display, "4 دسمبر، 2026 14:05 PKT");
    // Polish names the month of a day in its genitive: "grudnia", not "grudzień".
    assert.equal(toTimestamp(MOMENT, "Asia/Karachi", "PKT", "pl").display, "4 grudnia 2026 14:05 PKT");
    assert.equal(toTimestamp(MOMENT, "Asia/Karachi", "PKT", "ja").display, "2026年12月4日 14:05 PKT");
  });

  test("English keeps its two-digit day and British order, whichever English", () => {
    for (const language of ["en", "en-GB", "en-US"]) assert.equal(toTimestamp(MOMENT, "Asia/Karachi", "PKT", language).display, "04 December 2026 14:05 PKT", language);
  });

  test("a month is named as the language names it alone, in any zone", () => {
    assert.deepEqual(["en", "fr", "pl", "ja"].map((language) => localFormats(language).month("2026-12")), ["December 2026", "décembre 2026", "grudzień 2026", "2026年12月"]);
  });

  test("numbers take the language's grouping and digits", () => {
    assert.deepEqual(["en", "fr", "ur", "ur-IN"].map((language) => localFormats(language).number(2447)), ["2,447", "2\u202f447", "2,447", "۲٬۴۴۷"]);
  });

  test("a language Node does not know gets English, not the machine's locale", () => {
    const unknown = localFormats("qaa");
    assert.equal(unknown.locale, "en-GB");
    assert.equal(unknown.dateTime(MOMENT.toMillis(), "Asia/Karachi"), "04 December 2026 14:05");
    assert.deepEqual(unknown.pluralFormsFromTwo, ["other"]);
  });

  test("the plural forms a count of two or more takes leave out those for 0 and 1 alone, and keep a million's", () => {
    const forms = Object.fromEntries(["en", "pl", "fr", "ar", "ru", "ja"].map((language) => [language, localFormats(language).pluralFormsFromTwo]));
    // Polish's one is 1 and its other fractions; Russian's one is also 21, 31…; French's many is 1,000,000.
    assert.deepEqual(forms, { en: ["other"], pl: ["few", "many"], fr: ["many", "other"], ar: ["few", "many", "two", "other"], ru: ["few", "many", "one"], ja: ["other"] });
  });
});

describe("a word given in each plural form", () => {
  const polish = { other: "Znaleziono artykułów: {count}.", few: "Znaleziono {count} artykuły.", many: "Znaleziono {count} artykułów." };

  test("is handed to the search script with its forms, for it to choose by the count", () => {
    const words = JSON.parse(wordsFor(testSettings({ language: "pl", words: { searchFoundMany: polish } }), "pl").forScripts.search);
    assert.deepEqual(words.searchFoundMany, { text: polish });
  });

  test("is refused in a form the site's language never uses, naming the word, the form and the forms it takes", () => {
    assert.throws(
      () => testSettings({ language: "pl", words: { searchFoundMany: { ...polish, two: "Znaleziono dwa artykuły." } } }),
      (error: unknown) => error instanceof SettingsError && /words\.searchFoundMany\.two: expected other or a plural form pl takes for two or more \(few, many\), not two/.test(error.message),
    );
  });

  // The word is written for two or more stories: a form only 0 or 1 take would never be shown.
  const NEVER_SHOWN = [
    { language: "pl", words: { searchFoundMany: { ...polish, one: "Znaleziono {count} artykuł." } }, expected: /words\.searchFoundMany\.one: expected other or a plural form pl takes for two or more \(few, many\), not one \(in .*settings\.json\)/ },
    { language: "fr", words: { searchFoundMore: { one: "{count} article trouvé.", many: "{count} d'articles trouvés.", other: "{count} articles trouvés." } }, expected: /words\.searchFoundMore\.one: expected other or a plural form fr takes for two or more \(many\), not one/ },
    { language: "ar", words: { searchFoundMany: { zero: "لا مقالات.", two: "مقالان.", other: "{count} مقالة." } }, expected: /words\.searchFoundMany\.zero: expected other or a plural form ar takes for two or more \(few, many, two\), not zero/ },
    { language: "en", words: { searchFoundMany: { one: "{count} story.", other: "{count} stories." } }, expected: /words\.searchFoundMany\.one: expected only other \(en takes no other plural form for two or more\), not one/ },
  ];
  for (const { language, words, expected } of NEVER_SHOWN) {
    test(`is refused by the build in a form ${language} takes only for fewer than two stories`, async () => {
      const site = await makeFixtureSite(STORIES, { language, words });
      try {
        const result = await buildFixture(site, NOW);
        assert.equal(result.code, 1, result.stderr);
        assert.match(result.stderr, /The site settings are not valid/);
        assert.match(result.stderr, expected);
      } finally {
        await site.remove();
      }
    });
  }

  test("needs its other form, which serves the forms not given", () => {
    assert.throws(() => testSettings({ language: "pl", words: { searchFoundMany: { few: "Znaleziono {count} artykuły." } as never } }), /words\.searchFoundMany/);
  });
});

/** Three stories in one section and tag, a page each: the listings have a pager, the tag a count. */
const STORIES = Object.fromEntries(
  [5, 6, 7].map((day) => [`2026/01/story-${day}.md`, article({ headline: `Story ${day}`, date: `2026-01-0${day}T10:00:00Z`, slug: `story-${day}`, tags: "[port]", author: "Desk" }, "Text.")]),
);

const FRENCH = { language: "fr", perPage: 1, words: { pageAtStart: "Page", of: "sur" } };

/** A build's pages, built with the machine's zone and locale set as given (and caches of its own, so that every page is made). */
async function builtWith(site: FixtureSite, env: NodeJS.ProcessEnv): Promise<Map<string, string>> {
  const result = await buildFixture(site, NOW, env);
  assert.equal(result.code, 0, result.stderr);
  return filesUnder(site.outputDir);
}

describe("a French site", () => {
  let site: FixtureSite;
  let built: Map<string, string>;
  before(async () => {
    site = await makeFixtureSite(STORIES, FRENCH);
    built = await builtWith(site, { TZ: "Pacific/Chatham", LANG: "ja_JP.UTF-8", LC_ALL: "ja_JP.UTF-8" });
  });
  after(() => site.remove());

  test("a story's time and a story card's read in French", async () => {
    const story = await readPage(site.outputDir, "/world/story-5/");
    assert.equal(textOf(story.querySelector(".times .published time")), "5 janvier 2026 15:00 PKT");
    const front = await readPage(site.outputDir, "/");
    assert.equal(textOf(front.querySelector(".story-card__time time")), "7 janvier 2026 15:00 PKT");
  });

  test("the archive's month reads in French, named the same way", async () => {
    const archive = await readPage(site.outputDir, "/archive/");
    assert.deepEqual(readIn(archive.querySelector(".subject-index a")), ["janvier 2026", "fr", "auto"]);
    const month = await readPage(site.outputDir, "/archive/2026/01/");
    assert.deepEqual(readIn(month.querySelector("h1")), ["janvier 2026", "fr", "auto"]);
    assert.equal(month.querySelector("h1 [lang]"), null);
  });

  test("builds the same bytes in any zone and locale", async () => {
    const other = await makeFixtureSite(STORIES, FRENCH);
    const elsewhere = await builtWith(other, { TZ: "America/St_Johns", LANG: "ar_EG.UTF-8", LC_ALL: "ar_EG.UTF-8" }).finally(() => other.remove());
    assert.deepEqual([...elsewhere.keys()], [...built.keys()]);
    for (const [file, bytes] of built) assert.equal(elsewhere.get(file), bytes, file);
  });
});

/** The language and direction a screen reader is told to read an element's text in: its nearest lang and dir. */
function readIn(element: Element | null | undefined): [string, string | null | undefined, string | null | undefined] {
  return [textOf(element), element?.closest("[lang]")?.getAttribute("lang"), element?.closest("[dir]")?.getAttribute("dir")];
}

describe("a site in a language Node cannot write dates in", () => {
  let site: FixtureSite;
  before(async () => {
    // qaa is kept for local use: no ICU data names its months.
    site = await makeFixtureSite(STORIES, { language: "qaa", perPage: 1 });
    const result = await buildFixture(site, NOW);
    assert.equal(result.code, 0, result.stderr);
  });
  after(() => site.remove());

  test("names the archive's months in English, marked as English, in the index and on the month's pages", async () => {
    const archive = await readPage(site.outputDir, "/archive/");
    assert.deepEqual(readIn(archive.querySelector(".subject-index a")), ["January 2026", "en-GB", "ltr"]);
    for (const page of ["/archive/2026/01/", "/archive/2026/01/page/2/"]) {
      const month = await readPage(site.outputDir, page);
      const heading = month.querySelector("h1");
      assert.deepEqual(readIn(heading?.firstElementChild), ["January 2026", "en-GB", "ltr"], page);
    }
    // The heading's other words ("page 2") are not the month's.
    const second = await readPage(site.outputDir, "/archive/2026/01/page/2/");
    assert.equal(second.querySelector("h1 .listing__page")?.closest("[lang]")?.getAttribute("lang"), "qaa");
  });

  test("writes a story's and a card's dates in English, marked as English", async () => {
    const story = await readPage(site.outputDir, "/world/story-5/");
    assert.deepEqual(readIn(story.querySelector(".times .published time")), ["05 January 2026 15:00 PKT", "en-GB", "ltr"]);
    const front = await readPage(site.outputDir, "/");
    assert.deepEqual(readIn(front.querySelector(".story-card__time time")), ["07 January 2026 15:00 PKT", "en-GB", "ltr"]);
  });
});

describe("an Urdu site written with Urdu digits (ur-IN)", () => {
  let site: FixtureSite;
  before(async () => {
    site = await makeFixtureSite(STORIES, { language: "ur-IN", perPage: 1, words: { pageAtStart: "صفحہ", page: "صفحہ", of: "از" } });
    const result = await buildFixture(site, NOW, { TZ: "Pacific/Chatham", LANG: "de_DE.UTF-8" });
    assert.equal(result.code, 0, result.stderr);
  });
  after(() => site.remove());

  test("a story's time reads in Urdu, with Urdu digits", async () => {
    const story = await readPage(site.outputDir, "/world/story-5/");
    assert.equal(textOf(story.querySelector(".times .published time")), "۵ جنوری، ۲۰۲۶ ۱۵:۰۰ PKT");
  });

  test("the pager, the page's heading and title count in Urdu digits", async () => {
    const second = await readPage(site.outputDir, "/world/page/2/");
    assert.equal(textOf(second.querySelector(".pager__position")), "صفحہ ۲ از ۳");
    assert.equal(textOf(second.querySelector(".listing__page")), "(صفحہ ۲)");
    assert.equal(textOf(second.querySelector("title")), "World: صفحہ ۲ | Example Bay News");
    const front = await readPage(site.outputDir, "/page/2/");
    assert.equal(textOf(front.querySelector("title")), "صفحہ ۲ | Example Bay News");
  });

  test("the tag and author indexes count their stories in Urdu digits", async () => {
    for (const page of ["/tags/", "/authors/"]) {
      const index = await readPage(site.outputDir, page);
      assert.equal(textOf(index.querySelector(".subject-index__count")), "(۳)", page);
    }
  });
});

describe("a site in a language Node has dates for but no digits or plural rules (Zhuang, za)", () => {
  // Intl left to itself writes such a language's numbers and chooses its plural forms as the machine's locale
  // does: Arabic digits and Arabic's few and many on an Egyptian machine, English's on another.
  const ZHUANG = { language: "za", perPage: 1 };
  const MACHINES = [
    { TZ: "Pacific/Chatham", LANG: "ar_EG.UTF-8", LC_ALL: "ar_EG.UTF-8" },
    { TZ: "America/St_Johns", LANG: "en_US.UTF-8", LC_ALL: "en_US.UTF-8" },
  ];

  test("has only its dates from Node's ICU", () => {
    const services: IntlService[] = [Intl.DateTimeFormat, Intl.NumberFormat, Intl.PluralRules];
    assert.deepEqual(services.map((service) => service.supportedLocalesOf(["za"])), [["za"], [], []]);
  });

  test("counts in English digits, and builds the same bytes in any locale", async () => {
    const sites = await Promise.all(MACHINES.map(() => makeFixtureSite(STORIES, ZHUANG)));
    try {
      const [egyptian, english] = await Promise.all(sites.map((site, index) => builtWith(site, MACHINES[index]!)));
      assert.deepEqual([...egyptian!.keys()], [...english!.keys()]);
      for (const [file, bytes] of english!) assert.equal(egyptian!.get(file), bytes, file);
      const second = await readPage(sites[0]!.outputDir, "/world/page/2/");
      assert.equal(textOf(second.querySelector(".pager__position")), "Page 2 of 3");
      const tags = await readPage(sites[0]!.outputDir, "/tags/");
      assert.equal(textOf(tags.querySelector(".subject-index__count")), "(3)");
    } finally {
      await Promise.all(sites.map((site) => site.remove()));
    }
  });

  test("has the search page count as the build does, in English, not in the reader's browser's language", () => {
    const words = JSON.parse(wordsFor(testSettings({ ...ZHUANG, words: { searchFoundMany: "{count} za." } }), "za").forScripts.search);
    assert.deepEqual(words.searchFoundMany, { text: "{count} za.", locale: "en" });
  });

  test("is refused a plural form English has not for two or more, in any locale", async () => {
    const settings = { ...ZHUANG, words: { searchFoundMany: { few: "{count} few.", other: "{count} other." } } };
    const sites = await Promise.all(MACHINES.map(() => makeFixtureSite(STORIES, settings)));
    try {
      const results = await Promise.all(sites.map((site, index) => buildFixture(site, NOW, MACHINES[index]!)));
      for (const result of results) {
        assert.equal(result.code, 1, result.stderr);
        assert.match(result.stderr, /words\.searchFoundMany\.few: expected only other \(za takes no other plural form for two or more\), not few/);
      }
    } finally {
      await Promise.all(sites.map((site) => site.remove()));
    }
  });
});
