import { test } from "node:test";
import assert from "node:assert/strict";
import { closingMissingHintForField, FrontMatterSyntaxError, lineOfField, readFrontMatter } from "../src/front-matter.ts";

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
    () => readFrontMatter("---\nheadline: fine\nimage:\n  src: a.jpg\n alt: A\ndate: 2024-01-01\n---\n"),
    (error: unknown) => error instanceof FrontMatterSyntaxError && error.line === 5 && error.column !== undefined && /YAML syntax error/.test(error.message),
  );
});

// js-yaml placed them where it stopped reading: the closing ---, or the field after the list.
test("a quote or bracket never closed is refused where it opens, naming its field", () => {
  const text = "the \" that opens this text is never closed, so YAML read on to the end of the front matter: expected a \" at the end of the text";
  assert.deepEqual(refusedWith('---\nheadline: "Harbour reopens\ndate: 2026-01-05\n---\n\nBody.\n'), [2, 11, "headline", text]);
  assert.deepEqual(refusedWith("---\nheadline: x\ntags:\n  - US\n  - 'Iran\n---\n")[0], 5, "a list item in single quotes");
  const list = "the [ that opens this list is never closed: expected a ] after its last item, and a comma between items";
  assert.deepEqual(refusedWith("---\nheadline: fine\ntags: [a, b\ndate: 2024-01-01\n---\n"), [3, 7, "tags", list]);
  assert.deepEqual(refusedWith("---\nheadline: Harbour reopens\n\ntags: [harbour\n---\n\nThe story.\n"), [4, 7, "tags", list], "after a blank line");
});

/** The message readFrontMatter refuses a text with. */
function refusal(text: string): string {
  try {
    readFrontMatter(text);
  } catch (error) {
    if (error instanceof FrontMatterSyntaxError) return error.message;
    throw error;
  }
  assert.fail(`expected a refusal of:\n${text}`);
}

/** Where readFrontMatter refuses a text, and why: [line, column, field, message]. */
function refusedWith(text: string): [number | undefined, number | undefined, string | undefined, string] {
  try {
    readFrontMatter(text);
  } catch (error) {
    if (error instanceof FrontMatterSyntaxError) return [error.line, error.column, error.field, error.message];
    throw error;
  }
  return assert.fail(`expected a refusal of:\n${text}`);
}

const HINT = /is the closing --- missing\?/;

test("a story whose closing --- is missing, read as YAML up to a thematic break, is asked whether it is", () => {
  const fields = "---\nheadline: Harbour reopens\ndate: 2026-01-05T10:00:00+05:00\nsection: world\n";
  const hint = "; is the closing --- missing? The front matter seems to end on line 4, and the story to start on line 6";
  assert.equal(refusal(`${fields}\nThe harbour reopened today.\n\nMore of the story.\n\n---\n\nAfter the break.\n`), `YAML syntax error: can not read a block mapping entry; a multiline key may not be an implicit key${hint}`);
  assert.ok(refusal(`${fields}\nThe harbour reopened today.\n\n---\n`.replace(/\n/g, "\r\n")).endsWith(hint), "with CRLF line endings");
  assert.ok(refusal(`${fields}\n## The harbour\n\nIt reopened today.\n\n---\n\nMore.\n`).endsWith(hint), "a story that starts with a heading");
  assert.ok(refusal(`${fields}\n\n\n"We are open," the harbour master said.\n\n---\n`).endsWith(hint.replace("line 6", "line 8")), "several blank lines, a quotation");
});

