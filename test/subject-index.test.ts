// The tag and author indexes' order and headings in each script (src/subject-index.ts), and the built index pages.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { filingName, indexGroups, type IndexGroup } from "../src/subject-index.ts";
import { numberedWord, wordsFor } from "../src/site-words.ts";
import { article, buildFixture, makeFixtureSite, readPage, textOf, useSampleSite } from "./helpers/site.ts";

/** Each heading of an index of `names` written in `lang`, on a site in `site`, with its names: a heading that is a site word as the site's default words read. */
function grouped(names: readonly string[], lang: string, site = lang): [string, string[]][] {
  const words = wordsFor({ language: site }, site);
  const shown = ({ heading }: IndexGroup<string>) => {
    if (typeof heading === "string") return heading;
    return "number" in heading ? numberedWord(words, heading.word, String(heading.number)).text : words.text[heading.word];
  };
  return indexGroups(names, (name) => ({ name, lang }), site).map((group) => [shown(group), group.items]);
}

describe("the index's order and headings", () => {
  test("an Arabic name is filed by the letter after its article, the forms of alef together", () => {
    assert.deepEqual(grouped(["الأهلي", "الزمالك", "بيروت", "إيران", "آسيا", "أحمد", "المغرب", "مُنى", "ال", "الم"], "ar"), [
      ["ا", ["آسيا", "أحمد", "ال", "الم", "الأهلي", "إيران"]],
      ["ب", ["بيروت"]],
      ["ز", ["الزمالك"]],
      ["م", ["المغرب", "مُنى"]],
    ]);
    // A word that is only the article and a letter keeps it: "الم" (pain) is no article before م.
    assert.equal(filingName({ name: "الم", lang: "ar" }), "الم");
    assert.equal(filingName({ name: "الأهــلي", lang: "ar-EG" }), "أهلي");
  });

  test("a Persian or Urdu name keeps its first letters, and a name in Arabic on another language's site loses its article", () => {
    assert.deepEqual(grouped(["البرز", "آب", "ایران", "پاکستان"], "fa"), [["ا", ["آب", "البرز", "ایران"]], ["پ", ["پاکستان"]]]);
    assert.deepEqual(grouped(["الزمالك", "کتاب میلہ"], "ur"), [["ا", ["الزمالك"]], ["ک", ["کتاب میلہ"]]]);
    assert.deepEqual(grouped(["الزمالك"], "ar", "en"), [["ز", ["الزمالك"]]]);
  });

  test("kana names by kana row, kanji and hanzi in one group named for the script", () => {
    assert.deepEqual(grouped(["東京", "とうきょう", "トヨタ", "山田", "あさひ", "ガス", "ｶﾒﾗ", "ん", "ヴィクトリア", "ーー", "Apple"], "ja"), [
      ["#", ["ーー"]],
      ["A", ["Apple"]],
      ["あ", ["あさひ", "ヴィクトリア"]],
      ["か", ["ガス", "ｶﾒﾗ"]],
      ["た", ["とうきょう", "トヨタ"]],
      ["わ", ["ん"]],
      ["漢字", ["山田", "東京"]],
    ]);
    assert.deepEqual(grouped(["東京"], "ja", "en"), [["Han", ["東京"]]]);
  });

  test("hanzi by their pinyin's first letter where Intl sorts them by pinyin, with (after them, as Intl sorts) the Latin names of that letter", () => {
    assert.deepEqual(grouped(["上海", "北京", "广州", "Beijing Daily", "Apple", "阿里巴巴", "2024"], "zh"), [
      ["#", ["2024"]],
      ["A", ["阿里巴巴", "Apple"]],
      ["B", ["北京", "Beijing Daily"]],
      ["G", ["广州"]],
      ["S", ["上海"]],
    ]);
    assert.deepEqual(grouped(["深圳", "Zebra"], "zh-CN"), [["S", ["深圳"]], ["Z", ["Zebra"]]]);
    assert.deepEqual(grouped(["台北", "高雄"], "zh-TW-u-co-pinyin"), [["G", ["高雄"]], ["T", ["台北"]]]);
    // Japanese has no reading in the text.
    assert.deepEqual(grouped(["北京", "上海"], "zh", "ja"), [["漢字", ["上海", "北京"]]]);
  });

  test("hanzi by their first character's count of strokes where Intl sorts them so, before Latin names as Intl sorts them", () => {
    // The counts are the dictionaries' (Taiwan's Ministry of Education): 一 and 乙 one stroke, 丁 two, 上
    // three, 北 five, 高 ten, 臺 fourteen, 鬱 twenty-nine, 龘 forty-eight.
    const names = ["臺北", "高雄", "一帶一路", "乙", "丁", "上海", "北京", "鬱金香", "龘", "Apple", "2024", "「蘋果」"];
    const byStrokes = [
      ["#", ["2024"]],
      ["1-stroke", ["一帶一路", "乙"]],
      ["2-stroke", ["丁"]],
      ["3-stroke", ["上海"]],
      ["5-stroke", ["北京"]],
      ["10-stroke", ["高雄"]],
      ["14-stroke", ["臺北"]],
      ["20-stroke", ["「蘋果」"]],
      ["29-stroke", ["鬱金香"]],
      ["48-stroke", ["龘"]],
      ["A", ["Apple"]],
    ];
    for (const site of ["zh-TW", "zh-HK", "zh-MO", "zh-Hant", "zh-u-co-stroke"]) assert.deepEqual(grouped(names, site), byStrokes, site);
    // A hanzi Intl has no count for (the extension blocks' rarest) is filed with the script's name, after the counts; so it is on a pinyin site.
    assert.deepEqual(grouped(["𠀀", "高雄"], "zh-TW"), [["10-stroke", ["高雄"]], ["漢字", ["𠀀"]]]);
    assert.deepEqual(grouped(["𠀀", "北京", "Zoo"], "zh"), [["B", ["北京"]], ["Z", ["Zoo"]], ["汉字", ["𠀀"]]]);
    const ids = indexGroups(["高雄", "𠀀"], (name) => ({ name, lang: "zh-TW" }), "zh-TW").map((group) => group.id);
    assert.deepEqual(ids, ["index-strokes-10", "index-hani"]);
  });

  test("each pinyin letter starts where the Chinese collation's own index boundary is", () => {
    // ICU's Chinese collation carries its index's boundaries (what its AlphabeticIndex reads) as U+FDD0 and
    // the letter, which Intl.Collator sorts among the hanzi: the one after a boundary is the first of its
    // letter, the one before it the last of the letter before.
    const collator = new Intl.Collator("zh");
    const hanzi: string[] = [];
    for (const [from, to] of [[0x3400, 0x9fff], [0xf900, 0xfaff], [0x20000, 0x3134f]] as const) {
      for (let point = from; point <= to; point++) {
        const character = String.fromCodePoint(point);
        if (/^\p{scx=Han}$/u.test(character) && /^\p{Lo}$/u.test(character)) hanzi.push(character);
      }
    }
    const boundaries = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZ"].map((letter) => `\uFDD0${letter}`);
    const sorted = [...hanzi, ...boundaries].sort(collator.compare);
    const edges = sorted.flatMap((text, index) => (boundaries.includes(text) && index + 1 < sorted.length && !boundaries.includes(sorted[index + 1]!) ? [{ letter: text[1]!, before: sorted[index - 1], first: sorted[index + 1]! }] : []));
    // No syllable starts with I, U or V: their would-be boundaries are no contraction, and sort after every hanzi.
    assert.equal(edges.map((edge) => edge.letter).join(""), "ABCDEFGHJKLMNOPQRSTWXYZ");
    for (const [index, { letter, before, first }] of edges.entries()) {
      assert.deepEqual(grouped([first], "zh").map(([heading]) => heading), [letter], `${first} starts ${letter}`);
      if (before !== undefined) assert.deepEqual(grouped([before], "zh").map(([heading]) => heading), [edges[index - 1]!.letter], `${before} ends the letter before ${letter}`);
    }
  });

  test("every hanzi Intl has a stroke count or pinyin for is under one heading of it, in Intl's order, and every other one under the script's name", () => {
    const hanzi: string[] = [];
    for (const [from, to] of [[0x3400, 0x9fff], [0xf900, 0xfaff], [0x20000, 0x3134f]] as const) {
      for (let point = from; point <= to; point++) {
        const character = String.fromCodePoint(point);
        if (/^\p{scx=Han}$/u.test(character) && /^\p{Lo}$/u.test(character) && character.normalize("NFKC") === character) hanzi.push(character);
      }
    }
    // Both Chinese collations sort the hanzi they have no pinyin or count for after all the others, in the
    // root collation's order (English's, which changes no hanzi's place): from the first of them, their order
    // is the root's, and the hanzi before it is one the root would sort after it.
    const root = new Intl.Collator("en");
    const filedWithout = (site: string, sorted: readonly string[]) => {
      const groups = indexGroups(sorted, (name) => ({ name, lang: site }), site);
      const { id, items: without } = groups.pop()!;
      const start = sorted.length - without.length;
      assert.deepEqual([id, without], ["index-hani", sorted.slice(start)], `${site}: the last of Intl's order under the script's name`);
      assert.deepEqual(without, [...without].sort(root.compare), `${site}: in the root's order`);
      assert.ok(root.compare(sorted[start - 1]!, without[0]!) > 0, `${site}: ${sorted[start - 1]}, before them, has a place of its own`);
      assert.ok(without.length > 60_000 && start > 20_000, `${site}: ${without.length} hanzi without a reading, ${start} with one`);
      assert.deepEqual(groups.flatMap((group) => group.items), sorted.slice(0, start), `${site}: the others in Intl's order, each heading's in one run`);
      return groups;
    };
    const counts = filedWithout("zh-TW", [...hanzi].sort(new Intl.Collator("zh-TW").compare)).map((group) => (typeof group.heading === "object" && "number" in group.heading ? group.heading.number : NaN));
    assert.deepEqual(counts, [...counts].sort((a, b) => a - b), "the counts rise");
    assert.deepEqual([counts[0], counts.at(-1)], [1, 48]);
    const letters = filedWithout("zh", [...hanzi].sort(new Intl.Collator("zh").compare)).map((group) => group.heading);
    assert.equal(letters.join(""), "ABCDEFGHJKLMNOPQRSTWXYZ");
  });

  test("Hangul names by their first consonant; on a Korean site, hanja by their reading", () => {
    assert.deepEqual(grouped(["서울", "까치", "가나", "東京", "龘"], "ko"), [
      ["ㄱ", ["가나", "까치"]],
      ["ㄷ", ["東京"]],
      ["ㅅ", ["서울"]],
      ["한자", ["龘"]],
    ]);
  });

  test("other scripts by their letter: not a vowel sign, conjunct, final form or leading vowel, and accents as the language has them", () => {
    assert.deepEqual(grouped(["हिंदी", "किताब", "क्षत्रिय", "अमर", "क़लम"], "hi"), [["अ", ["अमर"]], ["क", ["क़लम", "किताब", "क्षत्रिय"]], ["ह", ["हिंदी"]]]);
    assert.deepEqual(grouped(["שלום", "ךלב", "אבא"], "he"), [["א", ["אבא"]], ["כ", ["ךלב"]], ["ש", ["שלום"]]]);
    assert.deepEqual(grouped(["เชียงใหม่", "กรุงเทพ", "ไทย"], "th"), [["ก", ["กรุงเทพ"]], ["ช", ["เชียงใหม่"]], ["ท", ["ไทย"]]]);
    assert.deepEqual(grouped(["Åsa", "Anna", "Örjan", "Olle", "Émile"], "sv"), [["A", ["Anna"]], ["E", ["Émile"]], ["O", ["Olle"]], ["Å", ["Åsa"]], ["Ö", ["Örjan"]]]);
    assert.deepEqual(grouped(["Åsa", "Anna", "Émile", "eve", "2024"], "en"), [["#", ["2024"]], ["A", ["Anna", "Åsa"]], ["E", ["Émile", "eve"]]]);
    assert.deepEqual(grouped(["Ёлка", "Ель", "Йод", "Игра"], "ru"), [["Е", ["Ёлка", "Ель"]], ["И", ["Игра"]], ["Й", ["Йод"]]]);
  });

  test("a name is filed by its first letter after the punctuation and symbols before it; digits, and a name of signs alone, under #", () => {
    assert.deepEqual(grouped(["«Le Monde»", "\"The Times\"", "¡Hola!", "(Untitled)", "'90s", "#MeToo", "Mars", "Lima", "2024", "+++", "„Die Zeit“", "« Libération »", "\u200EUS"], "en"), [
      ["#", ["+++", "'90s", "2024"]],
      ["D", ["„Die Zeit“"]],
      ["H", ["¡Hola!"]],
      ["L", ["«Le Monde»", "« Libération »", "Lima"]],
      ["M", ["Mars", "#MeToo"]],
      ["T", ["\"The Times\""]],
      ["U", ["(Untitled)", "\u200EUS"]],
    ]);
    assert.deepEqual(grouped(["«الأهرام»", "بيروت"], "ar"), [["ا", ["«الأهرام»"]], ["ب", ["بيروت"]]]);
    assert.deepEqual(grouped(["『あさひ』", "【速報】", "かさ"], "ja"), [["あ", ["『あさひ』"]], ["か", ["かさ"]], ["漢字", ["【速報】"]]]);
    assert.equal(filingName({ name: "« Le Monde »", lang: "fr" }), "Le Monde »");
  });

  test("a letter the language sorts as an ASCII letter, or two, is filed under it; one it has as a letter of its own keeps its heading", () => {
    // Under a heading of their own, Æ's names stood after A's, or before them where no name sorted before "Ae".
    assert.deepEqual(grouped(["Øresund", "Oslo", "Łódź", "Lima", "Ægir", "Azure", "Aardvark", "Œuvre", "ßa"], "en"), [
      ["A", ["Aardvark", "Ægir", "Azure"]],
      ["L", ["Lima", "Łódź"]],
      ["O", ["Œuvre", "Øresund", "Oslo"]],
      ["S", ["ßa"]],
    ]);
    assert.deepEqual(grouped(["Ægir", "Azure"], "en"), [["A", ["Ægir", "Azure"]]]);
    assert.deepEqual(grouped(["Øresund", "Oslo", "Ægir", "Zebra"], "da"), [["O", ["Oslo"]], ["Z", ["Zebra"]], ["Æ", ["Ægir"]], ["Ø", ["Øresund"]]]);
    assert.deepEqual(grouped(["Łódź", "Lima", "Mama"], "pl"), [["L", ["Lima"]], ["Ł", ["Łódź"]], ["M", ["Mama"]]]);
    assert.deepEqual(grouped(["ıslak", "İstanbul", "Irak"], "tr"), [["I", ["Irak", "ıslak"]], ["İ", ["İstanbul"]]]);
  });

  test("# comes first, though a modifier letter filed under it sorts among the letters", () => {
    assert.deepEqual(grouped(["あさひ", "山田", "々木"], "ja")[0], ["#", ["々木"]]);
    assert.deepEqual(grouped(["〆切", "高雄", "々"], "zh-TW"), [["#", ["々"]], ["1-stroke", ["〆切"]], ["10-stroke", ["高雄"]]]);
  });

  test("a heading's id is made from what it files, whatever else the index holds", () => {
    const ids = (names: string[], site: string) => indexGroups(names, (name) => ({ name, lang: site }), site).map((group) => group.id);
    assert.deepEqual(ids(["Anna", "ēdiens", "2024"], "en"), ["index-other", "index-a", "index-e"]);
    assert.deepEqual(ids(["الأهلي", "東京", "かさ", "까치"], "ar"), ["index-ا", "index-ㄱ", "index-か", "index-hani"]);
    assert.deepEqual(ids(["Éclair"], "en"), ids(["eclair", "Ecology"], "en"));
  });
});

