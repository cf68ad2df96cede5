// One search thread (src/search-index.ts): indexes the parts it is sent with its own Pagefind process,
// one part at a time, and replies when each is written. Pagefind's Node API drives one process per
// module instance and indexes on one core, so each thread gives the build one more core of indexing;
// and its replies are handled here, not on the thread that renders pages.
import { parentPort } from "node:worker_threads";
import * as pagefind from "pagefind";
import { unpackDocuments, type PackedDocuments } from "./packed-documents.ts";
import type { SearchPartReply, SearchPartRequest } from "./search-index.ts";

/** Stories sent to Pagefind at a time: enough to keep it busy, few enough not to queue the whole part in its memory at once. */
const BATCH = 200;

/**
 * Pagefind's allocator settings (jemalloc, in its Linux build since 1.5.2): one arena rather than one
 * for each of its threads, so that memory one thread frees is used again by the others. A part of
 * 2,500 of the benchmark's stories peaked at 630 MiB instead of 730, in the same time; one of 625 at
 * 167–168 MiB instead of 169–193. Settings the build was started with come after these, so they win.
 * Other allocators ignore them.
 */
const ALLOCATOR_SETTINGS = { name: "_RJEM_MALLOC_CONF", value: ["narenas:1", process.env._RJEM_MALLOC_CONF].filter(Boolean).join(",") };
// This thread's environment is its own, and each Pagefind process it starts inherits it.
process.env[ALLOCATOR_SETTINGS.name] = ALLOCATOR_SETTINGS.value;

parentPort?.on("message", ({ documents, target, language }: SearchPartRequest) => {
  indexWithPagefind(documents, target, language).then(
    () => parentPort?.postMessage({ written: target } satisfies SearchPartReply),
    (error: unknown) => parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies SearchPartReply),
  );
});

async function indexWithPagefind(documents: PackedDocuments, target: string, language: string): Promise<void> {
  try {
    const created = await pagefind.createIndex({ forceLanguage: language });
    if (!created.index) throw new Error(`Pagefind could not start: ${created.errors.join("; ")}`);
    const index = created.index;
    for (let start = 0; start < documents.urls.length; start += BATCH) {
      const added = await Promise.all(unpackDocuments(documents, start, start + BATCH).map((document) => index.addHTMLFile({ url: document.url, content: document.html })));
      const errors = added.flatMap((result, index) => result.errors.map((error) => `${documents.urls[start + index]}: ${error}`));
      if (errors.length > 0) throw new Error(`Pagefind could not index the stories of ${target}: ${errors.join("; ")}`);
    }
    // Pagefind's memory grows several times over while it writes (a part of 2,500: ~0.17 GiB while adding, ~0.63 at the end of writing).
    parentPort?.postMessage({ writing: target } satisfies SearchPartReply);
    const written = await index.writeFiles({ outputPath: target });
    if (written.errors.length > 0) throw new Error(`Pagefind could not write its index into ${target}: ${written.errors.join("; ")}`);
  } finally {
    // A fresh process for each part: the finished part's memory goes back to the system, and none is
    // left running when the thread ends.
    await pagefind.close();
  }
}
