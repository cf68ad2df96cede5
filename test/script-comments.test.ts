import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { scriptsWithoutComments } from "../src/script-comments.ts";
import { PROJECT_ROOT } from "./helpers/site.ts";

describe("scriptsWithoutComments", () => {
  test("takes out comments, and leaves what only looks like one: in a string, a template or a regular expression", async () => {
    const script = [
      "// Why this script is here.",
      "/** What f does. */",
      "function f(text) {",
      '  const address = "https://example.com/*x*/"; // a line comment after code',
      "  const pattern = /\\/\\/+|\\/\\*/g; /* a block comment */",
      "  return `// ${text} /* kept */`.replace(pattern, address);",
      "}",
      "",
    ].join("\n");
    const [printed] = await scriptsWithoutComments([script]);
    assert.doesNotMatch(printed!, /Why this|What f does|a line comment|a block comment/);
    assert.match(printed!, /"https:\/\/example\.com\/\*x\*\/"/);
    assert.ok(printed!.includes("/\\/\\/+|\\/\\*/g"), printed);
    assert.ok(printed!.includes("`// ${text} /* kept */`"), printed);
    // It does what it did.
    const run = (code: string) => new Function(`${code}; return f("a//b");`)() as string;
    assert.equal(run(printed!), run(script));
  });

  test("keeps a licence comment, a module's import.meta and a classic script's top-level names; a script it cannot read stays as written", async () => {
    const [licensed, module, classic, broken] = await scriptsWithoutComments([
      "/*! Example licence */\nconsole.log(1); // gone\n",
      "// gone\nconst root = new URL('../', import.meta.url);\nexport {};\n",
      "// gone\nconst menu = document.querySelector('nav');\n",
      "// kept: the script is not JavaScript esbuild reads\nconst = ;\n",
    ]);
    assert.match(licensed!, /^\/\*! Example licence \*\//);
    assert.doesNotMatch(licensed!, /gone/);
    assert.match(module!, /import\.meta\.url/);
    assert.match(module!, /export \{\s*\}/);
    assert.match(classic!, /^const menu = document\.querySelector\("nav"\);$/m);
    assert.equal(broken, "// kept: the script is not JavaScript esbuild reads\nconst = ;\n");
  });

  test("the scripts in public/js/ lose their comments, and a second printing changes nothing", async () => {
    const folder = path.join(PROJECT_ROOT, "public/js");
    const names = (await readdir(folder)).filter((name) => name.endsWith(".js")).sort();
    const sources = await Promise.all(names.map((name) => readFile(path.join(folder, name), "utf8")));
    const printed = await scriptsWithoutComments(sources);
    names.forEach((name, index) => {
      const before = gzipSync(sources[index]!).length;
      const after = gzipSync(printed[index]!).length;
      assert.ok(after < before * 0.8, `${name}: ${after} B gzipped, from ${before} B`);
      assert.doesNotMatch(printed[index]!, /^\s*\/\//m, name);
    });
    // Printed again, each is as it was printed: esbuild keeps what it read, and had nothing left to take out.
    assert.deepEqual(await scriptsWithoutComments(printed), printed);
  });
});
