import { test } from "node:test";
import assert from "node:assert/strict";
import { FrontMatterSyntaxError, lineOfField, readFrontMatter } from "../src/front-matter.ts";

test("dates stay the strings the editor wrote", () => {
  const { data } = readFrontMatter("---\ndate: 2024-07-08T18:30:00+05:00\nupdated: 2024-07-09\n---\nBody");
  assert.equal(data.date, "2024-07-08T18:30:00+05:00");
  assert.equal(data.updated, "2024-07-09");
});

test("a UTF-8 byte-order mark and CRLF line endings are accepted", () => {
  const { data, body } = readFrontMatter("\uFEFF---\r\nheadline: Hello\r\n---\r\n\r\nFirst line.\r\n");
  assert.equal(data.headline, "Hello");
  assert.equal(body.trim(), "First line.");
});

test("a YAML syntax error names the line and column in the file", () => {
  assert.throws(
    () => readFrontMatter("---\nheadline: fine\ntags: [a, b\ndate: 2024-01-01\n---\n"),
    (error: unknown) => error instanceof FrontMatterSyntaxError && error.line === 4 && error.column !== undefined && /YAML syntax error/.test(error.message),
  );
});

test("empty files, files without front matter and unclosed front matter are refused", () => {
  assert.throws(() => readFrontMatter("  \n"), /empty/);
  assert.throws(() => readFrontMatter("Just a story."), /no front matter/);
  assert.throws(() => readFrontMatter("---\nheadline: x\nNo closing line"), /not closed/);
  assert.throws(() => readFrontMatter("---\n- a\n- b\n---\n"), /fields \(key: value\)/);
});

test("the line of a field, nested or not, is found in the YAML", () => {
  const yaml = "\nheadline: x\nimage:\n  src: a.jpg\n  alt: b\ndate: now\n";
  assert.equal(lineOfField(yaml, ["headline"]), 2);
  assert.equal(lineOfField(yaml, ["image", "alt"]), 5);
  assert.equal(lineOfField(yaml, ["date"]), 6);
  assert.equal(lineOfField(yaml, ["missing"]), undefined);
});
