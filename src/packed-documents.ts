import type { SearchDocument } from "./search-shards.ts";

// A search part's documents as they travel to its search thread (src/search-worker.ts): one buffer of
// UTF-8 handed over (transferred, not copied) rather than thousands of strings copied into the thread's
// heap. A part of 2,500 stories is 26 MB of text as strings; in the thread's heap it stayed committed
// for the rest of the build (~70 MiB a search thread). The thread decodes a few at a time, as it gives
// them to Pagefind.

/** Stories' search documents, one after another in `html`: document i is bytes ends[i - 1] (or 0) to ends[i]. */
export interface PackedDocuments {
  urls: string[];
  html: Uint8Array;
  ends: Uint32Array;
}

export function packDocuments(documents: readonly SearchDocument[]): PackedDocuments {
  const ends = new Uint32Array(documents.length);
  let length = 0;
  documents.forEach((document, index) => (ends[index] = length += Buffer.byteLength(document.html)));
  // A buffer of its own (not a slice of Node's shared pool), so that it can be transferred.
  const html = Buffer.allocUnsafeSlow(length);
  documents.forEach((document, index) => html.write(document.html, index === 0 ? 0 : ends[index - 1]!, "utf8"));
  return { urls: documents.map((document) => document.url), html, ends };
}

/** The buffers to transfer with the documents. */
export function transferables(packed: PackedDocuments): ArrayBuffer[] {
  return [packed.html.buffer as ArrayBuffer, packed.ends.buffer as ArrayBuffer];
}

/** Documents `start` to `end` (not included), decoded. */
export function unpackDocuments(packed: PackedDocuments, start: number, end: number): SearchDocument[] {
  const bytes = Buffer.from(packed.html.buffer, packed.html.byteOffset, packed.html.byteLength);
  const documents: SearchDocument[] = [];
  for (let index = start; index < Math.min(end, packed.urls.length); index++) {
    documents.push({ url: packed.urls[index]!, html: bytes.toString("utf8", index === 0 ? 0 : packed.ends[index - 1]!, packed.ends[index]!) });
  }
  return documents;
}