/** Each heading of a built index page, its id, where the line of headings links, and the names under it. */
async function indexPage(outputDir: string, url: string) {
  const page = await readPage(outputDir, url);
  const links = [...page.querySelectorAll(".subject-index__headings a")].map((link) => [textOf(link), link.getAttribute("href")]);
  const groups = [...page.querySelectorAll("main h2")].map((heading) => {
    const list = heading.nextElementSibling;
    assert.equal(list?.className, "subject-index", "each heading is followed by its list");
    return { heading: textOf(heading), id: heading.id, names: [...list!.querySelectorAll("a")].map(textOf) };
  });
  const ids = groups.map((group) => group.id);
  assert.equal(new Set(ids).size, ids.length, "ids are unique");
  for (const id of ids) assert.match(id, /^\S+$/u, "an id is never empty and holds no space");
  assert.deepEqual(links, groups.map((group) => [group.heading, `#${group.id}`]), "the line of headings links to each heading");
  return groups.map(({ heading, id, names }) => [heading, id, names]);
}

describe("the built indexes", () => {
  test("an Arabic site files its tags and bylines after the article; a Japanese one by kana row and script", async () => {
    const arabic = await makeFixtureSite(
      {
        "2026/01/a.md": article({ headline: "الأهلي يفوز", slug: "a", lang: "ar", author: "[أحمد علي, الحسن يوسف]", tags: "[الأهلي, الزمالك, بيروت, آسيا]" }, "نص."),
        "2026/01/b.md": article({ headline: "المغرب", slug: "b", lang: "ar", author: "إيمان", tags: "[المغرب, مصر, 2026]" }, "نص."),
      },
      { language: "ar" },
    );
    const japanese = await makeFixtureSite({ "2026/01/a.md": article({ headline: "東京", slug: "a", lang: "ja", author: "[山田太郎, さとう花子]", tags: "[東京, トヨタ, とうきょう, ガス, Apple]" }, "本文。") }, { language: "ja" });
    try {
      for (const site of [arabic, japanese]) {
        const built = await buildFixture(site, ["--now", "2026-01-10T00:00:00Z"]);
        assert.equal(built.code, 0, built.stderr);
      }
      assert.deepEqual(await indexPage(arabic.outputDir, "/tags/"), [
        ["#", "index-other", ["2026"]],
        ["ا", "index-ا", ["آسيا", "الأهلي"]],
        ["ب", "index-ب", ["بيروت"]],
        ["ز", "index-ز", ["الزمالك"]],
        ["م", "index-م", ["مصر", "المغرب"]],
      ]);
      assert.deepEqual(await indexPage(arabic.outputDir, "/authors/"), [
        ["ا", "index-ا", ["أحمد علي", "إيمان"]],
        ["ح", "index-ح", ["الحسن يوسف"]],
      ]);
      assert.deepEqual(await indexPage(japanese.outputDir, "/tags/"), [
        ["A", "index-a", ["Apple"]],
        ["か", "index-か", ["ガス"]],
        ["た", "index-た", ["とうきょう", "トヨタ"]],
        ["漢字", "index-hani", ["東京"]],
      ]);
      assert.deepEqual(await indexPage(japanese.outputDir, "/authors/"), [
        ["さ", "index-さ", ["さとう花子"]],
        ["漢字", "index-hani", ["山田太郎"]],
      ]);
    } finally {
      await arabic.remove();
      await japanese.remove();
    }
  });
});

