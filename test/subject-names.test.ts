import { test } from "node:test";
import assert from "node:assert/strict";
import type { Article } from "../src/article.ts";
import { findNameClashes, nameKey, NamesByAddress, sameAddressInOneList } from "../src/subject-names.ts";
import { makeArticle, testSettings } from "./helpers/articles.ts";
import { seededRandom } from "./helpers/random.ts";

const settings = testSettings();
const story = (slug: string, tags: string[], authors: string[] = []) => makeArticle({ slug, published: "2026-01-05T05:00:00Z", tags, authors }, settings);

test("spellings that differ only in letter case, Unicode normalisation or spacing are one name", () => {
  assert.equal(nameKey("US"), nameKey("us"));
  assert.equal(nameKey("Cafe\u0301"), nameKey("café"));
  assert.equal(nameKey("New  York"), nameKey("new york"));
  assert.notEqual(nameKey("C"), nameKey("C++"));
  assert.notEqual(nameKey("José García"), nameKey("Jose Garcia"));
});

test("an Arabic name written with or without its vowels, stretched by tatweel, or with a direction mark pasted in, is one name", () => {
  assert.equal(nameKey("مُنى عبد الرحمن"), nameKey("منى عبد الرحمن"));
  assert.equal(nameKey("الأهــلي"), nameKey("الأهلي"));
  assert.equal(nameKey("الزمالك\u200F"), nameKey("الزمالك"));
  assert.notEqual(nameKey("أحمد"), nameKey("احمد"));
});

test("names whose digits differ only in their script (Arabic-Indic, Urdu, Devanagari, full-width) are one name", () => {
  assert.equal(nameKey("كأس ٢٠٢٦"), nameKey("كأس 2026"));
  assert.equal(nameKey("۲۰۲۶"), nameKey("2026"));
  assert.equal(nameKey("२०२६"), nameKey("2026"));
  assert.equal(nameKey("Ｇ７"), nameKey("Ｇ7"));
  assert.notEqual(nameKey("2026"), nameKey("2027"));
});

test("names whose Latin letters, digits or katakana differ only in their width are one name", () => {
  assert.equal(nameKey("ＡＰＥＣ"), nameKey("APEC"));
  assert.equal(nameKey("Ｇ７ summit"), nameKey("g7 Summit"));
  assert.equal(nameKey("ﾆｭｰｽ班"), nameKey("ニュース班"));
  assert.equal(nameKey("ﾃﾞｰﾀ"), nameKey("データ"), "a half-width voicing mark joins its kana");
  assert.equal(sameAddressInOneList("APEC", "ＡＰＥＣ", "/tags/apec/"), undefined);
  assert.notEqual(nameKey("ＡＰＥＣ"), nameKey("ＡＰＥＣ++"));
});

test("names whose punctuation, symbols or spaces differ only in their width are one name, and different punctuation still tells names apart", () => {
  const kinds = [
    ["Ｃ＋＋", "C++"], // plus
    ["Ｃ＃", "C#"], // number sign
    ["ＡＴ＆Ｔ", "AT&T"], // ampersand
    ["Ｎｏｄｅ．ｊｓ", "Node.js"], // full stop
    ["Ｇ７（２０２６）", "G7(2026)"], // parentheses
    ["Ｃ＋＋　Ｂｏｏｋ", "C++ Book"], // ideographic space
    ["￥ bonds", "¥ bonds"], // full-width yen sign
    ["｢速報｣", "「速報」"], // half-width corner brackets
    ["Ｗｈａｔ？", "what?"], // question mark, and case
  ];
  for (const [wide, narrow] of kinds) {
    assert.equal(nameKey(wide!), nameKey(narrow!), wide);
    assert.equal(sameAddressInOneList(wide!, narrow!, "/tags/x/"), undefined, wide);
  }
  assert.notEqual(nameKey("Ｃ＃"), nameKey("C++"));
  assert.notEqual(nameKey("Ｃ＋＋"), nameKey("C"));
  assert.notEqual(nameKey("ＡＴ＆Ｔ"), nameKey("AT-T"));
});

