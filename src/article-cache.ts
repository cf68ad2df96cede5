import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { isArticleFile, LoadMemory, type ArchiveListing, type ReadResult } from "./article-loader.ts";

/** Where the loader finds what earlier reads gave: the preview's memory, or the build's cache on disk. */
export interface ReadCache {
  /** For each file, the remembered result when the file is unchanged; and the stamps to store new results with. */
  reuse(files: readonly string[]): Promise<{ results: (ReadResult | undefined)[]; stamps: string[] }>;
  remember(file: string, stamp: string, result: ReadResult): void;
  /**
   * A folder where threads reading the archive may write the bodies they read, for this process to read
   * back when asked rather than hold (npm run build's article cache, which keeps bodies in its file too).
   */
  readonly spoolDir?: string;
  /** What the last load settled over the whole archive, for the next to change by what changed (the preview's). */
  readonly memory?: LoadMemory;
  /** The archive's listing: the last load's when no file can have come or gone since (the preview's), otherwise what `list` gives. */
  listing?(list: () => Promise<ArchiveListing>): Promise<ArchiveListing>;
}

/** What the preview's last read of a story found (ArticleReadCache.lastRead). */
export interface StoryRead {
  /** The file's modification time and size, as stamped before the read. */
  mtimeNs: bigint;
  size: bigint;
  /** Its bytes' hash, as read (article-loader's sourceHash). */
  sourceHash: string;
}

/**
 * What the preview server remembers between rebuilds: each file's read result, with the file's
 * modification and change times, size and inode. On a rebuild only files whose stamp changed are read again, so
 * saving one article on a 10,000-article site costs one read, not 10,000. A story's images are looked at
 * when it is read, so an image the watcher reports saved or deleted has the stories that show it read
 * again (`showsAnyOf`), and those refused, which may have been waiting for it.
 *
 * Taking every file's stamp is itself 10,000 stat calls, 55-85 ms of each save's rebuild; so once the
 * watcher has been watching since the last read, only the files it reported are stamped again
 * (`watcherReported`). Its report is trusted only when every Markdown file in it is one of the files
 * listed now or remembered (a deleted one): a path this cache cannot place means stamping every file, as before.
 *
 * Listing the archive is another 0.055 s at 100,000 stories, and looking up its freshly made paths here
 * (each hashed afresh) 0.1 s more; so when the watcher reports only stories the last listing holds, that
 * listing is the load's again, less those no longer there (`listing`): a save or a deletion lists nothing.
 * Anything else (a story added or renamed, a folder, an image or any other file, a report it may have
 * missed) lists the archive.
 */
export class ArticleReadCache implements ReadCache {
  readonly memory = new LoadMemory();
  #entries = new Map<string, { stamp: string; result: ReadResult }>();
  readonly #stamp: (file: string) => string;
  /** Whether a rebuild the watcher started has been told of (so the watcher is running). */
  #watcherStarted = false;
  /** Whether the last read came after the watcher started: every change since then is in its reports. */
  #readWhileWatching = false;
  /** The Markdown files the watcher reported since the last read, as it named them; undefined when it may have missed some. */
  #reported?: string[];
  /** The other files it reported since the last read (images, video, audio), as it named them. */
  #otherReported: string[] = [];
  /** The last load's listing of the archive. */
  #listing?: ArchiveListing;

  constructor(stamp: (file: string) => string = fileStamp) {
    this.#stamp = stamp;
  }

