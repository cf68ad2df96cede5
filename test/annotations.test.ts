import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { githubAnnotation, wantsAnnotations } from "../src/annotations.ts";
import { formatProblem } from "../src/problems.ts";

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
      "::error file=articles/a%2Cb%3Ac.md::100%25 wrong\\u000Asecond line",
    );
  });

  test("writes an editor's control and invisible characters as escapes, as the terminal's problem does", () => {
    // What a story can carry into a message: ESC from `&#x1b;`, a line break from `&#x0A;`, DEL, a C1
    // control, a right-to-left override, a line separator; in the file's name and the field too.
    const problem = { file: "articles/a\u001b[2J.md", line: 3, field: "tags.0\u202E", message: 'found "red\u001b[31m" and\r\na\u007f\u009b\u2028%0A' };
    const annotation = githubAnnotation(problem);
    assert.equal(
      annotation,
      '::error file=articles/a\\u001B[2J.md,line=3,title=tags.0\\u202E::tags.0\\u202E: found "red\\u001B[31m" and\\u000D\\u000Aa\\u007F\\u009B\\u2028%250A',
    );
    assert.doesNotMatch(annotation, /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
    // The message after the command reads as the terminal's line after its place.
    assert.equal(annotation.slice(annotation.indexOf("::", 2) + 2).replaceAll("%25", "%"), formatProblem(problem).slice("articles/a\\u001B[2J.md:3: ".length));
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