// A story may open with a line shaped as a field: a source, an editor's note. No field of the format's
// begins with a capital letter, so such a line after a blank one is the story's, as a paragraph is.
test("a story whose first line is shaped as a field (Source: Reuters) is asked about its closing --- too", () => {
  const fields = "---\nheadline: Harbour reopens\ndate: 2026-01-05T10:00:00+05:00\nsection: world\n";
  const hint = "; is the closing --- missing? The front matter seems to end on line 4, and the story to start on line 6";
  assert.ok(refusal(`${fields}\nSource: Reuters\n\nThe harbour reopened today.\n\n---\n\nMore.\n`).endsWith(hint), "a label, then a paragraph");
  assert.ok(refusal(`${fields}\nSource: Reuters\nThe harbour reopened today.\n\n---\n`).endsWith(hint), "a label and a paragraph on the next line");
  assert.ok(refusal(`${fields}\nUPDATE: The harbour reopened at noon.\nIt had been shut since May.\n---\n`).endsWith(hint), "a label in capitals");
  // Read as YAML without an error, the label is a field the format does not have: the loader asks the same of it.
  const { yamlText } = readFrontMatter(`${fields}\nNote: this story was updated on Tuesday.\n---\n\nMore of the story.\n`);
  assert.equal(closingMissingHintForField(yamlText, 6), hint);
  // A field the format has, after it, is front matter going on.
  assert.equal(closingMissingHintForField(readFrontMatter(`${fields}\nSource: Reuters\nslug: harbour\n---\n\nStory.\n`).yamlText, 6), "");
  assert.equal(closingMissingHintForField(readFrontMatter(`${fields}Source: Reuters\n---\n\nStory.\n`).yamlText, 5), "", "no blank line before it");
  assert.equal(closingMissingHintForField(readFrontMatter(`${fields}\nsource: Reuters\n---\n\nStory.\n`).yamlText, 6), "", "a name in lower case, as a field's is");
});

test("a YAML mistake inside front matter that is closed gets no question about the closing ---", () => {
  const mistakes = {
    "a field without its colon": "---\nheadline Harbour reopens\nsection: world\n---\n\nThe story.\n\n---\n\nMore.\n",
    "a field without its colon after a blank line, before other fields": "---\nheadline: Harbour reopens\n\nsummary The harbour\nsection: world\n---\n\nThe story.\n",
    "a quotation left open": '---\nheadline: "Harbour reopens\nsection: world\n---\n\nThe story.\n',
    "a list left open after a blank line": "---\nheadline: Harbour reopens\n\ntags: [harbour\n---\n\nThe story.\n",
    "a block of text with paragraphs, then a mistake": "---\nheadline: Harbour reopens\nnote: |\n  One.\n\n  Two.\nsection: [world\n---\n\nThe story.\n",
    "bad indentation": "---\nheadline: Harbour reopens\nimage:\n  src: a.jpg\n alt: A\n---\n\nThe story.\n",
  };
  for (const [name, text] of Object.entries(mistakes)) {
    const message = refusal(text);
    assert.doesNotMatch(message, HINT, name);
  }
});

test("empty files, files without front matter and unclosed front matter are refused", () => {
  assert.throws(() => readFrontMatter("  \n"), /empty/);
  assert.throws(() => readFrontMatter("Just a story."), /no front matter/);
  assert.throws(() => readFrontMatter("---\nheadline: x\nNo closing line"), /not closed/);
  assert.throws(() => readFrontMatter("---\n- a\n- b\n---\n"), /fields \(key: value\)/);
});

test("the line of a field, nested or not, is found in the YAML", () => {
  const file = readFrontMatter("---\nheadline: x\nimage:\n  src: a.jpg\n  alt: b\ndate: now\n---\n");
  assert.equal(lineOfField(file, ["headline"]), 2);
  assert.equal(lineOfField(file, ["image", "alt"]), 5);
  assert.equal(lineOfField(file, ["date"]), 6);
  assert.equal(lineOfField(file, ["missing"]), undefined);
  assert.equal(lineOfField(file, ["image", "caption"]), 3, "a field left out is placed on its group");
});

// The line was found by matching `key:` at the start of a line, which a key after a tag or an anchor,
// a key in a flow of fields, and a list item are not.
test("the line of a key written with a tag or an anchor, in quotes, in a flow, or of a list item, is where it was written", () => {
  const file = readFrontMatter(
    "---\nheadline: x\n!!str ~: a\n&a foo: b\n!!str &b bar: c\n'date': now\nimage: {src: a.jpg,\n  alt: b}\ntags:\n  - One\n  -\n    Two\n  - &c Three\n  - *c\nauthor: [A,\n  B]\n---\n",
  );
  assert.deepEqual(Object.keys(file.data), ["headline", "~", "foo", "bar", "date", "image", "tags", "author"]);
  assert.equal(lineOfField(file, ["~"]), 3);
  assert.equal(lineOfField(file, ["foo"]), 4);
  assert.equal(lineOfField(file, ["bar"]), 5);
  assert.equal(lineOfField(file, ["date"]), 6);
  assert.equal(lineOfField(file, ["image", "alt"]), 8);
  assert.deepEqual([0, 1, 2].map((item) => lineOfField(file, ["tags", item])), [10, 12, 13]);
  assert.equal(lineOfField(file, ["author", 1]), 16);
});

