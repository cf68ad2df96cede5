import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { execFile } from "node:child_process";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { projectCopy } from "./helpers/preview-process.ts";
import { article, buildFixture, makeFixtureSite, PROJECT_ROOT, readPage, textOf, type FixtureSite, type RunResult } from "./helpers/site.ts";
import { RENDERING_FOR_ENV } from "../src/search-handover.ts";

const sites: FixtureSite[] = [];
after(() => Promise.all(sites.map((site) => site.remove())));

async function fixture(files: Record<string, string>, settings: Record<string, unknown> = {}) {
  const site = await makeFixtureSite(files, settings);
  sites.push(site);
  return site;
}

/** Every file under a folder with its SHA-256, for comparing two builds byte for byte. */
async function treeHashes(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const hashes: Record<string, string> = {};
  for (const entry of entries.filter((candidate) => candidate.isFile())) {
    const file = path.join(entry.parentPath, entry.name);
    hashes[path.relative(dir, file)] = createHash("sha256").update(await readFile(file)).digest("hex");
  }
  return hashes;
}

describe("building a site", { concurrency: 4 }, () => {
  const badInputs: Record<string, [string, RegExp]> = {
    "missing headline": [article({ headline: "" }), /story\.md:1: headline: required, but missing/],
    "bad date": [article({ date: "08/07/2024" }), /story\.md:3: date: expected an ISO 8601 date-time/],
    "updated before date": [article({ updated: "2020-01-01T00:00:00Z" }), /story\.md:5: updated: expected a time at or after date/],
    "unknown key": [article({ headlne: "x" }), /story\.md:5: headlne: unknown field \(did you mean headline\?\)/],
    "YAML syntax error": ["---\nheadline: \"unclosed\ndate: x\n---\n", /story\.md:2:11: headline: the " that opens this text is never closed/],
    "wrong type": [article({ tags: "{a: b}" }), /story\.md:5: tags: expected a list of tags, or one tag written alone; found a group of fields/],
    "empty file": ["", /story\.md:1: the file is empty/],
    "no front matter": ["A story without fields.\n", /story\.md:1: no front matter/],
  };
  for (const [name, [text, message]] of Object.entries(badInputs)) {
    test(`${name}: a clear message and a non-zero exit`, async () => {
      const site = await fixture({ "good.md": article(), "story.md": text });
      const result = await buildFixture(site);
      assert.notEqual(result.code, 0);
      assert.match(result.stderr + result.stdout, message);
      assert.match(result.stderr, /Build failed/);
    });
  }

  test("npm run build says how many pages it built and where, and how to see them", async () => {
    const site = await fixture({ "a.md": article({ headline: "One" }), "b.md": article({ headline: "Two" }) });
    const result = await buildFixture(site, [], {}, { quiet: false });
    assert.equal(result.code, 0, result.stderr);
    const said = /^Built (\d+) pages into (.+)\/\. Open (.+)\/index\.html, or run npm start to preview it\.$/m.exec(result.stdout);
    assert.ok(said, result.stdout);
    const pages = (await readdir(site.outputDir, { recursive: true })).filter((file) => file.endsWith(".html"));
    assert.equal(Number(said[1]), pages.length);
    // A folder outside the working folder is named as it is, not by a path of ../ up to the root.
    assert.equal(said[2], site.outputDir);
    assert.equal(said[3], said[2]);
  });

  test("a build asks Eleventy for no module resolver of its watch mode (on Node 20 a thread every import waits on)", async () => {
    const site = await fixture({ "a.md": article({ headline: "One" }) });
    // Names every module resolver registered in the build's process (tsx's own too), on stderr.
    const noteRegistrations = `import m from "node:module"; const register = m.register; m.register = function (specifier, ...rest) { process.stderr.write("module.register " + specifier + "\\n"); return register.call(this, specifier, ...rest); };`;
    const result = await buildFixture(site, [], { NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(noteRegistrations)}` });
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /module\.register .*EsmResolver/);
  });

  test("a build without pictures loads no image encoder (sharp and its libvips, which eleventy-img loads: 20 MiB of a process)", async () => {
    const site = await fixture({ "a.md": article({ headline: "One" }) });
    // Names, as the build's process ends, the native libraries it loaded that are sharp's.
    const noteLibraries = `process.on("exit", () => process.stderr.write("native libraries: " + process.report.getReport().sharedObjects.filter((file) => /sharp|vips/.test(file)).join(" ") + "\\n"));`;
    const result = await buildFixture(site, [], { NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(noteLibraries)}` });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^native libraries: /m, "the build's process was watched");
    assert.doesNotMatch(result.stderr, /^native libraries: \S/m);
  });

  test("Node's flags given to npm run build reach its rendering process: a heap raised for a large archive is the rendering's", async () => {
    const site = await fixture({ "a.md": article({ headline: "One" }) });
    // Each of the build's processes (its main thread) says, as it ends, which command it ran and its heap's limit.
    const noteHeap = `import { isMainThread } from "node:worker_threads"; import { getHeapStatistics } from "node:v8"; if (isMainThread) process.on("exit", () => process.stderr.write("heap limit " + (process.argv[1] ?? "").split("/").pop() + " " + Math.round(getHeapStatistics().heap_size_limit / 2 ** 20) + "\\n"));`;
    const note = `--import=data:text/javascript,${encodeURIComponent(noteHeap)}`;
    const limits = ({ code, stderr }: RunResult) => {
      assert.equal(code, 0, stderr);
      return Object.fromEntries([...stderr.matchAll(/^heap limit (build|render)\.ts (\d+)$/gm)].map(([, command, mib]) => [command, Number(mib) >= 1234 && Number(mib) < 1300]));
    };
    // In NODE_OPTIONS (as npm run build is given them), and on node's own command line.
    assert.deepEqual(limits(await buildFixture(site, [], { NODE_OPTIONS: `--max-old-space-size=1234 ${note}` })), { build: true, render: true });
    const args = ["--import", "tsx", "--max-old-space-size=1234", note, "src/cli/build.ts", "--articles", site.articlesDir, "--output", site.outputDir, "--settings", site.settingsFile, "--quiet"];
    const env = { ...process.env, NEWS_ARTICLE_CACHE: path.join(site.dir, "article-cache"), NEWS_PAGE_CACHE: path.join(site.dir, "page-cache"), NEWS_SEARCH_CACHE: path.join(site.dir, "search-cache") };
    const byArgs = await new Promise<RunResult>((resolve) => execFile(process.execPath, args, { cwd: PROJECT_ROOT, env }, (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr })));
    assert.deepEqual(limits(byArgs), { build: true, render: true });
  });

  test("the rendering process collects its heap once its pages are rendered (it allocates too little after to prompt V8 while the writer finishes)", async () => {
    const site = await fixture({ "a.md": article({ headline: "One" }), "b.md": article({ headline: "Two" }) });
    // Each of the build's processes (its main thread) says, as it ends, how many full collections were asked for, not prompted by allocation.
    const noteForced = `import { isMainThread } from "node:worker_threads"; import { PerformanceObserver, constants } from "node:perf_hooks"; if (isMainThread) { let forced = 0; new PerformanceObserver((list) => { for (const entry of list.getEntries()) if (entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR && entry.detail.flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) forced++; }).observe({ entryTypes: ["gc"] }); process.on("exit", () => process.stderr.write("forced collections " + (process.argv[1] ?? "").split("/").pop() + " " + forced + "\\n")); }`;
    const result = await buildFixture(site, [], { NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(noteForced)}` });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(Object.fromEntries([...result.stderr.matchAll(/^forced collections (build|render)\.ts (\d+)$/gm)].map(([, command, count]) => [command, Number(count)])), { build: 0, render: 1 });
  });

  test("a failure as Eleventy starts, which Eleventy does not print, is named once with its cause", async () => {
    // Eleventy prints an error of its rendering, which the build must not print again (test/bad-input.test.ts
    // counts them), but not one of its starting: the build printed only "Build failed".
    const dir = await projectCopy("news-broken-config-");
    try {
      await writeFile(path.join(dir, "eleventy.config.ts"), 'export default function () {\n  throw new Error("the configuration is broken");\n}\nexport const config = { dir: { input: "templates" } };\n');
      const result = await new Promise<RunResult>((resolve) =>
        execFile(path.join(dir, "node_modules/.bin/tsx"), ["src/cli/build.ts", "--quiet"], { cwd: dir, env: { ...process.env, NO_COLOR: "1" } }, (error, stdout, stderr) =>
          resolve({ code: error ? 1 : 0, stdout, stderr }),
        ),
      );
      assert.equal(result.code, 1, result.stderr);
      assert.equal(result.stderr.match(/the configuration is broken/g)?.length, 1, result.stderr);
      assert.match(result.stderr, /^Error in your Eleventy config file 'eleventy\.config\.ts'\.\n {2}the configuration is broken$/m);
      assert.match(result.stderr, /^Build failed: _site\/ was left as it was\.$/m);
      assert.doesNotMatch(result.stderr, /^\s+at /m, "no stack trace");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("a failed build leaves the last good site untouched", async () => {
    const site = await fixture({ "good.md": article({ headline: "The good story" }) });
    assert.equal((await buildFixture(site)).code, 0);
    const before = await treeHashes(site.outputDir);
    await writeFile(path.join(site.articlesDir, "bad.md"), article({ date: "never" }));
    const failed = await buildFixture(site);
    assert.notEqual(failed.code, 0);
    // Named as it is, not by a path of ../ up to the root from the working folder.
    assert.ok(failed.stderr.split("\n").includes(`Build failed: ${site.outputDir}/ was left as it was.`), failed.stderr);
    // The problem's line ends with what the editor must fix, not with the name of our error class (Eleventy adds one).
    const problem = failed.stderr.split("\n").find((line) => line.includes("bad.md:"));
    assert.match(problem ?? "", /bad\.md:\d+(?::\d+)?: date: .*[^)]$/, failed.stderr);
    assert.doesNotMatch(failed.stderr, /\(via \w+\)/);
    assert.deepEqual(await treeHashes(site.outputDir), before);
    const siblings = await readdir(path.dirname(site.outputDir));
    assert.deepEqual(siblings.filter((name) => name.startsWith("_site")), ["_site"]);
  });

  // A failed build lets work still writing into its folder fail as the folder is removed, unseen: that says
  // nothing new. Any other failure then (a cache's write, a thread's) was swallowed with it, and never shown.
  test("after a failed build, a failure of other work is told in one line; one of work whose folder the build removes is not", async () => {
    const site = await fixture({ "good.md": article({ headline: "The good story" }), "bad.md": article({ date: "never" }) });
    // As the build starts listening for failures nothing handles, three such failures: two of work in its folder
    // as that goes (Node's own error, and a thread's message naming the file), and one of something else.
    const failAfterwards = `
      // Named by the pid of the build the rendering process renders for (src/search-handover.ts).
      const staging = ${JSON.stringify(site.outputDir)} + ".building-" + (process.env.${RENDERING_FOR_ENV} || process.pid);
      const on = process.on;
      process.on = function (event, listener) {
        const added = on.call(this, event, listener);
        if (event === "unhandledRejection") {
          const file = staging + "/pagefind/fragment/en_1.pf_fragment";
          void Promise.reject(Object.assign(new Error("ENOENT: no such file or directory, open '" + file + "'"), { code: "ENOENT", path: file, syscall: "open" }));
          void Promise.reject(new Error("Could not take /cache/kept/ab into " + staging + "/world/good/index.html: ENOENT: no such file or directory, link"));
          void Promise.reject(new Error("EACCES: permission denied, open '/var/cache/news/used'"));
        }
        return added;
      };`;
    const failed = await buildFixture(site, [], { NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(failAfterwards)}` });
    assert.notEqual(failed.code, 0);
    assert.match(failed.stderr, /bad\.md:3: date: expected an ISO 8601 date-time/);
    assert.deepEqual(
      failed.stderr.split("\n").filter((line) => line.startsWith("✗")),
      ["✗ After the build had failed, other work failed too (EACCES: permission denied, open '/var/cache/news/used')."],
      failed.stderr,
    );
    assert.ok(failed.stderr.split("\n").includes(`Build failed: ${site.outputDir}/ was left as it was.`), failed.stderr);
  });

  test("an editor's new article is on the front page and has its own page", async () => {
    const site = await fixture({ "older.md": article({ headline: "Older story", date: "2026-01-01T10:00:00+05:00" }) });
    await writeFile(path.join(site.articlesDir, "fresh-news.md"), article({ headline: "Fresh news", date: "2026-01-02T10:00:00+05:00", section: "sport" }));
    assert.equal((await buildFixture(site)).code, 0);
    const front = await readPage(site.outputDir, "/");
    assert.equal(textOf(front.querySelector(".story-card--lead h2")), "Fresh news");
    assert.equal(textOf((await readPage(site.outputDir, "/sport/fresh-news/")).querySelector("h1")), "Fresh news");
  });

  test("the front page paginates with previous and next links", async () => {
    const files: Record<string, string> = {};
    for (let day = 1; day <= 5; day++) files[`story-${day}.md`] = article({ headline: `Story ${day}`, date: `2026-01-0${day}T10:00:00+05:00` });
    const site = await fixture(files, { perPage: 2 });
    assert.equal((await buildFixture(site)).code, 0);
    const pages = await Promise.all(["/", "/page/2/", "/page/3/"].map((url) => readPage(site.outputDir, url)));
    assert.deepEqual(
      pages.map((page) => [...page.querySelectorAll(".story-card__headline")].map(textOf)),
      [["Story 5", "Story 4"], ["Story 3", "Story 2"], ["Story 1"]],
    );
    assert.equal(pages[0]?.querySelector("a[rel=prev]"), null);
    assert.equal(pages[0]?.querySelector("a[rel=next]")?.getAttribute("href"), "/page/2/");
    assert.equal(pages[1]?.querySelector("a[rel=prev]")?.getAttribute("href"), "/");
    assert.equal(pages[2]?.querySelector("a[rel=next]"), null);
    assert.equal(pages[1]?.querySelectorAll(".story-card--lead").length, 0);
  });

  test("past listingPages, the front page and sections send readers on to the dated archive, where the next story is", async () => {
    const files: Record<string, string> = {};
    for (let day = 1; day <= 7; day++) files[`story-${day}.md`] = article({ headline: `Story ${day}`, date: `2026-01-0${day}T10:00:00+05:00`, section: "world" });
    const site = await fixture(files, { perPage: 2, listingPages: 2 });
    assert.equal((await buildFixture(site)).code, 0, "every link resolves, the archive links included");
    const headlines = (page: Document) => [...page.querySelectorAll(".story-card__headline")].map(textOf);
    for (const listing of ["/", "/world/"]) {
      const last = await readPage(site.outputDir, `${listing}page/2/`);
      assert.deepEqual(headlines(last), ["Story 5", "Story 4"]);
      assert.equal(last.querySelector("a[rel=next]"), null, `${listing}: no page 3`);
      const older = [...last.querySelectorAll(".pager a")].find((link) => textOf(link) === "Older stories in the archive");
      // January's pages are counted from the oldest (two a page): page 1 Stories 2 and 1, page 2 Stories 4 and 3.
      assert.equal(older?.getAttribute("href"), "/archive/2026/01/page/2/", listing);
      assert.deepEqual(headlines(await readPage(site.outputDir, older.getAttribute("href")!)), ["Story 4", "Story 3"]);
      assert.equal(existsSync(path.join(site.outputDir, listing, "page/3/index.html")), false);
      const first = await readPage(site.outputDir, listing);
      assert.ok(![...first.querySelectorAll(".pager a")].some((link) => textOf(link).includes("archive")), "only the last page links to the archive");
    }
  });

  test("a tag's pages are counted from its oldest, so a new story changes only the top page; readers page through every story", async () => {
    const files: Record<string, string> = {};
    for (let day = 1; day <= 7; day++) files[`story-${day}.md`] = article({ headline: `Story ${day}`, date: `2026-01-0${day}T10:00:00+05:00`, tags: "[Harbour]" });
    const site = await fixture(files, { perPage: 2 });
    assert.equal((await buildFixture(site)).code, 0);
    const headlines = (page: Document) => [...page.querySelectorAll(".story-card__headline")].map(textOf);
    // Seven stories, two a page: page 1 the two oldest, page 2 the next two, the top page the newest three.
    const visited: string[][] = [];
    let address: string | null | undefined = "/tags/harbour/";
    while (address) {
      const page = await readPage(site.outputDir, address);
      visited.push([address, ...headlines(page)]);
      assert.equal(page.querySelector(".pager__position"), null, `${address}: no "Page n of m", which every new page would change`);
      const older = page.querySelector("a[rel=next]")?.getAttribute("href");
      if (older) assert.equal((await readPage(site.outputDir, older)).querySelector("a[rel=prev]")?.getAttribute("href"), address, `${older} links back`);
      address = older;
    }
    assert.deepEqual(visited, [
      ["/tags/harbour/", "Story 7", "Story 6", "Story 5"],
      ["/tags/harbour/page/2/", "Story 4", "Story 3"],
      ["/tags/harbour/page/1/", "Story 2", "Story 1"],
    ]);
    assert.equal(textOf((await readPage(site.outputDir, "/tags/harbour/page/2/")).querySelector("h1")), "Harbour (page 2)");
    assert.equal((await readPage(site.outputDir, "/tags/harbour/")).querySelectorAll(".story-card--lead").length, 1);
  });

  test("the machine's time zone does not change a single byte", async () => {
    const site = await fixture({
      "a.md": article({ date: "2026-03-08T01:30:00", updated: "2026-03-08T03:30:00" }),
      "b.md": article({ date: "2026-11-01T01:30:00-04:00" }),
    });
    const now = ["--now", "2026-11-30T12:00:00Z"];
    assert.equal((await buildFixture(site, now, { TZ: "UTC" })).code, 0);
    const utc = await treeHashes(site.outputDir);
    assert.equal((await buildFixture(site, now, { TZ: "America/Los_Angeles" })).code, 0);
    assert.deepEqual(await treeHashes(site.outputDir), utc);
  });
});
