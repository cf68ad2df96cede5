import { describe, test } from "node:test";
import { existsSync } from "node:fs";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { median, pairedRatio } from "../bench/stats.ts";
import { makeTempDir, PROJECT_ROOT } from "./helpers/site.ts";

const run = promisify(execFile);

describe("the benchmark", () => {
  test("summarises runs by medians and per-run ratios", () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(pairedRatio([2, 9, 4], [1, 3, 4]), 2);
  });

  // The corpus generator lives beside the project (../shared), not in it: without it there is nothing to run.
  const generator = path.join(PROJECT_ROOT, "../shared/bench/make-corpus.mjs");
  test("npm run bench builds our site (cold, then again with its search cache) and the bare Eleventy peer on one corpus and writes JSON", { skip: !existsSync(generator) && `needs ${generator}` }, async () => {
    const dir = await makeTempDir("news-bench-test-");
    const json = path.join(dir, "results.json");
    try {
      const { stdout } = await run(
        path.join(PROJECT_ROOT, "node_modules/.bin/tsx"),
        ["bench/run.ts", "--sizes", "25", "--runs", "2", "--only", "ours,rebuild,bare", "--corpora", dir, "--json", json],
        { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024 },
      );
      assert.match(stdout, /articles\s+builder\s+wall s/);
      const results = JSON.parse(await readFile(json, "utf8")) as { results: { articles: number; samples: Record<string, { pages: number; wallSeconds: number; peakTreeRssMiB: number }[]> }[] };
      const [size] = results.results;
      assert.equal(size?.articles, 25);
      // Two paired runs each; every article a page in both.
      assert.equal(size?.samples.ours?.length, 2);
      assert.equal(size?.samples.bare?.length, 2);
      assert.deepEqual(
        size?.samples.rebuild?.map((sample) => sample.pages),
        size?.samples.ours?.map((sample) => sample.pages),
        "the rebuild writes the same site",
      );
      // Ours also writes section, tag, author, short-link and search pages: more than one page an article.
      for (const sample of size!.samples.ours!) assert.ok(sample.pages > 27, `ours wrote ${sample.pages} pages`);
      for (const sample of size!.samples.bare!) assert.equal(sample.pages, 25);
      assert.ok(size!.samples.ours!.every((sample) => sample.wallSeconds > 0 && sample.peakTreeRssMiB > 20));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
