import { fileURLToPath } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";

// Our modules run two ways: as TypeScript under tsx (the tests, the preview server, the scripts) and as
// JavaScript compiled ahead of the run (npm run build: src/cli/compiled.mjs, which says why). Code that
// names one of our modules by its file (a worker thread, a child process, Eleventy's configuration)
// asks here for the file this process can load.

/** True when this process runs our code compiled to JavaScript. */
export const compiled = import.meta.url.endsWith(".js");

/** Our module `name`, as it is named in TypeScript (e.g. "./search-worker.ts"), relative to the module at `from`. */
export function ownModule(name: string, from: string): URL {
  return new URL(compiled ? name.replace(/\.ts$/, ".js") : name, from);
}

/**
 * Starts one of our modules on a worker thread. Under tsx it starts from src/ts-worker-entry.mjs,
 * which registers tsx in the new thread before it loads the module; compiled, it starts directly.
 */
export function startWorker(module: URL, options: WorkerOptions & { workerData?: object } = {}): Worker {
  if (compiled) return new Worker(module, options);
  return new Worker(new URL("./ts-worker-entry.mjs", import.meta.url), { ...options, workerData: { ...options.workerData, entry: module.href } });
}

/** The arguments that make `node` run one of our modules as a script. */
export function nodeArgsFor(module: URL): string[] {
  return compiled ? [fileURLToPath(module)] : ["--import", "tsx", fileURLToPath(module)];
}