describe("the built indexes of a Chinese site, and of one that gives its headings' words", () => {
  test("hanzi under their pinyin's letters with the Latin names; the headings that are not letters in the words given, or marked as English", async () => {
    const chinese = await makeFixtureSite(
      { "2026/01/a.md": article({ headline: "北京", slug: "a", lang: "zh", author: "[王芳, Li Wei]", tags: "[北京, 上海, Beijing Daily, 2026, 广州]" }, "正文。") },
      { language: "zh", words: { indexOther: "数字与符号" } },
    );
    const urdu = await makeFixtureSite({ "2026/01/a.md": article({ headline: "کتاب", slug: "a", lang: "ur", tags: "[2026, 東京]" }, "متن۔") }, { language: "ur" });
    try {
      for (const site of [chinese, urdu]) {
        const built = await buildFixture(site, ["--now", "2026-01-10T00:00:00Z"]);
        assert.equal(built.code, 0, built.stderr);
      }
      assert.deepEqual(await indexPage(chinese.outputDir, "/tags/"), [
        ["数字与符号", "index-other", ["2026"]],
        ["B", "index-b", ["北京", "Beijing Daily"]],
        ["G", "index-g", ["广州"]],
        ["S", "index-s", ["上海"]],
      ]);
      assert.deepEqual(await indexPage(chinese.outputDir, "/authors/"), [
        ["L", "index-l", ["Li Wei"]],
        ["W", "index-w", ["王芳"]],
      ]);
      // Urdu's name for the script is Node's; "#", not given, is the site's English, marked so.
      assert.deepEqual(await indexPage(urdu.outputDir, "/tags/"), [
        ["#", "index-other", ["2026"]],
        [new Intl.DisplayNames("ur", { type: "script" }).of("Hani")!, "index-hani", ["東京"]],
      ]);
      const other = (await readPage(urdu.outputDir, "/tags/")).querySelector("#index-other span");
      assert.deepEqual([other?.getAttribute("lang"), other?.getAttribute("dir")], ["en", "ltr"]);
    } finally {
      await chinese.remove();
      await urdu.remove();
    }
  });
});

