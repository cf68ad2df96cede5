import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { joinSentences, punctuationIn, spaceAfterPunctuation } from "../src/punctuation.ts";
import { article, buildFixture, makeFixtureSite, readPage, textOf, type FixtureSite } from "./helpers/site.ts";

test("French sets a narrow no-break space before a colon and a semicolon, whatever its region, and none before a comma", () => {
  for (const language of ["fr", "fr-FR", "FR-ch", "fr-BE"]) {
    assert.equal(punctuationIn(":", language), "\u202F:", language);
    assert.equal(punctuationIn(";", language), "\u202F;", language);
    assert.equal(punctuationIn(",", language), ",", language);
  }
});

test("English, Urdu and Arabic set the mark straight after the word", () => {
  for (const language of ["en", "en-GB", "ur", "ar", "de", "fy"]) {
    assert.equal(punctuationIn(":", language), ":", language);
  }
});

test("a language written in the Arabic script takes the script's own comma and semicolon", () => {
  for (const language of ["ar", "ar-EG", "ur", "fa", "ps", "pa-Arab", "ar-u-nu-latn"]) {
    assert.equal(punctuationIn(",", language), "\u060C", language);
    assert.equal(punctuationIn(";", language), "\u061B", language);
  }
  // Right to left but not in the Arabic script, or Arabic-script languages written in another one.
  for (const language of ["he", "yi", "dv", "sd-Deva", "ku-Latn", "en"]) {
    assert.equal(punctuationIn(",", language), ",", language);
    assert.equal(punctuationIn(";", language), ";", language);
  }
});

describe("an Arabic site's punctuation", () => {
  let site: FixtureSite;
  before(async () => {
    site = await makeFixtureSite(
      { "2026/01/cairo.md": article({ headline: "افتتاح المتحف", slug: "museum", dateline: "القاهرة" }, "افتتح المتحف أبوابه.") },
      {
        language: "ar",
        sections: [{ slug: "egypt", name: "مصر" }, { slug: "world", name: "العالم" }],
        words: { frontPageOf: "اذهب إلى الصفحة الأولى لـ", orChooseASection: "أو اختر قسمًا:", searchNeedsScript: "البحث يحتاج إلى جافاسكريبت. الأقسام:" },
      },
    );
    const built = await buildFixture(site, ["--now", "2026-01-10T00:00:00Z"]);
    assert.equal(built.code, 0, built.stderr);
  });
  after(() => site.remove());

  test("the 404 page puts an Arabic comma after the link to the front page", async () => {
    const link = (await readPage(site.outputDir, "/404.html")).querySelector('main a[href="/"]');
    assert.equal(link?.nextSibling?.textContent, "\u060C أو اختر قسمًا:");
  });

  test("the search page puts an Arabic semicolon after its sections, for a reader without JavaScript", async () => {
    const note = (await readPage(site.outputDir, "/search/")).querySelector(".search-noscript");
    assert.match(note?.textContent?.replace(/\s+/g, " ") ?? "", /مصر و\s?العالم\u061B /);
  });

  test("the dateline keeps the Latin colon, which Arabic writes too", async () => {
    assert.equal((await readPage(site.outputDir, "/world/museum/")).querySelector(".dateline")?.textContent, "القاهرة:");
  });
});

