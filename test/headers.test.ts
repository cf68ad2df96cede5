import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseAllHeaders } from "@netlify/headers-parser";
import { IMMUTABLE_CACHE, renderHeaders, SEARCH_CHUNK_CACHE, SHORT_CACHE } from "../src/headers.ts";
import { article, buildFixture, makeFixtureSite, PROJECT_ROOT } from "./helpers/site.ts";
import { listFiles } from "./helpers/outputs-fixture.ts";
import { solidPng } from "./helpers/images.ts";

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
    assert.deepEqual([...rules.keys()].slice(0, 3), ["/*", "/css/site.0123abcd.css", "/js/a.12345678.js"]);
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
    const rules = parseHeaders(renderHeaders({ immutablePaths: ["/css/site.0123abcd.css"], host: "netlify", pathPrefix: "/news/" }));
    assert.deepEqual(rules.get("/news/css/site.0123abcd.css"), [`Cache-Control: ${IMMUTABLE_CACHE}`]);
    assert.ok(rules.has("/news/*"));
  });

  test("keeps the image variants for a year, on either host and under a path prefix", () => {
    assert.deepEqual(parseHeaders(renderHeaders({ immutablePaths: [] })).get("/img/*"), ["! Cache-Control", `Cache-Control: ${IMMUTABLE_CACHE}`]);
    assert.deepEqual(parseHeaders(renderHeaders({ immutablePaths: [], host: "netlify", pathPrefix: "/news/" })).get("/news/img/*"), [`Cache-Control: ${IMMUTABLE_CACHE}`]);
  });

  test("keeps the search indexes' chunks and metadata for a day, in rules each host can read, however many indexes there are", () => {
    const cloudflare = parseHeaders(renderHeaders({ immutablePaths: [] }));
    const chunkRules = (rules: Map<string, string[]>) => [...rules.keys()].filter((rule) => rule.includes("pagefind"));
    assert.deepEqual(chunkRules(cloudflare), [
      "/pagefind/index/*",
      "/pagefind-:part/index/*",
      "/pagefind/fragment/*",
      "/pagefind-:part/fragment/*",
      "/pagefind/filter/*",
      "/pagefind-:part/filter/*",
      "/pagefind/*.pf_meta",
      "/pagefind-:part/*.pf_meta",
    ]);
    for (const rule of chunkRules(cloudflare)) assert.deepEqual(cloudflare.get(rule), ["! Cache-Control", `Cache-Control: ${SEARCH_CHUNK_CACHE}`]);
    // Cloudflare Pages reads one splat a rule and at most 100 rules.
    for (const rule of cloudflare.keys()) assert.ok(rule.split("*").length <= 2, rule);
    assert.ok(cloudflare.size <= 100);
    const netlify = parseHeaders(renderHeaders({ immutablePaths: [], host: "netlify", pathPrefix: "/news/" }));
    assert.deepEqual(chunkRules(netlify), ["/news/pagefind*/index/*", "/news/pagefind*/fragment/*", "/news/pagefind*/filter/*", "/news/pagefind*/*.pf_meta"]);
    assert.match(SEARCH_CHUNK_CACHE, /max-age=86400$/);
  });

  test("has no rule for search index chunks where the site has no search of its own", () => {
    for (const host of ["cloudflare", "netlify"] as const) {
      const text = renderHeaders({ immutablePaths: ["/css/site.0123abcd.css"], host, search: false });
      assert.deepEqual([...parseHeaders(text).keys()].filter((rule) => rule.includes("pagefind")), [], host);
      assert.ok(!text.includes("search"), host);
      assert.ok(parseHeaders(text).has("/css/site.0123abcd.css"), host);
    }
  });

  test("refuses a header line that would break the file", () => {
    assert.throws(() => renderHeaders({ immutablePaths: [], forAllPaths: ["X-A: 1\n/evil\n  X-B: 2"] }), /"Name: value" on one line/);
    assert.throws(() => renderHeaders({ immutablePaths: [], forAllPaths: ["no colon here"] }), /"Name: value"/);
  });
});

/**
 * The headers Cloudflare Pages sends for a path, as its documentation describes the file: every rule
 * whose pattern matches applies, in order (a `*` matches anything, a `:placeholder` anything but a
 * slash); `! Name` removes a header an earlier rule set; a header set twice has its values joined.
 */