describe("the built indexes of sites in traditional Chinese characters", () => {
  test("hanzi under their count of strokes, in the site's word for it or marked as English", async () => {
    const story = article({ headline: "臺北", slug: "a", lang: "zh-TW", author: "[王小明, 丁一]", tags: "[臺北, 高雄, 一帶一路, Apple, 𠀀]" }, "正文。");
    const taiwan = await makeFixtureSite({ "2026/01/a.md": story }, { language: "zh-TW", words: { indexStrokes: "{number}畫" } });
    const hongKong = await makeFixtureSite({ "2026/01/a.md": story }, { language: "zh-HK" });
    try {
      for (const site of [taiwan, hongKong]) {
        const built = await buildFixture(site, ["--now", "2026-01-10T00:00:00Z"]);
        assert.equal(built.code, 0, built.stderr);
      }
      assert.deepEqual(await indexPage(taiwan.outputDir, "/tags/"), [
        ["1畫", "index-strokes-1", ["一帶一路"]],
        ["10畫", "index-strokes-10", ["高雄"]],
        ["14畫", "index-strokes-14", ["臺北"]],
        ["漢字", "index-hani", ["𠀀"]],
        ["A", "index-a", ["Apple"]],
      ]);
      assert.deepEqual(await indexPage(taiwan.outputDir, "/authors/"), [
        ["2畫", "index-strokes-2", ["丁一"]],
        ["4畫", "index-strokes-4", ["王小明"]],
      ]);
      assert.deepEqual((await indexPage(hongKong.outputDir, "/tags/")).map(([heading]) => heading), ["1-stroke", "10-stroke", "14-stroke", "漢字", "A"]);
      // The count is the page's own; the word round it is English, marked so.
      const heading = (await readPage(hongKong.outputDir, "/tags/")).querySelector("#index-strokes-10");
      const word = heading?.querySelector("span");
      assert.deepEqual([heading?.firstChild?.textContent, textOf(word), word?.getAttribute("lang")], ["10", "-stroke", "en"]);
    } finally {
      await taiwan.remove();
      await hongKong.remove();
    }
  });
});

