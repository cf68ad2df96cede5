/**
 * The items only in `before` and only in `after`, telling items apart by identity; each list holds an
 * item at most once. The preview's saves compare lists of 100,000 stories or more in which nearly every
 * item is the same object in the same place (src/preview-delta.ts): what the two lists share at their
 * start and end is passed over one comparison an item, and only what lies between is put into sets.
 */
export function identityDiff<T>(before: readonly T[], after: readonly T[]): { removed: T[]; added: T[] } {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  const middleBefore = before.slice(start, endBefore);
  const middleAfter = after.slice(start, endAfter);
  if (middleBefore.length === 0 || middleAfter.length === 0) return { removed: middleBefore, added: middleAfter };
  // An item of either middle is in the other list only in its middle: the ends hold the same items in both.
  const inAfter = new Set(middleAfter);
  const inBefore = new Set(middleBefore);
  return { removed: middleBefore.filter((item) => !inAfter.has(item)), added: middleAfter.filter((item) => !inBefore.has(item)) };
}