// js-yaml placed the refusal where it stopped reading: for `!!null: value` (the tag `!!null:`, then a
// value read as the key) on the next line, or the closing ---; and named no field.
test("a tag YAML does not read is refused on the line and column of the key or value it is on, naming the field", () => {
  assert.deepEqual(refusedAt("---\nheadline: Harbour\n!!null: value\n---\n"), [3, 1, "!!null"], "the last field");
  assert.deepEqual(refusedAt("---\nheadline: Harbour\n!!null: value\ndate: 2026-01-05\n---\n"), [3, 1, "!!null"]);
  assert.deepEqual(refusedAt("---\nheadline: Harbour\n!foo bar: 1\n---\n"), [3, 1, "!foo bar"]);
  assert.deepEqual(refusedAt("---\nheadline: Harbour\nimage:\n  src: a.png\n  !foo alt: x\n---\n"), [5, 3, "image.!foo alt"]);
  assert.deepEqual(refusedAt("---\nheadline: Harbour\nimage: !!binary abc\n---\n"), [3, 8, "image"], "a value");
  assert.deepEqual(refusedAt("---\nheadline: Harbour\nimage:\n  !!binary\n  abc\n---\n"), [4, 3, "image"], "a value on the next line");
  assert.deepEqual(refusedAt("---\nheadline: Harbour\ntags:\n  - Ports\n  - !foo x\n---\n"), [5, 5, "tags.1"], "a list item");
});

// js-yaml names them only as "non-printable characters" at the end of the value (a null byte on no line
// at all): the editor is taken to the character itself.
test("a character YAML cannot read, typed into the front matter, is named on its line and column, with its field", () => {
  const refused = (text: string) => {
    try {
      readFrontMatter(text);
    } catch (error) {
      if (error instanceof FrontMatterSyntaxError) return { line: error.line, column: error.column, field: error.field, message: error.message };
      throw error;
    }
    return assert.fail("expected a refusal");
  };
  const said = (name: string) => `the front matter holds ${name}, which YAML cannot read (pasted from another program, perhaps): remove it`;
  assert.deepEqual(refused("---\nheadline: Harbour\u000b reopens today\ndate: 2026-01-05\n---\n\nBody.\n"), {
    line: 2,
    column: 18,
    field: "headline",
    message: said("the control character U+000B (vertical tab)"),
  });
  assert.deepEqual(refused("---\nheadline: Harbour\ndate: 2026-01-05\nimage:\n  src: a.png\n  alt: The\u0000 quay\n---\n\nBody.\n"), {
    line: 6,
    column: 11,
    field: "image.alt",
    message: said("the control character U+0000 (null)"),
  });
  assert.equal(refused("---\nheadline: Harbour\ndateline: KARA\uFFFFCHI\n---\n").message, said("the noncharacter U+FFFF"));
  assert.equal(refused("---\nheadline: Harbour \u0090\n---\n").message, said("the control character U+0090"));
});