describe("the built indexes of an English site", () => {
  test("file each name by its first letter after any punctuation, and digits under #; a letter sorted as an ASCII one under it", async () => {
    const tags = `["«Le Monde»", "#MeToo", "(Untitled)", "¡Hola!", "'90s", "\\"The Times\\"", Lima, "2026", Øresund, Łódź, Ægir, Aardvark]`;
    const site = await makeFixtureSite({ "2026/01/a.md": article({ headline: "Quotes", slug: "a", author: '["@Reuters", Mary Beard]', tags }) });
    try {
      const built = await buildFixture(site, ["--now", "2026-01-10T00:00:00Z"]);
      assert.equal(built.code, 0, built.stderr);
      assert.deepEqual(await indexPage(site.outputDir, "/tags/"), [
        ["#", "index-other", ["'90s", "2026"]],
        ["A", "index-a", ["Aardvark", "Ægir"]],
        ["H", "index-h", ["¡Hola!"]],
        ["L", "index-l", ["«Le Monde»", "Lima", "Łódź"]],
        ["M", "index-m", ["#MeToo"]],
        ["O", "index-o", ["Øresund"]],
        ["T", "index-t", ['"The Times"']],
        ["U", "index-u", ["(Untitled)"]],
      ]);
      assert.deepEqual(await indexPage(site.outputDir, "/authors/"), [
        ["M", "index-m", ["Mary Beard"]],
        ["R", "index-r", ["@Reuters"]],
      ]);
    } finally {
      await site.remove();
    }
  });
});

