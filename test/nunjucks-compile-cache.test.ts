import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { NunjucksCompileCache } from "../src/nunjucks-compile-cache.ts";
import { article, buildFixture, makeFixtureSite, readPage, textOf } from "./helpers/site.ts";

/** The Nunjucks Eleventy renders with (it is Eleventy's dependency, not the project's), as far as these tests use it. */
interface Nunjucks {
  Environment: new (loaders: unknown[], options: { autoescape: boolean }) => { addGlobal(name: string, value: unknown): void };
  Template: new (source: string, environment: unknown, path: string | null, eagerCompile: boolean) => { render(data: object): string };
  runtime: { SafeString: new (text: string) => object; suppressValue(value: unknown, autoescape: boolean): string };
}
const nunjucks = createRequire(import.meta.resolve("@11ty/eleventy"))("nunjucks") as Nunjucks;

/** A stand-in for nunjucks.Template that counts compilations and renders "source:data.name". */
function fakeNunjucks() {
  const compiled: string[] = [];
  class Template {
    constructor(private source: string) {
      compiled.push(source);
    }
    render(data: { name: string }, callback: (error: Error | null, result: string) => void) {
      callback(null, `${this.source}:${data.name}`);
    }
  }
  return { lib: { Template } as never, compiled };
}

describe("the Nunjucks compile cache", () => {
  test("compiles a template once and renders it with each page's data", async () => {
    const { lib, compiled } = fakeNunjucks();
    const cache = new NunjucksCompileCache();
    cache.useEnvironment(lib, {});
    const first = cache.compile("page", "./templates/article.njk");
    const again = cache.compile("page", "./templates/article.njk");
    assert.equal(again, first);
    assert.deepEqual(compiled, ["page"]);
    assert.equal(await first({ name: "a" }), "page:a");
    assert.equal(await again({ name: "b" }), "page:b");
  });

  test("keeps a file's content and its permalink apart, and recompiles edited text", () => {
    const { lib, compiled } = fakeNunjucks();
    const cache = new NunjucksCompileCache();
    cache.useEnvironment(lib, {});
    cache.compile("content", "./templates/article.njk");
    cache.compile("{{ article.url }}", "./templates/article.njk");
    cache.compile("edited content", "./templates/article.njk");
    assert.deepEqual(compiled, ["content", "{{ article.url }}", "edited content"]);
  });

  test("tells a listener of each rendering of a file's content, and renders to what it returns; a permalink's renderings are not told", async () => {
    const { lib } = fakeNunjucks();
    const cache = new NunjucksCompileCache();
    cache.useEnvironment(lib, {});
    const told: string[] = [];
    const content = cache.compile("page", "./templates/article.njk", (data, html) => {
      told.push(`${(data as { name: string }).name}=${html}`);
      return "";
    });
    const permalink = cache.compile("page", "./templates/article.njk");
    assert.notEqual(permalink, content, "the same text compiled for a permalink has its own render function");
    assert.equal(await content({ name: "a" }), "");
    assert.equal(await permalink({ name: "b" }), "page:b");
    assert.deepEqual(told, ["a=page:a"]);
  });

  test("a permalink that prints one variable is looked up without a Nunjucks render", async () => {
    const { lib, compiled } = fakeNunjucks();
    const cache = new NunjucksCompileCache();
    cache.useEnvironment(Object.assign({ runtime: nunjucks.runtime }, lib), { opts: { autoescape: true } });
    const permalink = cache.compilePermalink("s/{{ redirect.code }}/index.html", "./templates/short-link.njk");
    assert.equal(cache.compilePermalink("s/{{ redirect.code }}/index.html", "./templates/short-link.njk"), permalink);
    // The stand-in Template would have rendered "source:name".
    assert.equal(await permalink({ redirect: { code: "abc" }, name: "x" }), "s/abc/index.html");
    assert.deepEqual(compiled, ["s/{{ redirect.code }}/index.html"], "compiled once, for what is not plain");
    assert.equal(await cache.compilePermalink("{{ a | upper }}", "./t.njk")({ a: "b", name: "x" }), "{{ a | upper }}:x", "a filter goes to Nunjucks");
  });

  test("prints every permalink exactly as Nunjucks does", async () => {
    for (const autoescape of [true, false]) {
      const environment = new nunjucks.Environment([], { autoescape });
      environment.addGlobal("site", { url: "/from-the-global/" });
      const cache = new NunjucksCompileCache();
      cache.useEnvironment(nunjucks as never, environment);
      const withFunction = { url: () => "/called/", text: "t", pick: (first: string, second: string) => first || second };
      const cases: [string, unknown][] = [
        ["{{ article.url }}", { article: { url: "/world/harbour-opens/" } }],
        ["{{ article.url }}", { article: { url: `/a?b=1&c=<d>"'/` } }],
        ["{{ article.url }}", { article: { url: new nunjucks.runtime.SafeString("/safe&sound/") } }],
        ["{{ article.url }}", { article: {} }],
        ["{{ article.url }}", { article: null }],
        ["{{ article.url.length }}", { article: { url: "/abc/" } }],
        ["{{ article.count }}", { article: { count: 0 } }],
        ["{{ article }}", { article: false }],
        ["s/{{ redirect.code }}/index.html", { redirect: { code: "x9" } }],
        ["{{ site.url }}", { page: {} }],
        ["{{ site.url }}", { site: { url: "/from-the-data/" } }],
        ["{{ item.url }}", { item: withFunction }],
        ["{{ item.text.toUpperCase }}", { item: withFunction }],
        ["{{ item.pick.length }}", { item: withFunction }],
        ["{{ item }}", {}],
      ];
      for (const [source, data] of cases) {
        const expected = new nunjucks.Template(source, environment, null, true).render(data as object);
        assert.equal(await cache.compilePermalink(source, "./t.njk")(data), expected, `${source} with ${JSON.stringify(data)}, autoescape ${autoescape}`);
      }
    }
  });

  test("starts afresh with a new environment (Eleventy makes one per rebuild)", () => {
    const { lib, compiled } = fakeNunjucks();
    const cache = new NunjucksCompileCache();
    cache.useEnvironment(lib, {});
    cache.compile("page", "./a.njk");
    cache.useEnvironment(lib, {});
    cache.compile("page", "./a.njk");
    assert.equal(compiled.length, 2);
  });

  test("a built site still gives every paginated page its own data and address", async () => {
    const site = await makeFixtureSite({
      "one.md": article({ headline: "First story", date: "2026-01-01T10:00:00+05:00" }),
      "two.md": article({ headline: "Second story", date: "2026-01-02T10:00:00+05:00" }),
      "three.md": article({ headline: "Third story", date: "2026-01-03T10:00:00+05:00" }),
    });
    try {
      const result = await buildFixture(site, ["--now", "2026-02-01T00:00:00Z"]);
      assert.equal(result.code, 0, result.stderr);
      for (const [slug, headline] of [["one", "First story"], ["two", "Second story"], ["three", "Third story"]]) {
        assert.equal(textOf((await readPage(site.outputDir, `/world/${slug}/`)).querySelector("h1")), headline);
      }
    } finally {
      await site.remove();
    }
  });
});
