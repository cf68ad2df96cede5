import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { SEARCH_SHARD_SIZE_ENV } from "../src/search-shards.ts";
import { realPagefind, storiesIndexed } from "./helpers/pagefind.ts";
import { processState } from "./helpers/process-state.ts";
import { article, buildFixture, eventually, makeFixtureSite, PROJECT_ROOT, runCli, type FixtureSite } from "./helpers/site.ts";
import { hashTree, treeDifferences } from "./helpers/tree.ts";

// npm run build renders in a child process and, in a first build, indexes every search part but the
// smallest in its parent once the child has ended (src/cli/build.ts, src/search-handover.ts).

// With parts of 8 (and so of 2 and 1 for the newest stories): 2025's eight stories make a full part
// (pagefind/), 2026's four a part of 2 (pagefind-1/, as the 625s of a 10,000-story site) and two of
// the smallest size (pagefind-2/, pagefind-3/).
const SHARDS = { [SEARCH_SHARD_SIZE_ENV]: "8" };
const HANDED_PARTS = ["pagefind", "pagefind-1"];
const OLD = Array.from({ length: 8 }, (_, index) => `old-${index}`);
const NEW = Array.from({ length: 4 }, (_, index) => `new-${index}`);
const STORIES: Record<string, string> = {
  ...Object.fromEntries(OLD.map((name, index) => [`2025/${name}.md`, article({ headline: `Old story ${index}`, date: `2025-03-0${index + 1}T10:00:00Z` })])),
  ...Object.fromEntries(NEW.map((name, index) => [`2026/${name}.md`, article({ headline: `New story ${index}`, date: `2026-01-0${index + 1}T10:00:00Z` })])),
};

/** The src/cli modules that render (those that load Eleventy): a process running one is a rendering process. */
async function renderingModules(): Promise<string[]> {
  const folder = path.join(PROJECT_ROOT, "src/cli");
  const modules: string[] = [];
  for (const name of await readdir(folder)) {
    if (name.endsWith(".ts") && (await readFile(path.join(folder, name), "utf8")).includes('from "@11ty/eleventy"')) modules.push(`src/cli/${name}`);
  }
  return modules;
}

interface PagefindRun {
  /** The command line of the process that started it. */
  startedBy: string;
  /** The command lines of the other processes that process had started and were running as it started. */
  besideIt: string[];
  /** The folders it wrote indexes into. */
  wrote: string[];
}

/**
 * A stand-in for Pagefind's binary that notes who started it and what ran beside it, keeps what it was
 * asked (Pagefind's service protocol: base64 JSON messages, each ended by a comma), and runs the real one.
 */
async function notingPagefind(dir: string): Promise<{ binary: string; runs: () => Promise<PagefindRun[]> }> {
  const notes = path.join(dir, "pagefind-runs");
  await mkdir(notes, { recursive: true });
  const binary = path.join(dir, "pagefind-noting");
  await writeFile(
    binary,
    `#!/bin/sh\nnote='${notes}'/$$\ntr '\\0' ' ' < /proc/$PPID/cmdline > "$note.by"\nps -o pid=,args= --ppid $PPID | grep -v "^ *$$ " > "$note.beside"\ntee "$note.asked" | '${realPagefind()}' "$@"\n`,
    { mode: 0o755 },
  );
  const runs = async (): Promise<PagefindRun[]> => {
    const names = [...new Set((await readdir(notes)).map((name) => name.split(".")[0]!))];
    return Promise.all(
      names.map(async (name) => {
        const read = (what: string) => readFile(path.join(notes, `${name}.${what}`), "utf8").catch(() => "");
        const asked = (await read("asked"))
          .split(",")
          .filter(Boolean)
          .map((message) => JSON.parse(Buffer.from(message, "base64").toString("utf8")) as { payload?: { type?: string; output_path?: string } });
        const wrote = asked.flatMap(({ payload }) => (payload?.type === "WriteFiles" && payload.output_path ? [path.basename(payload.output_path)] : []));
        return { startedBy: await read("by"), besideIt: (await read("beside")).split("\n").filter(Boolean), wrote };
      }),
    );
  };
  return { binary, runs };
}

