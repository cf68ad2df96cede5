import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ImageMetadata, ImageOptions, ImageStat } from "@11ty/eleventy-img";
import type { OutputInfo, Sharp } from "sharp";
import { partialFileFor } from "./image-cache-pruning.ts";

// eleventy-img takes a variant for made as soon as a file has its name (its disk cache asks only whether the file
// exists), and writes each straight to that name: sharp opens the file as it starts and fills it once the picture
// is encoded, a good part of a second for a photograph's JPEG and seconds for its AVIF. A build killed meanwhile
// (Ctrl-C, a cancelled CI job, the machine out of memory) left an empty file there, which every later build
// published as the picture. So each variant is written under a name of its own in the cache's upkeep folder and
// renamed into place once whole: a kill leaves that file, which no build takes for a variant (the daily sweep
// removes it, src/image-cache-pruning.ts), and the next build makes the variant. A variant already whole costs
// nothing more: nothing of it is read; one made costs a rename.

/** How eleventy-img is asked for a file's variants (src/image-requests.ts: its memory emptied after each answer). */
export type Encode = (file: string, options: ImageOptions) => Promise<ImageMetadata>;

/**
 * The variants of `file` for `options`, each written whole into the cache folder (`options.outputDir`). One
 * found there empty, as a build killed while making it left it before they were written so, is made again.
 */
export async function wholeVariants(file: string, options: ImageOptions, encode: Encode): Promise<ImageMetadata> {
  if (!options.outputDir) return encode(file, options);
  const whole = writtenWhole(file, options);
  const made = withoutBytes(await encode(file, whole));
  // eleventy-img measures every variant it gives, found or made: an empty one costs no more to find.
  const empty = Object.values(made).flat().filter((stat) => stat.size === 0);
  if (empty.length === 0) return made;
  await Promise.all(empty.map((stat) => rm(stat.outputPath, { force: true })));
  return withoutBytes(await encode(file, whole));
}

/** eleventy-img's options, with every variant it makes written under another name and renamed into place. */
function writtenWhole(file: string, options: ImageOptions): ImageOptions {
  const formats = options.formats ?? [];
  if (!formats.includes("svg")) {
    const { transform } = options;
    return {
      ...options,
      transform: async (image) => {
        await transform?.(image);
        renameOnceWritten(image);
      },
    };
  }
  // A drawing's variant is the drawing's own bytes, as eleventy-img read them for its hash, which it writes itself
  // (its SVG format hook's result, not through sharp): told to write nothing, it gives them back, and the hook
  // here writes them.
  if (formats.length > 1) throw new Error(`${file}: an SVG is asked for alone, so that its variant is written whole`);
  return {
    ...options,
    dryRun: true,
    formatHooks: {
      svg: async function (this: ImageStat, image: Sharp) {
        const { default: drawingOf } = await import("@11ty/eleventy-img/src/format-hooks/svg.js");
        const drawing = await drawingOf(image);
        await writeWhole(this.outputPath, (partial) => writeFile(partial, drawing));
        return drawing;
      },
    },
  };
}

/**
 * eleventy-img encodes and writes a variant with the sharp instance its `transform` was given (src/image.js's
 * resize, 6.0.4, pinned); that instance's toFile writes under another name and renames.
 */
function renameOnceWritten(image: Sharp): void {
  const toFile = image.toFile.bind(image) as (file: string) => Promise<OutputInfo>;
  Object.assign(image, { toFile: (file: string) => writeWhole(file, toFile) });
}

async function writeWhole<T>(file: string, write: (partial: string) => Promise<T>): Promise<T> {
  const partial = partialFileFor(file);
  await mkdir(path.dirname(partial), { recursive: true });
  try {
    const written = await write(partial);
    await rename(partial, file);
    return written;
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/** A drawing's variants come with their bytes (dryRun), which an answer kept for the life of the process must not hold. */
function withoutBytes(made: ImageMetadata): ImageMetadata {
  for (const stat of Object.values(made).flat()) delete stat.buffer;
  return made;
}
