import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { setImmediate as nextTurn } from "node:timers/promises";
import { inSupersededBuild, tellBuildsApart } from "../src/superseded-builds.ts";

/** An Eleventy as far as its builds go: each write() runs `pages`, the work its templates start. */
function fakeEleventy(pages: () => Promise<void>) {
  return { write: pages };
}

describe("a build's work knows when a newer build has followed it", () => {
  test("work a build started, however late it goes on, is superseded once the next build has begun, and not before; the next build's is not", async () => {
    const seen: string[] = [];
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let build = 0;
    const eleventy = fakeEleventy(async () => {
      const mine = ++build;
      seen.push(`build ${mine} begins: superseded ${inSupersededBuild()}`);
      if (mine === 1) {
        // A page of the first build that goes on after the build has failed.
        void released.then(async () => {
          await nextTurn();
          seen.push(`build 1's late page: superseded ${inSupersededBuild()}`);
        });
        throw new Error("A template's error");
      }
      release();
      await nextTurn();
      await nextTurn();
      seen.push(`build ${mine}'s page: superseded ${inSupersededBuild()}`);
    });
    assert.equal(tellBuildsApart(eleventy), true);
    await assert.rejects(eleventy.write(), /A template's error/);
    assert.equal(inSupersededBuild(), false, "outside any build");
    await eleventy.write();
    assert.deepEqual(seen, ["build 1 begins: superseded false", "build 2 begins: superseded false", "build 1's late page: superseded true", "build 2's page: superseded false"]);
  });

  test("an Eleventy without write() is left alone and said to be", () => {
    assert.equal(tellBuildsApart({ build: async () => undefined }), false);
  });
});
