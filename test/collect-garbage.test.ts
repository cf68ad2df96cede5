import { test } from "node:test";
import assert from "node:assert/strict";
import { collectGarbage } from "../src/collect-garbage.ts";

test("collectGarbage lets go at once of what nothing holds", async () => {
  let held: string[] | undefined = Array.from({ length: 10_000 }, (_, index) => `story ${index}`);
  const gone = new WeakRef(held);
  held = undefined;
  // A WeakRef keeps what it points to until the job that made it has ended.
  await new Promise((resolve) => setImmediate(resolve));
  collectGarbage();
  assert.equal(gone.deref(), undefined);
});
