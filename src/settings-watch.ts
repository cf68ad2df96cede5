import { readFileSync, watch, type FSWatcher } from "node:fs";
import path from "node:path";

/**
 * How long the settings files must be left alone before a change counts: an editor's save (write a
 * temporary file, rename it over the old one) makes several events, and a few saves in quick
 * succession should restart the preview once.
 */
const SETTLING_MS = 300;

/**
 * Calls `changed` with the first file whose text differs from what it was at the start or at the last
 * call, once the files have been still for `settlingMs`. A save that leaves the text as it was (a
 * touch, an undo saved) is no change. Folders are watched rather than files, since editors save by
 * replacing the file. Returns the way to stop.
 */
export function watchSettingsFiles(files: readonly string[], changed: (file: string) => void, settlingMs = SETTLING_MS): () => void {
  const texts = new Map(files.map((file) => [file, readText(file)]));
  let timer: NodeJS.Timeout | undefined;
  const settle = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const file = files.find((each) => readText(each) !== texts.get(each));
      if (file === undefined) return;
      for (const each of files) texts.set(each, readText(each));
      changed(file);
    }, settlingMs);
  };
  const watchers = [...new Set(files.map((file) => path.dirname(path.resolve(file))))].flatMap((folder): FSWatcher[] => {
    const names = new Set(files.filter((file) => path.dirname(path.resolve(file)) === folder).map((file) => path.basename(file)));
    // A folder that cannot be watched (the system's limit on watches reached, the folder gone) costs the
    // restart, not the preview.
    const unwatched = (error: unknown) => console.warn(`Not watching ${[...names].join(", ")} for changes (${error instanceof Error ? error.message : String(error)}): restart npm start after editing ${names.size === 1 ? "it" : "them"}.`);
    try {
      return [watch(folder, (_event, name) => name !== null && names.has(name) && settle()).on("error", unwatched)];
    } catch (error) {
      unwatched(error);
      return [];
    }
  });
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}

/**
 * Calls `changed` once a folder and everything under it have been still for `settlingMs` after any file or
 * folder in it was added, removed or written. A folder that cannot be watched (not there, the system's limit
 * reached) costs a warning naming what to do instead, `unwatchedAdvice`. Returns the way to stop.
 */
export function watchFolderTree(folder: string, changed: () => void, unwatchedAdvice: string, settlingMs = SETTLING_MS): () => void {
  let timer: NodeJS.Timeout | undefined;
  const settle = () => {
    clearTimeout(timer);
    timer = setTimeout(changed, settlingMs);
  };
  const shown = path.relative(process.cwd(), folder) || folder;
  const unwatched = (error: unknown) => console.warn(`Not watching ${shown} for changes (${error instanceof Error ? error.message : String(error)}): ${unwatchedAdvice}.`);
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(folder, { recursive: true }, settle).on("error", unwatched);
  } catch (error) {
    unwatched(error);
  }
  return () => {
    clearTimeout(timer);
    watcher?.close();
  };
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
