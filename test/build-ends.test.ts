import { describe, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { endEachBuild, failureDetails, failureSummary, watchEvenIfFirstBuildFails, type BuildEnd, type LogTarget } from "../src/build-ends.ts";

/** An Eleventy as far as a build goes through it: init(), write() and the summary its logger prints after logFinished(), worded `summary`. */
function fakeEleventy(summary: string, { failInit = false, failWrite = false } = {}) {
  let target: LogTarget | undefined;
  const eleventy = {
    writer: { getMetadata: () => ({ writeCount: 4 }) },
    logger: { overrideLogger: (to: LogTarget) => (target = to) },
    init: async () => {
      if (failInit) throw Object.assign(new Error("Error in your Eleventy config file 'eleventy.config.ts'."), { originalError: new Error('Transform failed with 1 error:\neleventy.config.ts:20:22: ERROR: Unexpected ";"') });
    },
    logFinished: () => summary,
    async write() {
      target?.log("[11ty] Writing a page");
      // Eleventy prints its summary at once, in its build's finally, failed or not.
      target?.log(`[11ty] ${this.logFinished()}`);
      if (failWrite) throw new Error("Template render error: (templates/x.njk) [Line 3, Column 5] unexpected token");
      return [];
    },
  };
  return eleventy;
}

describe("where each of Eleventy's builds ends", () => {
  test("a build that writes ends once, its summary hidden whatever it says, the other lines printed", async () => {
    for (const summary of ["Copied 8 Wrote 0 files in 0.03 seconds (v3.1.8)", "Built 3 things, nothing to see here", ""]) {
      const eleventy = fakeEleventy(summary);
      const ends: BuildEnd[] = [];
      const printed: string[] = [];
      const console: LogTarget = { log: (line) => printed.push(line), warn: (line) => printed.push(line), error: (line) => printed.push(line) };
      assert.equal(endEachBuild(eleventy, (end) => ends.push(end), () => console), true);
      await eleventy.init();
      await eleventy.write();
      assert.deepEqual(ends, [{ eleventyWrote: 4 }], summary);
      assert.deepEqual(printed, ["[11ty] Writing a page"], summary);
    }
  });

  test("a build that fails in writing, or before it in init(), ends once as failed, with what it threw", async () => {
    const ends: BuildEnd[] = [];
    const writing = fakeEleventy("Wrote 0 files", { failWrite: true });
    endEachBuild(writing, (end) => ends.push(end), () => ({ log: () => undefined, warn: () => undefined, error: () => undefined }));
    await assert.rejects(writing.write(), /Template render error/);
    const loading = fakeEleventy("Wrote 0 files", { failInit: true });
    endEachBuild(loading, (end) => ends.push(end), () => ({ log: () => undefined, warn: () => undefined, error: () => undefined }));
    await assert.rejects(loading.init(), /Eleventy config file/);
    assert.deepEqual(
      ends.map((end) => ("failure" in end ? failureSummary(end.failure) : "ok")),
      ["Template render error: (templates/x.njk) [Line 3, Column 5] unexpected token", 'Transform failed with 1 error: eleventy.config.ts:20:22: ERROR: Unexpected ";"'],
    );
  });

  test("an Eleventy without the steps is left alone and said to be", () => {
    const other = { build: async () => undefined };
    assert.equal(endEachBuild(other, () => assert.fail("no build ends")), false);
    assert.deepEqual(Object.keys(other), ["build"]);
  });

  test("a first build that fails ends as failed and lets watching start; a later one throws as before", async () => {
    const ends: BuildEnd[] = [];
    const eleventy = fakeEleventy("Wrote 0 files", { failWrite: true });
    endEachBuild(eleventy, (end) => ends.push(end), () => ({ log: () => undefined, warn: () => undefined, error: () => undefined }));
    assert.equal(watchEvenIfFirstBuildFails(eleventy), true);
    await eleventy.write();
    await assert.rejects(eleventy.write(), /Template render error/);
    assert.deepEqual(ends.map((end) => "failure" in end), [true, true]);
    assert.equal(watchEvenIfFirstBuildFails({ build: async () => undefined }), false);
  });
});

/** A failure as Eleventy throws it for a template Nunjucks cannot compile. */
function nunjucksFailure(): Error {
  const nunjucks = new Error("(./templates/article.njk) [Line 73, Column 4]\n  unknown block tag: endblock");
  const compiling = Object.assign(new Error("Having trouble compiling template ./templates/article.njk"), { originalError: nunjucks });
  return Object.assign(new Error("Having trouble rendering njk template ./templates/article.njk"), { originalError: compiling });
}

describe("what a failure says", () => {
  test("its line says what went wrong where Nunjucks says where on a line of its own", () => {
    assert.equal(failureSummary(nunjucksFailure()), "(./templates/article.njk) [Line 73, Column 4] unknown block tag: endblock");
  });

  test("in full, each error's message, outermost first, the project's folder left out of the files they name", () => {
    assert.equal(
      failureDetails(nunjucksFailure()),
      "Having trouble rendering njk template ./templates/article.njk\nHaving trouble compiling template ./templates/article.njk\n(./templates/article.njk) [Line 73, Column 4]\n  unknown block tag: endblock",
    );
    const root = path.join(path.sep, "home", "editor", "news");
    const config = new Error(`Transform failed with 1 error:\n${path.join(root, "eleventy.config.ts")}:20:22: ERROR: Unexpected ";"`);
    assert.equal(failureDetails(Object.assign(new Error("Error in your Eleventy config file 'eleventy.config.ts'."), { cause: config }), root), 'Error in your Eleventy config file \'eleventy.config.ts\'.\nTransform failed with 1 error:\neleventy.config.ts:20:22: ERROR: Unexpected ";"');
    assert.equal(failureDetails("disk full"), "disk full");
    const long = failureDetails(new Error("x".repeat(10_000)));
    assert.equal(long.length, 4000);
    assert.ok(long.endsWith("…"));
  });
});
