import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/** Static files whose names get a content hash: browsers may then keep them for a year. */
const FINGERPRINTED_EXTENSIONS = new Set([".css", ".js"]);

/** One static file published under a name that changes whenever its content does. */
export interface FingerprintedAsset {
  /** Its plain root-relative URL, as templates write it: /css/site.css. */
  url: string;
  /** The URL it is published at: /css/site.3f2a9c1b.css. */
  hashedUrl: string;
  /** The file it is copied from. */
  file: string;
}

/** /css/site.css + content → /css/site.3f2a9c1b.css (the first 8 hex digits of the content's SHA-256). */
export function fingerprintedUrl(url: string, content: string | Buffer): string {
  const hash = createHash("sha256").update(content).digest("hex").slice(0, 8);
  const extension = path.posix.extname(url);
  return `${url.slice(0, url.length - extension.length)}.${hash}${extension}`;
}

/** Every CSS and JavaScript file under the static folder, with its fingerprinted URL, in a stable order. */
export async function findFingerprintedAssets(publicDir: string): Promise<FingerprintedAsset[]> {
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
    .sort();
  return Promise.all(
    files.map(async (file) => {
      const url = "/" + path.relative(publicDir, file).split(path.sep).join("/");
      return { url, hashedUrl: fingerprintedUrl(url, await readFile(file)), file };
    }),
  );
}

/** An href or src attribute with a quoted value. */
const ASSET_ATTRIBUTE = /(\s(?:href|src)\s*=\s*)(["'])([^"'<>\s]*)\2/gi;

/**
 * Points every href and src attribute that names a fingerprinted asset at its hashed name. Whole
 * attribute values only, so text that merely mentions /css/site.css is left alone. Path segments
 * before the URL (a project page's /repo-name/ prefix, whether added before or after this runs) and a
 * query or fragment after it are kept.
 */
export function rewriteAssetReferences(html: string, assets: readonly FingerprintedAsset[]): string {
  if (assets.length === 0) return html;
  return html.replace(ASSET_ATTRIBUTE, (whole, attribute: string, quote: string, value: string) => {
    const [, address = "", rest = ""] = /^([^?#]*)(.*)$/.exec(value) ?? [];
    // Most links on a page are to other pages; only a name ending like an asset's can be one.
    if (!FINGERPRINTED_EXTENSIONS.has(path.posix.extname(address).toLowerCase())) return whole;
    for (const { url, hashedUrl } of assets) {
      if (!address.endsWith(url)) continue;
      const prefix = address.slice(0, address.length - url.length);
      if (prefix === "" || /^(?:\/[^/]+)+$/.test(prefix)) return `${attribute}${quote}${prefix}${hashedUrl}${rest}${quote}`;
    }
    return whole;
  });
}
