/**
 * A map that keeps only the values asked for or set most recently, up to a number of them: for work
 * that is often asked again soon after (a story's feed body, in each of the feeds that carry it) but
 * that must not be held for every key of an archive.
 */
export class RecentValues<Key, Value> {
  readonly #limit: number;
  // A Map iterates in insertion order: the first key is the one used longest ago.
  readonly #values = new Map<Key, Value>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  get(key: Key): Value | undefined {
    const value = this.#values.get(key);
    if (value !== undefined) {
      this.#values.delete(key);
      this.#values.set(key, value);
    }
    return value;
  }

  set(key: Key, value: Value): void {
    this.#values.delete(key);
    this.#values.set(key, value);
    if (this.#values.size > this.#limit) this.#values.delete(this.#values.keys().next().value!);
  }

  get size(): number {
    return this.#values.size;
  }
}
