import { createHash } from "node:crypto";
import { lstatSync, readFileSync } from "node:fs";
import path from "node:path";
import { isArticleFile } from "./stray-stories.ts";

/**
 * What each story held, and its modification time, when the preview's articles watcher last reported it
 * (src/articles-watcher.ts), so that a change to neither is not reported again. vim saves by writing the
 * file, then fsync, then chmod: when the fsync outlasts the watcher's settling (on a busy machine), the chmod
 * came as a change of its own, and the preview rebuilt twice and reloaded an open tab twice for one save
 * (2 of 20 saves at load 14, fifty-first round). The rebuild a report starts reads the file after the
 * report, so what is remembered here is what that rebuild read, or older than a change still to come.
 *
 * The modification time is kept as a fact of the save, though the build reads only the bytes: `touch` (or
 * a save that changed nothing) is how an editor asks for a rebuild, and README promises one for every save;
 * `touch -r` after a rewrite changes the bytes. A change of the file's mode, owner or links alone (its
 * change time) is what this drops, unless the story can no longer be read, which the build would say.
 * Stories only: an image or a video beside them is not read whole on every save to be compared.
 */
export class ReportedStories {
  /** Each story's facts at its last report, by its absolute path. */
  readonly #facts = new Map<string, string>();

  /** Whether `file` is a story holding what it held, with the same modification time, when last reported; remembers it as it is now. */
  unchanged(file: string): boolean {
    if (!isArticleFile(file)) return false;
    const facts = storyFacts(file);
    const was = this.#facts.get(file);
    if (facts === undefined) this.#facts.delete(file);
    else this.#facts.set(file, facts);
    return facts !== undefined && facts === was;
  }

  /** Forgets `file`, and every story under it when it is a folder: gone, or no longer watched. */
  forget(file: string): void {
    this.#facts.delete(file);
    const prefix = file + path.sep;
    for (const story of this.#facts.keys()) if (story.startsWith(prefix)) this.#facts.delete(story);
  }
}

/** A regular file's modification time, size and bytes' digest; undefined for anything else, or a file that cannot be read. */
function storyFacts(file: string): string | undefined {
  try {
    const info = lstatSync(file, { bigint: true });
    if (!info.isFile()) return undefined;
    return `${info.mtimeNs}:${info.size}:${createHash("sha256").update(readFileSync(file)).digest("base64")}`;
  } catch {
    return undefined;
  }
}