describe("a Japanese site's words run on into the text after them, as Japanese writes it, with no space", () => {
  let site: FixtureSite;
  before(async () => {
    const story = (fields: Record<string, string>) => article({ date: "2026-01-05T10:00:00+09:00", section: "world", ...fields }, "本文。");
    site = await makeFixtureSite(
      {
        "2026/01/plan.md": story({ headline: "再開発計画を決定", slug: "plan", author: "山田太郎", tags: "[東京]", updated: "2026-01-05T12:00:00+09:00", lang: "ja" }),
        "2026/01/port.md": story({ headline: "Port reopens", slug: "port", author: "Jane Doe", lang: "en" }),
        "2026/01/rain.md": story({ headline: "大雨", slug: "rain", date: "2026-01-04T10:00:00+09:00", lang: "ja" }),
      },
      {
        language: "ja",
        timeZone: "Asia/Tokyo",
        perPage: 2,
        sections: [{ slug: "world", name: "国際" }],
        words: {
          by: "記者：", published: "公開", updated: "更新", follow: "フォロー", page: "ページ", pageAtStart: "ページ", of: "／", or: "または", searchTheStories: "記事を検索",
          searchNeedsScript: "検索にはJavaScriptが必要です。セクション：", orSearchTheWebFor: "またはウェブ全体で", followedByYourWords: "に続けて語句を検索。",
        },
      },
    );
    const built = await buildFixture(site, ["--now", "2026-01-10T00:00:00Z"]);
    assert.equal(built.code, 0, built.stderr);
  });
  after(() => site.remove());

  test("the byline, the publication times and the follow link", async () => {
    const page = await readPage(site.outputDir, "/world/plan/");
    assert.equal(textOf(page.querySelector(".byline")), "記者：山田太郎");
    assert.match(page.querySelector(".times .published")?.textContent ?? "", /^公開2026/);
    assert.match(page.querySelector(".times .updated")?.textContent ?? "", /^更新2026/);
    assert.equal(page.querySelector(".share .follow")?.textContent, "フォロー国際");
    assert.equal((await readPage(site.outputDir, "/world/")).querySelector(".listing__follow .follow")?.textContent, "フォロー国際");
  });

  test("an English story's byline on the Japanese site still runs on from the site's Japanese word", async () => {
    assert.equal(textOf((await readPage(site.outputDir, "/world/port/")).querySelector(".byline")), "記者：Jane Doe");
  });

  test("the listings' counts, page number and pager", async () => {
    const tags = await readPage(site.outputDir, "/tags/");
    assert.equal(tags.querySelector(".subject-index li")?.textContent, "東京(1)");
    const second = await readPage(site.outputDir, "/world/page/2/");
    assert.equal(second.querySelector("h1")?.textContent, "国際(ページ2)");
    assert.equal(second.querySelector(".pager__position")?.textContent, "ページ2／2");
  });

  test("the front page's heading and a listing's title on a later page take the full-width colon, and the page number no space before it", async () => {
    const front = await readPage(site.outputDir, "/page/2/");
    assert.equal(front.querySelector("h1")?.textContent, "Example Bay News：ページ2");
    assert.equal(front.querySelector("title")?.textContent, "ページ2 | Example Bay News");
    assert.equal((await readPage(site.outputDir, "/world/page/2/")).querySelector("title")?.textContent, "国際：ページ2 | Example Bay News");
  });

  test("the 404 page's sentences end with the full-width full stop", async () => {
    const sentences = [...(await readPage(site.outputDir, "/404.html")).querySelectorAll("main p")].map((paragraph) => textOf(paragraph));
    assert.equal(sentences.at(-1), "または記事を検索。");
  });

  test("the search page's note for a reader without JavaScript, with nothing after its full-width semicolon", async () => {
    const note = (await readPage(site.outputDir, "/search/")).querySelector(".search-noscript");
    assert.equal(note?.textContent, "検索にはJavaScriptが必要です。セクション：国際；またはウェブ全体でsite:news.example.comに続けて語句を検索。");
  });
});

test("an English site's words keep their space, before a Japanese story's text too", async () => {
  const site = await makeFixtureSite({ "2026/01/plan.md": article({ headline: "再開発計画を決定", slug: "plan", author: "山田太郎", tags: "[東京]", lang: "ja" }, "本文。") });
  try {
    const built = await buildFixture(site, ["--now", "2026-01-10T00:00:00Z"]);
    assert.equal(built.code, 0, built.stderr);
    const page = await readPage(site.outputDir, "/world/plan/");
    assert.equal(textOf(page.querySelector(".byline")), "By 山田太郎");
    assert.match(page.querySelector(".times .published")?.textContent ?? "", /^Published \S/);
    assert.equal(textOf((await readPage(site.outputDir, "/tags/")).querySelector(".subject-index li")), "東京 (1)");
  } finally {
    await site.remove();
  }
});