  /**
   * Told of each rebuild the watcher starts, with the files it names (Eleventy's eleventy.beforeWatch).
   * A change made during a rebuild is named to the next one. The first build's read came before the
   * watcher started, so until a read after that, nothing reported is taken to be everything that changed.
   */
  watcherReported(changedFiles: readonly string[]): void {
    this.#watcherStarted = true;
    this.#otherReported.push(...changedFiles.filter((file) => !isArticleFile(file)));
    if (!this.#readWhileWatching) return;
    this.#reported = [...(this.#reported ?? []), ...changedFiles.filter(isArticleFile)];
  }

  /**
   * The files saved, added or deleted since they were read, by their stamps: asked once the watcher has
   * started, for the saves made before it (during npm start's first build), which it never reports.
   * Every later change is in its reports, so from here on they are trusted.
   */
  changedSinceRead(files: readonly string[]): string[] {
    const listed = new Set(files);
    const changed = files.filter((file) => {
      const entry = this.#entries.get(file);
      if (!entry) return true;
      try {
        return entry.stamp !== this.#stamp(file);
      } catch {
        return true; // gone since it was listed: the rebuild for it finds out
      }
    });
    this.#watcherStarted = true;
    this.#readWhileWatching = true;
    return [...changed, ...[...this.#entries.keys()].filter((file) => !listed.has(file))];
  }

  async listing(list: () => Promise<ArchiveListing>): Promise<ArchiveListing> {
    const kept = this.#listing && this.#reported && this.#otherReported.length === 0 ? withoutDeleted(this.#reported, this.#listing) : undefined;
    this.#listing = kept ?? (await list());
    return this.#listing;
  }

  /** For each file, the remembered result when the file is unchanged; and the stamps to store new results with. */
  async reuse(files: readonly string[]): Promise<{ results: (ReadResult | undefined)[]; stamps: string[] }> {
    // A deleted file is named too: it is placed among the files remembered as well as those listed.
    const changed = this.#reported && reportedFiles(this.#reported, files, this.#entries.keys());
    this.#reported = undefined;
    this.#readWhileWatching = this.#watcherStarted;
    const others = this.#otherReported.splice(0).map(tailOf);
    if (others.length > 0) {
      for (const [file, entry] of this.#entries) if (showsAnyOf(entry.result, others)) this.#entries.delete(file);
    }
    const stamps: string[] = new Array(files.length);
    const results: (ReadResult | undefined)[] = new Array(files.length);
    let remembered = 0;
    files.forEach((file, index) => {
      const entry = this.#entries.get(file);
      if (entry) remembered++;
      const stamp = changed && entry && !changed.has(file) ? entry.stamp : this.#stamp(file);
      stamps[index] = stamp;
      results[index] = entry && entry.stamp === stamp ? entry.result : undefined;
    });
    // Files that are gone are forgotten (when every remembered file is still listed, none is gone).
    if (remembered < this.#entries.size) this.#forgetUnlisted(files, changed, this.#entries.size - remembered);
    return { results, stamps };
  }

  #forgetUnlisted(files: readonly string[], reported: Set<string> | undefined, count: number): void {
    // A deletion the watcher named: look for it alone, not through a set of every listed path (0.05-0.2 s at 100,000).
    if (reported && reported.size <= FEW_REPORTED) {
      const gone = [...reported].filter((file) => this.#entries.has(file) && !files.includes(file));
      if (gone.length === count) {
        for (const file of gone) this.#entries.delete(file);
        return;
      }
    }
    const present = new Set(files);
    for (const file of this.#entries.keys()) if (!present.has(file)) this.#entries.delete(file);
  }

  remember(file: string, stamp: string, result: ReadResult): void {
    this.#entries.set(file, { stamp, result });
  }

  /**
   * What the last read of `file` found, for the articles watcher to know a story as the build has it before
   * it has reported the story once (src/reported-files.ts); undefined unless it was read as a story.
   */
  lastRead(file: string): StoryRead | undefined {
    const entry = this.#entries.get(file);
    if (!entry || !("article" in entry.result) || entry.result.sourceHash === undefined) return undefined;
    const stamped = stampedTimeAndSize(entry.stamp);
    return stamped && { ...stamped, sourceHash: entry.result.sourceHash };
  }

  /** Has the next load read the file again, as if it had been saved. */
  forget(file: string): void {
    this.#entries.delete(file);
  }
}

/**
 * The listing less the stories deleted, when the watcher's names stand each for one of its stories (saved,
 * or deleted, or deleted and made again as an editor's save by rename does): nothing came that it lacks.
 * Undefined when a name stands for none of them (a story added or renamed) or for more than one.
 */
function withoutDeleted(names: readonly string[], listing: ArchiveListing): ArchiveListing | undefined {
  const reported = reportedFiles(names, listing.stories);
  if (!reported) return undefined;
  const gone = new Set([...reported].filter((file) => !existsSync(file)));
  return gone.size === 0 ? listing : { ...listing, stories: listing.stories.filter((file) => !gone.has(file)) };
}

/**
 * Whether a story's remembered read may differ now that these files (`tailOf` the watcher's names) were
 * saved or deleted: it shows one as its lead image or in its body (its rendered body names the file),
 * or it was refused, perhaps for want of one. Its Markdown is unchanged, so its stamp would keep the read.
 */
function showsAnyOf(result: ReadResult, tails: readonly string[]): boolean {
  if ("problems" in result) return true;
  const { image, bodyMedia } = result.article;
  if (image && tails.some((tail) => slashed(image.file).endsWith(tail))) return true;
  if (!bodyMedia) return false;
  const html = result.article.html;
  return tails.some((tail) => {
    const name = path.posix.basename(tail);
    return html.includes(name) || html.includes(encodeURIComponent(name));
  });
}

/** As many reported files as are looked for one by one in the listing when forgetting those gone; more take a set. */
const FEW_REPORTED = 16;

const slashed = (file: string) => `/${file.split(path.sep).join("/")}`;
/** A name as the watcher gives it, relative to a folder of its choosing, as the end of the paths it may stand for. */
const tailOf = (name: string) => slashed(name).replace(/^(?:\/\.\.?)+\//, "/");

/**
 * The files the watcher's names stand for, among `files` (and `moreFiles`, which may repeat them), or
 * undefined when a name stands for none of them or for more than one. Eleventy names a file relative
 * to a folder of its own choosing (the project's, or a parent's when the articles are outside it), so
 * a name stands for the files whose path ends with it. One pass over the files for all the names: a
 * save names one or two, and at 100,000 stories a map of every file's name was a tenth of a second.
 */
export function reportedFiles(names: readonly string[], files: Iterable<string>, moreFiles: Iterable<string> = []): Set<string> | undefined {
  const tails = [...new Set(names.map(tailOf))];
  const matches = tails.map(() => new Set<string>());
  const baseNames = [...new Set(tails.map((tail) => path.posix.basename(tail)))];
  const hasBaseName = (file: string) => baseNames.some((name) => file.endsWith(name) && (file.length === name.length || file[file.length - name.length - 1] === path.sep));
  for (const list of [files, moreFiles]) {
    for (const file of list) {
      // Only a file of a name the watcher gave is turned into a path to compare.
      if (!hasBaseName(file)) continue;
      const whole = slashed(file);
      tails.forEach((tail, index) => {
        if (whole.endsWith(tail)) matches[index]!.add(file);
      });
    }
  }
  if (matches.some((found) => found.size !== 1)) return undefined;
  return new Set(matches.map((found) => [...found][0]!));
}

// Synchronous: on every save it runs for each of the archive's files, and 10,000 stat calls through
// fs/promises took 100-200 ms against 40 ms this way. The change time is in it because the modification
// time can be put back (`touch -r`, `cp -p` or `rsync -a --inplace` over the same file): a rewrite of the
// same length would otherwise keep its stamp, and the story its old text. No one can set the change time.
export function fileStamp(file: string): string {
  const info = statSync(file, { bigint: true });
  return `${info.mtimeNs}:${info.ctimeNs}:${info.size}:${info.ino}`;
}

/** The modification time and size a fileStamp holds; undefined for a stamp of another shape. */
function stampedTimeAndSize(stamp: string): { mtimeNs: bigint; size: bigint } | undefined {
  const match = /^(-?\d+):-?\d+:(\d+):\d+$/.exec(stamp);
  return match ? { mtimeNs: BigInt(match[1]!), size: BigInt(match[2]!) } : undefined;
}
