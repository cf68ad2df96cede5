import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { transform } from "esbuild";
import { stylesheetWithoutComments } from "../src/stylesheet-comments.ts";
import { PROJECT_ROOT } from "./helpers/site.ts";

describe("stylesheetWithoutComments", () => {
  test("takes out comments between rules and declarations, with the space before them", () => {
    const css = "/* The palette. */\n:root {\n  --text: #111; /* dark */\n  /* a line of its own */\n  --rule: #ddd;\n}\n\n  /* indented,\n     over two lines */\na { color: red; }\n@media (min-width: 40em) { /* wide */ a { color: blue } }\n";
    assert.equal(stylesheetWithoutComments(css), ":root {\n  --text: #111;\n  --rule: #ddd;\n}\na { color: red; }\n@media (min-width: 40em) { a { color: blue } }\n");
  });

  test("leaves what only looks like a comment: in a string, or in an unquoted url()", () => {
    const css = `a::after { content: "/* not */" '/* nor */'; background: url(//host/*x*/y.png); }`;
    assert.equal(stylesheetWithoutComments(css), css);
    assert.equal(stylesheetWithoutComments(`a { content: "\\"/* still a string */"; }`), `a { content: "\\"/* still a string */"; }`);
  });

  test("keeps a licence comment (/*!), and one inside a value or a selector, where it may keep two tokens apart", () => {
    assert.equal(stylesheetWithoutComments("/*! MIT licence */\nb{}"), "/*! MIT licence */\nb{}");
    assert.equal(stylesheetWithoutComments("a { margin: 1px/* top */2px; }"), "a { margin: 1px/* top */2px; }");
    assert.equal(stylesheetWithoutComments(".a/* and */.b {}"), ".a/* and */.b {}");
  });

  test("sends a stylesheet it cannot read as written, as a browser reads it either way", () => {
    for (const css of ["a {}\n/* never closed", "a { color: red", "/* x */ a { content: \"open }"]) assert.equal(stylesheetWithoutComments(css), css);
  });

  test("public/css/site.css is sent with the same rules: esbuild prints it and the source alike, and no comment is left", async () => {
    const source = await readFile(path.join(PROJECT_ROOT, "public/css/site.css"), "utf8");
    const sent = stylesheetWithoutComments(source);
    const print = async (css: string) => (await transform(css, { loader: "css" })).code;
    assert.equal(await print(sent), await print(source));
    assert.doesNotMatch(sent, /\/\*/);
    assert.ok(sent.length < source.length * 0.6, `${sent.length} of ${source.length} characters`);
  });
});
