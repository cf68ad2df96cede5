import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import workerThreads, { type WorkerOptions } from "node:worker_threads";
import { replaceBuiltinExport } from "./helpers/builtins.ts";
import { fragmentTexts } from "./helpers/pagefind.ts";
import { watchInProcess } from "./helpers/preview.ts";
import { article, makeFixtureSite, makeTempDir, removeTempDir, type FixtureSite } from "./helpers/site.ts";
import type { SearchThreadMessage, SearchThreadReply } from "../src/search-index.ts";

// After a save, the preview indexes the stories for search in the background, on its main thread until
// Pagefind takes a part (src/search-index.ts). A save made while the index makes a part's documents must be
// shown first: the index makes way from the save's first file event (src/rebuild-gate.ts).

const NOW = "2026-03-01T00:00:00Z";
/** Stories in the newest folder, all in one search part (NEWS_SEARCH_SHARD_SIZE below): its documents are the work under way. */
const NEWEST = 1_000;
const BODY = Array.from({ length: 6 }, (_, index) => `Paragraph ${index + 1} of the story, with the harbour, the ferries and the council's plans for the quay.`).join("\n\n");
const storyFile = (year: number, index: number) => `${year}/01/story-${year}-${index}.md`;
const storyOf = (year: number, index: number, headline = `Story ${index} of ${year}`, more: Record<string, string> = {}) =>
  article({ ...more, headline: JSON.stringify(headline), date: `${year}-01-${String(1 + (index % 28)).padStart(2, "0")}T${String(index % 24).padStart(2, "0")}:00:00Z` }, BODY);

let site: FixtureSite;
let cache: string;
before(async () => {
  const files: Record<string, string> = {};
  // An older folder, indexed first (its own part), then the newest folder's one large part.
  for (let index = 0; index < 20; index++) files[storyFile(2025, index)] = storyOf(2025, index);
  for (let index = 0; index < NEWEST; index++) files[storyFile(2026, index)] = storyOf(2026, index);
  site = await makeFixtureSite(files);
  cache = await makeTempDir("news-search-cache-");
});
after(async () => {
  await site?.remove();
  if (cache) await removeTempDir(cache);
});

/**
 * Calls `onKey` as the index names a part by its documents (searchCacheKey in src/search-cache.ts, whose hash
 * begins with Pagefind's version): the documents are all made by then, the end of the part's work on this thread.
 */
function watchKeys(onKey: () => void): () => void {
  const createHash = crypto.createHash;
  return replaceBuiltinExport(crypto, "createHash", ((algorithm: string, options?: crypto.HashOptions) => {
    const hash = createHash(algorithm, options);
    const update = hash.update.bind(hash) as (data: string | NodeJS.ArrayBufferView) => crypto.Hash;
    let first = true;
    hash.update = ((data: string | NodeJS.ArrayBufferView) => {
      if (first && typeof data === "string" && data.startsWith("pagefind ")) onKey();
      first = false;
      return update(data);
    }) as crypto.Hash["update"];
    return hash;
  }) as typeof crypto.createHash);
}

