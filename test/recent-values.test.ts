import { test } from "node:test";
import assert from "node:assert/strict";
import { RecentValues } from "../src/recent-values.ts";

test("keeps the values used most recently, up to its limit, forgetting the one used longest ago", () => {
  const values = new RecentValues<string, number>(2);
  values.set("a", 1);
  values.set("b", 2);
  assert.equal(values.get("a"), 1, "a is now the most recent");
  values.set("c", 3);
  assert.equal(values.size, 2);
  assert.equal(values.get("b"), undefined, "b was used longest ago");
  assert.equal(values.get("a"), 1);
  assert.equal(values.get("c"), 3);
  values.set("c", 4);
  assert.equal(values.size, 2, "setting a key again does not count it twice");
  assert.equal(values.get("c"), 4);
});
