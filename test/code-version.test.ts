import { spawnSync } from "node:child_process";
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { codeVersion } from "../src/code-version.ts";
import { makeTempDir } from "./helpers/site.ts";

const dirs: string[] = [];
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** The version a new process takes of the code at `root`. */
function versionInNewProcess(root: string): string {
  const module = new URL("../src/code-version.ts", import.meta.url).href;
  const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", `const { codeVersion } = await import(${JSON.stringify(module)}); console.log(codeVersion(${JSON.stringify(root)}));`], {
    encoding: "utf8",
  });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trim();
}

test("the code version is taken once a process: a lock file changed while it runs changes it for the next process only", async () => {
  // The lock file stands for the code: a test must not edit src/, which other test files are running.
  const root = await makeTempDir("news-code-version-");
  dirs.push(root);
  const lock = (version: string) => writeFile(path.join(root, "package-lock.json"), JSON.stringify({ lockfileVersion: 3, packages: { "node_modules/luxon": { version } } }));
  await lock("3.0.0");
  const first = codeVersion(root);
  assert.equal(versionInNewProcess(root), first, "the same code, the same version in any process");

  await lock("3.0.1");
  assert.equal(codeVersion(root), first, "this process still runs the code it loaded");
  assert.equal(codeVersion(`${root}${path.sep}.`), first, "however the root is written");
  const next = versionInNewProcess(root);
  assert.notEqual(next, first, "a process started after the change takes the new code's version");
  assert.match(next, /^[0-9a-f]{64}$/);
});
