import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { IMMUTABLE_CACHE, renderHeaders, SHORT_CACHE } from "../src/headers.ts";

/** Reads a _headers file the way Netlify and Cloudflare Pages do: a path line, then indented header lines. */
function parseHeaders(text: string): Map<string, string[]> {
  const rules = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split("\n")) {
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    if (!/^\s/.test(line)) rules.set(line, (current = []));
    else current!.push(line.trim());
  }
  return rules;
}

describe("renderHeaders", () => {
  test("keeps everything briefly and each fingerprinted file for a year", () => {
    const rules = parseHeaders(renderHeaders({ immutablePaths: ["/js/a.12345678.js", "/css/site.0123abcd.css"] }));
    assert.deepEqual([...rules.keys()], ["/*", "/css/site.0123abcd.css", "/js/a.12345678.js"]);
    assert.deepEqual(rules.get("/*"), [`Cache-Control: ${SHORT_CACHE}`]);
    assert.deepEqual(rules.get("/css/site.0123abcd.css"), ["! Cache-Control", `Cache-Control: ${IMMUTABLE_CACHE}`]);
    assert.match(SHORT_CACHE, /max-age=300\b/);
    assert.match(IMMUTABLE_CACHE, /max-age=31536000, immutable/);
  });

  test("adds other modules' header lines to the site-wide rule", () => {
    const rules = parseHeaders(renderHeaders({ immutablePaths: [], forAllPaths: ["Content-Security-Policy: default-src 'self'", "  X-Content-Type-Options: nosniff"] }));
    assert.deepEqual(rules.get("/*"), [`Cache-Control: ${SHORT_CACHE}`, "Content-Security-Policy: default-src 'self'", "X-Content-Type-Options: nosniff"]);
  });

  test("leaves out the detach line for Netlify and puts rules under a path prefix", () => {
    const rules = parseHeaders(renderHeaders({ immutablePaths: ["/css/site.0123abcd.css"], detachSiteWideCache: false, pathPrefix: "/news/" }));
    assert.deepEqual(rules.get("/news/css/site.0123abcd.css"), [`Cache-Control: ${IMMUTABLE_CACHE}`]);
    assert.ok(rules.has("/news/*"));
  });

  test("refuses a header line that would break the file", () => {
    assert.throws(() => renderHeaders({ immutablePaths: [], forAllPaths: ["X-A: 1\n/evil\n  X-B: 2"] }), /"Name: value" on one line/);
    assert.throws(() => renderHeaders({ immutablePaths: [], forAllPaths: ["no colon here"] }), /"Name: value"/);
  });
});
