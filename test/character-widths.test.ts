import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { foldAllWidths, foldWidths } from "../src/character-widths.ts";
import { PROJECT_ROOT } from "./helpers/site.ts";

test("full-width letters and digits become ASCII, half-width katakana full width with their voicing marks", () => {
  assert.equal(foldWidths("ＡＰＥＣ首脳会議、２０３０年"), "APEC首脳会議、2030年");
  assert.equal(foldWidths("ﾆｭｰｽ ｶﾞｲﾄﾞ ﾊﾟﾝ"), "ニュース ガイド パン");
});

test("punctuation keeps its width, and text of one width already is unchanged", () => {
  assert.equal(foldWidths("（東京）「速報」！"), "（東京）「速報」！");
  for (const text of ["APEC 2030 ニュース", "ٹیگ اور میلہ", "Ünïcödé"]) assert.equal(foldWidths(text), text);
});

test("for names, punctuation, symbols and the ideographic space take their usual width too, and ASCII is unchanged", () => {
  assert.equal(foldAllWidths("Ｃ＋＋　ＡＴ＆Ｔ．（２０２６）＃￥｢速報｣"), "C++ AT&T.(2026)#¥「速報」");
  assert.equal(foldAllWidths("ﾆｭｰｽ ｶﾞｲﾄﾞ"), foldWidths("ﾆｭｰｽ ｶﾞｲﾄﾞ"));
  const ascii = Array.from({ length: 0x7f - 0x20 }, (_, index) => String.fromCharCode(0x20 + index)).join("");
  assert.equal(foldAllWidths(ascii), ascii);
  for (const text of ["（東京）「速報」！", "ٹیگ اور میلہ", "Ünïcödé"]) assert.equal(foldAllWidths(text), text.replace("（", "(").replace("）", ")").replace("！", "!"));
});

test("the search page folds a reader's query as the build folds the index (public/js/search.js has its own copy of the pattern)", async () => {
  const script = await readFile(path.join(PROJECT_ROOT, "public/js/search.js"), "utf8");
  const [, source, flags] = /const OTHER_WIDTH = \/(.+)\/([a-z]*);/.exec(script) ?? [];
  assert.ok(source !== undefined, "public/js/search.js defines OTHER_WIDTH");
  const pattern = new RegExp(source, flags);
  const pageFold = (text: string) => text.replace(pattern, (run) => run.normalize("NFKC"));
  const differing: string[] = [];
  for (let code = 0; code <= 0xffff; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    const char = String.fromCharCode(code);
    if (pageFold(char) !== foldWidths(char)) differing.push(`U+${code.toString(16).toUpperCase()}`);
  }
  assert.deepEqual(differing, []);
});