/** What is beside the output folder: a build leaves nothing there. */
async function besideOutput(site: FixtureSite): Promise<string[]> {
  return (await readdir(path.dirname(site.outputDir))).filter((name) => name.startsWith(`${path.basename(site.outputDir)}.`));
}

test("npm run build's own process loads neither Eleventy, Nunjucks nor markdown-it: only its rendering process does", async () => {
  // Every module the process resolves, told on stderr; an unknown option ends the build once its modules are loaded.
  const noting = `export async function resolve(specifier, context, next) { const resolved = await next(specifier, context); process.stderr.write("resolved " + resolved.url + "\\n"); return resolved; }`;
  const register = `import { register } from "node:module"; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(noting)}`)});`;
  const result = spawnSync(process.execPath, ["--import", "tsx", "--import", `data:text/javascript,${encodeURIComponent(register)}`, path.join(PROJECT_ROOT, "src/cli/build.ts"), "--no-such-option"], { cwd: PROJECT_ROOT, encoding: "utf8" });
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, /Unknown option '--no-such-option'/);
  const resolved = result.stderr.split("\n").filter((line) => line.startsWith("resolved "));
  assert.ok(resolved.some((line) => line.includes("/src/search-handover.ts")), "the hook saw the build's modules");
  assert.deepEqual(resolved.filter((line) => /@11ty|nunjucks|markdown-it/.test(line)), []);
});

describe("a first build whose search index has parts larger than the smallest", { skip: existsSync("/proc/self/stat") ? false : "needs /proc" }, () => {
  let site: FixtureSite;
  let runs: PagefindRun[];
  before(async () => {
    site = await makeFixtureSite(STORIES);
    const pagefind = await notingPagefind(site.dir);
    const result = await buildFixture(site, ["--now", "2026-02-01T12:00:00Z"], { ...SHARDS, PAGEFIND_EXTENDED_BINARY_PATH: pagefind.binary });
    assert.equal(result.code, 0, result.stderr);
    runs = await pagefind.runs();
  });
  after(() => site.remove());

  test("no Pagefind process of a part larger than the smallest runs while the rendering process is alive", async () => {
    const rendering = await renderingModules();
    const renders = (command: string) => rendering.some((module) => command.includes(module));
    const handed = runs.filter((run) => run.wrote.some((part) => HANDED_PARTS.includes(part)));
    assert.deepEqual(handed.flatMap((run) => run.wrote).filter((part) => HANDED_PARTS.includes(part)).sort(), HANDED_PARTS, "each such part written once");
    for (const run of handed) {
      assert.ok(!renders(run.startedBy), `the Pagefind of ${run.wrote.join(", ")} was started by a rendering process: ${run.startedBy}`);
      assert.deepEqual(run.besideIt.filter(renders), [], "and the rendering process had ended when it started");
    }
    // The smallest parts are still indexed beside the rendering, on its search threads.
    const small = runs.filter((run) => run.wrote.some((part) => !HANDED_PARTS.includes(part)));
    assert.ok(small.length > 0 && small.every((run) => renders(run.startedBy)), small.map((run) => run.startedBy).join("\n"));
  });

  test("compiled ahead of the run (npm run build's way), the parent loads the search modules and writes the same site", async () => {
    const output = path.join(site.dir, "compiled-site");
    const caches = (name: string) => path.join(site.dir, `compiled-${name}-cache`);
    const args = ["src/cli/compiled.mjs", "build", "--articles", site.articlesDir, "--output", output, "--settings", site.settingsFile, "--quiet", "--now", "2026-02-01T12:00:00Z"];
    // Caches of its own: from the first build's, every part would come from the search cache and none be handed over.
    const env = { ...process.env, ...SHARDS, NEWS_ARTICLE_CACHE: caches("article"), NEWS_PAGE_CACHE: caches("page"), NEWS_SEARCH_CACHE: caches("search") };
    const result = spawnSync(process.execPath, args, { cwd: PROJECT_ROOT, encoding: "utf8", env });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(treeDifferences(await hashTree(site.outputDir), await hashTree(output)), []);
  });

  test("every story is found in the index, once, and nothing is left beside the site", async () => {
    const urls = [...OLD, ...NEW].map((name) => `/world/${name}/`).sort();
    assert.deepEqual(await storiesIndexed(site.outputDir), urls);
    assert.deepEqual(await besideOutput(site), []);
  });

  test("the rendering process alone, which hands nothing over (as a sharded job runs it), writes the same site", async () => {
    const output = path.join(site.dir, "rendered-alone");
    const caches = (name: string) => path.join(site.dir, `alone-${name}-cache`);
    const args = ["--articles", site.articlesDir, "--output", output, "--settings", site.settingsFile, "--quiet", "--now", "2026-02-01T12:00:00Z"];
    const result = await runCli("render", args, { ...SHARDS, NEWS_ARTICLE_CACHE: caches("article"), NEWS_PAGE_CACHE: caches("page"), NEWS_SEARCH_CACHE: caches("search") });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(treeDifferences(await hashTree(site.outputDir), await hashTree(output)), []);
  });

  test("a rebuild indexes a changed part of the middle size in the rendering process, as before", async () => {
    const pagefind = await notingPagefind(path.join(site.dir, "rebuild"));
    // A correction to a story of pagefind-1/: the other parts come from the search cache.
    await writeFile(path.join(site.articlesDir, "2026/new-0.md"), article({ headline: "New story 0, corrected", date: "2026-01-01T10:00:00Z" }));
    const result = await buildFixture(site, ["--now", "2026-02-01T12:00:00Z"], { ...SHARDS, PAGEFIND_EXTENDED_BINARY_PATH: pagefind.binary });
    assert.equal(result.code, 0, result.stderr);
    const rendering = await renderingModules();
    const written = (await pagefind.runs()).filter((run) => run.wrote.length > 0);
    assert.deepEqual(written.flatMap((run) => run.wrote), ["pagefind-1"], "only the changed part is indexed");
    assert.ok(rendering.some((module) => written[0]!.startedBy.includes(module)), `by the rendering process: ${written[0]!.startedBy}`);
  });
});

test("NEWS_SEARCH_THREADS=2 has the parent index two handed-over parts at once", { skip: existsSync("/proc/self/stat") ? false : "needs /proc", timeout: 120_000 }, async () => {
  const site = await makeFixtureSite(STORIES);
  try {
    // In the parent, a Pagefind that notes it has started and waits (up to 10 s) for a second one beside it,
    // then notes how many it saw; one after another, the first waits alone.
    const notes = path.join(site.dir, "parent-pagefinds");
    await mkdir(notes);
    const binary = path.join(site.dir, "pagefind-meeting-another");
    const rendering = (await renderingModules()).join("|");
    const started = `$(ls '${notes}' | grep -c '^started')`;
    await writeFile(
      binary,
      `#!/bin/sh\nif tr '\\0' ' ' < /proc/$PPID/cmdline | grep -Eq '${rendering}'; then exec '${realPagefind()}' "$@"; fi\ntouch '${notes}'/started.$$\ni=0\nwhile [ ${started} -lt 2 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done\necho ${started} > '${notes}'/saw.$$\nexec '${realPagefind()}' "$@"\n`,
      { mode: 0o755 },
    );
    const result = await buildFixture(site, ["--now", "2026-02-01T12:00:00Z"], { ...SHARDS, PAGEFIND_EXTENDED_BINARY_PATH: binary, NEWS_SEARCH_THREADS: "2" });
    assert.equal(result.code, 0, result.stderr);
    const saw = await Promise.all((await readdir(notes)).filter((name) => name.startsWith("saw.")).map(async (name) => (await readFile(path.join(notes, name), "utf8")).trim()));
    assert.deepEqual(saw, ["2", "2"], "each handed-over part's Pagefind had the other beside it");
    assert.equal((await storiesIndexed(site.outputDir)).length, OLD.length + NEW.length, "and every story is in the index");
  } finally {
    await site.remove();
  }
});

