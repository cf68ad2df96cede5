import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Eleventy, HtmlBasePlugin, type UserConfig } from "@11ty/eleventy";
import { cacheNunjucksCompiles } from "../src/nunjucks-compile-cache.ts";
import { PAUSE_TRANSFORM } from "../src/render-pauses.ts";
import { announceRenderedPages, onRenderedPage, pageRendered, transformsLeavePagesAlone } from "../src/rendered-pages.ts";
import { searchIndexesWritten } from "../src/search-index.ts";
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
  /** How many pages Eleventy had linted (which it does just before their transforms) when this one was heard of. */
  lintedBefore: number;
}

interface Rendered {
  heard: Heard[];
  /** What Eleventy's toJSON() returned: "url content", sorted. */
  returned: string[];
}

/**
 * Renders five paginated pages, linking to /p/, through the plugin's Nunjucks cache and page
 * announcer, with whatever else `configure` adds to the configuration.
 */
async function render(configure: (eleventyConfig: UserConfig) => void = () => undefined, site?: string, pathPrefix?: string): Promise<Rendered> {
  site ??= await mkdtemp(path.join(work, "site-"));
  const input = path.join(site, "templates");
  await mkdir(input, { recursive: true });
  await writeFile(
    path.join(input, "page.njk"),
    ["---", "pagination:", "  data: numbers", "  size: 1", "  alias: n", "numbers: [1, 2, 3, 4, 5]", 'permalink: "/p/{{ n }}/"', "---", '<a href="/p/">page {{ n }}</a>'].join("\n"),
  );
  const heard: Heard[] = [];
  let linted = 0;
  const stop = onRenderedPage((page) => heard.push({ url: page.url, content: page.content, lintedBefore: linted }));
  try {
    const eleventy = new Eleventy(input, path.join(site, "out"), {
      quietMode: true,
      configPath,
      pathPrefix,
      // As a plugin, as the site's configuration adds them: after Eleventy's own transforms.
      config: (eleventyConfig: UserConfig) =>
        eleventyConfig.addPlugin((pluginConfig: UserConfig) => {
          (pluginConfig as unknown as { addLinter(name: string, linter: () => void): void }).addLinter("count", () => {
            linted++;
          });
          configure(pluginConfig);
          cacheNunjucksCompiles(pluginConfig, pageRendered);
          announceRenderedPages(pluginConfig);
        }),
    });
    const result = (await eleventy.toJSON()) as { url: string; content: string }[];
    return { heard, returned: result.map((page) => `${page.url} ${page.content}`).sort() };
  } finally {
    stop();
  }
}

const PAGES = [1, 2, 3, 4, 5].map((n) => `/p/${n}/ <a href="/p/">page ${n}</a>`);

function heardPages(rendered: Rendered): string[] {
  return rendered.heard.map((page) => `${page.url} ${page.content}`).sort();
}