test("Japanese and Chinese set the full-width mark, with no space after it", () => {
  for (const language of ["ja", "ja-JP", "zh", "zh-Hant-TW"]) {
    assert.equal(punctuationIn(":", language), "：", language);
    assert.equal(punctuationIn(";", language), "；", language);
    assert.equal(spaceAfterPunctuation(language), "", language);
  }
  assert.equal(punctuationIn(",", "ja"), "、");
  assert.equal(punctuationIn(",", "zh-CN"), "，");
  for (const language of ["en", "fr", "ur", "ko"]) assert.equal(spaceAfterPunctuation(language), " ", language);
});

test("the other Chinese languages, and any tag naming a Han or Japanese script, are set as Chinese and Japanese are: full-width marks, nothing between sentences", () => {
  for (const language of ["yue", "yue-HK", "wuu", "lzh", "hak", "nan", "cmn", "zh-Hant", "ko-Hani", "en-Hans", "ja-Jpan"]) {
    assert.equal(punctuationIn(":", language), "：", language);
    assert.equal(punctuationIn(";", language), "；", language);
    assert.equal(spaceAfterPunctuation(language), "", language);
  }
  assert.equal(punctuationIn(",", "yue"), "，");
  assert.equal(punctuationIn(",", "nan"), "，");
  assert.equal(punctuationIn(",", "ja-Jpan"), "、");
  assert.equal(joinSentences(["會議開幕", "計劃已定"], "yue"), "會議開幕。計劃已定。");
  assert.equal(joinSentences(["佢話「好」", "完咗"], "yue"), "佢話「好」完咗。", "a closing quotation ends a sentence alone, as in Chinese");
  assert.equal(joinSentences(["会议开幕", "计划已定"], "wuu"), "会议开幕。计划已定。");
});

test("Japanese or Chinese in Latin letters is set as Latin text is: the script subtag wins over the language", () => {
  for (const language of ["ja-Latn", "ja-Latn-JP", "zh-Latn", "yue-Latn"]) {
    assert.equal(punctuationIn(":", language), ":", language);
    assert.equal(punctuationIn(",", language), ",", language);
    assert.equal(spaceAfterPunctuation(language), " ", language);
  }
  assert.equal(joinSentences(["Keikaku o kettei", "Kaigi ga kaimaku"], "ja-Latn"), "Keikaku o kettei. Kaigi ga kaimaku.");
  assert.equal(joinSentences(["Jihua yi ding", "Ta shuo “hao”"], "zh-Latn"), "Jihua yi ding. Ta shuo “hao”.", "a closing quotation alone ends nothing in Latin letters");
});

test("a bullet that stops on a colon, semicolon or comma has the mark replaced by its language's full stop, not the stop added after it", () => {
  assert.equal(joinSentences(["Key points:", "Ships return;", "Dredging done,"], "en"), "Key points. Ships return. Dredging done.");
  assert.equal(joinSentences(["Apples, pears, etc.,", "Done:"], "en"), "Apples, pears, etc. Done.", "an abbreviation's full stop is left to end it");
  assert.equal(joinSentences(["Points clés\u202F:", "Le port rouvre\u202F;"], "fr"), "Points clés. Le port rouvre.", "with the space French sets before the mark");
  assert.equal(joinSentences(["النقاط الرئيسية:", "عودة السفن\u060C", "انتهى التجريف\u061B"], "ar"), "النقاط الرئيسية. عودة السفن. انتهى التجريف.");
  assert.equal(joinSentences(["کتاب میلہ:"], "ur"), "کتاب میلہ۔");
  assert.equal(joinSentences(["要点：", "计划已定，", "会议开幕；"], "zh"), "要点。计划已定。会议开幕。");
  assert.equal(joinSentences(["計画を決定、", "「急務だ」、"], "ja"), "計画を決定。「急務だ」");
  assert.equal(joinSentences(["Θα συνεχιστεί;"], "el"), "Θα συνεχιστεί;", "Greek's question mark is not a semicolon");
  assert.equal(joinSentences(["Key points: ships return"], "en"), "Key points: ships return.", "a mark within the bullet stays");
});

