import { createHash } from "node:crypto";
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { copyFolder, copyFolders, linkSameFiles } from "./kept-files.ts";
import { SEARCH_HASHED_FOLDERS, type SearchDocument, type SearchSite } from "./search-shards.ts";

// Most of an archive does not change from one build to the next, and its search indexes are split
// oldest first (src/search-shards.ts), so yesterday's indexes of older stories are still right today.
// Each finished index is kept in a folder named by a hash of everything it was made from; a build
// whose part hashes the same copies it instead of asking Pagefind again. Only the part a new story
// joins (one of the small newest parts), and any part whose stories were edited, is indexed afresh.
// Pagefind writes every file of such a part anew, most of them as they were (each story's fragment), and
// those the cache already holds (and in the first part, Pagefind's scripts) are given back the time they
// were first written (keepFirstWritten).

/** Where finished indexes are kept between builds (CI keeps it with actions/cache). */
export function searchCacheDir(env: NodeJS.ProcessEnv = process.env, root = process.cwd()): string {
  return path.resolve(root, env.NEWS_SEARCH_CACHE || ".cache/search");
}

/** The one file of an index that names the others, and keeps its name as they change (freshEntry). */
const SEARCH_ENTRY = "pagefind-entry.json";

/** Indexes not used for this long are removed when a build stores a new one. */
const KEEP_UNUSED_MS = 7 * 24 * 60 * 60 * 1000;

const pagefindVersion = readFile(new URL("../package.json", import.meta.resolve("pagefind")), "utf8").then(
  (text) => (JSON.parse(text) as { version: string }).version,
);

/** The name of an index made from these documents: a new Pagefind or a new language makes new names. */
export async function searchCacheKey(language: string, documents: Iterable<SearchDocument>): Promise<string> {
  const hash = createHash("sha256").update(`pagefind ${await pagefindVersion}\nlanguage ${language}\n`);
  for (const document of documents) hash.update(`${document.url}\n${document.html.length}\n${document.html}\n`);
  return hash.digest("hex").slice(0, 32);
}

/**
 * The key of the index made from the stories a fingerprint names, when a build has made it before.
 * Making a part's documents to hash them costs about 0.2 s for 2,500 stories; a build that knows
 * each story's digest (src/page-cache.ts) names the part by those instead, and this remembers what
 * key that came to. A fingerprint must change whenever the documents might: see partFingerprint.
 */
export async function knownSearchKey(cacheDir: string, fingerprint: string): Promise<string | undefined> {
  const file = path.join(cacheDir, `${fingerprint}.key`);
  try {
    const key = (await readFile(file, "utf8")).trim();
    const now = new Date();
    await utimes(file, now, now);
    return /^[0-9a-f]{32}$/.test(key) ? key : undefined;
  } catch {
    return undefined;
  }
}

/** Remembers the key a fingerprint came to. A failure here costs only speed. */
export async function rememberSearchKey(cacheDir: string, fingerprint: string, key: string): Promise<void> {
  const file = path.join(cacheDir, `${fingerprint}.key`);
  const partial = `${file}.partial-${process.pid}`;
  try {
    await mkdir(cacheDir, { recursive: true });
    await writeFile(partial, key);
    await rename(partial, file);
  } catch {
    await rm(partial, { force: true });
  }
}

/**
 * A fingerprint of a part's documents that needs no documents: the Pagefind version, what the documents
 * take from the site's settings (its language, which Pagefind indexes in too, and its words: no story's
 * digest holds them, and a new `by` would otherwise leave the old one in every kept part), Node's ICU
 * version (bylines are joined in the story's language by Intl), the code that
 * makes the documents (all of ours: src/code-version.ts) and each story's address and digest, which covers
 * every field of the story and its body.
 */
export async function partFingerprint(site: SearchSite, code: string, stories: Iterable<{ url: string; digest: string }>): Promise<string> {
  // All the words, not only those a document holds now, so that a word added to the documents cannot be left out here.
  const settings = JSON.stringify({ language: site.language, words: site.words ?? {} });
  // ICU's data too: a byline is joined by Intl.ListFormat, whose words come with Node, as the page digests know.
  const hash = createHash("sha256").update(`fingerprint\npagefind ${await pagefindVersion}\nicu ${process.versions.icu}\nsite ${settings}\ncode ${code}\n`);
  for (const story of stories) hash.update(`${story.url}\n${story.digest}\n`);
  return hash.digest("hex").slice(0, 32);
}

/** Whether the cache holds the index of this key. */
export async function hasSearchIndex(cacheDir: string, key: string): Promise<boolean> {
  return stat(path.join(cacheDir, key, SEARCH_ENTRY)).then(
    () => true,
    () => false,
  );
}