describe("a build that fails", () => {
  let site: FixtureSite;
  let lastSite: Map<string, string>;
  const build = async (env: NodeJS.ProcessEnv = {}) => buildFixture(site, ["--now", "2026-02-01T12:00:00Z"], { ...SHARDS, ...env });
  const assertSiteAsItWas = async () => {
    assert.deepEqual(treeDifferences(lastSite, await hashTree(site.outputDir)), [], "the last site is as it was");
    assert.deepEqual(await besideOutput(site), [], "and nothing is left beside it");
  };
  const setUp = async () => {
    site = await makeFixtureSite(STORIES);
    const first = await build();
    assert.equal(first.code, 0, first.stderr);
    lastSite = await hashTree(site.outputDir);
  };

  test("a story's error in the rendering process reaches the terminal naming the file, and the build exits 1, the site as it was", async () => {
    await setUp();
    try {
      await writeFile(path.join(site.articlesDir, "2025/old-2.md"), "---\nheadline: Missing its date\nsection: world\n---\n\nText.\n");
      const result = await build();
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /2025\/old-2\.md/);
      assert.match(result.stderr, /\bdate\b/);
      assert.match(result.stderr, /Build failed: .*_site\/ was left as it was\./);
      await assertSiteAsItWas();
    } finally {
      await site.remove();
    }
  });

  test("a full part that fails in the parent names the part, and the build exits 1, the site as it was", { skip: existsSync("/proc/self/stat") ? false : "needs /proc" }, async () => {
    await setUp();
    try {
      // A Pagefind that refuses every request from a process that does not render: the parent's.
      const binary = path.join(site.dir, "pagefind-refusing-the-parent");
      const rendering = (await renderingModules()).join("|");
      await writeFile(binary, `#!/bin/sh\nif tr '\\0' ' ' < /proc/$PPID/cmdline | grep -Eq '${rendering}'; then exec '${realPagefind()}' "$@"; fi\nexit 3\n`, { mode: 0o755 });
      await writeFile(path.join(site.articlesDir, "2025/old-0.md"), article({ headline: "Old story 0, corrected", date: "2025-03-01T10:00:00Z" }));
      const result = await build({ PAGEFIND_EXTENDED_BINARY_PATH: binary });
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /The search index's part pagefind\/ could not be written: /);
      assert.match(result.stderr, /Build failed: .*_site\/ was left as it was\./);
      await assertSiteAsItWas();
    } finally {
      await site.remove();
    }
  });
});

