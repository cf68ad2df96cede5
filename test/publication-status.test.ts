import { test } from "node:test";
import assert from "node:assert/strict";
import { cameOutBetween, nextPublication, publicationStatus } from "../src/publication-status.ts";
import { seededRandom } from "./helpers/random.ts";

interface Story {
  name: string;
  draft: boolean;
  published: { epochMs: number };
}

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 6, 12);

/** Stories newest first by date, as the site data lists them, some of them drafts and some sharing a time. */
function newestFirst(count: number, next: (n: number) => number): Story[] {
  return Array.from({ length: count }, (_, index) => ({ name: `story-${index}`, draft: next(5) === 0, published: { epochMs: NOW + (next(48) - 36) * HOUR } }))
    .sort((a, b) => b.published.epochMs - a.published.epochMs);
}

test("the next story to come out and the stories that came out are those a look at every story finds", () => {
  const next = seededRandom(20261206);
  for (let round = 0; round < 300; round++) {
    const stories = newestFirst(next(30), next);
    const from = NOW + (next(48) - 36) * HOUR;
    const to = from + next(12) * HOUR;
    const scheduled = stories.filter((story) => publicationStatus(story, from) === "scheduled");
    const due = nextPublication(stories, from);
    if (scheduled.length === 0) assert.equal(due, undefined, `round ${round}`);
    else {
      assert.ok(due && scheduled.includes(due), `round ${round}: a scheduled story`);
      assert.equal(due.published.epochMs, Math.min(...scheduled.map((story) => story.published.epochMs)), `round ${round}: the first due`);
    }
    const cameOut = stories.filter((story) => publicationStatus(story, from) === "scheduled" && publicationStatus(story, to) === "published");
    assert.deepEqual(cameOutBetween(stories, from, to), cameOut, `round ${round}`);
  }
});

test("a save looks at the stories dated after the present, not at the archive behind them", () => {
  // The preview asks at every save: past stories, nearly all of a large archive, cannot be scheduled.
  const ahead: Story[] = [
    { name: "in two hours", draft: false, published: { epochMs: NOW + 2 * HOUR } },
    { name: "a draft in an hour", draft: true, published: { epochMs: NOW + HOUR } },
    { name: "in an hour", draft: false, published: { epochMs: NOW + HOUR } },
  ];
  const past = Array.from({ length: 1000 }, (_, index) => ({ name: `past-${index}`, draft: false, published: { epochMs: NOW - (index + 1) * HOUR } }));
  const read = new Set<string>();
  const watched = [...ahead, ...past].map((story) => ({
    name: story.name,
    draft: story.draft,
    get published() {
      read.add(story.name);
      return story.published;
    },
  }));
  assert.equal(nextPublication(watched, NOW)?.name, "in an hour");
  assert.deepEqual(cameOutBetween(watched, NOW, NOW + 90 * 60_000).map((story) => story.name), ["in an hour"]);
  assert.deepEqual(cameOutBetween(watched, NOW - 3 * HOUR, NOW + 3 * HOUR).map((story) => story.name), ["in two hours", "in an hour", "past-0", "past-1"]);
  // A binary search reads a few past stories to find where the present falls among 1,003.
  const pastRead = [...read].filter((name) => name.startsWith("past-"));
  assert.ok(pastRead.length <= 40, `${pastRead.length} past stories read`);
});