/** Each part a search thread is sent, and each it has written, by folder ("pagefind-1"), as they happen. */
function watchParts(onSent: (folder: string) => void, onWritten: (folder: string) => void): () => void {
  const RealWorker = workerThreads.Worker;
  class WatchedWorker extends RealWorker {
    readonly #search: boolean;
    constructor(file: string | URL, options?: WorkerOptions) {
      super(file, options);
      this.#search = String((options?.workerData as { entry?: unknown } | undefined)?.entry).endsWith("/search-worker.ts");
      // Before the index's own listener, so that the test acts before the index goes on to the next part.
      if (this.#search) this.on("message", (reply: SearchThreadReply) => "written" in reply && onWritten(path.basename(reply.written)));
    }
    override postMessage(message: unknown, transferList?: Parameters<InstanceType<typeof RealWorker>["postMessage"]>[1]): void {
      if (this.#search && "documents" in (message as SearchThreadMessage)) onSent(path.basename((message as { target: string }).target));
      super.postMessage(message, transferList);
    }
  }
  return replaceBuiltinExport(workerThreads, "Worker", WatchedWorker);
}

test("a save made as the preview's index begins a part's documents is on disk before they are all made, and is then indexed", { timeout: 600_000 }, async () => {
  const output = path.join(site.dir, "_site");
  const env = { NEWS_ARTICLES_DIR: site.articlesDir, NEWS_SETTINGS_FILE: site.settingsFile, NEWS_NOW: NOW, NEWS_SEARCH_SHARD_SIZE: "100000", NEWS_SEARCH_CACHE: cache };
  const saved = storyFile(2026, 7);
  const savedPage = path.join(output, "world", `story-2026-7`, "index.html");
  const marker = "Ferry timetable restored";
  const events: string[] = [];
  /** Set once the test has saved a story of each folder: the test's save is made as the index names the older folder's part. */
  let saveAt: "armed" | "saved" | undefined;
  let indexedAfterSave: (() => void) | undefined;
  const restoreKeys = watchKeys(() => {
    events.push("key");
    if (saveAt === "armed") {
      saveAt = "saved";
      // Synchronously, as the index goes on to the next part (the newest folder's thousand stories).
      writeFileSync(path.join(site.articlesDir, saved), storyOf(2026, 7, marker));
      events.push("saved");
    } else if (saveAt === "saved" && !events.some((event) => event.startsWith("page "))) {
      // The page as it is on disk once the newest folder's part, begun just after the save, has all its documents.
      events.push(readFileSync(savedPage, "utf8").includes(marker) ? "page shows the save" : "page does not show the save");
    }
  });
  const restore = watchParts(
    (folder) => events.push(`sent ${folder}`),
    (folder) => {
      events.push(`written ${folder}`);
      if (saveAt === "saved" && folder === "pagefind-1") indexedAfterSave?.();
    },
  );
  try {
    await watchInProcess(
      output,
      env,
      async () => {
        // The first build's index (every part, at once after it): waited for, so that the next run is the save's.
        await waitFor(() => existsSync(path.join(output, "pagefind-1", "pagefind-entry.json")) && !existsSync(`${output}.search-${process.pid}`));
        // A story of each folder saved, so that the next index makes both parts' documents again: the older
        // folder's with a short code pinned, which its search document does not hold (its part stays as it is), the
        // newest's with a new headline.
        saveAt = "armed";
        await writeFile(path.join(site.articlesDir, storyFile(2025, 3)), storyOf(2025, 3, undefined, { shortUrl: "qq7zz" }));
        await writeFile(path.join(site.articlesDir, storyFile(2026, 500)), storyOf(2026, 500, "Council meets"));
        // That index starts once the editor has paused (three seconds); the test's save is made as it names the older part.
        const indexed = new Promise<void>((resolve) => (indexedAfterSave = resolve));
        await indexed;
        // Then the index is made again from the stories as saved: nothing searched is older than the last save.
        await waitFor(async () => (await fragmentTexts(path.join(output, "pagefind-1")).catch((): string[] => [])).some((text) => text.includes(marker)));
      },
      { writesPages: true },
    );
  } finally {
    restore();
    restoreKeys();
  }
  const fromSave = events.slice(events.indexOf("saved"));
  assert.ok(events.includes("saved"), `the save was made as the older part was named: ${events.join(", ")}`);
  assert.equal(fromSave.find((event) => event.startsWith("page ")), "page shows the save", `the saved page was on disk before the part under way had its documents: ${fromSave.join(", ")}`);
  assert.ok((await readFile(savedPage, "utf8")).includes(marker));
});

/** Polls `ready` until it holds: what the test waits for is the preview's own doing, in the background. */
async function waitFor(ready: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await ready())) await new Promise((resolve) => setTimeout(resolve, 50));
}