describe("the built indexes of a site in a language Intl has no collation for", () => {
  // Node's ICU has Cantonese dates but no Cantonese collation: Intl left to itself sorts and heads such a
  // site's names as the machine's locale does, Ö after Z on a Swedish machine and with O on an English one.
  test("sort and head names in the root order, the same whatever the machine's locale", async () => {
    assert.deepEqual(Intl.Collator.supportedLocalesOf(["yue"]), [], "a language with no collation of its own");
    const story = article({ headline: "Öl", slug: "a", lang: "yue", author: "[Östen Ek, Olle Berg, Zara Lind]", tags: "[Öl, Oslo, Zebra, Ångström, Aachen, Æble]" }, "正文。");
    const machines = ["sv_SE.UTF-8", "en_US.UTF-8"];
    const sites = await Promise.all(machines.map(() => makeFixtureSite({ "2026/01/a.md": story }, { language: "yue" })));
    try {
      const built = [];
      for (const [index, locale] of machines.entries()) {
        const site = sites[index]!;
        const result = await buildFixture(site, ["--now", "2026-01-10T00:00:00Z"], { LANG: locale, LC_ALL: locale });
        assert.equal(result.code, 0, result.stderr);
        const pages = [];
        for (const page of ["/tags/", "/authors/"]) pages.push({ groups: await indexPage(site.outputDir, page), html: (await readPage(site.outputDir, page)).toString() });
        built.push(pages);
      }
      const [swedish, english] = built;
      assert.deepEqual(swedish!.map(({ groups }) => groups), english!.map(({ groups }) => groups));
      assert.deepEqual(swedish!.map(({ html }) => html), english!.map(({ html }) => html));
      assert.deepEqual(english![0]!.groups, [
        ["A", "index-a", ["Aachen", "Æble", "Ångström"]],
        ["O", "index-o", ["Öl", "Oslo"]],
        ["Z", "index-z", ["Zebra"]],
      ]);
      assert.deepEqual(english![1]!.groups, [
        ["O", "index-o", ["Olle Berg", "Östen Ek"]],
        ["Z", "index-z", ["Zara Lind"]],
      ]);
    } finally {
      await Promise.all(sites.map((site) => site.remove()));
    }
  });
});

describe("the sample site's tag index", () => {
  const sample = useSampleSite();

  test("lists its tags in the order and with the counts it had, now under their letters", async () => {
    const groups = await indexPage(sample.outputDir, "/tags/");
    assert.deepEqual(
      groups.map(([heading]) => heading),
      ["A", "E", "I", "L", "P", "R", "S", "T", "U", "ک"],
    );
    const items = [...(await readPage(sample.outputDir, "/tags/")).querySelectorAll(".subject-index li")].map(textOf);
    assert.deepEqual(items, [
      ...["Afghanistan (1)", "Amnesty International (1)", "Education (1)", "Example Bay (6)", "India (1)", "Libraries (1)", "PTI (1)"],
      ...["Rowing (1)", "Sampleton (1)", "Shipping (1)", "Space (1)", "Sri Lanka (1)", "TTP (1)", "US (1)", "کتاب میلہ (1)"],
    ]);
  });
});
