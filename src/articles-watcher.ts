import { existsSync, lstatSync, readdirSync, watch, type FSWatcher } from "node:fs";
import path from "node:path";
import { ReportedFiles, type AsBuilt } from "./reported-files.ts";
import { isEditorLeftover } from "./stray-stories.ts";

/**
 * The preview's watcher of the articles folder, in place of Eleventy's (chokidar 4), which watched every
 * story file as well as every folder: about one inotify watch a story, so an archive of some 190,000
 * files passed the system's limit (fs.inotify.max_user_watches) and the preview stopped at the end of
 * its first build; and each event on a folder had chokidar read the whole folder again, with a stat of
 * each of its entries (about 1,400 and 0.1 s at 100,000 stories), on every save. This one watches the
 * folders only (the years and months: about 80 at 100,000 stories), takes the file's name from the
 * event and stats that file alone. (Node 20's recursive fs.watch is no shortcut on Linux: it is built in
 * JavaScript and opens a watch on every file too.) Hidden files and folders are not watched, as the
 * archive's listing skips them.
 */
export interface ArticlesWatcher {
  /** How many folders it watches now: one watch each. */
  readonly watches: number;
  close(): void;
}

export interface ArticlesWatcherOptions {
  /** Called with each file added, saved or removed, by its absolute path, once it has settled; and with a folder removed. */
  changed: (file: string) => void;
  /**
   * Called when the articles folder is there again after it was gone (deleted, renamed away, or missing
   * from the start): its files are not reported one by one, being the same files as often as not.
   */
  cameBack: () => void;
  /**
   * Told true when a change is noticed while none was settling, and false once every change noticed has
   * been reported or dropped: the preview's background index makes way from the first event of a save
   * (src/rebuild-gate.ts), not from the rebuild it starts.
   */
  settling?: (settling: boolean) => void;
  /** How long a file must go without an event before it is reported: a file still being written is not read half-written. */
  settleMs?: number;
  /** How long a file gone is waited for before it is reported removed: an editor's save by rename brings it back at once. */
  returnWaitMs?: number;
  /** How long an empty file is waited for, once settled, before it is reported: a save seen between its truncation and its write. */
  emptyWaitMs?: number;
  /** How often the articles folder is looked for while it is gone: one stat each time. */
  lookEveryMs?: number;
  /**
   * What the preview's build last read of a story, for a story not reported yet: one that is as it was then
   * (a chmod, before its first save since npm start) is not reported (src/reported-files.ts).
   */
  lastRead?: AsBuilt["lastRead"];
  /** The version of a picture the preview's pages were made from, for a picture not reported yet: the same for its first chmod. */
  lastUsed?: AsBuilt["lastUsed"];
}

/**
 * How long a saved file must go without an event before it is reported. A save of a Markdown file is over
 * in a few milliseconds, and each write to the file is an event; a write that pauses longer than this is
 * read as it stands and read again, whole, by the rebuild its last part starts (Eleventy queues changes
 * made during a rebuild). Eleventy's own watcher waits 150 ms of stillness.
 */
export const SETTLE_MS = 40;

/**
 * How long a file gone is waited for before it is reported removed, so that an editor's save by rename
 * (vim moves the story aside and writes it anew; others write a copy and rename it over) is one change,
 * not a deletion and a new story. Such a save is over within a millisecond on a quiet machine. On a busy
 * one (load 11-15) the watcher saw vim's new copy come up to 14 ms after the old went, and a script moving
 * it aside and writing it anew 43 ms: reported removed, the story had its pages removed by the rebuild, and
 * the preview answered 404 for it until the copy's own rebuild (2 of 4 saves whose copy came 60 ms late).
 * So a file gone whose editor's backup is there (`story.md~`, which vim and Emacs move it to) is waited
 * for EMPTY_WAIT_MS more: a deletion, which leaves none, is still rebuilt for at once.
 */
export const RETURN_WAIT_MS = 20;

/**
 * How long a file found empty once settled is waited for before it is reported (and a file gone while its
 * backup is there: RETURN_WAIT_MS). A save truncates the file,
 * then writes it (Node's writeFile, and the editors built on it, hand each step to another thread): on a
 * machine at load 10-13 the write came over SETTLE_MS after the truncation (at +93 ms and about +200 ms in
 * one save), and the rebuild read the story empty: every page said "the file is empty" until the write's
 * own rebuild (fiftieth round). A story emptied on purpose is reported this much later.
 */
export const EMPTY_WAIT_MS = 1000;

/** How often the preview looks for its articles folder while the folder is gone. */
const LOOK_EVERY_MS = 250;

const isHidden = (name: string) => name.startsWith(".");

function isEmptyFile(file: string): boolean {
  const info = lstatSync(file, { throwIfNoEntry: false });
  return info !== undefined && info.isFile() && info.size === 0;
}

/** Whether `file` is gone and its editor's backup is there: a save by rename, its new copy not yet written. */
function isMovedAside(file: string): boolean {
  return !existsSync(file) && existsSync(`${file}~`);
}

/**
 * Whether a name gone from a folder is worth a rebuild: a story, a story-like file, an image or a video
 * beside one. Not an editor's leftover, nor a name without an extension, as vim's "4913", a file it makes
 * and removes at once on every save to see that it may write there: each report of a file that is not a
 * story has the rebuild write every page, not only the saved story's.
 */
function removalIsReported(name: string): boolean {
  return path.extname(name) !== "" && !isEditorLeftover(name);
}

