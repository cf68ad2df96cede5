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
  /** How compiled templates print a value: "" for undefined or null, escaped when autoescape is on. */
  runtime?: { suppressValue(value: unknown, autoescape: boolean): string };
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
 * A permalink that prints one variable in literal text, as "{{ article.url }}" or
 * "s/{{ redirect.code }}/index.html" (every paginated permalink here): before, the variable's path, after.
 */
const ONE_VARIABLE = /^([^{}]*)\{\{\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*\}\}([^{}]*)$/;
/** A lookup `printedValue` leaves to Nunjucks. */
const NOT_PLAIN = Symbol("not plain");
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
  // Keyed by path and whether its renderings are told of, then by text (a file's content and its
  // permalink are compiled under the same path). The text is a key of its own, not part of one string:
  // Eleventy asks once per page with the same string, whose hash V8 keeps, where a key made by joining
  // it to the path was a new string to copy and hash each time (0.2–0.3 s of a 10,000-story build).
  #compiled = new Map<string, Map<string, RenderFunction>>();
  #permalinks = new Map<string, Map<string, RenderFunction>>();

  useEnvironment(lib: NunjucksLib, environment: unknown): void {
    if (environment === this.#environment) return;
    this.#lib = lib;
    this.#environment = environment;
    this.#compiled.clear();
    this.#permalinks.clear();
  }

  compile(source: string, inputPath: string, onRendered?: RenderedListener): RenderFunction {
    if (!this.#lib) throw new Error("Nunjucks templates were compiled before Eleventy set up its Nunjucks environment");
    const key = `${onRendered ? "told" : "untold"}\0${inputPath}`;
    let ofFile = this.#compiled.get(key);
    if (!ofFile) this.#compiled.set(key, (ofFile = new Map()));
    const cached = ofFile.get(source);
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
    ofFile.set(source, render);
    return render;
  }

  /**
   * A permalink's render function. One that prints a variable in literal text (`ONE_VARIABLE`) looks it
   * up directly and prints it as Nunjucks' own compiled code does (its `suppressValue`, with the
   * environment's autoescape): a Nunjucks render costs a context that copies every key of the page's
   * data, for each of 25,000 pages. Anything less plain is rendered by Nunjucks.
   */
  compilePermalink(source: string, inputPath: string): RenderFunction {
    // Eleventy asks for a permalink's render function for each page.
    let ofFile = this.#permalinks.get(inputPath);
    if (!ofFile) this.#permalinks.set(inputPath, (ofFile = new Map()));
    const known = ofFile.get(source);
    if (known) return known;
    const render = this.#permalinkRender(source, inputPath);
    ofFile.set(source, render);
    return render;
  }

  #permalinkRender(source: string, inputPath: string): RenderFunction {
    const general = this.compile(source, inputPath);
    const match = ONE_VARIABLE.exec(source);
    const print = this.#lib?.runtime?.suppressValue;
    const autoescape = (this.#environment as { opts?: { autoescape?: unknown } } | undefined)?.opts?.autoescape;
    if (!match || !print || typeof autoescape !== "boolean") return general;
    const [, before = "", variable = "", after = ""] = match;
    const path = variable.split(".");
    return (data) => {
      const value = printedValue(data, path);
      return value === NOT_PLAIN ? general(data) : Promise.resolve(`${before}${print(value, autoescape)}${after}`);
    };
  }
}

/**
 * The value `{{ a.b.c }}` prints, looked up as Nunjucks does: a name the page's data does not have may be
 * one of Nunjucks' globals, and a function would be called by its printing, so both go to Nunjucks.
 */
function printedValue(data: unknown, [first, ...rest]: readonly string[]): unknown {
  if (typeof data !== "object" || data === null || first === undefined || !Object.hasOwn(data, first)) return NOT_PLAIN;
  let value: unknown = (data as Record<string, unknown>)[first];
  for (const name of rest) {
    if (typeof value === "function") return NOT_PLAIN;
    if (value === undefined || value === null) return undefined;
    value = (value as Record<string, unknown>)[name];
  }
  return typeof value === "function" ? NOT_PLAIN : value;
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
      permalink: (source, inputPath) => (typeof source === "string" ? cache.compilePermalink(source, inputPath) : () => source),
    },
  });
}
