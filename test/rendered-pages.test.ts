import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Eleventy, type UserConfig } from "@11ty/eleventy";
import { cacheNunjucksCompiles } from "../src/nunjucks-compile-cache.ts";
import { announceRenderedPages, onRenderedPage, pageRendered } from "../src/rendered-pages.ts";
import { makeTempDir } from "./helpers/site.ts";

let work: string;
let configPath: string;
before(async () => {
  work = await makeTempDir("news-rendered-pages-");
  // Eleventy would otherwise load the project's own config from the working folder.
  configPath = path.join(work, "empty.config.mjs");
  await writeFile(configPath, "export default function () {}\n");
});
after(() => rm(work, { recursive: true, force: true }));

interface Heard {
  url: string;
  content: string;
  /** How many times the test's own transform had run when the page was heard of. */
  transformsBefore: number;
}

/**
 * Renders five paginated pages through the plugin's Nunjucks cache and page announcer, with one
 * transform of the test's (registered first, as Eleventy's own are) that may rewrite each page.
 */
async function render(options: { asRendered: boolean; rewrite?: (content: string) => string; site?: string }): Promise<{ heard: Heard[]; written: string[] }> {
  const site = options.site ?? (await newSite());
  const input = path.join(site, "templates");
  await mkdir(input, { recursive: true });
  await writeFile(
    path.join(input, "page.njk"),
    ["---", "pagination:", "  data: numbers", "  size: 1", "  alias: n", "numbers: [1, 2, 3, 4, 5]", 'permalink: "/p/{{ n }}/"', "---", "<p>page {{ n }}</p>"].join("\n"),
  );
  const heard: Heard[] = [];
  let transforms = 0;
  const stop = onRenderedPage((page) => heard.push({ url: page.url, content: page.content, transformsBefore: transforms }));
  try {
    const eleventy = new Eleventy(input, path.join(site, "out"), {
      quietMode: true,
      configPath,
      config: (eleventyConfig: UserConfig) => {
        eleventyConfig.addTransform("test-transform", (content: string) => {
          transforms++;
          return options.rewrite ? options.rewrite(content) : content;
        });
        cacheNunjucksCompiles(eleventyConfig, pageRendered);
        announceRenderedPages(eleventyConfig, { asRendered: options.asRendered });
      },
    });
    const result = (await eleventy.toJSON()) as { url: string; content: string }[];
    return { heard, written: result.map((page) => `${page.url} ${page.content}`).sort() };
  } finally {
    stop();
  }
}

const EXPECTED = [1, 2, 3, 4, 5].map((n) => `/p/${n}/ <p>page ${n}</p>`);

describe("pages handed on as they are finished", () => {
  test("as rendered: every page is heard of once, before Eleventy runs any page's transforms, as it is written", async () => {
    const { heard, written } = await render({ asRendered: true });
    assert.deepEqual(written, EXPECTED);
    assert.deepEqual(heard.map((page) => `${page.url} ${page.content}`).sort(), EXPECTED);
    assert.deepEqual(
      heard.map((page) => page.transformsBefore),
      [0, 0, 0, 0, 0],
    );
  });

  test("after the transforms: every page is heard of once, as the transforms left it", async () => {
    const { heard, written } = await render({ asRendered: false, rewrite: (content) => content.replace("<p>", '<p class="t">') });
    const rewritten = EXPECTED.map((line) => line.replace("<p>", '<p class="t">'));
    assert.deepEqual(written, rewritten);
    assert.deepEqual(heard.map((page) => `${page.url} ${page.content}`).sort(), rewritten);
    assert.ok(
      heard.every((page) => page.transformsBefore > 0),
      "each page is heard of after its transforms",
    );
  });

  test("as rendered, a transform that changes a page fails the run instead of leaving the written page stale", async () => {
    await assert.rejects(
      render({ asRendered: true, rewrite: (content) => content.replace("page 3", "page three") }),
      (error: Error) => /a transform changed \S*p\/3\/index\.html after it was written as rendered/.test(fullMessage(error)),
    );
  });

  test("a failed run leaves nothing behind: the next run into the same folder hands on every page", async () => {
    const site = await newSite();
    await assert.rejects(render({ asRendered: true, site, rewrite: (content) => content.replace("page 3", "page three") }));
    const { heard } = await render({ asRendered: true, site });
    assert.deepEqual(heard.map((page) => `${page.url} ${page.content}`).sort(), EXPECTED);
  });
});

function newSite(): Promise<string> {
  return mkdtemp(path.join(work, "site-"));
}

/** An error's message with those of the errors it wraps (Eleventy keeps a transform's as `originalError`). */
function fullMessage(error: unknown): string {
  const parts: string[] = [];
  for (let current = error; current instanceof Error; current = (current as Error & { originalError?: unknown }).originalError ?? current.cause) parts.push(current.message);
  return parts.join(" / ");
}
