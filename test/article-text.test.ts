import { test } from "node:test";
import assert from "node:assert/strict";
import { notUtf8, uncarriedCharacter, uncarriedInBody, unclosedDirection } from "../src/article-text.ts";

const check = (bytes: Buffer) => notUtf8(bytes, bytes.toString("utf8"));

test("UTF-8 text passes, with or without a byte-order mark, and with U+FFFD written by the editor", () => {
  assert.equal(check(Buffer.from("---\nheadline: Café in کراچی\n---\n")), undefined);
  assert.equal(check(Buffer.from("\uFEFF---\r\nheadline: x\r\n---\r\n")), undefined);
  assert.equal(check(Buffer.from("The replacement character \uFFFD, written on purpose.")), undefined);
});

test("bytes that are not UTF-8 are named on the line they are on", () => {
  const latin1 = Buffer.from("---\nheadline: Harbour\n---\n\nThe café reopened.\n", "latin1");
  const found = check(latin1);
  assert.equal(found?.line, 5);
  assert.match(found?.message ?? "", /^the file is not UTF-8 text: this line holds bytes that are not UTF-8 \(was the file saved as Windows-1252 or Latin-1\?\)/);
  // A line cut short at the end of the file, with no line break after it.
  assert.equal(check(Buffer.concat([Buffer.from("one\ntwo\nthree "), Buffer.from([0xe2, 0x80])]))?.line, 3);
});

test("UTF-16 is named as such, either way round", () => {
  for (const bytes of [Buffer.from("\uFEFF---\nheadline: x\n", "utf16le"), Buffer.from("\uFEFF---\nheadline: x\n", "utf16le").swap16()]) {
    assert.deepEqual(check(bytes), { line: 1, message: "the file is UTF-16 text: expected UTF-8; save the file as UTF-8" });
  }
});

test("a character a story may not hold is found, the first of them, whatever it is", () => {
  assert.equal(uncarriedCharacter("Tab\tand line\nbreak, é, 😀, U+FFFD \uFFFD and the C1 \u0085 are text"), undefined);
  for (const [text, index, name] of [
    ["a\u000bb", 1, "the control character U+000B (vertical tab)"],
    ["\u0000", 0, "the control character U+0000 (null)"],
    ["ab\u001f", 2, "the control character U+001F"],
    ["\u007f", 0, "the control character U+007F (delete)"],
    ["x\uFFFE", 1, "the noncharacter U+FFFE"],
    ["x\uFFFF", 1, "the noncharacter U+FFFF"],
    ["😀\uD800", 2, "the lone surrogate U+D800 (half of a character written as a pair, such as an emoji, without its other half)"],
    ["\uDC00😀", 0, "the lone surrogate U+DC00 (half of a character written as a pair, such as an emoji, without its other half)"],
    ["\uD800 then \u000b", 0, "the lone surrogate U+D800 (half of a character written as a pair, such as an emoji, without its other half)"],
    ["\u000b then \uD800", 0, "the control character U+000B (vertical tab)"],
  ] as const) {
    const found = uncarriedCharacter(text);
    assert.equal(found?.index, index, JSON.stringify(text));
    assert.equal(found?.name, name, JSON.stringify(text));
  }
});

test("one in a story's body is named on the file's line and column, with how many there are", () => {
  // The body starts on the file's line 6.
  assert.equal(uncarriedInBody("First paragraph.\n\nThe harbour reopened.", 6), undefined);
  assert.deepEqual(uncarriedInBody("First paragraph.\n\nThe café\u000b reopened.", 6), {
    line: 8,
    column: 9,
    message: "the story holds the control character U+000B (vertical tab), which feeds and sitemaps cannot hold (pasted from another program, perhaps): remove it",
  });
  const escapes = uncarriedInBody("\u001b[31mRed\u001b[0m and \u000c", 10);
  assert.equal(escapes?.line, 10);
  assert.equal(escapes?.column, 1);
  assert.match(escapes?.message ?? "", /^the story holds the control character U\+001B \(escape\), .*: remove it \(the story holds 3 such characters in all\)$/);
  assert.match(uncarriedInBody("😀 \uFFFF", 1)?.message ?? "", /the noncharacter U\+FFFF/);
  assert.equal(uncarriedInBody("😀 \uFFFF", 1)?.column, 3, "counted in characters");
});

test("a direction control left open is found, as the bidirectional algorithm closes them; one closed, or a closing one alone, is not", () => {
  for (const closed of ["plain", "\u202Bعربي\u202C (AP)", "\u2067a\u202Eb\u2069 c", "x\u202C\u2069 y", "\u200Fمارک\u200E"]) assert.equal(unclosedDirection(closed), undefined, JSON.stringify(closed));
  assert.deepEqual(unclosedDirection("A \u202Eheadline"), { index: 2, name: "U+202E (right-to-left override)", closer: "U+202C (pop directional formatting)" });
  assert.equal(unclosedDirection("\u2068a\u2069\u2066b")?.name, "U+2066 (left-to-right isolate)");
  // A pop inside an isolate closes nothing outside it.
  assert.equal(unclosedDirection("\u202Ba\u2067b\u202C")?.index, 0);
});