test("one story's two names of one address are a problem only when they are different names", () => {
  assert.equal(sameAddressInOneList("US", "us", "/tags/us/"), undefined);
  assert.equal(
    sameAddressInOneList("C", "C++", "/tags/c/"),
    `"C" and "C++" both make the address /tags/c/; a page shows one name: spell them one way, or, if they are different names, change one so that it makes another address`,
  );
});

test("every story of a name that shares its address with another name is told, with the other names and their files, but for the name most of them write", () => {
  const stories = [story("c1", ["C", "Go"]), story("c2", ["c"]), story("cpp", ["C++"]), story("csharp", ["C#"], ["José García"]), story("jose", [], ["Jose Garcia"]), story("us", ["US"]), story("us2", ["us"])];
  const problems = findNameClashes(stories);
  const advice = "a page shows one name: spell them one way, or, if they are different names, change one so that it makes another address";
  assert.deepEqual(
    problems.map((problem) => `${problem.file} ${problem.field}: ${problem.message}`).sort(),
    [
      `articles/cpp.md tags: "C++" makes the address /tags/c/, as "C" does in articles/c1.md and 1 other file, and "C#" does in articles/csharp.md; ${advice}`,
      `articles/csharp.md author: "José García" makes the address /authors/jose-garcia/, as "Jose Garcia" does in articles/jose.md; ${advice}`,
      `articles/csharp.md tags: "C#" makes the address /tags/c/, as "C" does in articles/c1.md and 1 other file, and "C++" does in articles/cpp.md; ${advice}`,
      `articles/jose.md author: "Jose Garcia" makes the address /authors/jose-garcia/, as "José García" does in articles/csharp.md; ${advice}`,
    ],
  );
  assert.deepEqual(findNameClashes([...stories].reverse()).sort(byText), [...problems].sort(byText), "the same problems whatever order the stories come in");

  // When no name is written by more stories than every other, every story is told.
  const tied = findNameClashes([...stories, story("cpp2", ["C++"])]).filter((problem) => problem.field === "tags");
  assert.deepEqual(tied.map((problem) => problem.file).sort(), ["articles/c1.md", "articles/c2.md", "articles/cpp.md", "articles/cpp2.md", "articles/csharp.md"]);
  assert.match(tied.find((problem) => problem.file === "articles/c1.md")!.message, /^"C" makes the address \/tags\/c\/, as "C\+\+" does in articles\/cpp\.md and 1 other file, and "C#" does in articles\/csharp\.md; /);
});

const byText = (a: { file: string; message: string }, b: { file: string; message: string }) => (`${a.file} ${a.message}` < `${b.file} ${b.message}` ? -1 : 1);

test("names kept from save to save give, after every save, the problems a first call gives", () => {
  const names = ["C", "c", "C++", "Go", "GO", "Café", "Cafe"];
  for (let round = 0; round < 100; round++) {
    const next = seededRandom(3000 + round);
    const make = (file: number): Article => story(`s${file}`, names.filter(() => next(4) === 0), names.filter(() => next(6) === 0));
    let files = 0;
    let stories = Array.from({ length: next(12) }, () => make(files++));
    const kept = new NamesByAddress<Article>();
    for (let save = 0; save < 30; save++) {
      const given = [...stories];
      assert.deepEqual(findNameClashes(given, kept).sort(byText), findNameClashes(stories).sort(byText), `round ${round}, save ${save}`);
      given.length = 0; // the caller's list may change after the call: nothing kept may change with it
      stories = [...stories];
      for (let edit = 1 + next(3); edit > 0; edit--) {
        const at = next(stories.length + 1);
        const kind = next(3);
        if (kind === 0 && at < stories.length) stories[at] = { ...make(0), sourcePath: stories[at]!.sourcePath };
        else if (kind === 1) stories.push(make(files++));
        else if (at < stories.length) stories.splice(at, 1);
      }
    }
  }
});