// js-yaml turned each into text when it stored it ("null", "true", "a,b"): refused as unknown fields under
// names nobody wrote, on no line. A key that is a number is text here (`1:`), an unknown field on its line.
test("a key YAML reads as no name (null, true or false, a list, fields, empty) is refused on its line and column, as written", () => {
  const refused = refusedWith;
  const story = (key: string) => `---\nheadline: Harbour reopens\n${key}: value\ndate: 2026-01-05\n---\n\nBody.\n`;
  const expected = "expected a field's name before the colon";
  const isNull = `YAML reads this key as null (no value), not as a name: ${expected}`;
  for (const key of ["~", "null", "Null", "NULL", "&anchor ~"]) assert.deepEqual(refused(story(key)), [3, 1, key, isNull], key);
  assert.deepEqual(refused(story("~ ")), [3, 1, "~", isNull], "a space before the colon");
  for (const key of ["true", "True", "FALSE"]) {
    assert.deepEqual(refused(story(key)), [3, 1, key, `YAML reads this key as the value ${key.toLowerCase()}, not as a name: ${expected}`], key);
  }
  assert.deepEqual(refused(story("[a, b]")), [3, 1, "[a, b]", `this key is a list, not a name: ${expected}`]);
  assert.deepEqual(refused(story("{a: 1}")), [3, 1, "{a: 1}", `this key is a group of fields, not a name: ${expected}`]);
  assert.deepEqual(refused(story('""')), [3, 1, '""', `this key is empty: ${expected}`]);
  // Nested, in a flow of fields after an emoji (columns count characters, not UTF-16 units), and in a list.
  assert.deepEqual(refused("---\nheadline: Harbour\nimage:\n  src: a.png\n  ~: The quay\n---\n"), [5, 3, "image.~", isNull]);
  assert.deepEqual(refused("---\nheadline: Harbour\nimage: {src: 📷.png, ~: x}\n---\n"), [3, 21, "image.~", isNull]);
  // A list item is named by its index, from 0, as the schema names one (tags.1).
  assert.deepEqual(refused("---\nheadline: Harbour\ntags:\n  - Ports\n  - ~: x\n---\n"), [5, 5, "tags.1.~", isNull]);
  assert.deepEqual(refused("---\nheadline: Harbour\nauthor: [A, B, {TRUE: x}]\n---\n")[2], "author.2.TRUE");
  // Text that looks like one, and values that are null or true, are read as before.
  const { data } = readFrontMatter('---\n"~": a\n1: b\n"true": c\nheadline:\ndraft: true\nnote: "x: y"\n---\n');
  assert.deepEqual(data, { "~": "a", "1": "b", true: "c", headline: null, draft: true, note: "x: y" });
});

/** The line, column and field readFrontMatter refuses a text with. */
function refusedAt(text: string): [number | undefined, number | undefined, string | undefined] {
  try {
    readFrontMatter(text);
  } catch (error) {
    if (error instanceof FrontMatterSyntaxError) return [error.line, error.column, error.field];
    throw error;
  }
  return assert.fail(`expected a refusal of:\n${text}`);
}

// The field was read from the indentation of the lines above, which took `- name: A` for a field named `- name`.
test("a field given twice is named as the schema names it, inside a list item by its index", () => {
  assert.deepEqual(refusedAt("---\nheadline: Harbour\nauthors:\n  - name: A\n    name: B\n---\n"), [5, 5, "authors.0.name"]);
  assert.deepEqual(refusedAt("---\nheadline: Harbour\nauthors:\n  - name: A\n  - name: B\n    'name': C\n---\n"), [6, 5, "authors.1.name"], "in quotes, in the second item");
  assert.deepEqual(refusedAt("---\nheadline: Harbour\nimage: {src: a.png, src: b.png}\n---\n"), [3, 21, "image.src"], "in a flow of fields");
  assert.deepEqual(refusedAt("---\nheadline: Harbour\nheadline: Again\n---\n"), [3, 1, "headline"]);
});

// A pair in a flow list is a group of one field that is the list's item: the listener took its key for a
// field of the list's own (tags.a) and did not count the item, so the items after it were numbered one short.
test("a pair in a flow list is the list's item, named by its index, and counted", () => {
  const file = readFrontMatter("---\nheadline: Harbour\ntags: [a: b,\n  c,\n  d]\n---\n");
  assert.deepEqual(file.data.tags, [{ a: "b" }, "c", "d"]);
  assert.equal(lineOfField(file, ["tags", 0, "a"]), 3);
  assert.deepEqual([1, 2].map((item) => lineOfField(file, ["tags", item])), [4, 5]);
  assert.equal(file.fieldLines.has(JSON.stringify(["tags", "a"])), false, "no field of the list's own");
  assert.deepEqual(refusedAt("---\nheadline: Harbour\ntags: [a: b, ~: c]\n---\n"), [3, 14, "tags.1.~"]);
});

// js-yaml reads the key after `?` up to a `:` on a later line; the listener looked for the colon on the
// key's own line, so `? ~` became the unknown field "null", on no line.
test("an explicit key (?) whose colon is on a later line is refused as no name on its line", () => {
  assert.deepEqual(refusedAt("---\nheadline: Harbour\n? ~\n: x\n---\n"), [3, 3, "~"]);
  assert.deepEqual(refusedAt("---\nheadline: Harbour\n? ~  # none\n# more\n\n: x\n---\n"), [3, 3, "~"], "comments and a blank line before the colon");
  assert.deepEqual(refusedAt("---\nheadline: Harbour\nimage: {? TRUE\n  : x}\n---\n"), [3, 11, "image.TRUE"], "in a flow of fields");
  assert.deepEqual(refusedAt("---\nheadline: Harbour\n? [a, b]\n: x\n---\n"), [3, 3, "[a, b]"], "a list");
  // A group of fields whose first key is a list starts as a list does: its key is no item.
  assert.deepEqual(refusedAt("---\nheadline: Harbour\nimage:\n  [a, b]: {~: x}\n---\n"), [4, 3, "image.[a, b]"]);
  // A ? ending a value is no explicit key.
  assert.deepEqual(readFrontMatter("---\nheadline: Why ?\nsection: world\n---\n").data, { headline: "Why ?", section: "world" });
});

