// One article-reading thread (see article-workers.ts): reads the batches of files it is sent with the
// loader's own readArticle and sends back the results, or the error that would have stopped the build.
import { writeSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { articleSchema } from "./article-schema.ts";
import { readArticleFiles } from "./article-loader.ts";
import type { BatchReply, ReaderData, SpooledBody } from "./article-workers.ts";
import { bodyDigest, encodeHtml } from "./compact-html.ts";

const { options } = workerData as ReaderData;
/** The file the bodies go into, until a write to it fails (a full disk): the bodies are then sent. */
let spool = (workerData as ReaderData).spool;
/** Where the next body goes in the spool file. */
let spooled = 0;
const schema = articleSchema(options.settings);

parentPort!.on("message", async ({ batch, files }: { batch: number; files: string[] }) => {
  let reply: BatchReply;
  const transfer: ArrayBuffer[] = [];
  try {
    const results = await readArticleFiles(files, schema, options);
    // Bodies go into the spool file, or travel as bytes, moved rather than copied (the main thread keeps
    // them so, see compact-html.ts).
    const bodies = results.map((result): Uint8Array | SpooledBody | undefined => {
      if (!("article" in result)) return undefined;
      const bytes = encodeHtml(result.article.html);
      result.article.html = "";
      const spooledAt = spool === undefined ? undefined : spoolBody(spool, bytes);
      if (spooledAt !== undefined) return { offset: spooledAt, length: bytes.length, digest: bodyDigest(bytes) };
      transfer.push(bytes.buffer as ArrayBuffer);
      return bytes;
    });
    reply = { batch, results, bodies };
  } catch (error) {
    const { name, message, stack, code } = error as Error & { code?: unknown };
    reply = { batch, error: { name, message: message ?? String(error), stack, code } };
  }
  parentPort!.postMessage(reply, transfer);
});

/** Writes the body after the last one and says where it starts; undefined, and no more spooling, when it cannot. */
function spoolBody(fd: number, bytes: Uint8Array): number | undefined {
  const offset = spooled;
  try {
    for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written, offset + written);
  } catch {
    spool = undefined;
    return undefined;
  }
  spooled += bytes.length;
  return offset;
}
