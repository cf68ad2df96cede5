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
  const { content, bytes } = await readHead(file);
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

async function readHead(file: string): Promise<{ content: Uint8Array; bytes: number }> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(size, HEAD_BYTES));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return { content: buffer.subarray(0, bytesRead), bytes: size };
  } finally {
    await handle.close();
  }
}

/** The files behind the site's lead images and its logo, keyed by site URL. */
export function imageFiles(articles: readonly { image?: { url: string; file: string } }[], logoUrl: string, publicDir: string): Map<string, string> {
  const files = new Map<string, string>([[logoUrl, path.join(publicDir, logoUrl)]]);
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
      // A missing logo must not stop the build; the metadata simply leaves the logo's size out.
    }
  }
  return facts;
}
