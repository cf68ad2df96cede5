import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { PackedDocuments } from "./packed-documents.ts";
import type { SearchShard } from "./search-shards.ts";

// npm run build renders in a child process (src/cli/render.ts) and indexes the larger search parts in its
// parent (src/cli/build.ts) once the child has ended. A full part is Pagefind's largest memory (~0.5 GiB
// as it is written), and beside the rendering process (~0.4-0.5 GiB, which no collection shrinks) it made
// the build's peak: 0.80-0.84x Hugo's at 10,000 stories, 0.58-0.60x with the parts indexed apart
// (docs/performance-history.md, fiftieth round, h3). The child leaves each such part's documents, packed
// as they would go to a search thread, in a folder beside the output: the hand-over folder. The parts of 625
// stories are handed over too in a first build (isHandedOver).

/** The pid of the build (src/cli/build.ts) a rendering process renders for, whose folders it writes into. */
export const RENDERING_FOR_ENV = "NEWS_RENDERING_FOR";

/** A part handed over (isHandedOver): where it goes, and its documents, in FILE.html (their bytes) and FILE.json (urls, ends). */
export interface HandedPart {
  /** The part's folder in the site (pagefind-3/). */
  folder: string;
  /** Where its index is written: the folder in the staging site. */
  target: string;
  /** Its key in the search cache (src/search-cache.ts). */
  key: string;
  file: string;
  language: string;
  /** The search cache to keep the index in, if any, and when the build started (storeSearchIndex). */
  cacheDir?: string;
  buildStarted: number;
}

/** The hand-over folder of the build of `pid` into `output`: a leftover once that build has ended (leftoverFolders). */
export function handOverFolder(output: string, pid: number): string {
  return `${output}.handover-${pid}`;
}

/** The pid of the build this process renders for, or undefined when it is the whole build (RENDERING_FOR_ENV). */
export function renderingFor(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const pid = Number.parseInt(env[RENDERING_FOR_ENV] ?? "", 10);
  return pid > 0 ? pid : undefined;
}

/** Where this process hands its larger parts over: set by a rendering process as it starts (src/cli/render.ts); none otherwise. */
export const handingOver: { current?: string } = {};

/** The parts this process has handed over, in the order they were. */
const handed: HandedPart[] = [];

/**
 * Whether a rendering process hands a part over rather than index it itself: a full part always; in a
 * build that has taken no part from the search cache (a first build), every part but the smallest too
 * (125 stories of the newest, for full parts of 2,500). Pagefind writing a part of 625 is ~150-160 MiB,
 * and with the full parts alone handed over it made a first build's peak beside the rendering process
 * (0.57-0.62x Hugo's at 10,000 stories, median 0.61x, in eight runs); handed over too, the peak is the
 * parent with Pagefind writing a full part, 630-658 MiB whatever the load (0.51-0.62x, median 0.56x, in the
 * same session: docs/performance-history.md, fifty-second round, h1). The smallest stay beside the rendering, ~40 MiB
 * each, on the core it leaves. A build with parts from the cache (a rebuild, a correction) has at most a
 * part or two to index, after its pages are written: indexed in the child, beside the link check, rather
 * than after the child has ended.
 */
export function isHandedOver(shard: Pick<SearchShard, "full" | "articles">, smallest: number, partsFromCache: number): boolean {
  return shard.full || (partsFromCache === 0 && shard.articles.length > smallest);
}

/** Leaves a part's documents in the hand-over folder (handingOver) for the parent to index. */
export async function handOverPart(folder: string, documents: PackedDocuments, part: Omit<HandedPart, "file">): Promise<void> {
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, String(handed.length));
  handed.push({ ...part, file });
  await writeFile(`${file}.html`, documents.html);
  await writeFile(`${file}.json`, JSON.stringify({ urls: documents.urls, ends: [...documents.ends] }));
}

const PLAN = "parts.json";

/** Written by the rendering process once the site is rendered and checked: the parts it left to index (none, when every part was small or came from the cache). */
export async function handOverPlan(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, PLAN), JSON.stringify(handed));
}

/** The parts the rendering process left, or undefined when it left no plan. */
export async function handedOverParts(folder: string): Promise<HandedPart[] | undefined> {
  const text = await readFile(path.join(folder, PLAN), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  return text === undefined ? undefined : (JSON.parse(text) as HandedPart[]);
}

/** A handed-over part's documents, read into a buffer of their own, which is transferred, not copied, to a search thread. */
export async function handedDocuments(part: HandedPart): Promise<PackedDocuments> {
  const { urls, ends } = JSON.parse(await readFile(`${part.file}.json`, "utf8")) as { urls: string[]; ends: number[] };
  const bytes = await readFile(`${part.file}.html`);
  const html = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : Uint8Array.from(bytes);
  return { urls, html, ends: Uint32Array.from(ends) };
}
