import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdir, readFile, rm, truncate, writeFile } from "node:fs/promises";
import path from "node:path";
import yaml from "js-yaml";
import { parse as parseToml } from "smol-toml";
import { makeTempDir, PROJECT_ROOT } from "./helpers/site.ts";

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  id?: string;
  with?: Record<string, string>;
}
interface Workflow {
  on: { push: { branches: string[] }; pull_request: unknown; schedule: { cron: string }[] };
  jobs: Record<string, { needs?: string; if?: string; steps: Step[]; permissions?: Record<string, string> }>;
}

describe("the GitHub Actions workflow", async () => {
  const workflow = yaml.load(await readFile(path.join(PROJECT_ROOT, ".github/workflows/publish.yml"), "utf8")) as Workflow;
  const runs = (job: string) => workflow.jobs[job]!.steps.map((step) => step.run ?? step.uses ?? "");

  test("runs on pushes to main, pull requests and a timer", () => {
    assert.deepEqual(workflow.on.push.branches, ["main"]);
    assert.ok("pull_request" in workflow.on);
    assert.match(workflow.on.schedule[0]!.cron, /^\*\/\d+ \* \* \* \*$/);
  });

  test("checks and tests before it builds, and deploys only what it built", () => {
    assert.ok(runs("check").includes("npm run check"));
    assert.ok(runs("check").includes("npm test"));
    assert.equal(workflow.jobs.build!.needs, "check");
    assert.equal(workflow.jobs.deploy!.needs, "build");
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
    const paths = (steps[cache]!.with?.path ?? "").split("\n").map((line) => line.trim()).filter(Boolean);
    assert.deepEqual(paths.sort(), [".cache/articles", ".cache/images", ".cache/pages", ".cache/search"]);
    assert.match(steps[cache]!.with?.["restore-keys"] ?? "", /^news-build-cache-/, "each run starts from the latest saved cache");
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
