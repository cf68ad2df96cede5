// One article-reading thread (see article-workers.ts): reads the batches of files it is sent with the
// loader's own readArticle and sends back the results, or the error that would have stopped the build.
import { parentPort, workerData } from "node:worker_threads";
import { articleSchema } from "./article-schema.ts";
import { readArticles, type ReadOptions } from "./article-loader.ts";
import type { BatchReply } from "./article-workers.ts";

const options = (workerData as { options: ReadOptions }).options;
const schema = articleSchema(options.settings);

parentPort!.on("message", async ({ batch, files }: { batch: number; files: string[] }) => {
  let reply: BatchReply;
  try {
    reply = { batch, results: await readArticles(files, schema, options) };
  } catch (error) {
    const { name, message, stack, code } = error as Error & { code?: unknown };
    reply = { batch, error: { name, message: message ?? String(error), stack, code } };
  }
  parentPort!.postMessage(reply);
});