test("lists or fields nested past YAML's limit are refused in an editor's words, on the line and column where it stopped, naming the field", () => {
  const fields = (lines: string) => `---\nheadline: A headline\ndate: 2026-01-05T10:00:00+05:00\n${lines}---\n\nBody text.\n`;
  const flow = fields(`tags: ${"[".repeat(200)}${"]".repeat(200)}\n`);
  const block = fields(`tags:\n${Array.from({ length: 150 }, (_, i) => `${" ".repeat(i * 2)}- `).join("\n")}x\n`);
  for (const [text, line, column] of [[flow, 4, 106], [block, 104, 199]] as const) {
    assert.throws(
      () => readFrontMatter(text),
      (error: unknown) =>
        error instanceof FrontMatterSyntaxError &&
        error.message === "lists or groups of fields nested more than 100 deep: expected text, a list of text, or fields holding them" &&
        error.line === line &&
        error.column === column &&
        error.field === "tags",
    );
  }
});

// YAML reads a # after a space as the start of a comment, to the end of the line, and publishes nothing of
// it: `headline: We're #1 again` was published as "We're", `caption: Fans at gate #3` as "Fans at gate",
// and `tags: #MeToo` was refused as empty, as if the editor had written nothing.
test("a value cut short by a # with no space after it is refused on the #, saying what would be published and how to quote it", () => {
  const said = (comment: string, would: string, quoted: string) =>
    `YAML reads ${JSON.stringify(comment)} as a comment, which is not published, so this would be ${would}: write the text in quotes (${quoted}), or, for a comment, put a space after the #`;
  assert.deepEqual(refusedWith("---\nheadline: We're #1 again\n---\n\nBody.\n"), [2, 17, "headline", said("#1 again", '"We\'re"', `headline: "We're #1 again"`)]);
  assert.deepEqual(refusedWith("---\nheadline: x\nimage:\n  src: a.jpg\n  caption: Fans at gate #3\n---\n"), [5, 25, "image.caption", said("#3", '"Fans at gate"', "caption: 'Fans at gate #3'")]);
  assert.deepEqual(refusedWith("---\nheadline: x\nbullets:\n  - Ranked #1 in Asia\n  - Two\n---\n"), [4, 12, "bullets.0", said("#1 in Asia", '"Ranked"', "- 'Ranked #1 in Asia'")]);
  assert.deepEqual(refusedWith("---\nheadline: x\ntags: #MeToo\n---\n"), [3, 7, "tags", said("#MeToo", "empty", "tags: '#MeToo'")], "an empty value");
  assert.deepEqual(refusedWith("---\nheadline: x\ntags:\n  - US\n  - #MeToo\n---\n"), [5, 5, "tags.1", said("#MeToo", "empty", "- '#MeToo'")], "an empty list item");
  // In brackets the comment runs past the closing one: js-yaml stopped at the end of the front matter.
  assert.deepEqual(refusedWith("---\nheadline: x\ntags: [US, #MeToo, Iran]\nsection: world\n---\n"), [
    3,
    12,
    "tags",
    `YAML reads "#MeToo, Iran]" as a comment, to the end of the line, so the bracket on this line is never closed: write the item in quotes, '#MeToo'`,
  ]);
  // A comment as the format's own example writes them, with a space after the #, is one, as is one after text in
  // quotes, which YAML reads whole; a # inside a word starts none.
  const { data } = readFrontMatter("---\nheadline: We're number one # check the figure\ndateline: 'Gate #3'\nsection: 'world' #checked\ntags: [C#, F#]\n---\n");
  assert.deepEqual(data, { headline: "We're number one", dateline: "Gate #3", section: "world", tags: ["C#", "F#"] });
});