test("bullets run together as sentences: each ended with its language's full stop where it has no end of its own, then spaced as the language spaces sentences", () => {
  assert.equal(joinSentences(["Ships return", "Dredging done"], "en"), "Ships return. Dredging done.");
  assert.equal(joinSentences(["Ships return", "Dredging done"], "fr-CA"), "Ships return. Dredging done.");
  assert.equal(joinSentences(["计划已定", "会议开幕"], "zh-CN"), "计划已定。会议开幕。");
  assert.equal(joinSentences(["計画を決定", "懸念は？", "「急務だ」", "完了した。"], "ja"), "計画を決定。懸念は？「急務だ」完了した。");
  assert.equal(joinSentences(["کتاب میلہ شروع", "کیا یہ جاری رہے گا؟"], "ur"), "کتاب میلہ شروع۔ کیا یہ جاری رہے گا؟");
  assert.equal(joinSentences(["افتتاح المتحف", "الزوار يعودون"], "ar"), "افتتاح المتحف. الزوار يعودون.");
  assert.equal(joinSentences(["मेला शुरू", "किताबें सस्ती"], "hi"), "मेला शुरू। किताबें सस्ती।");
  assert.equal(joinSentences(["जत्रा सुरू"], "mr"), "जत्रा सुरू.");
  assert.equal(joinSentences(["Տոնավաճառը բացվեց"], "hy"), "Տոնավաճառը բացվեց։");
  assert.equal(joinSentences(["Άνοιξε η έκθεση", "Θα συνεχιστεί;"], "el"), "Άνοιξε η έκθεση. Θα συνεχιστεί;");
  assert.equal(joinSentences(["Shahmukhi"], "pa-Arab"), "Shahmukhi\u06D4");
  assert.equal(joinSentences(["Gurmukhi"], "pa"), "Gurmukhi\u0964");
  assert.equal(joinSentences(["Roman Urdu"], "ur-Latn"), "Roman Urdu.");
  assert.equal(joinSentences(["งานหนังสือเปิด", "ผู้คนกลับมา"], "th"), "งานหนังสือเปิด ผู้คนกลับมา", "Thai ends a sentence with a space alone");
  assert.equal(joinSentences(["A tlhIngan story"], "tlh"), "A tlhIngan story.", "a language Intl does not know takes the Latin full stop");
  assert.equal(joinSentences([], "ja"), "");
});

test("a bullet that ends with its own mark, or a quotation or bracket closed after one, is left as written", () => {
  const ended = ["Is it over?", "It is!", "Wait…", "He said “no.”", "(All done.)", "Said: 'Stop.'", "See you..."];
  assert.equal(joinSentences(ended, "en"), ended.join(" "));
  assert.equal(joinSentences(["FO says there is “absolutely no cooperation”"], "en"), "FO says there is “absolutely no cooperation”.", "a quotation without a full stop inside ends nothing");
  assert.equal(joinSentences(["هل انتهى؟", "قال «لا.»"], "ar"), "هل انتهى؟ قال «لا.»");
  assert.equal(joinSentences(["Er sagte „Nein.“"], "de"), "Er sagte „Nein.“");
  assert.equal(joinSentences(["支持率は３０％（前月比５ポイント減）", "「急務だ」", "『完了』"], "ja"), "支持率は３０％（前月比５ポイント減）。「急務だ」『完了』", "a bracket closes an aside, not the sentence");
  assert.equal(joinSentences(["会议开幕（北京）", "他说“很好”"], "zh"), "会议开幕（北京）。他说“很好”");
});
