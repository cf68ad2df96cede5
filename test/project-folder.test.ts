import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readdir, realpath, rm } from "node:fs/promises";
import path from "node:path";
import { makeTempDir, PROJECT_ROOT, type RunResult } from "./helpers/site.ts";

const TSX = path.join(PROJECT_ROOT, "node_modules/.bin/tsx");
const SAID = /There is no templates\/ folder in (.+): run this from the project's folder \(the one with package\.json and templates\/\), as npm run does\./g;

/** A command run as a CI step or an editor might run it: the script by its path, from another folder. */
function runFrom(cwd: string, command: string, args: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: { ...process.env, NO_COLOR: "1" }, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe("a command run outside the project's folder", () => {
  let elsewhere: string;
  before(async () => {
    elsewhere = await makeTempDir("news-elsewhere-");
  });
  after(() => rm(elsewhere, { recursive: true, force: true }));

  const commands: Record<string, () => [string, string[]]> = {
    "npm run build": () => [process.execPath, [path.join(PROJECT_ROOT, "src/cli/compiled.mjs"), "build", "--output", path.join(elsewhere, "_site")]],
    "npm run build:sharded": () => [TSX, [path.join(PROJECT_ROOT, "src/cli/build-sharded.ts"), "--output", path.join(elsewhere, "_site")]],
    "npm run new": () => [TSX, [path.join(PROJECT_ROOT, "src/cli/new.ts"), "Harbour reopens"]],
    "npm start": () => [TSX, [path.join(PROJECT_ROOT, "src/cli/start.ts"), "--port=0"]],
  };
  // The check reads no template (a pre-commit hook may run it where there are articles alone): it names what it did not find.
  test("npm run check names the articles folder it did not find, once, and writes nothing", async () => {
    const result = await runFrom(elsewhere, TSX, [path.join(PROJECT_ROOT, "src/cli/check.ts")]);
    assert.equal(result.code, 1, `${result.stdout}\n${result.stderr}`);
    assert.equal([...result.stderr.matchAll(/There is no articles folder at (.+)articles: expected a folder of Markdown articles\./g)].length, 1, result.stderr);
    assert.doesNotMatch(result.stderr, /^\s+at /m, "no stack trace");
    assert.deepEqual(await readdir(elsewhere), []);
  });
  for (const [name, command] of Object.entries(commands)) {
    test(`${name} says to run it from the project's folder, once, and writes nothing`, async () => {
      const result = await runFrom(elsewhere, ...command());
      assert.equal(result.code, 1, `${result.stdout}\n${result.stderr}`);
      const said = [...result.stderr.matchAll(SAID)];
      assert.equal(said.length, 1, result.stderr);
      assert.equal(await realpath(said[0]![1]!), await realpath(elsewhere));
      assert.doesNotMatch(result.stderr, /^\s+at /m, "no stack trace");
      // npm run new wrote its story into an articles/ folder of its own making there.
      assert.deepEqual(await readdir(elsewhere), []);
    });
  }
});
