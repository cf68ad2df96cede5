/** The files one user publishes (a story's images and the files its raw tags show, or the share picture's JPEG): site URL → file. */
export type UsedFiles = ReadonlyMap<string, string>;

/**
 * How many users each published image file has. Stories share files (two stories showing the same
 * photograph publish the same variants, named for its bytes), so a file leaves the site only when the
 * last story showing it is deleted or stops showing it. The preview counts what changed at each save
 * instead of gathering every story's files again: at 100,000 stories that would be a million URLs a save.
 */
export class ImageUsers {
  readonly #files = new Map<string, string>();
  readonly #counts = new Map<string, number>();

  /**
   * Counts the files of users that came and of users that went (a story saved is one of each); returns
   * the URLs that no user has any longer. The new users are counted first, so a file that passes from one
   * story to another in the same save is never found unused.
   */
  change(came: readonly UsedFiles[], went: readonly UsedFiles[]): string[] {
    for (const files of came) {
      for (const [url, file] of files) {
        this.#counts.set(url, (this.#counts.get(url) ?? 0) + 1);
        this.#files.set(url, file);
      }
    }
    const unused: string[] = [];
    for (const files of went) {
      for (const url of files.keys()) {
        const count = this.#counts.get(url);
        if (count === undefined) continue;
        if (count > 1) {
          this.#counts.set(url, count - 1);
          continue;
        }
        this.#counts.delete(url);
        this.#files.delete(url);
        unused.push(url);
      }
    }
    return unused;
  }

  /** Every file some user has: site URL → file. */
  files(): Map<string, string> {
    return new Map(this.#files);
  }
}