describe("a build stopped", { skip: existsSync("/proc/self/stat") ? false : "needs /proc" }, () => {
  /** Starts npm run build (src/cli/build.ts) in a process group of its own, as a terminal's foreground job is. */
  const start = (site: FixtureSite, env: NodeJS.ProcessEnv) => {
    const args = ["--import", "tsx", path.join(PROJECT_ROOT, "src/cli/build.ts"), "--articles", site.articlesDir, "--output", site.outputDir, "--settings", site.settingsFile, "--quiet", "--now", "2026-02-01T12:00:00Z"];
    const build = spawn(process.execPath, args, { cwd: PROJECT_ROOT, detached: true, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, ...SHARDS, NEWS_PAGE_CACHE: path.join(site.dir, "page-cache"), NEWS_SEARCH_CACHE: path.join(site.dir, "search-cache"), NEWS_ARTICLE_CACHE: path.join(site.dir, "article-cache"), ...env } });
    let stderr = "";
    build.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const ended = new Promise<{ code: number | null; stderr: string }>((resolve) => build.once("close", (code) => resolve({ code, stderr })));
    return { pid: build.pid!, ended };
  };
  /** Whether `file` appears within a minute (a build of the fixture takes 10-20 s on a busy machine). */
  const appears = async (file: string) => {
    for (let waited = 0; waited < 60_000; waited += 100) {
      if (existsSync(file)) return true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
  };
  const running = (pid: number) => spawnSync("kill", ["-0", String(pid)]).status === 0;
  const childrenOf = (pid: number) => spawnSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" }).stdout.match(/\d+/g)?.map(Number) ?? [];

  /**
   * Starts the build with a Pagefind that waits, and returns once the rendering process has started one: it is
   * then indexing its small parts, never done. `child` is the rendering process.
   */
  const startHeldInTheChild = async (site: FixtureSite) => {
    const binary = path.join(site.dir, "pagefind-waiting");
    const started = path.join(site.dir, "child-indexing");
    await writeFile(binary, `#!/bin/sh\ntouch '${started}'\nexec sleep 60 >/dev/null 2>&1\n`, { mode: 0o755 });
    const build = start(site, { PAGEFIND_EXTENDED_BINARY_PATH: binary });
    assert.ok(await appears(started), "the child began indexing");
    const children = childrenOf(build.pid);
    assert.equal(children.length, 1, "the parent has started its rendering process");
    return { ...build, child: children[0]! };
  };

  test("by Ctrl-C while the parent indexes the full parts ends with 130, the site and its surroundings as they were", { timeout: 120_000 }, async () => {
    const site = await makeFixtureSite(STORIES);
    try {
      // The parent's Pagefind says it has started, and waits: the build is then in its last half.
      const started = path.join(site.dir, "parent-indexing");
      const binary = path.join(site.dir, "pagefind-waiting-in-the-parent");
      const rendering = (await renderingModules()).join("|");
      await writeFile(binary, `#!/bin/sh\nif tr '\\0' ' ' < /proc/$PPID/cmdline | grep -Eq '${rendering}'; then exec '${realPagefind()}' "$@"; fi\ntouch '${started}'\nexec sleep 60 >/dev/null 2>&1\n`, { mode: 0o755 });
      const build = start(site, { PAGEFIND_EXTENDED_BINARY_PATH: binary });
      assert.ok(await appears(started), "the parent began indexing");
      // As a terminal sends Ctrl-C: to every process of the foreground group.
      process.kill(-build.pid, "SIGINT");
      const { code, stderr } = await build.ended;
      assert.equal(code, 130, stderr);
      assert.equal(existsSync(site.outputDir), false, "no site was put in place");
      assert.deepEqual(await besideOutput(site), [], "and nothing is left beside it");
    } finally {
      await site.remove();
    }
  });

  test("by the system killing the rendering process fails the build, saying so, and leaves nothing", { timeout: 120_000 }, async () => {
    const site = await makeFixtureSite(STORIES);
    try {
      const build = await startHeldInTheChild(site);
      // As the out-of-memory killer ends the largest process.
      process.kill(build.child, "SIGKILL");
      const { code, stderr } = await build.ended;
      assert.equal(code, 1, stderr);
      assert.match(stderr, /The build's rendering process was stopped by SIGKILL \(most often by the system, out of memory\)\./);
      assert.match(stderr, /Build failed: .*_site\/ was left as it was\./);
      assert.deepEqual(await besideOutput(site), [], "nothing is left beside the output");
    } finally {
      await site.remove();
    }
  });

  test("by killing the parent outright while the child renders ends the child soon after, and leaves nothing", { timeout: 120_000 }, async () => {
    const site = await makeFixtureSite(STORIES);
    try {
      const build = await startHeldInTheChild(site);
      // SIGKILL, which the parent cannot pass on: as a CI runner that kills only the process it started.
      process.kill(build.pid, "SIGKILL");
      // Held in its Pagefind for a minute, the child would otherwise render on for that long.
      const ended = async () => ["Z", undefined].includes(await processState(build.child));
      assert.ok(await eventually(ended), "the rendering process has ended");
      assert.ok(await eventually(async () => (await besideOutput(site)).length === 0), `nothing is left beside the output: ${(await besideOutput(site)).join(", ")}`);
      // The child's words reach the terminal (or CI's log) the parent shared with it.
      assert.match((await build.ended).stderr, /Build stopped: npm run build's own process \(\d+\) has ended, so its rendering process ends too; .*_site\/ was left as it was\./);
    } finally {
      await site.remove();
    }
  });

  test("by a signal to the parent alone while the child renders stops the child too, and leaves nothing", { timeout: 120_000 }, async () => {
    const site = await makeFixtureSite(STORIES);
    try {
      const build = await startHeldInTheChild(site);
      // As a CI runner or process manager stops a job: SIGTERM to the process it started.
      process.kill(build.pid, "SIGTERM");
      const { code, stderr } = await build.ended;
      assert.equal(code, 143, stderr);
      assert.equal(running(build.child), false, "the rendering process has ended with it");
      assert.deepEqual(await besideOutput(site), [], "and nothing is left beside the output");
    } finally {
      await site.remove();
    }
  });
});
