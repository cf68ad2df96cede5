import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, readdir, readFile, rm, stat, symlink, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { codeVersion } from "../src/code-version.ts";
import { buildSampleSite, filesUnder, makeTempDir, PROJECT_ROOT, type RunResult } from "./helpers/site.ts";

/** Runs `node src/cli/compiled.mjs ARGS` from the project root (or a copy of it), as `npm run build` does. */
function runCompiled(args: string[], env: NodeJS.ProcessEnv = {}, root = PROJECT_ROOT): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["src/cli/compiled.mjs", ...args], { cwd: root, env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** A copy of the project (its code, configuration, articles, templates and static files) in a temporary folder, sharing node_modules. */
async function projectCopy(): Promise<string> {
  const copy = await makeTempDir();
  for (const name of ["src", "eleventy.config.ts", "site.config.ts", "package.json", "package-lock.json", "articles", "templates", "public"]) {
    await cp(path.join(PROJECT_ROOT, name), path.join(copy, name), { recursive: true });
  }
  await symlink(path.join(PROJECT_ROOT, "node_modules"), path.join(copy, "node_modules"));
  return copy;
}

describe("npm run build, compiled ahead of the run (src/cli/compiled.mjs)", () => {
  it("builds the same site, byte for byte, as the TypeScript build", async () => {
    const dir = await makeTempDir();
    const outputDir = path.join(dir, "_site");
    const compiled = await runCompiled(["build", "--output", outputDir, "--quiet", "--now", "2026-11-30T12:00:00Z"], { NEWS_PAGE_CACHE: path.join(dir, "page-cache") });
    assert.equal(compiled.code, 0, compiled.stderr);
    const typescript = await buildSampleSite();
    try {
      const built = await filesUnder(outputDir);
      assert.ok(built.size > 50, `only ${built.size} files were built`);
      assert.deepEqual(built, await filesUnder(typescript.outputDir));
    } finally {
      await typescript.remove();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("builds the same site as one job per year folder (npm run build:sharded), whose jobs run compiled too", async () => {
    const dir = await makeTempDir();
    const outputDir = path.join(dir, "_site");
    const sharded = await runCompiled(["build-sharded", "--output", outputDir, "--now", "2026-11-30T12:00:00Z"]);
    const typescript = await buildSampleSite();
    try {
      assert.equal(sharded.code, 0, sharded.stderr);
      assert.deepEqual(await filesUnder(outputDir), await filesUnder(typescript.outputDir));
    } finally {
      await typescript.remove();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("names its caches by the TypeScript sources, as the preview and the tests do", async () => {
    // The launcher marks the compiled tree it runs; the test above ran the current one.
    const compiledDir = path.join(PROJECT_ROOT, ".cache/compiled");
    const trees = (await readdir(compiledDir)).filter((name) => !name.includes(".partial-"));
    const times = await Promise.all(trees.map(async (name) => (await stat(path.join(compiledDir, name))).mtimeMs));
    const newest = trees[times.indexOf(Math.max(...times))];
    assert.ok(newest, "no compiled tree");
    const module = path.join(compiledDir, newest, "src/code-version.js");
    const printed = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ["--input-type=module", "-e", `const { codeVersion } = await import(${JSON.stringify(module)}); console.log(codeVersion(${JSON.stringify(PROJECT_ROOT)}));`], (error, stdout) =>
        error ? reject(error) : resolve(stdout.trim()),
      ),
    );
    assert.equal(printed, codeVersion(PROJECT_ROOT));
  });

  it("stops at code that does not compile, naming the file and line, and builds nothing", async () => {
    // A copy of the project whose settings file has a syntax error.
    const copy = await projectCopy();
    try {
      await writeFile(path.join(copy, "site.config.ts"), `${await readFile(path.join(PROJECT_ROOT, "site.config.ts"), "utf8")}\nexport const broken = ;\n`);
      const result = await runCompiled(["build", "--output", "out"], {}, copy);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /site\.config\.ts:\d+:\d+/);
      assert.match(result.stderr, /could not be compiled, so nothing was built/);
      assert.equal(existsSync(path.join(copy, "out")), false);
      assert.deepEqual(existsSync(path.join(copy, ".cache/compiled")) ? await readdir(path.join(copy, ".cache/compiled")) : [], [], "no compiled tree is left");
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it("removes compiled trees unused for a day when it compiles a new one, and keeps the rest", async () => {
    const copy = await projectCopy();
    try {
      const compiledDir = path.join(copy, ".cache/compiled");
      for (const name of ["unused-for-two-days", "used-an-hour-ago"]) await mkdir(path.join(compiledDir, name, "src"), { recursive: true });
      const hoursAgo = (hours: number) => new Date(Date.now() - hours * 60 * 60 * 1000);
      await utimes(path.join(compiledDir, "unused-for-two-days"), hoursAgo(48), hoursAgo(48));
      await utimes(path.join(compiledDir, "used-an-hour-ago"), hoursAgo(1), hoursAgo(1));
      const result = await runCompiled(["check"], {}, copy);
      assert.equal(result.code, 0, result.stderr);
      const left = await readdir(compiledDir);
      assert.ok(!left.includes("unused-for-two-days"));
      assert.ok(left.includes("used-an-hour-ago"));
      assert.equal(left.length, 2, `the new tree beside it: ${left.join(", ")}`);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it("refuses a command it does not have", async () => {
    const result = await runCompiled(["no-such-command"]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /src\/cli\/COMMAND\.ts is a command \(got no-such-command\)/);
  });
});
