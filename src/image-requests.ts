import type { BigIntStats } from "node:fs";
import { stat } from "node:fs/promises";
import type { ImageMetadata, ImageOptions } from "@11ty/eleventy-img";
import { useImageCache } from "./image-cache-pruning.ts";
import { wholeVariants } from "./image-cache-writes.ts";

/**
 * The variants of a file as eleventy-img makes them (or finds them in the image cache), asked once per
 * version of the file. eleventy-img keeps every request for the life of the process, by the file's path,
 * its size and the options, with the file's bytes: 0.6 MB a photograph (once per set of options), gigabytes
 * in an archive's first build, and in the preview, which runs for hours, a photograph replaced by another
 * of the same size kept the old one's variants. (Its key also holds the last file it finished, written
 * into its shared defaults, so which requests it answered again was anyone's guess.) So its memory is
 * emptied once a request is answered, and the answers are kept here instead, without the bytes, until
 * the file changes: stories that show the same picture, and a story saved again in the preview, do not
 * have it read and hashed again.
 */

/** One request's answer, for the version of the file it was made from. */
interface Answer {
  version: string;
  variants: Promise<ImageMetadata>;
}

const answers = new Map<string, Answer>();

/**
 * The one version of each file that every request for it was answered for, or null once requests found two
 * (it changed between them: its pages may show either) or one failed. The preview's articles watcher
 * compares a picture's first event with it (`versionUsed`).
 */
const versionsAsked = new Map<string, string | null>();

/** eleventy-img, its process-wide caches, and what empties them. */
interface ImagePipeline {
  encode: (file: string, options: ImageOptions) => Promise<ImageMetadata>;
  /**
   * Empties eleventy-img's memory of sources: a request in flight keeps its own, and this module answers repeats.
   * And its memory of which variants are made: it looks for each before making it and remembers the answer for
   * the life of the process, so a photograph only touched (a new version here, the same bytes and so the same
   * variants there) had its variants, found missing before they were first made, encoded again in the preview;
   * and a variant a build has since pruned (src/image-cache-pruning.ts) would be taken for made.
   */
  forgetBytes: () => void;
}

/**
 * Loaded when the first picture is asked for: eleventy-img loads sharp and its native libvips (about 50 ms
 * and 20 MiB of a process), which a build without pictures, or a rebuild whose pages are all kept, never uses.
 */
let pipeline: Promise<ImagePipeline> | undefined;

/**
 * eleventy-img's variants of `file` for `options`; `kind` names the options (the same kind, the same
 * options: functions among them cannot be compared).
 */
export async function imageVariants(file: string, kind: string, options: ImageOptions): Promise<ImageMetadata> {
  // Registered with the cache before any variant is looked for in it, so that no build prunes it meanwhile.
  if (options.outputDir) await useImageCache(options.outputDir);
  const version = await versionOf(file);
  const key = `${kind}\0${options.outputDir}\0${file}`;
  const known = answers.get(key);
  if (known?.version === version) return known.variants;
  pipeline ??= loadPipeline();
  const variants = pipeline.then(({ encode, forgetBytes }) => wholeVariants(file, options, (source, asked) => encode(source, asked).finally(forgetBytes)));
  answers.set(key, { version, variants });
  variants.then(
    () => {
      const before = versionsAsked.get(file);
      versionsAsked.set(file, before === undefined || before === version ? version : null);
    },
    () => {
      versionsAsked.set(file, null);
      // A failed request is asked again next time: the file may be fixed without its size or time changing.
      if (answers.get(key)?.variants === variants) answers.delete(key);
    },
  );
  return variants;
}

/**
 * The version of `file` every request for it in this process found, all answered: what the pages showing it
 * were made from. Undefined for a file never asked for, one that changed between requests, or one whose request failed.
 */
export function versionUsed(file: string): string | undefined {
  return versionsAsked.get(file) ?? undefined;
}

/** Every file asked for in this process, its requests answered or not: `versionUsed` gives the version of each answered alike. */
export function picturesAsked(): Iterable<string> {
  return versionsAsked.keys();
}

/** A file's version from its stat: a save gives it a new modification time (to the nanosecond), a replacement by rename a new inode. */
export function fileVersion({ mtimeNs, size, ino }: Pick<BigIntStats, "mtimeNs" | "size" | "ino">): string {
  return `${mtimeNs}:${size}:${ino}`;
}

async function versionOf(file: string): Promise<string> {
  return fileVersion(await stat(file, { bigint: true }));
}

async function loadPipeline(): Promise<ImagePipeline> {
  const [{ default: Image }, { diskCache, memCache }, { default: ExistsCache }] = await Promise.all([
    import("@11ty/eleventy-img"),
    import("@11ty/eleventy-img/src/caches.js"),
    import("@11ty/eleventy-img/src/exists-cache.js"),
  ]);
  return {
    encode: Image,
    forgetBytes: () => {
      for (const key of Object.keys(memCache.cache)) delete memCache.cache[key];
      diskCache.inputs.clear();
      diskCache.setExistsCache(new ExistsCache());
    },
  };
}
