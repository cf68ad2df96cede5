// The lists the preview keeps from one save to the next (src/incremental.ts) and what uses them:
// after any sequence of saves, each must be what a first call over the same stories gives.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KeptGroups, KeptOrder, resorted } from "../src/incremental.ts";
import { collisionGroups, findCollisions } from "../src/article-loader.ts";
import { deriveShortCode, settleDerivedShortCodes } from "../src/short-url.ts";
import { seededRandom } from "./helpers/random.ts";

interface Story {
  sourcePath: string;
  slug: string;
  url: string;
  published: { wallClock: string; epochMs: number };
  shortCode: string;
  shortCodePinned: boolean;
  shortUrl: string;
}

/** A story of few slugs, dates and addresses, so codes and addresses are often shared; a quarter pin a code (some the one they derive). */
function story(next: (n: number) => number, file: number): Story {
  const slug = `s${next(3)}`;
  const iso = `2024-01-0${1 + next(2)}T00:00:00Z`;
  const derived = deriveShortCode(iso, slug);
  const pinned = next(4) === 0;
  const shortCode = pinned ? ["Pin1", "pin1", derived][next(3)]! : derived;
  return { sourcePath: `articles/${String(file).padStart(3, "0")}.md`, slug, url: `/news/${slug}/`, published: { wallClock: iso, epochMs: next(5) }, shortCode, shortCodePinned: pinned, shortUrl: "" };
}

/**
 * Saves as the preview meets them, in the order of the files: a story saved again (a new object for the
 * same file), one added, one deleted. Each list is new, as the loader's is.
 */
function* saves(seed: number, count: number): Generator<Story[]> {
  const next = seededRandom(seed);
  let files = 0;
  let stories = Array.from({ length: next(20) }, () => story(next, files++));
  yield stories;
  for (let save = 0; save < count; save++) {
    stories = [...stories];
    for (let edit = 1 + next(3); edit > 0; edit--) {
      const at = next(stories.length + 1);
      const kind = next(3);
      if (kind === 0 && at < stories.length) stories[at] = { ...story(next, 0), sourcePath: stories[at]!.sourcePath };
      else if (kind === 1) stories.push(story(next, files++));
      else if (at < stories.length) stories.splice(at, 1);
    }
    yield stories;
  }
}

test("kept groups hold, after every save, the groups a first call makes", () => {
  for (let round = 0; round < 100; round++) {
    const kept = new KeptGroups<Story>((item) => item.url);
    for (const [save, stories] of [...saves(round, 30)].entries()) {
      const fresh = new KeptGroups<Story>((item) => item.url).shared(stories);
      const sorted = (groups: Story[][]) => groups.map((group) => group.map((item) => stories.indexOf(item)).sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!);
      const given = [...stories];
      assert.deepEqual(sorted(kept.shared(given)), sorted(fresh), `round ${round}, save ${save}`);
      given.length = 0; // the caller's list may change after the call: nothing kept may change with it
    }
  }
});

test("a kept order is, after every save, the order a fresh sort gives", () => {
  const compare = (a: Story, b: Story) => a.published.epochMs - b.published.epochMs || (a.sourcePath < b.sourcePath ? -1 : a.sourcePath > b.sourcePath ? 1 : 0);
  for (let round = 0; round < 100; round++) {
    const kept = new KeptOrder<Story>(compare);
    for (const [save, stories] of [...saves(1000 + round, 30)].entries()) {
      const given = [...stories];
      const sorted = kept.sort(given);
      assert.deepEqual(given, stories, "the list given is left as it was");
      given.length = 0;
      assert.deepEqual(sorted, [...stories].sort(compare), `round ${round}, save ${save}`);
      sorted.reverse();
      assert.deepEqual(kept.sort(stories), [...stories].sort(compare), `round ${round}, save ${save}: changing the list returned changes nothing kept`);
    }
  }
});

test("short codes settled and collisions found with the kept groups are those a first call finds", () => {
  const copy = (article: Story, changes: Pick<Story, "shortCode" | "shortUrl">): Story => ({ ...article, ...changes });
  for (let round = 0; round < 100; round++) {
    const codes = new KeptGroups<Story>((item) => item.shortCode);
    const collisions = collisionGroups<Story>();
    for (const [save, stories] of [...saves(2000 + round, 30)].entries()) {
      const settled = settleDerivedShortCodes(stories, "https://n.example/s", copy, codes);
      const fresh = settleDerivedShortCodes(stories, "https://n.example/s", copy);
      assert.deepEqual(settled, fresh, `round ${round}, save ${save}: codes`);
      // The loader sorts problems by file; within a file the address comes before the code, in both.
      const byFile = (problems: ReturnType<typeof findCollisions>) => problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
      assert.deepEqual(byFile(findCollisions(settled, collisions)), byFile(findCollisions(fresh)), `round ${round}, save ${save}: collisions`);
    }
  }
});

test("resorted takes out and puts in as filtering and sorting the whole list would, for few changes or many", () => {
  const next = seededRandom(4242);
  const compare = (a: { key: number }, b: { key: number }) => a.key - b.key;
  for (let round = 0; round < 300; round++) {
    // Keys unique, as the order is total.
    const keys = [...new Set(Array.from({ length: next(200) }, () => next(1000)))];
    const items = keys.map((key) => ({ key }));
    const sorted = [...items].sort(compare);
    const removed = items.filter(() => next(round % 2 === 0 ? 20 : 2) === 0);
    const taken = new Set(keys);
    const added = Array.from({ length: next(round % 2 === 0 ? 5 : 150) }, () => ({ key: 1000 + next(1000) })).filter(({ key }) => !taken.has(key) && taken.add(key));
    const expected = [...sorted.filter((item) => !removed.includes(item)), ...added].sort(compare);
    const given = [...sorted];
    assert.deepEqual(resorted(given, removed, added, compare), expected, `round ${round}`);
    assert.deepEqual(given, sorted, "the list given is left as it was");
  }
});
