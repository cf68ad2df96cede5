import { accessSync, constants, lstatSync, readFileSync } from "node:fs";
import path from "node:path";
import type { StoryRead } from "./article-cache.ts";
import { sourceHash } from "./article-loader.ts";
import { isArticleFile } from "./stray-stories.ts";

/**
 * What each file the preview's articles watcher reported (src/articles-watcher.ts) was when last reported,
 * so that a file neither saved nor touched since is not reported again. vim saves by writing the file, then
 * fsync, then chmod: when the fsync outlasted the watcher's settling (on a busy machine), the chmod came as a
 * change of its own, and the preview rebuilt twice and reloaded an open tab twice for one save (2 of 20 saves
 * at load 14, fifty-first round). The rebuild a report starts reads the file after the report, so what is
 * remembered here is what that rebuild read, or older than a change still to come.
 *
 * The modification time is kept as a fact of the save, though the build reads only the bytes: `touch` (or
 * a save that changed nothing) is how an editor asks for a rebuild, and README promises one for every save.
 * A change of the file's mode, owner or links alone (its change time) is what this drops, unless the file
 * can no longer be read, which the build would say.
 *
 * A story is known by its bytes' digest too: `touch -r` after a rewrite of the same length changes them.
 * An image or a video beside the stories (megabytes: a 5 MiB photo read and hashed took 3-215 ms, median 18,
 * against 5 µs for its stat) is known by its modification time, size and inode alone, as the preview's
 * pictures know a version of it (src/image-requests.ts): a change that keeps all three (bytes rewritten at
 * the same length with the time put back to the nanosecond, in place) would not make new variants anyway.
 *
 * A story the watcher has not reported since npm start began is compared with what the build last read of
 * it (`lastRead`), so that its first chmod is not a rebuild either; not under a file or folder seen gone,
 * whose read the build may not have undone yet (a story put back as it was is reported, as before).
 */
export class ReportedFiles {
  /** Each file's facts at its last report, by its absolute path. */
  readonly #facts = new Map<string, string>();
  /** The files and folders seen gone since the watcher started. */
  readonly #gone = new Set<string>();
  readonly #lastRead?: (file: string) => StoryRead | undefined;

  constructor(lastRead?: (file: string) => StoryRead | undefined) {
    this.#lastRead = lastRead;
  }

  /** Whether `file` is as it was when last reported (a story: as the build last read it, when not reported yet); remembers it as it is now. */
  unchanged(file: string): boolean {
    const story = isArticleFile(file);
    const facts = story ? storyFacts(file) : mediaFacts(file);
    const was = this.#facts.get(file) ?? (story ? this.#readByBuild(file) : undefined);
    if (facts === undefined) this.#facts.delete(file);
    else this.#facts.set(file, facts);
    return facts !== undefined && facts === was;
  }

  /** Forgets `file`, and every file under it when it is a folder: gone, or no longer watched. */
  forget(file: string): void {
    this.#facts.delete(file);
    this.#gone.add(file);
    const prefix = file + path.sep;
    for (const known of this.#facts.keys()) if (known.startsWith(prefix)) this.#facts.delete(known);
  }

  #readByBuild(file: string): string | undefined {
    if (!this.#lastRead) return undefined;
    for (let at = file; ; at = path.dirname(at)) {
      if (this.#gone.has(at)) return undefined;
      if (path.dirname(at) === at) break;
    }
    const read = this.#lastRead(file);
    return read && storyFactsOf(read);
  }
}

/** A story's facts as compared: the same for what the build read and for the file as it is. */
const storyFactsOf = ({ mtimeNs, size, sourceHash }: StoryRead) => `${mtimeNs}:${size}:${sourceHash}`;

/** A story's modification time, size and bytes' digest; undefined for anything but a regular file, or a file that cannot be read. */
function storyFacts(file: string): string | undefined {
  try {
    const info = lstatSync(file, { bigint: true });
    if (!info.isFile()) return undefined;
    return storyFactsOf({ mtimeNs: info.mtimeNs, size: info.size, sourceHash: sourceHash(readFileSync(file)) });
  } catch {
    return undefined;
  }
}

/** Any other file's modification time, size and inode; undefined for anything but a regular file, or a file that cannot be read. */
function mediaFacts(file: string): string | undefined {
  try {
    const info = lstatSync(file, { bigint: true });
    if (!info.isFile()) return undefined;
    accessSync(file, constants.R_OK);
    return `${info.mtimeNs}:${info.size}:${info.ino}`;
  } catch {
    return undefined;
  }
}
