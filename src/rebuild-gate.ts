// The preview's rebuilds come before its background search index (src/search-index.ts). While a rebuild
// is under way, the index's work on the main thread waits between parts, and its Pagefind processes are
// stopped (SIGSTOP) until the rebuild has ended (SIGCONT). A low priority alone was not enough: a new story
// saved while Pagefind indexed the edits before it still reached the front page about a quarter of a
// second later (docs/performance-history.md, sixteenth round).

/** Whether a preview rebuild is under way, and who waits for it to end. */
export class RebuildGate {
  #rebuild?: { done: Promise<void>; ended: () => void };
  readonly #watchers = new Set<(rebuilding: boolean) => void>();

  get rebuilding(): boolean {
    return this.#rebuild !== undefined;
  }

  /** A rebuild has started (Eleventy's eleventy.beforeWatch). */
  started(): void {
    if (this.#rebuild) return;
    let ended!: () => void;
    this.#rebuild = { done: new Promise<void>((resolve) => (ended = resolve)), ended };
    for (const watcher of this.#watchers) watcher(true);
  }

  /**
   * The rebuild has ended. Eleventy announces only a rebuild that succeeded, so after one that failed
   * the index waits for the next: its pages are what the index is made from.
   */
  ended(): void {
    const rebuild = this.#rebuild;
    if (!rebuild) return;
    this.#rebuild = undefined;
    rebuild.ended();
    for (const watcher of this.#watchers) watcher(false);
  }

  /** Resolves once no rebuild is under way. */
  async passed(): Promise<void> {
    while (this.#rebuild) await this.#rebuild.done;
  }

  /** Tells `watcher` whether a rebuild is under way, now and at each change; returns how to stop. */
  watch(watcher: (rebuilding: boolean) => void): () => void {
    this.#watchers.add(watcher);
    watcher(this.rebuilding);
    return () => this.#watchers.delete(watcher);
  }
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
