// One article-reading thread (see article-workers.ts): reads the batches of files it is sent with the
// loader's own readArticle and sends back the results, or the error that would have stopped the build.
import { parentPort, workerData } from "node:worker_threads";
import { articleSchema } from "./article-schema.ts";
import { readArticleFiles, type ReadOptions } from "./article-loader.ts";
import type { BatchReply } from "./article-workers.ts";
import { encodeHtml } from "./compact-html.ts";

const options = (workerData as { options: ReadOptions }).options;
const schema = articleSchema(options.settings);

parentPort!.on("message", async ({ batch, files }: { batch: number; files: string[] }) => {
  let reply: BatchReply;
  const transfer: ArrayBuffer[] = [];
  try {
    const results = await readArticleFiles(files, schema, options);
    // Bodies travel as bytes, moved rather than copied (the main thread keeps them so, see compact-html.ts).
    const bodies = results.map((result) => {
      if (!("article" in result)) return undefined;
      const bytes = encodeHtml(result.article.html);
      result.article.html = "";
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
