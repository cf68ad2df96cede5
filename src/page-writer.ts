import path from "node:path";
import type { Worker } from "node:worker_threads";
import { liesWithin } from "./contained-path.ts";
import type { BrokenLink, LinkCheckOptions } from "./link-check.ts";
import { byFolder, linkFiles } from "./kept-files.ts";
import { ownModule, startWorker } from "./own-modules.ts";
import type { ReusedPage, TakenIndex } from "./page-index.ts";
import type { RenderedPage } from "./rendered-pages.ts";

/** A page to write: its file, text and template, and the digest to keep it under (src/page-cache.ts), if it is kept. */
type Batch = [file: string, content: string, source: string, keep?: [digest: string, url: string]][];
export type PageWriterRequest =
  | { pages: Batch }
  /** Pages to take from the page cache, as their lines of its index; the first batch names the index, whose link targets the thread reads. */
  | { reuse: string[]; index?: TakenIndex }
  | { finish: true }
  | { check: string[] }
  /** Files the site will have besides its pages: links to them need not wait for the check at the end. */
  | { files: string[] }
  | { store: { dir: string; site: string } };
/** A batch written or taken (with the thread's first failure, if any), or the answer to a finish, a check or a store. */
export type PageWriterReply = { wrote: number; error?: string } | { took: number; error?: string } | { finished: true } | { error: string } | { broken: BrokenLink[] } | { stored: true };
export interface PageWriterData {
  outputDir: string;
  links?: LinkCheckOptions;
  /** The page cache's folder of kept pages: written pages with a digest are linked in, and taken pages linked out. */
  keptFiles?: string;
}

/**
 * Threads that put taken pages in place. Each page has a folder of its own, and making the folders
 * is most of the work; the file system makes folders in different places at once, so two threads,
 * each with its own top-level folders, take about half as long as one.
 */
const TAKING_THREADS = 2;

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
  readonly #keptFiles?: string;
  /** Kept pages being put into the site, on threads of their own. */
  readonly #taking: Promise<void>[] = [];

  /**
   * With `links`, the thread also checks each page's links as it writes it (src/link-check.ts);
   * brokenLinks() tells the result. With `keptFiles` (src/page-cache.ts), pages added with a digest
   * are kept there, and reuse() takes kept pages into the site.
   */
  constructor(outputDir: string, options: { links?: LinkCheckOptions; keptFiles?: string } = {}) {
    this.#outputDir = path.resolve(outputDir);
    this.#links = options.links;
    this.#keptFiles = options.keptFiles;
  }

  /** Starts the thread now, so that it is ready when the first pages come (it loads the link check's parser). */
  start(): void {
    this.#worker ??= this.#start();
    this.#idleUnlessBusy();
  }

  /**
   * Files the site will have besides its pages (static files, fingerprinted assets, images), relative to
   * its folder, known before the pages are written: the link check answers links to them at once, rather
   * than keep every page's links to them until the end (at 100,000 stories, millions of references).
   */
  expectFiles(files: readonly string[]): void {
    if (!this.#links || files.length === 0) return;
    (this.#worker ??= this.#start()).postMessage({ files: [...files] } satisfies PageWriterRequest);
  }

  /** Queues a page (to keep under `digest`, if given); a permalink that leads out of the site fails the writer, and nothing more is written. */
  add(page: RenderedPage, digest?: string): void {
    if (this.#failure) return;
    const file = path.resolve(page.outputPath);
    if (!liesWithin(this.#outputDir, file)) {
      this.#fail(new Error(`${page.inputPath} would write ${page.outputPath}, outside the site folder ${this.#outputDir}.`));
      return;
    }
    this.#batch.push([file, page.content, page.inputPath, digest === undefined || !this.#keptFiles ? undefined : [digest, page.url]]);
    if (this.#batch.length >= PAGES_PER_MESSAGE) this.#send();
  }

  /**
   * Queues pages to take from the page cache, as they were kept (their links are checked like a
   * written page's). A file the cache names outside the site fails the writer.
   */
  reuse(pages: readonly ReusedPage[], index: TakenIndex): void {
    if (this.#failure || pages.length === 0) return;
    if (!this.#keptFiles) throw new Error("Internal error: this page writer keeps no pages");
    const outside = pages.find(({ file }) => !liesWithin(this.#outputDir, path.resolve(this.#outputDir, file)));
    if (outside) {
      this.#fail(new Error(`The page cache names ${outside.file}, outside the site folder ${this.#outputDir}.`));
      return;
    }
    // Making a folder for each page and linking its file in was most of this thread's work in a build
    // that took most pages: on another thread it is done beside the rendering and the writing.
    // Named as the index names them (the digest, the file in the site), and joined to their folders by
    // the thread: a path made here for each (path.join builds it in pieces) held about 600 bytes of this
    // heap, and the pairs of a rebuild of 100,000 stories some 280 MB while the pages were handed on.
    const files = pages.map(({ digest, file }) => [digest, file] as const);
    for (const part of byFolder(files, TAKING_THREADS)) {
      const taking = linkFiles(part, { from: this.#keptFiles, to: this.#outputDir });
      // Noted at once, so a failure is not an unhandled rejection before finished() looks.
      taking.catch((error: unknown) => this.#fail(error instanceof Error ? error : new Error(String(error))));
      this.#taking.push(taking);
    }
    // The thread that checks links learns of each page and its links.
    this.#send();
    const worker = (this.#worker ??= this.#start());
    worker.ref();
    for (let start = 0; start < pages.length; start += PAGES_PER_MESSAGE * 4) {
      const part = pages.slice(start, start + PAGES_PER_MESSAGE * 4).map(({ entry }) => entry);
      // Not counted as pending: a taken page holds no text in this thread, so there is nothing for caughtUp() to bound.
      worker.postMessage({ reuse: part, ...(start === 0 ? { index } : {}) } satisfies PageWriterRequest);
      this.#inFlight++;
    }
  }

  /** Stores the page cache's index of the pages this build took and kept (src/page-cache.ts); call once the build succeeded. */
  async storeKept(dir: string, site: string): Promise<void> {
    if (!this.#keptFiles) throw new Error("Internal error: this page writer keeps no pages");
    const worker = (this.#worker ??= this.#start());
    const reply = await this.#ask(worker, { store: { dir, site } });
    if ("error" in reply) throw new Error(reply.error);
  }

  /** Resolves once every added page is written; rejects with the first failure. The writer can take more pages after. */
  async finished(): Promise<void> {
    await Promise.allSettled(this.#taking);
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
    const worker = startWorker(ownModule("./page-writer-worker.ts", import.meta.url), {
      workerData: { outputDir: this.#outputDir, links: this.#links, keptFiles: this.#keptFiles } satisfies PageWriterData,
    });
    worker.on("message", (reply: PageWriterReply) => {
      if ("wrote" in reply) {
        this.#inFlight--;
        this.#pending -= reply.wrote;
        if (reply.error) this.#fail(new Error(reply.error));
        this.#wakeCaughtUp();
      } else if ("took" in reply) {
        this.#inFlight--;
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
