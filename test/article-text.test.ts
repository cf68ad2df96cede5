import { test } from "node:test";
import assert from "node:assert/strict";
import { notUtf8 } from "../src/article-text.ts";

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