// js-yaml said "bad indentation of a mapping entry", "unidentified alias" or "a line break is expected",
// words no editor can act on, for the commonest mistakes in a headline or a credit.
test("a value YAML reads as something other than text is refused on its line, saying what YAML read and writing it in quotes", () => {
  const refused = (line: string) => refusedWith(`---\ndate: 2026-01-05\n${line}\nsection: world\n---\n\nBody.\n`);
  assert.deepEqual(refused("headline: Pakistan: the long road"), [
    3,
    11,
    "headline",
    "YAML reads a colon followed by a space (or ending the line) as the end of a field's name: write the text in quotes, headline: 'Pakistan: the long road'",
  ]);
  assert.deepEqual(refused("dateline: ISLAMABAD:")[3], "YAML reads a colon followed by a space (or ending the line) as the end of a field's name: write the text in quotes, dateline: 'ISLAMABAD:'");
  assert.deepEqual(refused("image:\n  src: a.jpg\n  credit: Photo: AP").slice(0, 3), [5, 11, "image.credit"], "a field in a group");
  assert.equal(
    refused("headline: 'Pakistan's win'")[3],
    `the apostrophe after "'Pakistan" closes the single quotes the text opens with (in single quotes, an apostrophe is written twice, ''): write the text in quotes, headline: "Pakistan's win"`,
  );
  assert.equal(refused('headline: "Quoted" says minister')[3], `the quote at the start of the text closes at "\\"Quoted\\"", and YAML reads nothing after a closing quote: write the text in quotes, headline: '"Quoted" says minister'`);
  assert.equal(refused("headline: *Breaking* talks")[3], "YAML reads a * at the start of a value as the name of an anchor to repeat (an alias), not as text: write the text in quotes, headline: '*Breaking* talks'");
  assert.equal(refused("headline: [Updated] Talks resume")[3], "YAML reads a value that starts with [ or { as a list or a group of fields, which ends at its closing bracket: write the text in quotes, headline: '[Updated] Talks resume'");
  assert.equal(refused("headline: @PMO says")[3], "YAML reads @, ` and % at the start of a value as characters it keeps for itself: write the text in quotes, headline: '@PMO says'");
  // Refused as "name of an alias node must contain at least one character", naming no field.
  assert.deepEqual(refused("bullets:\n  * Talks go on\n  * No deal yet"), [
    4,
    3,
    "bullets",
    "a list item written with * (as Markdown writes one), which YAML reads as the name of an anchor to repeat: YAML's list items start with - and a space, - Talks go on",
  ]);
  assert.deepEqual(refused("bullets:\n  - 'Pakistan's win'").slice(0, 3), [4, 5, "bullets"], "a list item is named by its list");
  // Refused as "unknown escape sequence".
  assert.deepEqual(refused('headline: "AC\\DC live"'), [
    3,
    14,
    "headline",
    'a backslash in double quotes starts an escape (\\n for a line break, \\" for a quote), and \\D is none: write \\\\ for a backslash, or put the text in single quotes, which read every character as it is',
  ]);
  // A mistake that is not the value's keeps YAML's words: a list with an empty item, a key out of line.
  assert.match(refused("tags: [US, , TTP]")[3], /^YAML syntax error: /);
  assert.match(refused("image:\n  src: a.jpg\n alt: A")[3], /^YAML syntax error: bad indentation/);
});

// YAML takes `&word` at the start of a value as an anchor's name: `headline: &more rise` was published as
// "rise" and `credit: &copy; AP` as "AP", and `dateline: &Karachi` was refused as empty.
test("text that starts with & and a word, an anchor no alias repeats, is refused on the &, writing it in quotes", () => {
  const said = (anchor: string, would: string, quoted: string) =>
    `YAML reads ${JSON.stringify(anchor)} at the start of a value as the name of an anchor, for an alias (*) to repeat, not as text, so this would be ${would}: write the text in quotes (${quoted})`;
  assert.deepEqual(refusedWith("---\nheadline: &more rise\n---\n\nBody.\n"), [2, 11, "headline", said("&more", '"rise"', "headline: '&more rise'")]);
  assert.deepEqual(refusedWith("---\nheadline: x\nimage:\n  src: a.jpg\n  credit: &copy; AP\n---\n"), [5, 11, "image.credit", said("&copy;", '"AP"', "credit: '&copy; AP'")]);
  assert.deepEqual(refusedWith("---\nheadline: x\ntags:\n  - US\n  - &AT&T\n---\n"), [5, 5, "tags.1", said("&AT&T", "empty", "- '&AT&T'")]);
  // An anchor an alias repeats is YAML written on purpose.
  assert.deepEqual(readFrontMatter("---\nheadline: &h Harbour\ndateline: *h\ntags: &t [a, b]\nauthor: *t\n---\n").data, { headline: "Harbour", dateline: "Harbour", tags: ["a", "b"], author: ["a", "b"] });
});

