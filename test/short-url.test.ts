import { test } from "node:test";
import assert from "node:assert/strict";
import { deriveShortCode, isShortCode, shortCodeFrom, SHORT_CODE_ALPHABET } from "../src/short-url.ts";

test("the alphabet has no look-alike characters", () => {
  for (const char of "01oli") assert.ok(!SHORT_CODE_ALPHABET.includes(char), char);
});

test("a derived code is stable, six characters from the alphabet, and differs by slug and date", () => {
  const code = deriveShortCode("2025-12-05T18:00:00+05:00", "pakistan-rejects-amnesty-spyware-claims");
  assert.equal(code, deriveShortCode("2025-12-05T18:00:00+05:00", "pakistan-rejects-amnesty-spyware-claims"));
  assert.ok(isShortCode(code), code);
  assert.equal(code.length, 6);
  assert.notEqual(code, deriveShortCode("2025-12-05T18:00:00+05:00", "another-story"));
  assert.notEqual(code, deriveShortCode("2025-12-06T18:00:00+05:00", "pakistan-rejects-amnesty-spyware-claims"));
});

test("shortUrl may be a code or a URL ending in one", () => {
  assert.equal(shortCodeFrom("4wq7m"), "4wq7m");
  assert.equal(shortCodeFrom("https://arab.news/4wq7m"), "4wq7m");
  assert.equal(shortCodeFrom("https://news.example.com/s/4wq7m/"), "4wq7m");
  assert.equal(shortCodeFrom("4wq"), undefined);
  assert.equal(shortCodeFrom("4wq-7"), undefined);
  assert.equal(shortCodeFrom("abcdefghijklm"), undefined);
  assert.equal(shortCodeFrom("https://arab.news/"), undefined);
});

test("codes a newsroom already published are kept, look-alikes and all", () => {
  assert.equal(shortCodeFrom("01lo9"), "01lo9");
  assert.equal(shortCodeFrom("https://arab.news/Ab3dE"), "Ab3dE");
});
