import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseHTML } from "linkedom";
import { contentSecurityPolicy, metaContentSecurityPolicy } from "../src/content-security-policy.ts";
import { EMBED_HOSTS } from "../src/html-policy.ts";
import { useSampleSite } from "./helpers/site.ts";

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(";").map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

// The sample site has its own search (the setting's default).
const CONTENT_SECURITY_POLICY = contentSecurityPolicy({ search: true });
const META_CONTENT_SECURITY_POLICY = metaContentSecurityPolicy({ search: true });

describe("the Content Security Policy", () => {
  const header = directives(CONTENT_SECURITY_POLICY);
  const meta = directives(META_CONTENT_SECURITY_POLICY);

  test("lets scripts come only from the site itself, with WebAssembly for search, and never inline or through eval", () => {
    assert.deepEqual(header.get("script-src"), ["'self'", "'wasm-unsafe-eval'"]);
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /'unsafe-inline'|'unsafe-eval'|\*/);
    assert.deepEqual(header.get("object-src"), ["'none'"]);
    assert.deepEqual(header.get("base-uri"), ["'self'"]);
    assert.deepEqual(header.get("default-src"), ["'self'"]);
  });

  test("allows no WebAssembly where the site has no search of its own, and is otherwise the same", () => {
    const without = directives(contentSecurityPolicy({ search: false }));
    assert.deepEqual(without.get("script-src"), ["'self'"]);
    assert.deepEqual([...without.keys()], [...header.keys()]);
    for (const [name, sources] of without) if (name !== "script-src") assert.deepEqual(header.get(name), sources, name);
    assert.equal(metaContentSecurityPolicy({ search: false }).includes("wasm"), false);
  });

  test("lets frames come from exactly the embed hosts the sanitiser allows, over https", () => {
    assert.deepEqual(header.get("frame-src"), EMBED_HOSTS.map((host) => `https://${host}`));
  });

  test("keeps frame-ancestors out of the meta tag, where browsers ignore it, and in the header", () => {
    assert.deepEqual(header.get("frame-ancestors"), ["'self'"]);
    assert.equal(meta.has("frame-ancestors"), false);
    for (const [name, sources] of meta) assert.deepEqual(header.get(name), sources, name);
  });
});

describe("the built sample site", () => {
  const sample = useSampleSite();
  const htmlFiles = async () => (await readdir(sample.outputDir, { recursive: true })).filter((file) => file.endsWith(".html"));

  test("ships the policy in _headers for every path", async () => {
    const text = await readFile(path.join(sample.outputDir, "_headers"), "utf8");
    const allPaths = text.split(/\n(?=\S)/).find((block) => block.startsWith("/*\n"));
    const lines = allPaths?.split("\n").map((line) => line.trim()) ?? [];
    assert.ok(lines.includes(`Content-Security-Policy: ${CONTENT_SECURITY_POLICY}`), text);
    assert.ok(lines.includes("X-Content-Type-Options: nosniff"), text);
  });

  test("carries the policy in a meta tag on every page, before any script or style sheet", async () => {
    const pages = await htmlFiles();
    assert.ok(pages.length > 3);
    for (const file of pages) {
      const { document } = parseHTML(await readFile(path.join(sample.outputDir, file), "utf8"));
      const tag = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
      assert.equal(tag?.getAttribute("content"), META_CONTENT_SECURITY_POLICY, file);
      const head = Array.from(document.head.children);
      const firstResource = head.findIndex((element) => ["script", "link", "style"].includes(element.tagName.toLowerCase()));
      assert.ok(head.indexOf(tag!) < firstResource, file);
    }
  });

  test("satisfies it: no inline script, event handler, inline style or script URL on any page", async () => {
    for (const file of await htmlFiles()) {
      const { document } = parseHTML(await readFile(path.join(sample.outputDir, file), "utf8"));
      for (const script of Array.from(document.querySelectorAll("script"))) {
        const src = script.getAttribute("src");
        assert.ok(script.getAttribute("type") === "application/ld+json" || (src?.startsWith("/") && !src.startsWith("//")), `${file}: ${script.outerHTML}`);
      }
      assert.equal(document.querySelectorAll("style").length, 0, file);
      for (const element of Array.from(document.querySelectorAll("*"))) {
        for (const attribute of Array.from(element.attributes)) {
          assert.ok(!attribute.name.startsWith("on"), `${file}: ${attribute.name}`);
          assert.notEqual(attribute.name, "style", `${file}: ${element.outerHTML.slice(0, 80)}`);
          assert.doesNotMatch(attribute.value, /^\s*javascript:/i, file);
        }
      }
    }
  });
});