describe("pages handed on as they are finished", () => {
  test("with no transform to change them: each page once, before Eleventy lints or transforms any, and Eleventy keeps none", async () => {
    const rendered = await render();
    assert.deepEqual(heardPages(rendered), PAGES);
    assert.deepEqual(
      rendered.heard.map((page) => page.lintedBefore),
      [0, 0, 0, 0, 0],
    );
    assert.deepEqual(
      rendered.returned,
      [1, 2, 3, 4, 5].map((n) => `/p/${n}/ `),
      "Eleventy's copy of each page is left empty",
    );
  });

  test("with another transform: each page once, after its transforms, as they left it", async () => {
    const rendered = await render((eleventyConfig) => eleventyConfig.addTransform("rewrite", (content: string) => content.replace("<a ", '<a class="t" ')));
    const rewritten = PAGES.map((line) => line.replace("<a ", '<a class="t" '));
    assert.deepEqual(heardPages(rendered), rewritten);
    assert.deepEqual(rendered.returned, rewritten);
    assert.ok(
      rendered.heard.every((page) => page.lintedBefore > 0),
      "each page is heard of after it is linted",
    );
  });

  test("with a path prefix: each page after Eleventy's transform has added the prefix", async () => {
    const rendered = await render((eleventyConfig) => eleventyConfig.addPlugin(HtmlBasePlugin, { baseHref: "/news/" }), undefined, "/news/");
    assert.deepEqual(
      heardPages(rendered),
      PAGES.map((line) => line.replace('href="/p/"', 'href="/news/p/"')),
    );
  });

  test("a transform that changes pages under a name taken to leave them alone fails the run", async () => {
    await assert.rejects(
      render((eleventyConfig) => eleventyConfig.addTransform(PAUSE_TRANSFORM, (content: string) => `${content}<!-- changed -->`)),
      (error: Error) => /a transform changed \S*p\/\d\/index\.html after it was written as rendered/.test(fullMessage(error)),
    );
  });

  test("a failed run leaves nothing behind: the next run into the same folder hands on every page", async () => {
    const site = await mkdtemp(path.join(work, "site-"));
    await assert.rejects(render((eleventyConfig) => eleventyConfig.addTransform(PAUSE_TRANSFORM, (content: string) => `${content}!`), site));
    assert.deepEqual(heardPages(await render(undefined, site)), PAGES);
  });
});

describe("transformsLeavePagesAlone", () => {
  const quiet = { transforms: { "@11ty/eleventy/html-transformer": 0, [PAUSE_TRANSFORM]: 0 }, htmlTransformer: { isTransformable: () => false }, getBundleManagers: () => ({}) };

  test("only Eleventy's defaults with nothing to do, and the build's own", () => {
    assert.equal(transformsLeavePagesAlone(quiet), true);
  });

  test("not with another transform, a bundle, work for the HTML transformer, or an Eleventy that does not say", () => {
    assert.equal(transformsLeavePagesAlone({ ...quiet, transforms: { ...quiet.transforms, minify: 0 } }), false);
    assert.equal(transformsLeavePagesAlone({ ...quiet, getBundleManagers: () => ({ css: {} }) }), false);
    assert.equal(transformsLeavePagesAlone({ ...quiet, htmlTransformer: { isTransformable: (extension: string) => extension === "html" } }), false);
    assert.equal(transformsLeavePagesAlone({ ...quiet, transforms: undefined }), false);
    assert.equal(transformsLeavePagesAlone({ ...quiet, getBundleManagers: undefined }), false);
  });

  test("the site's own configuration hands pages on as rendered, and with a path prefix does not", async () => {
    for (const [pathPrefix, expected] of [
      [undefined, true],
      ["/news/", false],
    ] as const) {
      let decided: boolean | undefined;
      const eleventy = new Eleventy("templates", path.join(work, `site-config-${expected}`), {
        quietMode: true,
        configPath: "eleventy.config.ts",
        pathPrefix,
        config: (eleventyConfig: UserConfig) => {
          eleventyConfig.on("eleventy.before", () => {
            decided = transformsLeavePagesAlone(eleventyConfig as never);
          });
        },
      });
      const previous = process.env.NEWS_PATH_PREFIX;
      if (pathPrefix) process.env.NEWS_PATH_PREFIX = pathPrefix;
      try {
        await eleventy.toJSON();
      } finally {
        if (previous === undefined) delete process.env.NEWS_PATH_PREFIX;
        else process.env.NEWS_PATH_PREFIX = previous;
        // A run that returns its pages leaves its caller to wait for the search index it started; the
        // folder is removed after the tests, which must not race the index still being written into it.
        await searchIndexesWritten();
      }
      assert.equal(decided, expected, `path prefix ${pathPrefix ?? "none"}`);
    }
  });
});

/** An error's message with those of the errors it wraps (Eleventy keeps a transform's as `originalError`). */
function fullMessage(error: unknown): string {
  const parts: string[] = [];
  for (let current = error; current instanceof Error; current = (current as Error & { originalError?: unknown }).originalError ?? current.cause) parts.push(current.message);
  return parts.join(" / ");
}
