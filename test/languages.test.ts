import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { likelySubtags, textDirection, writingScript } from "../src/languages.ts";
import { article, buildFixture, makeFixtureSite, readPage, type FixtureSite } from "./helpers/site.ts";

test("right-to-left languages are recognised by their primary subtag", () => {
  for (const lang of ["ar", "ur", "fa", "he", "ur-PK", "AR"]) assert.equal(textDirection(lang), "rtl", lang);
  for (const lang of ["en", "en-GB", "fr", "hi"]) assert.equal(textDirection(lang), "ltr", lang);
});

test("Pakistan's other right-to-left languages are right to left: Western Punjabi, Saraiki, Balochi, Brahui", () => {
  for (const lang of ["pnb", "skr", "bal", "brh", "pnb-PK"]) assert.equal(textDirection(lang), "rtl", lang);
});

test("a script subtag decides the direction, whatever the language", () => {
  for (const lang of ["pa-Arab", "pa-Arab-PK", "az-Arab", "uz-Arab", "ms-Arab", "en-Hebr"]) assert.equal(textDirection(lang), "rtl", lang);
  for (const lang of ["sd-Deva", "ks-Deva", "ku-Latn", "ur-Latn", "ar-Latn", "pa-Guru", "pa"]) assert.equal(textDirection(lang), "ltr", lang);
  // After a singleton, a four-letter subtag is an extension's value, not a script.
  assert.equal(textDirection("ar-u-nu-latn"), "rtl");
  assert.equal(textDirection("en-x-arab"), "ltr");
});

describe("an article's direction on its page", () => {
  let site: FixtureSite;
  before(async () => {
    site = await makeFixtureSite({
      "shahmukhi.md": article({ headline: "پنجابی خبر", lang: "pa-Arab", slug: "shahmukhi" }),
      "sindhi-devanagari.md": article({ headline: "सिंधी ख़बर", lang: "sd-Deva", slug: "sindhi-devanagari", date: "2026-01-05T11:00:00+05:00" }),
    });
    const result = await buildFixture(site, ["--now", "2026-11-30T12:00:00Z"]);
    assert.equal(result.code, 0, result.stderr);
  });
  after(() => site.remove());

  test("follows the script the language tag names", async () => {
    for (const [url, lang, dir] of [
      ["/world/shahmukhi/", "pa-Arab", "rtl"],
      ["/world/sindhi-devanagari/", "sd-Deva", "ltr"],
    ] as const) {
      const page = await readPage(site.outputDir, url);
      assert.equal(page.documentElement.getAttribute("lang"), lang, url);
      assert.equal(page.documentElement.getAttribute("dir"), dir, url);
    }
    // The story's card on its section's page too.
    const section = await readPage(site.outputDir, "/world/");
    assert.equal(section.querySelector('article.story-card[lang="pa-Arab"]')?.getAttribute("dir"), "rtl");
    assert.equal(section.querySelector('article.story-card[lang="sd-Deva"]')?.getAttribute("dir"), "ltr");
  });
});

test("a tag's script is its script subtag, or its language's likely one, or none for a language Intl does not know", () => {
  assert.equal(writingScript("hi"), "Deva");
  assert.equal(writingScript("pa"), "Guru");
  assert.equal(writingScript("pa-Arab"), "Arab");
  assert.equal(writingScript("ur"), "Arab");
  assert.equal(writingScript("ar-u-nu-latn"), "Arab", "latn there is an extension's value, not the script");
  assert.equal(writingScript("zh-Hant-TW"), "Hant");
  assert.equal(writingScript("tlh"), undefined);
});

test("a language's likely script and region are worked out once, however many stories ask (maximize costs about 10 µs a call)", (t) => {
  const maximize = t.mock.method(Intl.Locale.prototype, "maximize");
  for (let story = 0; story < 50; story++) {
    assert.equal(writingScript("ka"), "Geor");
    assert.equal(likelySubtags("ka").region, "GE");
  }
  assert.equal(maximize.mock.callCount(), 1);
});
