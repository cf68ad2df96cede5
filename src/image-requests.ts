import type { BigIntStats } from "node:fs";
import { stat } from "node:fs/promises";
import type { ImageMetadata, ImageOptions } from "@11ty/eleventy-img";
import { useImageCache } from "./image-cache-pruning.ts";
import { readImageHeader } from "./image-facts.ts";
import { readDrawing } from "./svg-safety.ts";
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
 * The one version of each file that every request for it found, answered or not, or null once requests found two
 * (it changed between them: its pages may show either). Kept in the preview alone (keepPictureVersions): npm start
 * compares each with its file once it watches (src/preview-rebuilds.ts), its articles watcher a picture's first
 * event with the version of one answered (`versionUsed`); a build has no one to read them (2.2 MiB at 10,000).
 */
const versionsAsked = new Map<string, string | null>();

/** The files of versionsAsked some request failed for, or whose header (or drawing) the build refused: no page shows a picture of them. */
const failed = new Set<string>();

let keepingVersions = false;

/** Whether the requests from now on keep the version of the file they found: the preview's, which reads them; not a build's. */
export function keepPictureVersions(keep: boolean): void {
  keepingVersions = keep;
}

function found(file: string, version: string, { answered }: { answered: boolean }): void {
  if (!keepingVersions) return;
  const before = versionsAsked.get(file);
  versionsAsked.set(file, before === undefined || before === version ? version : null);
  if (!answered) failed.add(file);
}

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
    () => found(file, version, { answered: true }),
    () => {
      // Its problem was made of this version: one left as it is gives the same problem again.
      found(file, version, { answered: false });
      // A failed request is asked again next time: the file may be fixed without its size or time changing.
      if (answers.get(key)?.variants === variants) answers.delete(key);
    },
  );
  return variants;
}

/**
 * Why the build refuses `file` before asking for its variants (its header unreadable: src/image-facts.ts), keeping
 * the version it refused as a failed request's: a picture fixed before the preview watches is then rebuilt for, one
 * left as it was is not. None is kept for a file that could not be opened, which has no version to read.
 */
export async function pictureHeaderProblem(file: string): Promise<string | undefined> {
  const { problem, stats } = await readImageHeader(file);
  if (problem && stats) found(file, fileVersion(stats), { answered: false });
  return problem;
}

/**
 * Why the build refuses the drawing `file` before asking for its variants (it holds script: src/svg-safety.ts),
 * keeping the version it refused as pictureHeaderProblem does. Throws when the file cannot be read.
 */
export async function pictureDrawingProblem(file: string): Promise<string | undefined> {
  const { problem, stats } = await readDrawing(file);
  if (problem) found(file, fileVersion(stats), { answered: false });
  return problem;
}

/**
 * The version of `file` every request for it in this process found, all answered: what the pages showing it
 * were made from. Undefined for a file never asked for, one that changed between requests, or one whose request failed.
 */
export function versionUsed(file: string): string | undefined {
  return failed.has(file) ? undefined : (versionsAsked.get(file) ?? undefined);
}

/**
 * The version of `file` every request for it in this process found, answered or not: what its pictures, or its
 * problem, were made from. Undefined for a file never asked for or one that changed between requests.
 */
export function versionAsked(file: string): string | undefined {
  return versionsAsked.get(file) ?? undefined;
}

/** Every file asked for in this process (while versions are kept), its requests answered or not. */
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
