import type { UserConfig } from "@11ty/eleventy";

// Eleventy 3.1 compiles a Nunjucks template anew for every page it paginates into: its Nunjucks
// engine is not "cacheable", and each compile builds a fresh nunjucks.Template that parses, transforms
// and code-generates the whole file again on first render. On 10,000 article pages that was 14 of 17
// seconds of rendering. A template's compiled form depends only on its text and path, so it is built
// once here and rendered with each page's data.

/** The parts of Nunjucks this module uses (Eleventy hands them over in its "eleventy.engine.njk" event). */
interface NunjucksTemplate {
  render(data: unknown, callback: (error: Error | null, result: string) => void): void;
}
interface NunjucksLib {
  Template: new (source: string, env: unknown, path: string | null, eagerCompile: boolean) => NunjucksTemplate;
}
interface EngineEvent {
  nunjucks: NunjucksLib;
  environment: unknown;
}

declare module "@11ty/eleventy" {
  interface UserConfig {
    addExtension(
      extension: string,
      options: {
        key?: string;
        compileOptions?: { cache?: boolean; permalink?: (source: unknown, inputPath: string) => unknown };
        compile(source: string, inputPath: string): unknown;
      },
    ): UserConfig;
    on(event: "eleventy.engine.njk", handler: (args: EngineEvent) => unknown): UserConfig;
  }
}

export type RenderFunction = (data: unknown) => Promise<string>;
/**
 * Told of each rendering of a file's content, with the data it was rendered with; returns the text
 * Eleventy is to have (src/rendered-pages.ts hands a page on and leaves Eleventy an empty one).
 */
export type RenderedListener = (data: unknown, html: string) => string;

/**
 * Keeps one compiled template per file and text. A new Nunjucks environment (Eleventy makes one per
 * build, so also per rebuild in watch mode) starts a new cache: templates are bound to their environment,
 * and an edited file's old text is not kept.
 */
export class NunjucksCompileCache {
  #lib?: NunjucksLib;
  #environment?: unknown;
  // Keyed by path and text (a file's content and its permalink are compiled under the same path), and
  // by whether its renderings are told of.
  #compiled = new Map<string, RenderFunction>();

  useEnvironment(lib: NunjucksLib, environment: unknown): void {
    if (environment === this.#environment) return;
    this.#lib = lib;
    this.#environment = environment;
    this.#compiled.clear();
  }

  compile(source: string, inputPath: string, onRendered?: RenderedListener): RenderFunction {
    if (!this.#lib) throw new Error("Nunjucks templates were compiled before Eleventy set up its Nunjucks environment");
    const key = `${onRendered ? "told" : "untold"}\0${inputPath}\0${source}`;
    const cached = this.#compiled.get(key);
    if (cached) return cached;
    // As Eleventy's own engine does: strings without a real file (permalinks, "njk", "md") have no path.
    const templatePath = !inputPath || inputPath === "njk" || inputPath === "md" ? null : inputPath;
    // Compiled now, not on first render, so a syntax error surfaces once, at compile time, with the path.
    const template = new this.#lib.Template(source, this.#environment, templatePath, true);
    const render: RenderFunction = (data) =>
      new Promise((resolve, reject) =>
        template.render(data, (error, result) => {
          if (error) return reject(error);
          resolve(onRendered ? onRendered(data, result) : result);
        }),
      );
    this.#compiled.set(key, render);
    return render;
  }
}

/**
 * Makes Eleventy render .njk files (and their permalinks) through a compile cache; `onRendered` hears of
 * every rendering of a file's content (not of its permalink), and says what Eleventy gets.
 */
export function cacheNunjucksCompiles(eleventyConfig: UserConfig, onRendered?: RenderedListener): void {
  const cache = new NunjucksCompileCache();
  eleventyConfig.on("eleventy.engine.njk", ({ nunjucks, environment }) => cache.useEnvironment(nunjucks, environment));
  eleventyConfig.addExtension("njk", {
    key: "njk",
    compile: (source, inputPath) => cache.compile(source, inputPath, onRendered),
    compileOptions: {
      // Not Eleventy's compile cache as well: it would reuse a template compiled against the previous
      // rebuild's environment after a layout it extends was edited (Eleventy does not know that
      // dependency). This cache starts afresh with each environment instead.
      cache: false,
      // A custom engine leaves permalinks uncompiled unless told how; compile them as Nunjucks, as
      // Eleventy's own engine does. Non-string permalinks (false, objects) pass through unchanged.
      permalink: (source, inputPath) => (typeof source === "string" ? cache.compile(source, inputPath) : () => source),
    },
  });
}
