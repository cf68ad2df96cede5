import path from "node:path";
import { Worker } from "node:worker_threads";
import { liesWithin } from "./contained-path.ts";
import type { RenderedPage } from "./rendered-pages.ts";

export type PageWriterRequest = { pages: [file: string, content: string, source: string][] } | { finish: true };
export type PageWriterReply = { finished: true } | { error: string };

/** Pages sent at a time: one message per page would cost more in messaging than writing it. */
const PAGES_PER_MESSAGE = 64;

/**
 * Writes rendered pages on a thread of its own (src/page-writer-worker.ts), as they are added: the
 * build adds each page as Eleventy finishes it, so the disk works while the next pages render, and
 * the rendering thread never waits for it (Eleventy's own writes are synchronous, on that thread).
 * After a failure nothing more is written, and finished() reports it once the thread has stopped
 * writing, so the caller can remove the folder with nothing still writing into it.
 */
export class PageWriter {
  readonly #outputDir: string;
  #worker?: Worker;
  #batch: [string, string, string][] = [];
  #failure?: Error;

  constructor(outputDir: string) {
    this.#outputDir = path.resolve(outputDir);
  }

  /** Queues a page; a permalink that leads out of the site fails the writer, and nothing more is written. */
  add(page: RenderedPage): void {
    if (this.#failure) return;
    const file = path.resolve(page.outputPath);
    if (!liesWithin(this.#outputDir, file)) {
      this.#failure = new Error(`${page.inputPath} would write ${page.outputPath}, outside the site folder ${this.#outputDir}.`);
      return;
    }
    this.#batch.push([file, page.content, page.inputPath]);
    if (this.#batch.length >= PAGES_PER_MESSAGE) this.#send();
  }

  /** Resolves once every added page is written; rejects with the first failure. The writer can take more pages after. */
  async finished(): Promise<void> {
    this.#send();
    const worker = this.#worker;
    if (worker) {
      worker.ref();
      const reply = await new Promise<PageWriterReply>((resolve, reject) => {
        const stopped = (error: Error | number) => reject(error instanceof Error ? error : new Error(`the page-writing thread stopped (exit code ${error})`));
        worker.once("error", stopped);
        worker.once("exit", stopped);
        worker.once("message", (message: PageWriterReply) => {
          worker.off("error", stopped);
          worker.off("exit", stopped);
          resolve(message);
        });
        worker.postMessage({ finish: true } satisfies PageWriterRequest);
      }).catch((error: Error) => ({ error: error.message }));
      if ("error" in reply) this.#failure ??= new Error(reply.error);
      // Idle until more pages come: it need not keep the process alive.
      worker.unref();
    }
    if (this.#failure) throw this.#failure;
  }

  /** Adds the pages and waits for them (and any added before). */
  async write(pages: readonly RenderedPage[]): Promise<void> {
    // Checked before anything is written: a template's permalink cannot lead out of the site.
    for (const page of pages) if (!liesWithin(this.#outputDir, path.resolve(page.outputPath))) this.add(page);
    for (const page of pages) this.add(page);
    await this.finished();
  }

  #send(): void {
    if (this.#batch.length === 0 || this.#failure) return;
    this.#worker ??= new Worker(new URL("./ts-worker-entry.mjs", import.meta.url), {
      workerData: { entry: new URL("./page-writer-worker.ts", import.meta.url).href },
    });
    this.#worker.ref();
    this.#worker.postMessage({ pages: this.#batch } satisfies PageWriterRequest);
    this.#batch = [];
  }
}