export function watchArticlesFolder(articlesDir: string, options: ArticlesWatcherOptions): ArticlesWatcher {
  const root = path.resolve(articlesDir);
  const { changed, cameBack, settling: onSettling, settleMs = SETTLE_MS, returnWaitMs = RETURN_WAIT_MS, emptyWaitMs = EMPTY_WAIT_MS, lookEveryMs = LOOK_EVERY_MS, lastRead, lastUsed } = options;
  /** The watch of each folder watched, by its absolute path. */
  const folders = new Map<string, FSWatcher>();
  /** The timer of each file (or folder) with an event not yet settled. */
  const settling = new Map<string, NodeJS.Timeout>();
  /**
   * The symbolic links in the folders watched. The archive's listing takes in a link of any name, and a rebuild
   * may refuse one (src/stray-stories.ts: a folder's `shared`, a story's `harbour`), so a link's removal is
   * reported even where a name without an extension is not: the refusal stayed on every page after it.
   */
  const links = new Set<string>();
  /** A file reported again as it was (vim's chmod after a slow fsync, a chmod of a photo) is not reported: src/reported-files.ts. */
  const reported = new ReportedFiles({ lastRead, lastUsed });
  let looking: NodeJS.Timeout | undefined;
  let closed = false;

  /** Watches `folder` and the folders in it; `report`: has each file found in them settle and be reported, as new. */
  const watchTree = (folder: string, report: boolean) => {
    if (closed || folders.has(folder)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(folder, { persistent: false }, (_event, name) => {
        if (name) noticed(path.join(folder, name.toString()));
      });
    } catch (error) {
      // Gone already: its parent's event says so. Anything else (the system's limit of watches reached by
      // other programs) would leave the preview deaf to the folder without a word.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") console.warn(`The preview cannot watch ${path.relative(process.cwd(), folder) || folder} (${code ?? String(error)}): what is saved there shows only once npm start is run again.`);
      return;
    }
    // A folder removed ends its watch with an error on some systems: its parent's event reports it.
    watcher.on("error", () => unwatchTree(folder));
    folders.set(folder, watcher);
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (isHidden(entry.name)) continue;
      const inner = path.join(folder, entry.name);
      // A link to a folder is not followed, as the archive's listing does not follow it (nor then loops).
      if (entry.isSymbolicLink()) links.add(inner);
      if (entry.isDirectory()) watchTree(inner, report);
      // A folder made with a story already in it (moved in, or unpacked) gives no event for the story.
      else if (report) noticed(inner);
    }
  };

  /** Stops watching `folder` and every folder in it. */
  const unwatchTree = (folder: string) => {
    const prefix = folder + path.sep;
    for (const [watched, watcher] of folders) {
      if (watched !== folder && !watched.startsWith(prefix)) continue;
      watcher.close();
      folders.delete(watched);
    }
    for (const link of links) if (link.startsWith(prefix)) links.delete(link);
    reported.forget(folder);
  };

  /** An event for `file` (or a folder): reported once no event has come for it for a while, as it then is. */
  const noticed = (file: string) => {
    if (closed || isHidden(path.basename(file))) return;
    clearTimeout(settling.get(file));
    if (settling.size === 0) onSettling?.(true);
    settleAfter(file, existsSync(file) ? settleMs : returnWaitMs, true);
  };

  /** Reports `file` once `ms` have passed without another event for it; when found empty or moved aside then, first waits emptyWaitMs more. */
  const settleAfter = (file: string, ms: number, mayBeHalfSaved: boolean) => {
    const timer = setTimeout(() => {
      if (mayBeHalfSaved && (isEmptyFile(file) || isMovedAside(file))) return settleAfter(file, emptyWaitMs, false);
      settling.delete(file);
      settled(file);
      // After the report, so that the index holds on from the change to the rebuild it starts.
      if (settling.size === 0) onSettling?.(false);
    }, ms);
    timer.unref();
    settling.set(file, timer);
  };

  const settled = (file: string) => {
    if (closed) return;
    const info = lstatSync(file, { throwIfNoEntry: false });
    const name = path.basename(file);
    if (!info) reported.forget(file);
    if (info?.isDirectory()) watchTree(file, true);
    else if (info) {
      if (info.isSymbolicLink()) links.add(file);
      else links.delete(file);
      if (!isEditorLeftover(name) && !reported.unchanged(file)) changed(file);
    } else if (!existsSync(root)) {
      // The articles folder itself: its own watch names it within itself when it goes.
      folderGone();
    } else if (folders.has(file)) {
      unwatchTree(file);
      changed(file);
    } else if (links.delete(file) || removalIsReported(name)) changed(file);
  };

  const folderGone = () => {
    unwatchTree(root);
    for (const timer of settling.values()) clearTimeout(timer);
    settling.clear();
    changed(root);
    onSettling?.(false);
    lookForIt();
  };

  const lookForIt = () => {
    if (looking || closed) return;
    looking = setInterval(() => {
      if (!existsSync(root)) return;
      clearInterval(looking);
      looking = undefined;
      watchTree(root, false);
      cameBack();
    }, lookEveryMs);
    looking.unref();
  };

  if (existsSync(root)) watchTree(root, false);
  else lookForIt();

  return {
    get watches() {
      return folders.size;
    },
    close() {
      closed = true;
      clearInterval(looking);
      for (const timer of settling.values()) clearTimeout(timer);
      if (settling.size > 0) onSettling?.(false);
      settling.clear();
      unwatchTree(root);
    },
  };
}
