import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import path from "node:path";
import { makeTempDir, readPage, runCli, textOf } from "./helpers/site.ts";

const ARTICLE = "/pakistan/washington-shared-interest-pakistan/";

describe("the sample site", () => {
  let dir: string;
  let out: string;

  before(async () => {
    dir = await makeTempDir();
    out = path.join(dir, "_site");
    const result = await runCli("build", ["--output", out, "--quiet", "--now", "2026-11-30T12:00:00Z"]);
    assert.equal(result.code, 0, result.stderr);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("the first sample article shows its headline as the page's only h1", async () => {
    const page = await readPage(out, ARTICLE);
    const headings = page.querySelectorAll("h1");
    assert.equal(headings.length, 1);
    assert.equal(textOf(headings[0]), "Washington says has ‘shared interest’ with Pakistan in combating regional threats");
  });
});
