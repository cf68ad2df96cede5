import { test } from "node:test";
import assert from "node:assert/strict";
import { TargetPlaces } from "../src/target-places.ts";

/** Targets laid end to end as the index writer lays out its lines: each read back by where it starts and its length. */
function places(): { places: TargetPlaces; add: (target: string) => number } {
  let text = "";
  const places = new TargetPlaces((start, length) => text.slice(start, start + length));
  return {
    places,
    add(target) {
      const place = places.add(target, text.length, target.length);
      text += target;
      return place;
    },
  };
}

test("finds each target added at its place, through many more than the tables first hold", () => {
  const { places: written, add } = places();
  const targets = Array.from({ length: 50_000 }, (_, n) => (n % 2 ? `https://news.example.com/s/${n}` : `/world/story-${n}/`));
  targets.forEach((target, n) => assert.equal(add(target), n));
  targets.forEach((target, n) => assert.equal(written.find(target), n));
  assert.equal(written.find("/world/story-1/"), undefined);
  assert.equal(written.find(""), undefined);
});

test("two targets of the same hash each have their own place: a match is checked against the target read back", () => {
  // The same FNV-1a hash (found by trying story numbers in turn).
  const { places: written, add } = places();
  add("/css/site.css");
  add("/world/story-690305/");
  assert.equal(written.find("/world/story-1510000/"), undefined);
  assert.equal(add("/world/story-1510000/"), 2);
  assert.equal(written.find("/world/story-690305/"), 1);
  assert.equal(written.find("/world/story-1510000/"), 2);
});
