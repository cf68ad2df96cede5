import { test } from "node:test";
import assert from "node:assert/strict";
import { textDirection } from "../src/languages.ts";

test("right-to-left languages are recognised by their primary subtag", () => {
  for (const lang of ["ar", "ur", "fa", "he", "ur-PK", "AR"]) assert.equal(textDirection(lang), "rtl", lang);
  for (const lang of ["en", "en-GB", "fr", "hi"]) assert.equal(textDirection(lang), "ltr", lang);
});
