// One article-reading thread (see article-workers.ts): reads the batches of files it is sent with the
// loader's own readArticle and sends back the results, or the error that would have stopped the build.
import { writeSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { articleSchema } from "./article-schema.ts";
import { readArticleFiles, type ReadOptions } from "./article-loader.ts";
import type { BatchReply, ReaderData, SpooledBody } from "./article-workers.ts";
import { bodyDigest, encodeHtml } from "./compact-html.ts";

const { options, spool } = workerData as ReaderData;
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
      if (spool === undefined) {
        transfer.push(bytes.buffer as ArrayBuffer);
        return bytes;
      }
      const offset = spooled;
      for (let written = 0; written < bytes.length; ) written += writeSync(spool, bytes, written, bytes.length - written, offset + written);
      spooled += bytes.length;
      return { offset, length: bytes.length, digest: bodyDigest(bytes) };
    });
    reply = { batch, results, bodies };
  } catch (error) {
    const { name, message, stack, code } = error as Error & { code?: unknown };
    reply = { batch, error: { name, message: message ?? String(error), stack, code } };
  }
  parentPort!.postMessage(reply, transfer);
});
