import { identityDiff } from "./identity-diff.ts";

/*
 * Lists derived from the whole archive, kept from one load to the next and changed by what differs
 * between the lists they are given, told apart by identity (src/identity-diff.ts). The preview loads its
 * archive on every save, and at 100,000 stories grouping and sorting every story again was a third of a
 * second of a save that changed one. A first call, or a build's only one, does the whole work.
 */

/** Items grouped by a key that never changes while the item is the same object. */
export class KeptGroups<T> {
  readonly #keyOf: (item: T) => string;
  readonly #groups = new Map<string, T[]>();
  /** The keys of more than one item. */
  readonly #shared = new Set<string>();
  #items: readonly T[] = [];

  constructor(keyOf: (item: T) => string) {
    this.#keyOf = keyOf;
  }

  /** Groups `items` (each at most once) and returns the groups of more than one, in no particular order. */
  shared(items: readonly T[]): T[][] {
    const { removed, added } = identityDiff(this.#items, items);
    // A copy: the caller's list may change after the call.
    this.#items = [...items];
    for (const item of removed) {
      const key = this.#keyOf(item);
      const group = this.#groups.get(key)!;
      group.splice(group.indexOf(item), 1);
      if (group.length === 0) this.#groups.delete(key);
      if (group.length < 2) this.#shared.delete(key);
    }
    for (const item of added) {
      const key = this.#keyOf(item);
      const group = this.#groups.get(key);
      if (!group) this.#groups.set(key, [item]);
      else {
        group.push(item);
        this.#shared.add(key);
      }
    }
    return [...this.#shared].map((key) => [...this.#groups.get(key)!]);
  }
}

/** Above this many items to take out or put in, a list is sorted afresh rather than each found by a binary search. */
const PLACED_AT_MOST = 64;

/** A list in order, made from the last one less the items gone and with the new ones placed. */
export class KeptOrder<T> {
  readonly #compare: (a: T, b: T) => number;
  #items: readonly T[] = [];
  #sorted: T[] = [];

  /** `compare` must be a total order over the items (no two of them equal), so the result is the same as a fresh sort's. */
  constructor(compare: (a: T, b: T) => number) {
    this.#compare = compare;
  }

  sort(items: readonly T[]): T[] {
    const { removed, added } = identityDiff(this.#items, items);
    const sorted = added.length > PLACED_AT_MOST ? [...items].sort(this.#compare) : resorted(this.#sorted, removed, added, this.#compare);
    this.#items = [...items];
    this.#sorted = sorted;
    return [...sorted];
  }
}

/**
 * `sorted` (in the order of `compare`, a total order) less `removed` and with `added`, in that order:
 * each item found or placed by a binary search when there are few, rather than a pass over the list.
 */
export function resorted<T>(sorted: readonly T[], removed: readonly T[], added: readonly T[], compare: (a: T, b: T) => number): T[] {
  if (removed.length + added.length > PLACED_AT_MOST) {
    const gone = new Set(removed);
    return [...sorted.filter((item) => !gone.has(item)), ...added].sort(compare);
  }
  const result = [...sorted];
  for (const item of removed) {
    const at = placeOf(result, item, compare);
    // Not where the order puts it only if the order was not total after all: then it is looked for.
    const found = result[at] === item ? at : result.indexOf(item);
    if (found !== -1) result.splice(found, 1);
  }
  for (const item of added) result.splice(placeOf(result, item, compare), 0, item);
  return result;
}

/** Where `item` goes in `sorted`: after every item before it. */
function placeOf<T>(sorted: readonly T[], item: T, compare: (a: T, b: T) => number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(sorted[middle]!, item) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
