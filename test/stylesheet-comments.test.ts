import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { transform } from "esbuild";
import { withoutComments } from "../src/stylesheet-comments.ts";
import { PROJECT_ROOT } from "./helpers/site.ts";

describe("withoutComments", () => {
  test("takes out comments, and the lines that held nothing else, keeping every other line as written", () => {
    const css = "/* The palette. */\n:root {\n  --text: #111; /* dark */\n  /* a line of its own */\n  --rule: #ddd;\n}\n\n  /* indented,\n     over two lines */\na { color: red; }\n";
    assert.equal(withoutComments(css), ":root {\n  --text: #111;\n  --rule: #ddd;\n}\n\na { color: red; }\n");
  });

  test("leaves what only looks like a comment: in a string, or in an unquoted url()", () => {
    const css = `a::after { content: "/* not */" '/* nor */'; background: url(//host/*x*/y.png); }`;
    assert.equal(withoutComments(css), css);
    assert.equal(withoutComments(`a { content: "\\"/* still a string */"; }`), `a { content: "\\"/* still a string */"; }`);
  });

  test("keeps a licence comment (/*!), and an empty comment where one was all that kept two tokens apart", () => {
    assert.equal(withoutComments("/*! MIT licence */\nb{}"), "/*! MIT licence */\nb{}");
    assert.equal(withoutComments("a { margin: 1px/* top */2px; }"), "a { margin: 1px/**/2px; }");
    assert.equal(withoutComments(".a/* and */.b {}"), ".a/**/.b {}");
  });

  test("ends a comment left open where the stylesheet ends, as a browser does", () => {
    assert.equal(withoutComments("a {}\n/* never closed"), "a {}\n");
  });

  test("public/css/site.css is sent with the same rules: esbuild prints it and the source alike, and no comment is left", async () => {
    const source = await readFile(path.join(PROJECT_ROOT, "public/css/site.css"), "utf8");
    const sent = withoutComments(source);
    const print = async (css: string) => (await transform(css, { loader: "css" })).code;
    assert.equal(await print(sent), await print(source));
    assert.doesNotMatch(sent, /\/\*/);
    assert.ok(sent.length < source.length * 0.6, `${sent.length} of ${source.length} characters`);
  });
});
