import path from "node:path";
import { Worker } from "node:worker_threads";
import { liesWithin } from "./contained-path.ts";
import type { BrokenLink, LinkCheckOptions } from "./link-check.ts";
import type { RenderedPage } from "./rendered-pages.ts";

export interface PageWriterOptions {
  /** Scan each written page's internal links (src/link-check.ts) off the rendering thread; absent, no check. */
  checkLinks?: LinkCheckOptions;
}

/** What a writer thread starts with (its workerData). */
export interface PageWriterStart {
  entry: string;
  outputDir: string;
  checkLinks?: LinkCheckOptions;
}
type Batch = [file: string, content: string, source: string][];
/** A batch to write, to scan for links, or both. */
export type PageWriterRequest = { pages: Batch; write: boolean; scan: boolean } | { finish: true };
/** A batch done (with the first failure on the thread, if any), or the answer to a finish. */
export type PageWriterReply = { wrote: number; error?: string } | { finished: true; unresolved: BrokenLink[] } | { error: string };

/** Pages sent at a time: one message per page would cost more in messaging than writing it. */
const PAGES_PER_MESSAGE = 64;
/**
 * Batches sent to a thread and not yet done, past which hasRoom() waits. Eleventy hands a run's
 * pages on in a second or two once it has rendered them all, far faster than they are written and
 * scanned: unchecked, the queues held a second copy of most of the site (300 MB at 10,000 stories).
 */
const BATCHES_IN_FLIGHT = 8;
/**
 * One batch in so many is scanned by the writing thread, the rest by the scanning thread: writing a
 * page costs that thread about half what scanning it does, so this shares the work about evenly.
 */
const SCANNED_BY_WRITER_EVERY = 3;

/**
 * Writes rendered pages on a thread of its own (src/page-writer-worker.ts), as they are added, and
 * scans them for the link check on that thread and a second one. The build adds each page as
 * Eleventy hands it on; Eleventy renders every page of a run before it hands on the first, so the
 * writing and scanning are what is left of the run, and two threads share them on two cores. Only
 * one thread writes: two writing into the same folders cost several times the kernel time.
 * After a failure (a page outside the folder, a write that failed) nothing more is written or sent,
 * and finished() reports it once the threads have stopped, so the caller can remove the folder with
 * nothing still writing into it.
 */
export class PageWriter {
  readonly #outputDir: string;
  readonly #checkLinks?: LinkCheckOptions;
  #writer?: WriterThread;
  #scanner?: WriterThread;
  #batches = 0;
  #batch: Batch = [];
  #roomWaiters: (() => void)[] = [];
  #failure?: Error;

  constructor(outputDir: string, options: PageWriterOptions = {}) {
    this.#outputDir = path.resolve(outputDir);
    this.#checkLinks = options.checkLinks;
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

  /** Resolves when the writer can take more pages without holding many more in memory. */
  hasRoom(): Promise<void> {
    if (this.#failure || !this.#busy()) return Promise.resolve();
    return new Promise((resolve) => this.#roomWaiters.push(resolve));
  }

  /**
   * Resolves once every added page is written, with the references of every page written so far that
   * no written page answered (for LinkCheck.adopt, once the rest of the site is in place); rejects
   * with the first failure. The writer can take more pages after.
   */
  async finished(): Promise<BrokenLink[]> {
    this.#send();
    const replies = await Promise.all([this.#writer, this.#scanner].map((thread) => thread?.finish()));
    const unresolved: BrokenLink[] = [];
    for (const reply of replies) {
      if (reply && "error" in reply) this.#failure ??= new Error(reply.error);
      else if (reply && "unresolved" in reply) unresolved.push(...reply.unresolved);
    }
    if (this.#failure) throw this.#failure;
    return unresolved;
  }

  /** Adds the pages and waits for them (and any added before). */
  async write(pages: readonly RenderedPage[]): Promise<BrokenLink[]> {
    // Checked before anything is written: a template's permalink cannot lead out of the site.
    for (const page of pages) if (!liesWithin(this.#outputDir, path.resolve(page.outputPath))) this.add(page);
    for (const page of pages) this.add(page);
    return this.finished();
  }

  #send(): void {
    if (this.#batch.length === 0 || this.#failure) return;
    const start = { entry: new URL("./page-writer-worker.ts", import.meta.url).href, outputDir: this.#outputDir, checkLinks: this.#checkLinks };
    const writer = (this.#writer ??= new WriterThread(start, () => this.#done()));
    const scannedByWriter = !this.#checkLinks || this.#batches++ % SCANNED_BY_WRITER_EVERY === 0;
    writer.send({ pages: this.#batch, write: true, scan: scannedByWriter });
    if (this.#checkLinks) {
      // The scanning thread hears of every page, so that links to those it does not scan are not kept as missing.
      const pages: Batch = scannedByWriter ? this.#batch.map(([file, , source]) => [file, "", source]) : this.#batch;
      (this.#scanner ??= new WriterThread(start, () => this.#done())).send({ pages, write: false, scan: !scannedByWriter });
    }
    this.#batch = [];
  }

  #busy(): boolean {
    return [this.#writer, this.#scanner].some((thread) => thread && thread.inFlight >= BATCHES_IN_FLIGHT);
  }

  #done(): void {
    const failure = [this.#writer, this.#scanner].find((thread) => thread?.failure)?.failure;
    if (failure) this.#failure ??= new Error(failure);
    if (this.#failure || !this.#busy()) for (const waiter of this.#roomWaiters.splice(0)) waiter();
  }
}

/** One thread of the writer, and the batches sent to it that it has not yet done. */
class WriterThread {
  readonly #worker: Worker;
  /** Callers of finish() waiting for their reply; the thread answers in the order it was asked. */
  readonly #finishing: ((reply: PageWriterReply) => void)[] = [];
  #failure?: string;
  inFlight = 0;

  constructor(start: PageWriterStart, done: () => void) {
    this.#worker = new Worker(new URL("./ts-worker-entry.mjs", import.meta.url), { workerData: start });
    this.#worker.on("message", (reply: PageWriterReply) => {
      if ("wrote" in reply) {
        this.inFlight--;
        if (reply.error) this.#failure ??= reply.error;
        this.#idleUnlessBusy();
        done();
      } else {
        this.#finishing.shift()?.(reply);
        this.#idleUnlessBusy();
      }
    });
    const stopped = (error: Error | number) => {
      this.#failure ??= error instanceof Error ? error.message : `the page-writing thread stopped (exit code ${error})`;
      for (const finish of this.#finishing.splice(0)) finish({ error: this.#failure });
      done();
    };
    this.#worker.once("error", stopped);
    this.#worker.once("exit", stopped);
  }

  /** What went wrong on the thread, if anything has. */
  get failure(): string | undefined {
    return this.#failure;
  }

  send(request: PageWriterRequest & { pages: Batch }): void {
    this.#worker.ref();
    this.#worker.postMessage(request);
    this.inFlight++;
  }

  /** Waits for every batch sent so far; the reply says what failed, or which references had no page. */
  finish(): Promise<PageWriterReply> {
    if (this.#failure) return Promise.resolve({ error: this.#failure });
    this.#worker.ref();
    return new Promise<PageWriterReply>((resolve) => {
      this.#finishing.push(resolve);
      this.#worker.postMessage({ finish: true } satisfies PageWriterRequest);
    });
  }

  /** With nothing sent and unanswered, the thread need not keep the process alive until more comes. */
  #idleUnlessBusy(): void {
    if (this.inFlight === 0 && this.#finishing.length === 0) this.#worker.unref();
  }
}
