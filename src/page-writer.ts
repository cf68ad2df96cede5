import path from "node:path";
import { Worker } from "node:worker_threads";
import { liesWithin } from "./contained-path.ts";
import type { BrokenLink, LinkCheckOptions } from "./link-check.ts";
import type { RenderedPage } from "./rendered-pages.ts";

type Batch = [file: string, content: string, source: string][];
export type PageWriterRequest = { pages: Batch } | { finish: true } | { check: string[] };
/** A batch done (with the thread's first failure, if any), or the answer to a finish or a check. */
export type PageWriterReply = { wrote: number; error?: string } | { finished: true } | { error: string } | { broken: BrokenLink[] };
export interface PageWriterData {
  entry: string;
  outputDir: string;
  links?: LinkCheckOptions;
}

/** Pages sent at a time: one message per page would cost more in messaging than writing it. */
const PAGES_PER_MESSAGE = 64;

/**
 * Writes rendered pages on a thread of its own (src/page-writer-worker.ts), as they are added: the
 * build adds each page as Eleventy hands it on, and the rendering thread never waits for the disk
 * (Eleventy's own writes are synchronous, on that thread). Given link-check options, the thread also
 * checks each page's links once it is written (src/link-check.ts), so that work too is off the
 * rendering thread and done while the next pages render.
 * After a failure (a page outside the folder, a write that failed) nothing more is written or sent,
 * and finished() reports it once the thread has stopped, so the caller can remove the folder with
 * nothing still writing into it.
 */
export class PageWriter {
  readonly #outputDir: string;
  #worker?: Worker;
  #batch: Batch = [];
  #inFlight = 0;
  /** Pages sent and not yet written. */
  #pending = 0;
  readonly #catchingUp: { pages: number; resolve: () => void }[] = [];
  /** Callers of finished() or brokenLinks() waiting for the thread's answer, which it gives in the order asked. */
  readonly #finishing: ((reply: PageWriterReply) => void)[] = [];
  #failure?: Error;
  #stopped = false;

  readonly #links?: LinkCheckOptions;

  /** With `links`, the thread also checks each page's links as it writes it (src/link-check.ts); brokenLinks() tells the result. */
  constructor(outputDir: string, options: { links?: LinkCheckOptions } = {}) {
    this.#outputDir = path.resolve(outputDir);
    this.#links = options.links;
  }

  /** Queues a page; a permalink that leads out of the site fails the writer, and nothing more is written. */
  add(page: RenderedPage): void {
    if (this.#failure) return;
    const file = path.resolve(page.outputPath);
    if (!liesWithin(this.#outputDir, file)) {
      this.#fail(new Error(`${page.inputPath} would write ${page.outputPath}, outside the site folder ${this.#outputDir}.`));
      return;
    }
    this.#batch.push([file, page.content, page.inputPath]);
    if (this.#batch.length >= PAGES_PER_MESSAGE) this.#send();
  }

  /** Resolves once every added page is written; rejects with the first failure. The writer can take more pages after. */
  async finished(): Promise<void> {
    this.#send();
    const worker = this.#worker;
    // Asked even after a failure: the thread may still be writing what was sent before it.
    if (worker && !this.#stopped) {
      worker.ref();
      const reply = await this.#ask(worker, { finish: true });
      if ("error" in reply && reply.error) this.#fail(new Error(reply.error));
    }
    if (this.#failure) throw this.#failure;
  }

  /**
   * The links of the written pages that lead to no file, once `otherFiles` (the site's files besides the
   * written pages, relative to its folder) are there too. Call it after finished().
   */
  async brokenLinks(otherFiles: readonly string[]): Promise<BrokenLink[]> {
    if (!this.#links) throw new Error("Internal error: this page writer checks no links");
    const worker = (this.#worker ??= this.#start());
    const reply = await this.#ask(worker, { check: [...otherFiles] });
    if ("error" in reply) throw new Error(reply.error);
    return "broken" in reply ? reply.broken : [];
  }

  async #ask(worker: Worker, request: PageWriterRequest): Promise<PageWriterReply> {
    worker.ref();
    const reply = await new Promise<PageWriterReply>((resolve) => {
      this.#finishing.push(resolve);
      worker.postMessage(request);
    });
    this.#idleUnlessBusy();
    return reply;
  }

  /**
   * Resolves once no more than `pages` added pages are waiting to be written (or the writer has failed):
   * a build that renders faster than the thread writes waits here between runs, so that what is queued
   * for the thread stays bounded by about one run.
   */
  async caughtUp(pages: number): Promise<void> {
    this.#send();
    if (this.#pending <= pages || this.#failure) return;
    await new Promise<void>((resolve) => this.#catchingUp.push({ pages, resolve }));
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
    const worker = (this.#worker ??= this.#start());
    worker.ref();
    worker.postMessage({ pages: this.#batch } satisfies PageWriterRequest);
    this.#pending += this.#batch.length;
    this.#batch = [];
    this.#inFlight++;
  }

  #start(): Worker {
    const worker = new Worker(new URL("./ts-worker-entry.mjs", import.meta.url), {
      workerData: { entry: new URL("./page-writer-worker.ts", import.meta.url).href, outputDir: this.#outputDir, links: this.#links } satisfies PageWriterData,
    });
    worker.on("message", (reply: PageWriterReply) => {
      if ("wrote" in reply) {
        this.#inFlight--;
        this.#pending -= reply.wrote;
        if (reply.error) this.#fail(new Error(reply.error));
        this.#wakeCaughtUp();
      } else this.#finishing.shift()?.(reply);
      this.#idleUnlessBusy();
    });
    const stopped = (error: Error | number) => {
      this.#stopped = true;
      this.#fail(error instanceof Error ? error : new Error(`the page-writing thread stopped (exit code ${error})`));
      for (const finish of this.#finishing.splice(0)) finish({ error: this.#failure!.message });
      this.#wakeCaughtUp();
    };
    worker.once("error", stopped);
    worker.once("exit", stopped);
    return worker;
  }

  #fail(error: Error): void {
    this.#failure ??= error;
  }

  #wakeCaughtUp(): void {
    for (let i = this.#catchingUp.length - 1; i >= 0; i--) {
      const waiting = this.#catchingUp[i]!;
      if (this.#pending > waiting.pages && !this.#failure) continue;
      this.#catchingUp.splice(i, 1);
      waiting.resolve();
    }
  }

  /** With nothing sent and unanswered, the thread need not keep the process alive until more comes. */
  #idleUnlessBusy(): void {
    if (this.#inFlight === 0 && this.#finishing.length === 0) this.#worker?.unref();
  }
}
