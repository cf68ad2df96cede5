import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cp, mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { article, makeTempDir, PROJECT_ROOT } from "./helpers/site.ts";

function run(command: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: { ...process.env, NO_COLOR: "1", GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" } }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, output: stdout + stderr }),
    );
  });
}

// The README's recipe, run as written in a throwaway clone of the project.
describe("the README's pre-commit hook", () => {
  let dir: string;

  before(async () => {
    dir = await makeTempDir("news-hook-");
    for (const entry of ["src", "public", "site.config.ts", "package.json", "tsconfig.json"]) {
      await cp(path.join(PROJECT_ROOT, entry), path.join(dir, entry), { recursive: true });
    }
    await symlink(path.join(PROJECT_ROOT, "node_modules"), path.join(dir, "node_modules"));
    await writeFile(path.join(dir, ".gitignore"), "node_modules\n");
    await mkdir(path.join(dir, "articles"));
    await writeFile(path.join(dir, "articles/good.md"), article({ headline: "Good" }));
    assert.equal((await run("git", ["init", "-q"], dir)).code, 0);
    const readme = await readFile(path.join(PROJECT_ROOT, "README.md"), "utf8");
    const recipe = /\*\*Pre-commit hook\*\*[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(recipe, "the README has the recipe");
    const installed = await run("sh", ["-c", recipe], dir);
    assert.equal(installed.code, 0, installed.output);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("lets a commit with valid articles through", async () => {
    await run("git", ["add", "-A"], dir);
    const commit = await run("git", ["commit", "-qm", "good"], dir);
    assert.equal(commit.code, 0, commit.output);
  });

  test("refuses a commit with a broken article and says why", async () => {
    await writeFile(path.join(dir, "articles/bad.md"), article({ headline: "Bad", date: "soon" }));
    await run("git", ["add", "-A"], dir);
    const commit = await run("git", ["commit", "-qm", "bad"], dir);
    assert.notEqual(commit.code, 0);
    assert.match(commit.output, /articles\/bad\.md:3: date: expected an ISO 8601 date-time/);
    assert.match(commit.output, /Commit refused/);
  });
});
