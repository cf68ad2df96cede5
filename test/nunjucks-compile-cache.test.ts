import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { NunjucksCompileCache } from "../src/nunjucks-compile-cache.ts";
import { article, buildFixture, makeFixtureSite, readPage, textOf } from "./helpers/site.ts";

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
