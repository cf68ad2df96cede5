import { test } from "node:test";
import assert from "node:assert/strict";
import { xmlText } from "../src/xml-text.ts";

test("characters XML cannot carry are dropped; every other character stays", () => {
  assert.equal(xmlText("Bell\u0007 nul\u0000 tab\t line\n cr\r ünïcödé کتاب 🚢 \uD800lone \uFFFE\uFFFF end"), "Bell nul tab\t line\n cr\r ünïcödé کتاب 🚢 lone  end");
});