// A no-break space after a colon made YAML read `headline:\u00A0Harbour` as one word, and fail on the line
// after ("can not read a block mapping entry"); before it, or in an indent, the key held it, and the editor
// read "headline : unknown field" or "  src: unknown field". A tab before a field at the margin was "end
// of the stream or a document separator is expected".
test("a no-break space or a tab where YAML takes only spaces is refused on its own line and column, naming it", () => {
  const nbsp = (where: string) => `a no-break space (U+00A0), pasted from a word processor or a web page perhaps, ${where}, where YAML takes only an ordinary space: retype it as a space`;
  const beside = nbsp("beside a field's colon");
  assert.deepEqual(refusedWith("---\nheadline:\u00A0Harbour reopens\ndate: 2026-01-05\n---\n\nBody.\n"), [2, 10, "headline", beside]);
  assert.deepEqual(refusedWith("---\ndate: 2026-01-05\nheadline:\u00A0Harbour reopens\n---\n\nBody.\n"), [3, 10, "headline", beside], "the last field");
  assert.deepEqual(refusedWith("---\nheadline\u00A0: Harbour reopens\ndate: 2026-01-05\n---\n\nBody.\n"), [2, 9, "headline", beside]);
  assert.deepEqual(refusedWith("---\nheadline: x\nimage:\n\u00A0\u00A0src: a.jpg\n\u00A0\u00A0alt: A\n---\n"), [4, 1, "image.src", nbsp("in the indent of a line")]);
  const tab = "a tab in the indent of a line, where YAML takes only spaces: indent with spaces";
  assert.deepEqual(refusedWith("---\n\theadline: Harbour\ndate: 2026-01-05\n---\n"), [2, 1, "headline", tab]);
  assert.deepEqual(refusedWith("---\nheadline: x\nimage:\n\tsrc: a.jpg\n\talt: A\n---\n"), [4, 1, "image.src", tab]);
  assert.deepEqual(refusedWith("---\nheadline: Harbour\n\tdate: 2026-01-05\n---\n"), [3, 1, "date", tab], "under a field with a value of its own, which holds no fields");
  // In a value, either is text.
  assert.deepEqual(readFrontMatter("---\nheadline: 10\u00A0km of road\ndateline:\tKARACHI\n---\n").data, { headline: "10\u00A0km of road", dateline: "KARACHI" });
});

// Published as the bullet "Talks go on - in Doha", its dash in the middle, and nobody told.
test("a list inside a list item, read by YAML as more of the item's text, is refused on its dash", () => {
  assert.deepEqual(refusedWith("---\nheadline: x\nbullets:\n  - Talks go on\n    - in Doha\n  - No deal yet\n---\n"), [
    5,
    5,
    "bullets.0",
    `YAML reads this - line, indented under the item above it, as more of that item's text, so the item would be "Talks go on - in Doha": the format's lists hold text, one level deep; write it as an item of its own, at the indent of the others, or join it to the line above`,
  ]);
  // Text that goes on to the next line is one item, as YAML reads it.
  assert.deepEqual(readFrontMatter("---\nbullets:\n  - Talks go on\n    in Doha - and Cairo\n---\n").data, { bullets: ["Talks go on in Doha - and Cairo"] });
});

// Typed with a Chinese or Japanese keyboard: YAML read the line as text and failed on the next, "end of the
// stream or a document separator is expected", naming no field.
test("a colon that only looks like YAML's is refused on its own line and column, naming the field", () => {
  assert.deepEqual(refusedWith("---\nheadline\uFF1A Harbour reopens\ndate: 2026-01-05\n---\n\nBody.\n"), [
    2,
    9,
    "headline",
    "the character U+FF1A after headline looks like a colon, but YAML takes only the colon : between a field's name and its value: retype it as :",
  ]);
  // In a value, it is text.
  assert.deepEqual(readFrontMatter("---\nheadline: 比分\uFF1A2比1\n---\n").data, { headline: "比分\uFF1A2比1" });
});
