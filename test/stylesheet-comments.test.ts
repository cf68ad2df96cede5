import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { transform } from "esbuild";
import { stylesheetWithoutComments } from "../src/stylesheet-comments.ts";
import { PROJECT_ROOT } from "./helpers/site.ts";

describe("stylesheetWithoutComments", () => {
  test("takes out comments, and the lines that held nothing else, keeping every other line as written", () => {
    const css = "/* The palette. */\n:root {\n  --text: #111; /* dark */\n  /* a line of its own */\n  --rule: #ddd;\n}\n\n  /* indented,\n     over two lines */\na { color: red; }\n";
    assert.equal(stylesheetWithoutComments(css), ":root {\n  --text: #111;\n  --rule: #ddd;\n}\n\na { color: red; }\n");
  });

  test("leaves what only looks like a comment: in a string, or in an unquoted url()", () => {
    const css = `a::after { content: "/* not */" '/* nor */'; background: url(//host/*x*/y.png); }`;
    assert.equal(stylesheetWithoutComments(css), css);
    assert.equal(stylesheetWithoutComments(`a { content: "\\"/* still a string */"; }`), `a { content: "\\"/* still a string */"; }`);
  });

  test("keeps a licence comment (/*!), and an empty comment where one was all that kept two tokens apart", () => {
    assert.equal(stylesheetWithoutComments("/*! MIT licence */\nb{}"), "/*! MIT licence */\nb{}");
    assert.equal(stylesheetWithoutComments("a { margin: 1px/* top */2px; }"), "a { margin: 1px/**/2px; }");
    assert.equal(stylesheetWithoutComments(".a/* and */.b {}"), ".a/**/.b {}");
  });

  test("ends a comment left open where the stylesheet ends, as a browser does", () => {
    assert.equal(stylesheetWithoutComments("a {}\n/* never closed"), "a {}\n");
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
