import { copyFile, mkdir, unlink } from "node:fs/promises";
import path from "node:path";
import type { UsedFiles } from "./image-users.ts";
import { liesWithin } from "./contained-path.ts";
import { copyFiles, linkFiles } from "./kept-files.ts";
import { removePages } from "./stale-pages.ts";

/** What the output folder's images lack since they were last published: the files to put in (site URL → file), the URLs to take out. */
export interface ImageChanges {
  put: ReadonlyMap<string, string>;
  remove: readonly string[];
}

/**
 * The image changes no publish has made yet. A load notes what its stories brought and left unused; the
 * changes stay until a publish has made them, so a rebuild that fails once the stories were read (a
 * template's error, a page that cannot be written) leaves its new pictures to the next one that succeeds.
 * The first load brings every file, so the first publish puts in the whole set.
 */
export class UnpublishedImages {
  /** Site URL → the file to put there, or null for a URL to take out; the last change to a URL wins. */
  readonly #changes = new Map<string, string | null>();

  /** The files of stories that came (new or saved: any may have changed), then the URLs no story uses any longer. */
  note(came: readonly UsedFiles[], unused: readonly string[]): void {
    for (const files of came) for (const [url, file] of files) this.#changes.set(url, file);
    for (const url of unused) this.#changes.set(url, null);
  }

  /** The changes to make now, and how to forget them once made (a change noted since then stays). */
  pending(): ImageChanges & { published(): void } {
    const taken = new Map(this.#changes);
    const put = new Map<string, string>();
    const remove: string[] = [];
    for (const [url, file] of taken) {
      if (file === null) remove.push(url);
      else put.set(url, file);
    }
    return {
      put,
      remove,
      published: () => {
        for (const [url, file] of taken) if (this.#changes.get(url) === file) this.#changes.delete(url);
      },
    };
  }
}

/**
 * Makes the changes in the output folder. `npm run build`'s folder is new and gets every file at once,
 * on a thread (a newsroom's 10,000 stories are 60,000 files, and the rendering thread is busy with the
 * search index): the image cache's variants as hard links, since the cache never writes into a file it
 * has (eleventy-img makes a variant only when no file has its name, written whole under another and renamed
 * into place, src/image-cache-writes.ts, and a build links them after every picture is made), and
 * originals beside the articles as copies, which an editor may save over in place.
 * The preview's folder is kept, and a save changes a story's few files: they are copied on this thread,
 * each replacing the file rather than writing into it, since the folder may hold a build's links.
 */
export async function putImagesInto(outputDir: string, changes: ImageChanges, { imageCacheDir, link }: { imageCacheDir: string; link: boolean }): Promise<void> {
  await removePages(outputDir, changes.remove);
  const pairs = [...changes.put].map(([url, file]) => [file, path.join(outputDir, url)] as const);
  if (!link) return copyEach(pairs);
  const cached = pairs.filter(([file]) => liesWithin(imageCacheDir, file));
  const originals = pairs.filter(([file]) => !liesWithin(imageCacheDir, file));
  await Promise.all([cached.length > 0 && linkFiles(cached), originals.length > 0 && copyFiles(originals)]);
}

async function copyEach(pairs: readonly (readonly [from: string, to: string])[]): Promise<void> {
  const made = new Set<string>();
  for (const [from, to] of pairs) {
    const folder = path.dirname(to);
    if (!made.has(folder)) await mkdir(folder, { recursive: true });
    made.add(folder);
    await unlink(to).catch(() => undefined);
    await copyFile(from, to);
  }
}
