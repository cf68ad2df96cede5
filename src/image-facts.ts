import { closeSync, fstatSync, openSync, readSync, type BigIntStats } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { imageSize } from "image-size";

/** What feeds and social cards need to know about an image besides its address. */
export interface ImageFacts {
  /** MIME type, e.g. image/jpeg. */
  type: string;
  /** Pixels; absent when the format does not say (an SVG without a size or viewBox). */
  width?: number;
  height?: number;
  /** File size, for RSS enclosures. */
  bytes: number;
}

const TYPE_BY_EXTENSION: Record<string, string> = {
  ".avif": "image/avif",
  ".gif": "image/gif",
  ".jpeg": "image/jpeg",
  ".jpg": "image/jpeg",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".webp": "image/webp",
};

/** An image's MIME type from its file name. */
export function imageTypeOf(file: string): string {
  return TYPE_BY_EXTENSION[path.extname(file).toLowerCase()] ?? "application/octet-stream";
}

/** Reads an image's type, pixel size and byte size. A file the size reader does not understand still gets its type and bytes. */
export async function readImageFacts(file: string): Promise<ImageFacts> {
  const { content, stats } = await readHead(file);
  const bytes = Number(stats.size);
  const type = imageTypeOf(file);
  try {
    const size = imageSize(content);
    // A rotated JPEG (EXIF orientation 5-8) is displayed with width and height swapped.
    const swapped = (size.orientation ?? 1) >= 5;
    return { type, width: swapped ? size.height : size.width, height: swapped ? size.width : size.height, bytes };
  } catch {
    return { type, bytes };
  }
}

// Every format's size is in its first bytes (a JPEG's after its EXIF block), so a large archive's photos are not read whole.
const HEAD_BYTES = 512 * 1024;

/** A file's first bytes, and its stat as the handle they were read through found it, before reading. */
async function readHead(file: string): Promise<{ content: Uint8Array; stats: BigIntStats }> {
  const handle = await open(file, "r");
  try {
    const stats = await handle.stat({ bigint: true });
    const buffer = Buffer.alloc(Math.min(Number(stats.size), HEAD_BYTES));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return { content: buffer.subarray(0, bytesRead), stats };
  } finally {
    await handle.close();
  }
}

/**
 * Why a file named as an image is not one, read from its first bytes as the size reader reads them: not
 * an image at all (a text file renamed photo.png), empty, or cut off inside its header. Undefined when the
 * header reads. A drawing (SVG) is text, checked for what it holds by src/svg-safety.ts and read by the
 * image pipeline; here only whether it is a drawing at all. The build asks this before the pipeline
 * decodes an image, and `npm run check` asks it too, so both name a broken image in the same words.
 */
export function imageHeaderProblem(content: Uint8Array, file: string): string | undefined {
  const extension = path.extname(file).toLowerCase();
  if (content.length === 0) return "the file is empty";
  // The pipeline refuses a drawing without an <svg> element (an empty file, a text file renamed), which the
  // check let pass when it asked nothing of drawings here. One that has one but is damaged further on is
  // found by the build alone, as a damaged photo is.
  if (extension === ".svg") return /<svg[\s/>:]/.test(Buffer.from(content).toString("utf8")) ? undefined : "it holds no <svg> element, so it is not a drawing (is it another kind of file, renamed?)";
  try {
    imageSize(content);
    return undefined;
  } catch (error) {
    const kind = extension.slice(1).toUpperCase().replace("JPG", "JPEG");
    if (/unsupported file type/.test((error as Error).message)) return `its first bytes are not those of a ${kind} or any other image (is it another kind of file, renamed?)`;
    return `its ${kind} header is cut short or damaged (${(error as Error).message})`;
  }
}

/** The lead image's message for an image that cannot be read (the build's and the check's). */
export function leadImageUnreadable(reason: string): string {
  return `could not be read as an image: ${reason}`;
}

/** A body image's message for an image that cannot be read (the build's and the check's). */
export function bodyImageUnreadable(target: string, reason: string): string {
  return `the image ${target} could not be read: ${reason}`;
}

/**
 * imageHeaderProblem for a file on disk, with the stat of the file it read (none when it could not be opened):
 * what the build refused is that version of the file (src/image-requests.ts keeps it for the preview).
 */
export async function readImageHeader(file: string): Promise<{ problem?: string; stats?: BigIntStats }> {
  try {
    const { content, stats } = await readHead(file);
    return { problem: imageHeaderProblem(content, file), stats };
  } catch (error) {
    return { problem: unopened(error) };
  }
}

const unopened = (error: unknown) => `the file could not be opened (${(error as Error).message})`;

/** readImageHeader's problem, synchronously: for the check, which asks while it walks the bodies' links. */
export function readImageHeaderProblemSync(file: string): string | undefined {
  let handle: number;
  try {
    handle = openSync(file, "r");
  } catch (error) {
    return unopened(error);
  }
  try {
    // Exactly the file's bytes, at most the head: the size reader must see where a short file ends.
    const buffer = new Uint8Array(Math.min(fstatSync(handle).size, HEAD_BYTES));
    const bytesRead = readSync(handle, buffer, 0, buffer.length, 0);
    return imageHeaderProblem(bytesRead === buffer.length ? buffer : buffer.slice(0, bytesRead), file);
  } finally {
    closeSync(handle);
  }
}

/** The files behind the site's lead images and its logo (none with logo: false), keyed by site URL. */
export function imageFiles(articles: readonly { image?: { url: string; file: string } }[], logoUrl: string | false, publicDir: string): Map<string, string> {
  const files = new Map<string, string>(logoUrl === false ? [] : [[logoUrl, path.join(publicDir, logoUrl)]]);
  for (const article of articles) if (article.image) files.set(article.image.url, article.image.file);
  return files;
}

/** Facts for each image, keyed by its site URL; each file is read once however many articles share it. */
export async function describeImages(filesByUrl: ReadonlyMap<string, string>): Promise<Map<string, ImageFacts>> {
  const facts = new Map<string, ImageFacts>();
  for (const [url, file] of [...filesByUrl].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    try {
      facts.set(url, await readImageFacts(file));
    } catch {
      // Not this function's to refuse: the settings refuse a logo that is no image (src/settings-images.ts), the
      // loader a lead image; the metadata leaves out a size it was not given.
    }
  }
  return facts;
}
