import { test } from "node:test";
import assert from "node:assert/strict";
import { foldWidths } from "../src/character-widths.ts";

test("full-width letters and digits become ASCII, half-width katakana full width with their voicing marks", () => {
  assert.equal(foldWidths("ＡＰＥＣ首脳会議、２０３０年"), "APEC首脳会議、2030年");
  assert.equal(foldWidths("ﾆｭｰｽ ｶﾞｲﾄﾞ ﾊﾟﾝ"), "ニュース ガイド パン");
});

test("punctuation keeps its width, and text of one width already is unchanged", () => {
  assert.equal(foldWidths("（東京）「速報」！"), "（東京）「速報」！");
  for (const text of ["APEC 2030 ニュース", "ٹیگ اور میلہ", "Ünïcödé"]) assert.equal(foldWidths(text), text);
});
