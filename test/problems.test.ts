import { after, test } from "node:test";
import assert from "node:assert/strict";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { ArticleValidationError, describeValue, formatProblem, onALine, onFieldLine } from "../src/problems.ts";
import { makeTempDir } from "./helpers/site.ts";

const folders: string[] = [];
after(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

test("a problem names its file, then its line and column, then its field", () => {
  assert.equal(formatProblem({ file: "articles/a.md", line: 4, column: 7, field: "date", message: "expected a date" }), "articles/a.md:4:7: date: expected a date");
  assert.equal(formatProblem({ file: "articles/a.md", line: 4, message: "the file is empty" }), "articles/a.md:4: the file is empty");
  // A column without its line would read as a line.
  assert.equal(formatProblem({ file: "articles/a.md", column: 7, message: "too large" }), "articles/a.md: too large");
});

test("the summary counts problems and files, each in the singular or the plural", () => {
  const one = { file: "articles/a.md", line: 2, message: "one" };
  assert.match(new ArticleValidationError([one]).message, /^1 problem in 1 article file:\n/);
  assert.match(new ArticleValidationError([one, { ...one, line: 3 }]).message, /^2 problems in 1 article file:\n/);
  assert.match(new ArticleValidationError([one, { ...one, file: "articles/b.md" }]).message, /^2 problems in 2 article files:\n/);
});

test("a problem found away from the text goes to its field's line; one that has a line keeps it", async () => {
  const folder = await makeTempDir();
  folders.push(folder);
  const file = path.join(folder, "story.md");
  await writeFile(file, "---\nheadline: Harbour\ndate: 2026-01-05T10:00:00+05:00\nbullets:\n  - One\n  - Two\n---\nBody\n");
  assert.equal(onFieldLine({ file, field: "bullets", message: "m" }).line, 4);
  assert.equal(onFieldLine({ file, field: "bullets", line: 6, message: "m" }).line, 6);
  assert.equal(onALine({ file, message: "the file as a whole" }).line, 1);
});

test("a value in a message shows every control and invisible character as an escape, never as itself", () => {
  // ESC would start a terminal escape sequence; a line break would split the problem's line; DEL and the C1 controls JSON leaves as they are.
  assert.equal(describeValue("red\u001b[31m"), '"red\\u001b[31m"');
  assert.equal(describeValue("java\nscript:"), '"java\\nscript:"');
  // DEL and the C1 controls are named as what they are, control characters, not as invisible ones.
  assert.equal(describeValue("a\u007fb\u009bc"), '"a\\u007Fb\\u009Bc" (\\u007F, \\u009B are control characters)');
  assert.equal(describeValue("a\u0085b"), '"a\\u0085b" (\\u0085 is a control character)');
  assert.equal(describeValue("a\u007f\u200Bb"), '"a\\u007F\\u200Bb" (\\u007F is a control character; \\u200B is an invisible character)');
  assert.equal(describeValue("a\u2028b"), '"a\\u2028b" (\\u2028 is an invisible character)');
  assert.equal(describeValue("ab\u200Bcd1"), '"ab\\u200Bcd1" (\\u200B is an invisible character)');
});

// `section: wоrld` with a Cyrillic о was refused as '(did you mean world?); found "wоrld"': the same word twice, to the eye.
test("a value mixing Latin letters with Cyrillic or Greek ones drawn the same names those letters; text in one script is left alone", () => {
  assert.equal(describeValue("w\u043Erld"), '"w\u043Erld" (\u043E is the Cyrillic letter U+043E, drawn as a Latin one is)');
  assert.equal(describeValue("4wq7\u03BF\u200B"), '"4wq7\u03BF\\u200B" (\\u200B is an invisible character; \u03BF is the Greek letter U+03BF, drawn as a Latin one is)');
  assert.equal(describeValue("\u041C\u043E\u0441\u043A\u0432\u0430"), '"\u041C\u043E\u0441\u043A\u0432\u0430"', "a Russian word");
});

test("a printed problem is one line of text, whatever its message quotes", () => {
  const printed = formatProblem({ file: "articles/a\u001b[2J.md", line: 3, message: 'found "\u009b31m" and\na second line\u2029' });
  assert.equal(printed, 'articles/a\\u001B[2J.md:3: found "\\u009B31m" and\\u000Aa second line\\u2029');
  assert.doesNotMatch(printed, /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
});
