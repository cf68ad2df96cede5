import { test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { articleChangeReported, articleChangesNoticed, RebuildGate } from "../src/rebuild-gate.ts";

test("what waits for a rebuild goes on only once it has ended; watchers hear each start and end once", async () => {
  const gate = new RebuildGate();
  await gate.passed();
  const heard: boolean[] = [];
  const unwatch = gate.watch((rebuilding) => heard.push(rebuilding));
  gate.started();
  gate.started();
  let passed = false;
  const waiting = gate.passed().then(() => (passed = true));
  await sleep(50);
  assert.equal(passed, false, "waits while the rebuild is under way");
  assert.equal(gate.rebuilding, true);
  gate.ended();
  await waiting;
  gate.ended();
  unwatch();
  gate.started();
  assert.deepEqual(heard, [false, true, false], "told the state at once, then each change; nothing after it stopped watching");
});

test("a rebuild that starts again before a waiter has gone on holds it for that one too", async () => {
  const gate = new RebuildGate();
  gate.started();
  let passed = false;
  const waiting = gate.passed().then(() => (passed = true));
  gate.ended();
  gate.started();
  await sleep(50);
  assert.equal(passed, false);
  gate.ended();
  await waiting;
});

test("a gate that hears the articles' watcher is closed from a change noticed until the rebuild it starts has ended, and opened by a change dropped", async () => {
  const gate = new RebuildGate({ hearsArticleChanges: true });
  const deaf = new RebuildGate();
  const heard: boolean[] = [];
  gate.watch((rebuilding) => heard.push(rebuilding));
  articleChangesNoticed(true);
  assert.equal(gate.rebuilding, true, "closed from the first event");
  assert.equal(deaf.rebuilding, false, "a gate that does not hear the watcher is not");
  let passed = false;
  const waiting = gate.passed().then(() => (passed = true));
  // Reported, then settled: the rebuild it starts holds the gate until that rebuild ends.
  articleChangeReported();
  articleChangesNoticed(false);
  gate.started();
  await sleep(50);
  assert.equal(passed, false, "still closed once the watcher has settled: the rebuild is under way");
  gate.ended();
  await waiting;
  // A change noticed and dropped (an editor's leftover): nothing to rebuild, so the gate opens again.
  articleChangesNoticed(true);
  articleChangesNoticed(false);
  assert.equal(gate.rebuilding, false);
  assert.deepEqual(heard, [false, true, false, true, false]);
});
