import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { setImmediate as nextTurn } from "node:timers/promises";
import { failedBuildsWaitForTheirCopies } from "../src/failed-build-copies.ts";

/** A copy the test ends when it likes, as Eleventy's passthrough copy of a file ends when the disk has it. */
function copyOf(name: string, log: string[]) {
  let end!: (failure?: Error) => void;
  const done = new Promise<void>((resolve, reject) => (end = (failure) => (failure ? reject(failure) : resolve())));
  return { name, done: done.then(() => void log.push(`${name} copied`)), end };
}

/** A page's failure, a moment after the build began. */
async function pageFails(): Promise<never> {
  await nextTurn();
  throw new Error("A template's error");
}

/**
 * An Eleventy as far as its copy goes: init() makes a passthrough manager afresh, and write() starts the copies
 * through it and, like Eleventy 3.1 when a page fails, rejects as `fails(copies)` does, neither waiting for
 * the copies nor listening to them.
 */
function fakeEleventy() {
  const eleventy = {
    passthroughManager: { copyPassthrough: (copy: ReturnType<typeof copyOf>) => copy.done },
    copies: [] as ReturnType<typeof copyOf>[],
    fails: (copies: Promise<unknown>[]): Promise<never> => (void copies, pageFails()),
    init() {
      this.passthroughManager = { copyPassthrough: (copy) => copy.done };
    },
    async write() {
      return this.fails(this.copies.map((copy) => this.passthroughManager.copyPassthrough(copy)));
    },
  };
  return eleventy;
}

describe("a build that fails ends once its copies of public/ have", () => {
  test("its write() rejects after every copy it started has ended, build after build, the next build beginning only then", async () => {
    const log: string[] = [];
    const told: string[] = [];
    const eleventy = fakeEleventy();
    assert.equal(failedBuildsWaitForTheirCopies(eleventy, (line) => told.push(line)), true);
    for (const build of [1, 2]) {
      // Eleventy's watcher makes a manager afresh before each rebuild.
      if (build > 1) eleventy.init();
      eleventy.copies = [copyOf(`css ${build}`, log), copyOf(`photo ${build}`, log)];
      const failed = eleventy.write().catch((failure: Error) => void log.push(`build ${build} failed: ${failure.message}`));
      // The copies end well after the pages have failed.
      await nextTurn();
      await nextTurn();
      for (const copy of eleventy.copies) copy.end();
      await failed;
    }
    assert.deepEqual(log, ["css 1 copied", "photo 1 copied", "build 1 failed: A template's error", "css 2 copied", "photo 2 copied", "build 2 failed: A template's error"]);
    assert.deepEqual(told, []);
  });

  test("a copy that fails meanwhile is told in one line, not left to fail unhandled; one Eleventy's error names is not told again", async () => {
    const unhandled: unknown[] = [];
    const note = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", note);
    try {
      const log: string[] = [];
      const told: string[] = [];
      const eleventy = fakeEleventy();
      failedBuildsWaitForTheirCopies(eleventy, (line) => told.push(line));
      eleventy.copies = [copyOf("css", log), copyOf("photo", log), copyOf("video", log)];
      const failed = assert.rejects(eleventy.write(), /A template's error/);
      await nextTurn();
      eleventy.copies[0]!.end();
      eleventy.copies[1]!.end(new Error("ENOSPC: no space left on device, write"));
      eleventy.copies[2]!.end(new Error("EACCES: permission denied, open"));
      await failed;
      // Until the next turn, a rejection nothing heard is not yet reported as unhandled.
      await nextTurn();
      assert.deepEqual(told, ["✗ The failed build's copy of the static files failed too (ENOSPC: no space left on device, write): a file there may be missing or out of date in the preview until a build copies it again."]);
      assert.deepEqual(unhandled, []);

      // A build that failed because a copy did: Eleventy's error wraps the copy's, which is not told twice.
      told.length = 0;
      eleventy.copies = [copyOf("css", log)];
      eleventy.fails = async ([copy]) => {
        const copyFailure = await copy!.then(() => undefined, (reason: unknown) => reason);
        throw Object.assign(new Error("Having trouble copying"), { originalError: copyFailure });
      };
      const copyFailed = eleventy.write();
      eleventy.copies[0]!.end(new Error("ENOSPC: no space left on device, write"));
      await assert.rejects(copyFailed, /Having trouble copying/);
      assert.deepEqual(told, []);
    } finally {
      process.off("unhandledRejection", note);
    }
  });

  test("an Eleventy without a passthrough copy as 3.1's is left alone and said to be", () => {
    const other = { write: async () => undefined };
    assert.equal(failedBuildsWaitForTheirCopies(other), false);
    assert.equal(failedBuildsWaitForTheirCopies({ build: async () => undefined }), false);
  });
});
