// One search thread (src/search-index.ts): indexes the parts it is sent with its own Pagefind process,
// one part at a time, and replies when each is written. Pagefind's Node API drives one process per
// module instance and indexes on one core, so each thread gives the build one more core of indexing;
// and its replies are handled here, not on the thread that renders pages.
import { parentPort } from "node:worker_threads";
import * as pagefind from "pagefind";
import { unpackDocuments, type PackedDocuments } from "./packed-documents.ts";
import { holdBackgroundPagefind, watchPagefind } from "./pagefind-process.ts";
import type { SearchThreadReply, SearchThreadMessage } from "./search-index.ts";

/** Stories sent to Pagefind at a time: enough to keep it busy, few enough not to queue the whole part in its memory at once. */
const BATCH = 200;

/** Lets Pagefind write the part it has indexed, once the build has answered that it is about to. */
let mayWrite: (() => void) | undefined;

parentPort?.on("message", (message: SearchThreadMessage) => {
  if ("write" in message) return mayWrite?.();
  if ("hold" in message) return holdBackgroundPagefind(message.hold, (pid, stopped) => parentPort?.postMessage({ pid, stopped } satisfies SearchThreadReply));
  const { documents, target, language, background } = message;
  indexWithPagefind(documents, target, language, background).then(
    () => parentPort?.postMessage({ written: target } satisfies SearchThreadReply),
    (error: unknown) => parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies SearchThreadReply),
  );
});

async function indexWithPagefind(documents: PackedDocuments, target: string, language: string, background: boolean): Promise<void> {
  const { answer, finish } = watchPagefind(target, { background });
  try {
    const created = await answer(pagefind.createIndex({ forceLanguage: language }));
    if (!created.index) throw new Error(`Pagefind could not start on the stories of ${target}: ${created.errors.join("; ")}`);
    const index = created.index;
    for (let start = 0; start < documents.urls.length; start += BATCH) {
      const added = await answer(Promise.all(unpackDocuments(documents, start, start + BATCH).map((document) => index.addHTMLFile({ url: document.url, content: document.html }))));
      const errors = added.flatMap((result, index) => result.errors.map((error) => `${documents.urls[start + index]}: ${error}`));
      if (errors.length > 0) throw new Error(`Pagefind could not index the stories of ${target}: ${errors.join("; ")}`);
    }
    // Pagefind's memory grows several times over while it writes (a part of 2,500: ~0.17 GiB while adding, ~0.63 at the end of writing).
    // Asked, not told: a message still on its way would let the build start another part beside the writing.
    await new Promise<void>((resolve) => {
      mayWrite = resolve;
      parentPort?.postMessage({ writing: target } satisfies SearchThreadReply);
    });
    mayWrite = undefined;
    const written = await answer(index.writeFiles({ outputPath: target }));
    if (written.errors.length > 0) throw new Error(`Pagefind could not write its index into ${target}: ${written.errors.join("; ")}`);
  } finally {
    finish();
    // A fresh process for each part: the finished part's memory goes back to the system, and none is
    // left running when the thread ends.
    await pagefind.close();
  }
}
