import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { stylesheetWithoutComments } from "./stylesheet-comments.ts";

/** Static files whose names get a content hash: browsers may then keep them for a year. */
const FINGERPRINTED_EXTENSIONS = new Set([".css", ".js"]);

/** One static file published under a name that changes whenever its content does. */
export interface FingerprintedAsset {
  /** Its plain root-relative URL, as templates write it: /css/site.css. */
  url: string;
  /** The URL it is published at: /css/site.3f2a9c1b.css. */
  hashedUrl: string;
  /** The file it is made from. */
  file: string;
  /** What is published under hashedUrl: the file's bytes, or a stylesheet's without its comments. */
  content: Buffer;
}

/** /css/site.css + content → /css/site.3f2a9c1b.css (the first 8 hex digits of the content's SHA-256). */
export function fingerprintedUrl(url: string, content: string | Buffer): string {
  const hash = createHash("sha256").update(content).digest("hex").slice(0, 8);
  const extension = path.posix.extname(url);
  return `${url.slice(0, url.length - extension.length)}.${hash}${extension}`;
}

/**
 * Every CSS and JavaScript file under the static folder that `published` accepts (given its path inside
 * the folder, with forward slashes), with its fingerprinted URL, in a stable order.
 */
export async function findFingerprintedAssets(publicDir: string, published: (file: string) => boolean = () => true): Promise<FingerprintedAsset[]> {
  let entries;
  try {
    entries = await readdir(publicDir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const files = entries
    .filter((entry) => entry.isFile() && FINGERPRINTED_EXTENSIONS.has(path.extname(entry.name).toLowerCase()))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => published(path.relative(publicDir, file).split(path.sep).join("/")))
    .sort();
  return Promise.all(
    files.map(async (file) => {
      const url = "/" + path.relative(publicDir, file).split(path.sep).join("/");
      const content = publishedContent(file, await readFile(file));
      return { url, hashedUrl: fingerprintedUrl(url, content), file, content };
    }),
  );
}

/**
 * A fingerprinted file's published bytes: a stylesheet's without its comments (src/stylesheet-comments.ts),
 * a script's as written. A stylesheet not in UTF-8 is published as written: read as UTF-8, its other
 * characters would be lost.
 */
function publishedContent(file: string, bytes: Buffer): Buffer {
  if (path.extname(file).toLowerCase() !== ".css") return bytes;
  const text = utf8(bytes);
  return text === undefined ? bytes : Buffer.from(stylesheetWithoutComments(text));
}

function utf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
