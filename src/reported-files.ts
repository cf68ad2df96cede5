import { accessSync, constants, lstatSync, readFileSync } from "node:fs";
import path from "node:path";
import type { StoryRead } from "./article-cache.ts";
import { sourceHash } from "./article-loader.ts";
import { fileVersion } from "./image-requests.ts";
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
 * it (`lastRead`), and a picture with the version the build's pictures were made from (`lastUsed`), so that
 * a first chmod is not a rebuild either; not under a file or folder seen gone, whose read the build may not
 * have undone yet (a story put back as it was is reported, as before). A file the build keeps no version of
 * (a video, a file only a raw tag names, a picture no story shows) has nothing to be compared with: its first
 * event is reported.
 */
export class ReportedFiles {
  /** Each file's facts at its last report, by its absolute path. */
  readonly #facts = new Map<string, string>();
  /** The files and folders seen gone since the watcher started. */
  readonly #gone = new Set<string>();
  readonly #asBuilt: AsBuilt;

  constructor(asBuilt: AsBuilt = {}) {
    this.#asBuilt = asBuilt;
  }

  /** Whether `file` is as it was when last reported (when not reported yet: as the build last read or used it); remembers it as it is now. */
  unchanged(file: string): boolean {
    const story = isArticleFile(file);
    const facts = story ? storyFacts(file) : mediaFacts(file);
    const was = this.#facts.get(file) ?? this.#asBuiltFacts(file, story);
    // A file reported unreadable is no longer compared with the build's: made readable again, it is reported.
    this.#facts.set(file, facts ?? UNREADABLE);
    return facts !== undefined && facts === was;
  }

  /** Forgets `file`, and every file under it when it is a folder: gone, or no longer watched. */
  forget(file: string): void {
    this.#facts.delete(file);
    this.#gone.add(file);
    const prefix = file + path.sep;
    for (const known of this.#facts.keys()) if (known.startsWith(prefix)) this.#facts.delete(known);
  }

  #asBuiltFacts(file: string, story: boolean): string | undefined {
    for (let at = file; ; at = path.dirname(at)) {
      if (this.#gone.has(at)) return undefined;
      if (path.dirname(at) === at) break;
    }
    if (!story) return this.#asBuilt.lastUsed?.(file);
    const read = this.#asBuilt.lastRead?.(file);
    return read && storyFactsOf(read);
  }
}

/** What the build knows of the files it read, by their absolute paths (src/preview-rebuilds.ts gives the preview's). */
export interface AsBuilt {
  /** What it last read of a story. */
  lastRead?: (file: string) => StoryRead | undefined;
  /** The version of a picture its pages were made from (src/image-requests.ts, `fileVersion`). */
  lastUsed?: (file: string) => string | undefined;
}

/** What a file reported unreadable (or no longer a regular file) is remembered as: no file's facts. */
const UNREADABLE = "";

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
    return fileVersion(info);
  } catch {
    return undefined;
  }
}
