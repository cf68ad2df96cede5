/**
 * The items only in `before` and only in `after`, telling items apart by identity; each list holds an
 * item at most once. The preview's saves compare lists of 100,000 stories or more in which nearly every
 * item is the same object in the same place (src/preview-delta.ts): what the two lists share at their
 * start and end is passed over one comparison an item, and only what lies between is put into sets.
 */
export function identityDiff<T>(before: readonly T[], after: readonly T[]): { removed: T[]; added: T[] } {
  const { start, endBefore, endAfter } = sharedEnds(before, after);
  const middleBefore = before.slice(start, endBefore);
  const middleAfter = after.slice(start, endAfter);
  if (middleBefore.length === 0 || middleAfter.length === 0) return { removed: middleBefore, added: middleAfter };
  // An item of either middle is in the other list only in its middle: the ends hold the same items in both.
  const inAfter = new Set(middleAfter);
  const inBefore = new Set(middleBefore);
  return { removed: middleBefore.filter((item) => !inAfter.has(item)), added: middleAfter.filter((item) => !inBefore.has(item)) };
}

/**
 * How far two lists hold the same items, by identity, from their start and from their end: `before` and
 * `after` are the same up to `start`, and from `endBefore` and `endAfter` on.
 */
export function sharedEnds<T>(before: readonly T[], after: readonly T[]): { start: number; endBefore: number; endAfter: number } {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  return { start, endBefore, endAfter };
}

/**
 * `after.map(make)`, given `before` and what `before.map(make)` gave: the results of the items the two
 * lists share at their start and end are taken from it, and only the items between are made. For a
 * `make` that gives the same result for the same item (the preview's per-story objects), the result is
 * the same; at 100,000 stories, one look-up a story in a WeakMap was a tenth of a second of a save.
 */
export function mapKept<T, U>(before: readonly T[], madeBefore: readonly U[], after: readonly T[], make: (item: T, index: number) => U): U[] {
  const { start, endBefore, endAfter } = sharedEnds(before, after);
  const between: U[] = [];
  for (let index = start; index < endAfter; index++) between.push(make(after[index]!, index));
  return madeBefore.slice(0, start).concat(between, madeBefore.slice(endBefore));
}
