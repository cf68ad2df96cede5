import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { githubAnnotation, wantsAnnotations } from "../src/annotations.ts";

describe("githubAnnotation", () => {
  test("names the file, line, column and field", () => {
    assert.equal(
      githubAnnotation({ file: "articles/2026/11/a.md", line: 3, column: 7, field: "date", message: "expected a date; found \"soon\"" }),
      '::error file=articles/2026/11/a.md,line=3,col=7,title=date::date: expected a date; found "soon"',
    );
  });

  test("escapes what would end a property or the message early", () => {
    assert.equal(
      githubAnnotation({ file: "articles/a,b:c.md", message: "100% wrong\nsecond line" }),
      "::error file=articles/a%2Cb%3Ac.md::100%25 wrong%0Asecond line",
    );
  });
});

describe("wantsAnnotations", () => {
  test("only on GitHub Actions with CI=true", () => {
    assert.equal(wantsAnnotations({ CI: "true", GITHUB_ACTIONS: "true" }), true);
    assert.equal(wantsAnnotations({ GITHUB_ACTIONS: "true" }), false);
    assert.equal(wantsAnnotations({ CI: "true" }), false);
    assert.equal(wantsAnnotations({}), false);
  });
});
