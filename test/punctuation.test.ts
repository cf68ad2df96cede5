import { test } from "node:test";
import assert from "node:assert/strict";
import { punctuationIn } from "../src/punctuation.ts";

test("French sets a narrow no-break space before a colon and a semicolon, whatever its region", () => {
  for (const language of ["fr", "fr-FR", "FR-ch", "fr-BE"]) {
    assert.equal(punctuationIn(":", language), "\u202F:", language);
    assert.equal(punctuationIn(";", language), "\u202F;", language);
  }
});

test("English, Urdu and Arabic set the mark straight after the word", () => {
  for (const language of ["en", "en-GB", "ur", "ar", "de", "fy"]) {
    assert.equal(punctuationIn(":", language), ":", language);
    assert.equal(punctuationIn(";", language), ";", language);
  }
});
