import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { findFingerprintedAssets, fingerprintedUrl } from "../src/fingerprint.ts";
import { makeTempDir } from "./helpers/site.ts";

describe("fingerprintedUrl", () => {
  test("puts the first 8 hex digits of the content's SHA-256 before the extension", () => {
    // `printf 'body{}' | sha256sum` begins 7c98040a.
    assert.equal(fingerprintedUrl("/css/site.css", "body{}"), "/css/site.7c98040a.css");
    assert.equal(fingerprintedUrl("/css/site.css", "body{}"), fingerprintedUrl("/css/site.css", Buffer.from("body{}")));
  });

  test("changes when the content changes, and only then", () => {
    assert.notEqual(fingerprintedUrl("/css/site.css", "body{}"), fingerprintedUrl("/css/site.css", "body{ }"));
    assert.equal(fingerprintedUrl("/js/a.b.js", "x"), fingerprintedUrl("/js/a.b.js", "x"));
    assert.match(fingerprintedUrl("/js/a.b.js", "x"), /^\/js\/a\.b\.[0-9a-f]{8}\.js$/);
  });
});

describe("findFingerprintedAssets", () => {
  test("lists CSS and JavaScript under the folder, sorted, and nothing else", async () => {
    const dir = await makeTempDir();
    try {
      await mkdir(path.join(dir, "css"), { recursive: true });
      await mkdir(path.join(dir, "js/vendor"), { recursive: true });
      await mkdir(path.join(dir, "images"), { recursive: true });
      await writeFile(path.join(dir, "css/site.css"), "body{}");
      await writeFile(path.join(dir, "js/vendor/lib.js"), "1");
      await writeFile(path.join(dir, "images/logo.svg"), "<svg/>");
      const assets = await findFingerprintedAssets(dir);
      assert.deepEqual(
        assets.map((asset) => asset.url),
        ["/css/site.css", "/js/vendor/lib.js"],
      );
      assert.equal(assets[0]!.hashedUrl, fingerprintedUrl("/css/site.css", "body{}"));
      assert.deepEqual(await findFingerprintedAssets(path.join(dir, "missing")), []);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("publishes a stylesheet without its comments, under the hash of what is published; a script, and a stylesheet not in UTF-8, as written", async () => {
    const dir = await makeTempDir();
    await mkdir(path.join(dir, "css"), { recursive: true });
    await mkdir(path.join(dir, "js"), { recursive: true });
    await writeFile(path.join(dir, "css/site.css"), "/* Why. */\nbody { margin: 0; }\n");
    await writeFile(path.join(dir, "css/latin1.css"), Buffer.from("/* caf\xe9 */\nbody { font-family: \"Caf\xe9\"; }\n", "latin1"));
    await writeFile(path.join(dir, "js/a.js"), "// Why.\nconsole.log(1);\n");
    const assets = await findFingerprintedAssets(dir);
    const byUrl = new Map(assets.map((asset) => [asset.url, asset]));
    assert.equal(byUrl.get("/css/site.css")!.content.toString(), "body { margin: 0; }\n");
    assert.equal(byUrl.get("/js/a.js")!.content.toString(), "// Why.\nconsole.log(1);\n");
    assert.deepEqual(byUrl.get("/css/latin1.css")!.content, Buffer.from("/* caf\xe9 */\nbody { font-family: \"Caf\xe9\"; }\n", "latin1"));
    for (const asset of assets) assert.equal(asset.hashedUrl, fingerprintedUrl(asset.url, asset.content));
    await rm(dir, { recursive: true, force: true });
  });
});
