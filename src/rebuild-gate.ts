// The preview's rebuilds come before its background search index (src/search-index.ts). While a rebuild
// is under way, or a save has been noticed, the index's work on the main thread waits between parts and
// between a part's stories (a hundred at a time), and its Pagefind processes are stopped (SIGSTOP) until the
// rebuild has ended (SIGCONT). A low priority alone was not enough: a new story saved while Pagefind indexed
// the edits before it still reached the front page about a quarter of a second later
// (docs/performance-history.md, sixteenth round).

/**
 * Whether a preview rebuild is under way, or about to be, and who waits for it to end. A save is about to
 * be rebuilt from the moment the articles' watcher notices it (articleChangesNoticed): the index's work on
 * the main thread made way only once Eleventy began the rebuild, and the save's file event, the watcher's
 * settling and Eleventy's steps before its rebuild each waited behind whatever part of that work had begun.
 */
export class RebuildGate {
  #rebuilding = false;
  /** The articles' watcher has changes it has not yet reported (or dropped). */
  #noticed = false;
  #waiters: (() => void)[] = [];
  readonly #watchers = new Set<(rebuilding: boolean) => void>();

  /** `hearsArticleChanges`: closed by the preview's articles watcher too (the background index's gate). */
  constructor({ hearsArticleChanges = false } = {}) {
    if (hearsArticleChanges) hearing.add(new WeakRef(this));
  }

  get rebuilding(): boolean {
    return this.#rebuilding || this.#noticed;
  }

  /** A rebuild has started (Eleventy's eleventy.beforeWatch), or a change was reported that starts one. */
  started(): void {
    this.#change(() => (this.#rebuilding = true));
  }

  /**
   * The rebuild has ended. Eleventy announces only a rebuild that succeeded, so after one that failed
   * the index waits for the next: its pages are what the index is made from.
   */
  ended(): void {
    this.#change(() => (this.#rebuilding = false));
  }

  /** Whether the articles' watcher has changes that are settling (see articleChangesNoticed). */
  noticed(settling: boolean): void {
    this.#change(() => (this.#noticed = settling));
  }

  #change(change: () => void): void {
    const was = this.rebuilding;
    change();
    if (this.rebuilding === was) return;
    if (!this.rebuilding) for (const resolve of this.#waiters.splice(0)) resolve();
    for (const watcher of this.#watchers) watcher(this.rebuilding);
  }

  /** Resolves once no rebuild is under way or about to be. */
  async passed(): Promise<void> {
    while (this.rebuilding) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  /** Tells `watcher` whether a rebuild is under way, now and at each change; returns how to stop. */
  watch(watcher: (rebuilding: boolean) => void): () => void {
    this.#watchers.add(watcher);
    watcher(this.rebuilding);
    return () => this.#watchers.delete(watcher);
  }
}

/** The gates that hear the articles' watcher; held weakly, as a preview whose settings change makes new ones. */
const hearing = new Set<WeakRef<RebuildGate>>();

function eachHearing(tell: (gate: RebuildGate) => void): void {
  for (const held of hearing) {
    const gate = held.deref();
    if (gate) tell(gate);
    else hearing.delete(held);
  }
}

/**
 * The preview's articles watcher (src/articles-watcher.ts) has begun (true) or finished (false) settling
 * changes: from a save's first file event until it is reported, the background index waits, as for the
 * rebuild it will start. A change it drops (an editor's leftover) opens the gate again.
 */
export function articleChangesNoticed(settling: boolean): void {
  eachHearing((gate) => gate.noticed(settling));
}

/** The watcher reported a change: its rebuild is under way for the index from now, not from Eleventy's start of it. */
export function articleChangeReported(): void {
  eachHearing((gate) => gate.started());
}

/**
 * Pagefind processes stopped now, by pid (the search threads say so). A stopped process cannot read
 * that its input has closed, so one left stopped when the preview ends would wait for ever: they are
 * continued as this process exits (and by npm start, src/cli/start.ts, when it is killed outright).
 */
const stopped = new Set<number>();
process.on("exit", () => {
  for (const pid of stopped) {
    try {
      process.kill(pid, "SIGCONT");
    } catch {
      // It has ended.
    }
  }
});

export function notePagefindStopped(pid: number, isStopped: boolean): void {
  if (isStopped) stopped.add(pid);
  else stopped.delete(pid);
}
