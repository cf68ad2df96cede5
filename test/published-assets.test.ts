import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { parseHTML } from "linkedom";
import { fingerprintedUrl } from "../src/fingerprint.ts";
import { Eleventy, type UserConfig } from "@11ty/eleventy";
import { ENV } from "../src/build-options.ts";
import { IMMUTABLE_CACHE } from "../src/headers.ts";
import { publishedAssets } from "../src/published-assets.ts";
import { onSiteFiles } from "../src/rendered-pages.ts";
import { stylesheetWithoutComments } from "../src/stylesheet-comments.ts";
import { article, buildFixture, makeFixtureSite, makeTempDir, PROJECT_ROOT, type FixtureSite } from "./helpers/site.ts";
import { hashTree } from "./helpers/tree.ts";

describe("a production build's assets", () => {
  let site: FixtureSite;
  let pages: string[];

  before(async () => {
    site = await makeFixtureSite({ "story.md": article({ headline: "A story" }) });
    const result = await buildFixture(site, ["--now", "2026-11-30T12:00:00Z"]);
    assert.equal(result.code, 0, result.stderr);
    pages = [...(await hashTree(site.outputDir)).keys()].filter((file) => file.endsWith(".html"));
  });
  after(() => site.remove());

  const references = async (page: string) => {
    const { document } = parseHTML(await readFile(path.join(site.outputDir, page), "utf8"));
    return Array.from(document.querySelectorAll("link[href], script[src]") as unknown as ArrayLike<Element>).map((element) => element.getAttribute("href") ?? element.getAttribute("src") ?? "");
  };

  test("pages load CSS and JavaScript only under fingerprinted names that exist, with the source's text (a stylesheet's without its comments)", async () => {
    const expectedCss = fingerprintedUrl("/css/site.css", stylesheetWithoutComments(await readFile(path.join(PROJECT_ROOT, "public/css/site.css"), "utf8")));
    assert.ok(pages.length >= 2);
    for (const page of ["index.html", "world/story/index.html"]) assert.ok((await references(page)).includes(expectedCss), `${page} links ${expectedCss}`);
    for (const page of pages) {
      const urls = (await references(page)).filter((url) => /\.(?:css|js)$/.test(url));
      for (const url of urls) {
        assert.match(url, /\.[0-9a-f]{8}\.(?:css|js)$/, `${page}: ${url} is fingerprinted`);
        const source = url.replace(/\.[0-9a-f]{8}(\.(?:css|js))$/, "$1");
        const published = await readFile(path.join(site.outputDir, url));
        const written = await readFile(path.join(PROJECT_ROOT, "public", source), "utf8");
        const sent = url.endsWith(".css") ? stylesheetWithoutComments(written) : written;
        assert.equal(published.toString("utf8"), sent, `${url} holds ${source}`);
        assert.equal(url, fingerprintedUrl(source, published));
      }
    }
  });

  test("_headers keeps each fingerprinted file for a year and everything else briefly", async () => {
    const headers = await readFile(path.join(site.outputDir, "_headers"), "utf8");
    const css = (await references("index.html")).find((url) => url.endsWith(".css"))!;
    assert.ok(headers.includes(`\n${css}\n  ! Cache-Control\n  Cache-Control: ${IMMUTABLE_CACHE}\n`), headers);
    assert.match(headers, /^\/\*\n {2}Cache-Control: public, max-age=300, must-revalidate$/m);
  });

  test("a Netlify build leaves out the detach lines Netlify does not know", async () => {
    const netlify = await buildFixture(site, ["--now", "2026-11-30T12:00:00Z"], { NETLIFY: "true" });
    assert.equal(netlify.code, 0, netlify.stderr);
    const headers = await readFile(path.join(site.outputDir, "_headers"), "utf8");
    assert.doesNotMatch(headers, /!/);
    assert.match(headers, new RegExp(`^ {2}Cache-Control: ${IMMUTABLE_CACHE}$`, "m"));
  });

  test("under a path prefix, pages load the fingerprinted files under the prefix and _headers names them so", async () => {
    const prefixed = await buildFixture(site, ["--now", "2026-11-30T12:00:00Z", "--pathprefix", "/news/"]);
    assert.equal(prefixed.code, 0, prefixed.stderr);
    const css = (await references("world/story/index.html")).find((url) => url.endsWith(".css"))!;
    assert.match(css, /^\/news\/css\/site\.[0-9a-f]{8}\.css$/);
    const headers = await readFile(path.join(site.outputDir, "_headers"), "utf8");
    assert.ok(headers.includes(`\n${css}\n`), headers);
    assert.match(headers, /^\/news\/\*$/m);
  });
});

test("the fingerprinted files a build writes before its pages are announced to the build's link check", async () => {
  const output = await makeTempDir("news-assets-announced-");
  try {
    const handlers = new Map<string, (event: unknown) => Promise<void>>();
    const config = { on: (event: string, handler: (event: unknown) => Promise<void>) => handlers.set(event, handler), addFilter: () => undefined };
    publishedAssets(config as unknown as UserConfig, { publicDir: path.join(PROJECT_ROOT, "public"), search: true });
    const announced: string[] = [];
    const stop = onSiteFiles((files) => announced.push(...files));
    try {
      await handlers.get("eleventy.before")!({ runMode: "build", directories: { output } });
    } finally {
      stop();
    }
    const written = [...(await hashTree(output)).keys()].filter((file) => file !== "_headers");
    assert.ok(written.some((file) => /^css\/site\.[0-9a-f]+\.css$/.test(file)), written.join(", "));
    assert.deepEqual(announced.sort(), written.sort());
  } finally {
    await rm(output, { recursive: true, force: true });
  }
});

describe("a site without its own search", () => {
  let site: FixtureSite;
  before(async () => {
    site = await makeFixtureSite({ "story.md": article({ headline: "A story" }) }, { search: false });
  });
  after(() => site.remove());

  const scriptsIn = (dir: string) => readdir(path.join(dir, "js"));

  test("publishes the other scripts but not the search page's, plain or fingerprinted", async () => {
    const result = await buildFixture(site, ["--now", "2026-11-30T12:00:00Z"]);
    assert.equal(result.code, 0, result.stderr);
    const scripts = await scriptsIn(site.outputDir);
    assert.ok(scripts.includes("copy-short-url.js"), scripts.join(" "));
    assert.ok(scripts.some((name) => /^copy-short-url\.[0-9a-f]{8}\.js$/.test(name)), scripts.join(" "));
    assert.deepEqual(scripts.filter((name) => name.startsWith("search.")), []);
    assert.doesNotMatch(await readFile(path.join(site.outputDir, "_headers"), "utf8"), /\/js\/search\./);
  });

  test("Eleventy's own copy of the static files, which the preview server makes, leaves it out too", async () => {
    const output = path.join(site.dir, "eleventy-copy");
    const previous = { settings: process.env[ENV.settings], articles: process.env[ENV.articles] };
    process.env[ENV.settings] = site.settingsFile;
    process.env[ENV.articles] = site.articlesDir;
    try {
      await new Eleventy("templates", output, { quietMode: true, configPath: "eleventy.config.ts" }).write();
    } finally {
      for (const [name, value] of [[ENV.settings, previous.settings], [ENV.articles, previous.articles]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    const scripts = await scriptsIn(output);
    assert.ok(scripts.includes("copy-short-url.js"), scripts.join(" "));
    assert.deepEqual(scripts.filter((name) => name.startsWith("search.")), []);
  });
});
