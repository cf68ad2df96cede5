import { test } from "node:test";
import assert from "node:assert/strict";
import { identityDiff, mapKept, sharedEnds } from "../src/identity-diff.ts";
import { seededRandom } from "./helpers/random.ts";

/** The list after a few of the edits a save makes: an item replaced by a new object, added, removed, or moved. */
function saved<T extends object>(list: readonly T[], next: (n: number) => number, fresh: () => T): T[] {
  const after = [...list];
  for (let edit = next(4); edit > 0; edit--) {
    const at = next(after.length + 1);
    const kind = next(4);
    if (kind === 0 && at < after.length) after[at] = fresh();
    else if (kind === 1) after.splice(at, 0, fresh());
    else if (kind === 2 && at < after.length) after.splice(at, 1);
    else if (kind === 3 && at < after.length) after.splice(next(after.length), 0, ...after.splice(at, 1));
  }
  return after;
}

test("finds what a save changed in a list of objects, as sets of the whole lists would", () => {
  const next = seededRandom(20261203);
  for (let round = 0; round < 500; round++) {
    const before = Array.from({ length: next(40) }, (_, index) => ({ index }));
    const after = saved(before, next, () => ({ index: -1 }));
    const { removed, added } = identityDiff(before, after);
    assert.deepEqual(removed, before.filter((item) => !after.includes(item)), `round ${round}: removed`);
    assert.deepEqual(added, after.filter((item) => !before.includes(item)), `round ${round}: added`);
    for (const item of removed) assert.ok(before.includes(item) && !after.includes(item));
    for (const item of added) assert.ok(after.includes(item) && !before.includes(item));
  }
});

test("objects equal in value but not the same object are told apart", () => {
  const kept = { url: "/a/" };
  const { removed, added } = identityDiff([kept, { url: "/b/" }], [kept, { url: "/b/" }]);
  assert.equal(removed.length, 1);
  assert.equal(added.length, 1);
  assert.deepEqual(identityDiff([kept], [kept]), { removed: [], added: [] });
});

test("mapKept gives what a map of the whole list gives, making only what lies between the ends the lists share", () => {
  const next = seededRandom(20261204);
  const made = new WeakMap<object, { of: object }>();
  const make = (item: object) => {
    let result = made.get(item);
    if (!result) made.set(item, (result = { of: item }));
    return result;
  };
  for (let round = 0; round < 300; round++) {
    let before = Array.from({ length: next(30) }, (_, index) => ({ index }));
    let madeBefore = before.map(make);
    for (let save = 0; save < 5; save++) {
      const after = saved(before, next, () => ({ index: -1 }));
      const calls: number[] = [];
      const result = mapKept(before, madeBefore, after, (item, index) => {
        calls.push(index);
        return make(item);
      });
      assert.deepEqual(result, after.map(make), `round ${round}, save ${save}`);
      result.forEach((value, index) => assert.equal(value, make(after[index]!), `round ${round}, save ${save}: the same object`));
      const { start, endAfter } = sharedEnds(before, after);
      assert.deepEqual(calls, Array.from({ length: endAfter - start }, (_, index) => start + index), "made only between the shared ends");
      [before, madeBefore] = [after, result];
    }
  }
});