/** Copies kept indexes into the site, on one thread: for each, whether it was (false: index it afresh). */
export async function restoreSearchIndexes(cacheDir: string, parts: readonly { key: string; target: string }[]): Promise<boolean[]> {
  const found = await Promise.all(parts.map(({ key }) => hasSearchIndex(cacheDir, key)));
  const copying = parts.filter((_, place) => found[place]);
  const failed = new Set(await copyFolders(copying.map(({ key, target }) => [path.join(cacheDir, key), target] as const)).catch(() => copying.map((_, place) => place)));
  const copied = new Set(copying.filter((_, place) => !failed.has(place)));
  return Promise.all(
    parts.map(async (part) => {
      const entry = path.join(cacheDir, part.key);
      try {
        if (!copied.has(part)) throw new Error("not copied");
        await freshEntry(entry, part.target);
        const now = new Date();
        await utimes(entry, now, now);
        return true;
      } catch {
        await rm(part.target, { recursive: true, force: true });
        return false;
      }
    }),
  );
}

/**
 * Gives the site its own copy of the index's entry, written now. Every other file of an index is named by
 * its content; the entry keeps its name from build to build and names the others. As a link to the kept
 * file it would keep the time the index was first made, and a later build that comes back to that index
 * (a story pulled, an edit undone) would publish an entry of the same size, older than the one the host
 * holds: \`aws s3 sync\` (README, Publishing) then leaves the host's, which names the other build's index. The
 * sync keeps that index's files a while, as they are named by their content, so the search would find the
 * other build's stories, and find nothing once they are cleared away.
 */
async function freshEntry(kept: string, target: string): Promise<void> {
  const file = path.join(target, SEARCH_ENTRY);
  const partial = `${file}.${process.pid}.partial`;
  await copyFile(path.join(kept, SEARCH_ENTRY), partial);
  await rename(partial, file);
}

/**
 * Keeps a finished index for later builds, and forgets those long unused; first gives its files that an
 * index kept before `buildStarted` (ms) holds the times they were first written (keepFirstWritten). A
 * failure here costs only speed.
 */
export async function storeSearchIndex(cacheDir: string, key: string, source: string, buildStarted: number): Promise<void> {
  await keepFirstWritten(cacheDir, source, buildStarted).catch(() => undefined);
  const entry = path.join(cacheDir, key);
  // Copied under a temporary name and renamed, so a build never finds half an index under a real name.
  const partial = `${entry}.partial-${process.pid}`;
  try {
    await copyFolder(source, partial);
    await rename(partial, entry);
  } catch {
    await rm(partial, { recursive: true, force: true });
  }
  await forgetUnused(cacheDir).catch(() => undefined);
}

async function forgetUnused(cacheDir: string): Promise<void> {
  const cutoff = Date.now() - KEEP_UNUSED_MS;
  for (const name of await readdir(cacheDir)) {
    const entry = path.join(cacheDir, name);
    if ((await stat(entry)).mtimeMs < cutoff) await rm(entry, { recursive: true, force: true });
  }
}

/** How a kept index's folder is named: its key (searchCacheKey). */
const KEPT_INDEX = /^[0-9a-f]{32}$/;

/**
 * Puts in place of each file of an index just written but its entry, the same file kept with an earlier
 * index, as a hard link with the time it was first written. Pagefind writes every file of a part anew, and
 * a part indexed again holds most of them unchanged (every other story's fragment, after a correction most
 * of its index chunks, and in the first part the scripts and WebAssembly the search page loads): written
 * now, each would be uploaded again by `aws s3 sync` (README, Publishing), which uploads a file whose time
 * is later than the object's. The kept indexes are the pool: the files of a superseded part stay as long
 * as it is kept, and with the parts that took them after. A name is a 7-digit prefix of a hash of the
 * file's text (Pagefind lengthens it only against the other names of the same index), and the scripts'
 * names are Pagefind's own, the same in every version, so two indexes may give different bytes one name:
 * a file is linked only when its bytes are the same, and not at all while a kept index holds other bytes
 * under its name (linkSameFiles), so after a new Pagefind its scripts are written new until the older
 * version's indexes are forgotten. The entry is never linked: see freshEntry.
 */
async function keepFirstWritten(cacheDir: string, written: string, buildStarted: number): Promise<void> {
  const [files, kept] = await Promise.all([filesBesideEntry(written), readdir(cacheDir, { withFileTypes: true })]);
  const indexes = kept.filter((entry) => entry.isDirectory() && KEPT_INDEX.test(entry.name)).map((entry) => path.join(cacheDir, entry.name));
  // Not the indexes this build has taken or kept, whose time is the build's (restoreSearchIndexes): they hold
  // other stories, and each part of a first build would look through every part written before it.
  const times = await Promise.all(indexes.map((index) => stat(index).then((info) => info.mtimeMs, () => buildStarted)));
  await linkSameFiles(written, files, indexes.filter((_, place) => times[place]! < buildStarted));
}

/**
 * The files of an index but its entry, relative to its folder: those named by their content (src/search-shards.ts),
 * and beside them Pagefind's scripts, styles and WebAssembly, named by Pagefind (pagefind.js, wasm.en.pagefind).
 */
async function filesBesideEntry(index: string): Promise<string[]> {
  const entries = await readdir(index, { withFileTypes: true });
  const inFolders = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory() && (SEARCH_HASHED_FOLDERS as readonly string[]).includes(entry.name))
      .map(async (folder) => (await readdir(path.join(index, folder.name))).map((name) => path.join(folder.name, name))),
  );
  return [...entries.filter((entry) => entry.isFile() && entry.name !== SEARCH_ENTRY).map((entry) => entry.name), ...inFolders.flat()];
}