function cloudflareHeaders(text: string, urlPath: string): Map<string, string> {
  const sent = new Map<string, string>();
  for (const [pattern, lines] of parseHeaders(text)) {
    const source = pattern
      .split(/(\*|:[A-Za-z]\w*)/)
      .map((part) => (part === "*" ? ".*" : part.startsWith(":") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&")))
      .join("");
    if (!new RegExp(`^${source}$`).test(urlPath)) continue;
    for (const line of lines) {
      if (line.startsWith("!")) sent.delete(line.slice(1).trim());
      else {
        const [name, value] = [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()];
        sent.set(name, sent.has(name) ? `${sent.get(name)}, ${value}` : value);
      }
    }
  }
  return sent;
}

/** The Cache-Control Netlify sends for a path: its own parser reads the file; of the matching rules, the last one's value. */
async function netlifyCacheControl(file: string, urlPath: string): Promise<string | undefined> {
  const { headers, errors } = await parseAllHeaders({ headersFiles: [file], configHeaders: undefined, minimal: false });
  assert.deepEqual(errors, []);
  let value: string | undefined;
  for (const header of headers) if ("forRegExp" in header && header.forRegExp.test(urlPath)) value = header.values["Cache-Control"] ?? value;
  return value;
}

/**
 * The Cache-Control the README's nginx configuration sends for a path: its regular-expression locations
 * in order, the first that matches, else `location /`.
 */
function nginxCacheControl(readme: string, urlPath: string): string | undefined {
  const start = readme.indexOf("```nginx");
  const block = readme.slice(start, readme.indexOf("```", start + 3));
  const rules = [...block.matchAll(/location (?:~ "(.+?)"|\/) \{ add_header Cache-Control "(.+?)"; \}/g)];
  assert.ok(rules.length >= 3, "the README's nginx locations");
  const matching = rules.find(([, pattern]) => pattern !== undefined && new RegExp(pattern).test(urlPath)) ?? rules.find(([, pattern]) => pattern === undefined);
  return matching?.[2];
}

/**
 * The Cache-Control an object has after the README's `aws s3 sync` passes: the first pass whose filters
 * take the file uploads it (as the AWS CLI reads filters, the last that matches decides and `*` matches
 * across slashes), and the later passes leave it as it is.
 */
function s3CacheControl(readme: string, key: string): string | undefined {
  const passes = [...readme.matchAll(/`aws s3 sync _site\/ s3:\/\/BUCKET\/ ([^`]*)--cache-control "([^"]+)"`/g)];
  assert.ok(passes.length >= 3, "the README's aws s3 sync passes");
  for (const [, filters, cache] of passes) {
    let taken = true;
    for (const [, kind, pattern] of filters!.matchAll(/--(include|exclude) "?([^"\s]+)"?/g)) {
      const source = pattern!
        .split("*")
        .map((part) => part.replace(/[.+?^${}()|[\]\\/-]/g, "\\$&"))
        .join(".*");
      if (new RegExp(`^${source}$`).test(key)) taken = kind === "include";
    }
    if (taken) return cache;
  }
  return undefined;
}

describe("a built site's cache rules, as each host reads them", () => {
  test("the chunks of every search index are kept for a day, fingerprinted files and image variants for a year, everything else briefly", async () => {
    const stories: Record<string, string | Buffer> = {};
    for (let day = 1; day <= 7; day++) stories[`story-${day}.md`] = article({ headline: `Story ${day}`, date: `2026-01-0${day}T10:00:00+05:00`, section: "world" });
    stories["story-1.md"] = article({ headline: "Story 1", date: "2026-01-01T10:00:00+05:00", section: "world", image: "\n  src: lead.png\n  alt: Boats at the wall" });
    stories["lead.png"] = solidPng(1600, 900);
    const site = await makeFixtureSite(stories);
    const readme = await readFile(path.join(PROJECT_ROOT, "README.md"), "utf8");
    try {
      const isSearchChunk = (file: string) => /^\/pagefind(-\d+)?\/(index|fragment|filter)\//.test(file);
      const isSearchMeta = (file: string) => /^\/pagefind(-\d+)?\/pagefind\.[^/]+\.pf_meta$/.test(file);
      const expected = (file: string) =>
        isSearchChunk(file) || isSearchMeta(file) ? SEARCH_CHUNK_CACHE : /\.[0-9a-f]{8}\.(css|js)$/.test(file) || file.startsWith("/img/") ? IMMUTABLE_CACHE : SHORT_CACHE;
      for (const host of ["cloudflare", "netlify"] as const) {
        // Several search indexes (parts of two stories); Netlify's build under a path prefix.
        const prefix = host === "netlify" ? "/news" : "";
        const built = await buildFixture(site, ["--now", "2026-11-30T12:00:00Z", ...(prefix ? ["--pathprefix", "/news/"] : [])], {
          NEWS_SEARCH_SHARD_SIZE: "2",
          NEWS_IMAGE_CACHE: path.join(site.dir, "image-cache"),
          ...(host === "netlify" ? { NETLIFY: "true" } : {}),
        });
        assert.equal(built.code, 0, built.stderr);
        const headersFile = path.join(site.outputDir, "_headers");
        const text = await readFile(headersFile, "utf8");
        const files = (await listFiles(site.outputDir)).filter((file) => !["/_headers", "/_redirects"].includes(file));
        const chunks = files.filter(isSearchChunk);
        assert.ok(new Set(chunks.map((file) => file.split("/")[1])).size >= 3, `chunks of several indexes: ${chunks.join(", ")}`);
        // Pagefind names every chunk by its content's hash.
        for (const file of chunks) assert.match(path.basename(file), /^[a-z]+_[0-9a-f]{7,}\.pf_(index|fragment|filter)$/);
        // And each index's metadata, under the name its entry gives.
        const metas = files.filter(isSearchMeta);
        assert.equal(metas.length, new Set(chunks.map((file) => file.split("/")[1])).size, `a metadata file for each index: ${metas.join(", ")}`);
        const variants = files.filter((file) => file.startsWith("/img/"));
        assert.ok(variants.some((file) => file.endsWith(".avif")) && variants.some((file) => file.endsWith(".jpeg")), `image variants: ${variants.join(", ")}`);
        for (const file of files) {
          const sent = host === "cloudflare" ? cloudflareHeaders(text, prefix + file).get("Cache-Control") : await netlifyCacheControl(headersFile, prefix + file);
          assert.equal(sent, expected(file), `${host}: ${prefix}${file}`);
          // The README's recipes for a server of one's own and for S3 give every file the same.
          assert.equal(nginxCacheControl(readme, file), expected(file), `nginx: ${file}`);
          assert.equal(s3CacheControl(readme, file.slice(1)), expected(file), `aws s3 sync: ${file}`);
        }
      }
    } finally {
      await site.remove();
    }
  });
});
