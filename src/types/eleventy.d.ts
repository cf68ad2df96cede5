// Eleventy 3 ships JSDoc, not TypeScript declarations. These are the parts of its API this project
// uses, typed from its documentation, so the plugin and scripts are checked like the rest.
declare module "@11ty/eleventy" {
  export interface EleventyDirectories {
    input: string;
    output: string;
    includes: string;
    layouts?: string;
  }

  export interface EleventyEventArgs {
    directories: EleventyDirectories;
    runMode: "build" | "serve" | "watch";
    outputMode: "fs" | "json" | "ndjson";
    incremental: boolean;
  }

  export interface UserConfig {
    addGlobalData(name: string, data: unknown): UserConfig;
    addFilter(name: string, filter: (...args: never[]) => unknown): UserConfig;
    addAsyncFilter(name: string, filter: (...args: never[]) => Promise<unknown>): UserConfig;
    /**
     * recursive-copy's options. `filter`: given each path inside a copied folder (forward slashes), whether to copy it;
     * `transform`: given each file's source and target, a stream its bytes go through on their way, or null for none.
     */
    addPassthroughCopy(paths: string | Record<string, string>, copyOptions?: { filter?: (file: string) => boolean; transform?: (source: string, target: string) => NodeJS.ReadWriteStream | null }): UserConfig;
    addWatchTarget(target: string): UserConfig;
    /** Globs (relative to the project) the watcher leaves alone; read when watching starts. */
    watchIgnores: Set<string>;
    addPlugin<Options>(plugin: (config: UserConfig, options: Options) => unknown, options?: Options): UserConfig;
    setNunjucksEnvironmentOptions(options: { autoescape?: boolean; throwOnUndefined?: boolean; trimBlocks?: boolean; lstripBlocks?: boolean }): UserConfig;
    setServerOptions(options: Record<string, unknown>): UserConfig;
    setQuietMode(quiet: boolean): UserConfig;
    /** Options for the watcher (chokidar 4), merged over Eleventy's own. */
    setChokidarConfig(options: { awaitWriteFinish?: false | { stabilityThreshold: number; pollInterval: number }; atomic?: boolean | number }): UserConfig;
    on(event: "eleventy.before" | "eleventy.after", handler: (args: EleventyEventArgs) => unknown): UserConfig;
    on(event: "eleventy.beforeWatch", handler: (changedFiles: string[]) => unknown): UserConfig;
    /** After each call of the function watch() resolves with has ended (its rebuild, or the one it joined). */
    on(event: "eleventy.afterwatch", handler: () => unknown): UserConfig;
    addTransform(name: string, transform: (this: { page: { outputPath: string | false; url: string | false; inputPath: string } }, content: string) => string | Promise<string>): UserConfig;
    pathPrefix?: string;
  }

  export interface EleventyOptions {
    configPath?: string;
    quietMode?: boolean;
    pathPrefix?: string;
    runMode?: "build" | "serve" | "watch";
    source?: "cli" | "script";
    config?: (config: UserConfig) => unknown;
  }

  export class Eleventy {
    constructor(input?: string, output?: string, options?: EleventyOptions);
    init(): Promise<void>;
    /** The output folder (as configured, perhaps with a trailing slash) once init() has resolved. */
    readonly outputDir: string;
    /** Eleventy's template writer once init() has resolved; its dry run (no page written) is set from the dryRun option as each build starts. */
    readonly writer: { setDryRun(dryRun: boolean): void };
    write(): Promise<unknown>;
    /** Renders every page without writing it: [{ url, inputPath, outputPath, content }]. */
    toJSON(): Promise<unknown>;
    setIncrementalBuild(incremental: boolean): void;
    /**
     * Watch or serve mode: the first build, then watching. Eleventy 3.1 resolves with the function its
     * watcher calls for a changed or added file (queue it and rebuild); its source calls that a test hook.
     */
    watch(): Promise<(changedFile: string) => Promise<void>>;
    /** The file watcher (chokidar) once watch() has resolved. */
    watcher?: { on(event: "unlink" | "unlinkDir", listener: (file: string) => void): unknown; unwatch(target: string): unknown; add(target: string): unknown };
    serve(port?: number): Promise<void>;
    stopWatch(): Promise<void>;
  }

  export function HtmlBasePlugin(config: UserConfig, options?: { baseHref?: string; extensions?: string }): void;
}
