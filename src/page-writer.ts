import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { liesWithin } from "./contained-path.ts";

/** A page Eleventy rendered (its toJSON() output), to be written into the site folder. */
export interface RenderedPage {
  url: string;
  inputPath: string;
  /** Where Eleventy would have written it: a file inside the output folder. */
  outputPath: string;
  content: string;
}

/**
 * Files written at once. Enough to keep libuv's thread pool (4 threads) fed; bounded, because
 * Eleventy's own asynchronous writes opened every file at once and ran out of file handles
 * (11ty/eleventy#3271), which is why Eleventy writes synchronously, on the rendering thread.
 */
const WRITES_IN_FLIGHT = 16;

/**
 * Writes rendered pages on libuv's thread pool, a few at a time, so that the main thread is free
 * for other work (the link check) while the disk is busy. Each folder is made once per build.
 */
export class PageWriter {
  readonly #outputDir: string;
  readonly #folders = new Map<string, Promise<unknown>>();

  constructor(outputDir: string) {
    this.#outputDir = path.resolve(outputDir);
  }

  async write(pages: readonly RenderedPage[]): Promise<void> {
    // Checked before anything is written: a template's permalink cannot lead out of the site.
    const files = pages.map((page) => {
      const file = path.resolve(page.outputPath);
      if (!liesWithin(this.#outputDir, file)) throw new Error(`${page.inputPath} would write ${page.outputPath}, outside the site folder ${this.#outputDir}.`);
      return file;
    });
    let next = 0;
    let failed = false;
    const writeNext = async (): Promise<void> => {
      while (next < pages.length && !failed) {
        const index = next++;
        const file = files[index]!;
        try {
          await this.#folder(path.dirname(file));
          await writeFile(file, pages[index]!.content);
        } catch (error) {
          failed = true;
          throw new Error(`Could not write ${file} (from ${pages[index]!.inputPath}): ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    };
    // After a failure no write starts, and those under way finish before it is reported: the caller
    // then removes the folder with nothing still writing into it.
    const outcomes = await Promise.allSettled(Array.from({ length: Math.min(WRITES_IN_FLIGHT, pages.length) }, writeNext));
    const failure = outcomes.find((outcome) => outcome.status === "rejected");
    if (failure) throw failure.reason;
  }

  #folder(folder: string): Promise<unknown> {
    let made = this.#folders.get(folder);
    if (!made) {
      made = mkdir(folder, { recursive: true });
      this.#folders.set(folder, made);
    }
    return made;
  }
}

/** The pages in Eleventy's toJSON() result that are written: those with an output file and content. */
export function renderedPages(result: unknown): RenderedPage[] {
  if (!Array.isArray(result)) return [];
  return result.filter(
    (page): page is RenderedPage =>
      typeof page === "object" && page !== null && typeof page.outputPath === "string" && typeof page.content === "string" && typeof page.url === "string",
  );
}
