import { isUtf8 } from "node:buffer";

/** Why a file's bytes are not UTF-8 text, on the 1-based line where they first stop being it. */
export interface NotUtf8 {
  line: number;
  message: string;
}

const SAVE_AS_UTF8 = "save the file as UTF-8";

/**
 * Whether an article file's bytes are UTF-8, as the build reads them. Decoding anything else does not
 * fail: each byte that is not UTF-8 becomes U+FFFD, so a story saved as Windows-1252 was published
 * with "Caf�" for "Café", and one saved as UTF-16 was taken for a file without front matter.
 * `text` is the bytes as decoded; only a text holding U+FFFD, which the decoder puts for a bad byte
 * (an editor may also have written it), has its bytes looked at again.
 */
export function notUtf8(bytes: Uint8Array, text: string): NotUtf8 | undefined {
  if (!text.includes("\uFFFD") || isUtf8(bytes)) return undefined;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { line: 1, message: `the file is UTF-16 text: expected UTF-8; ${SAVE_AS_UTF8}` };
  }
  let line = 1;
  for (let start = 0; start < bytes.length; line++) {
    const end = bytes.indexOf(0x0a, start);
    const stop = end < 0 ? bytes.length : end;
    if (!isUtf8(bytes.subarray(start, stop))) break;
    start = stop + 1;
  }
  return {
    line,
    message: `the file is not UTF-8 text: this line holds bytes that are not UTF-8 (was the file saved as Windows-1252 or Latin-1?), which would be published as �; ${SAVE_AS_UTF8}`,
  };
}
