import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { article, makeFixtureSite, makeStandInProject, removeTempDir, runCli, type FixtureSite, type RunResult } from "./helpers/site.ts";

const sites: FixtureSite[] = [];
after(() => Promise.all(sites.map((site) => site.remove())));

/** npm run build:sharded of a fixture site, from the project's folder, into the fixture's own: outside the working folder. */
async function buildSharded(files: Record<string, string>) {
  const site = await makeFixtureSite(files);
  sites.push(site);
  const result = await runCli("build-sharded", ["--articles", site.articlesDir, "--output", site.outputDir, "--settings", site.settingsFile, "--now", "2026-11-30T12:00:00Z"], {
    NEWS_ARTICLE_CACHE: path.join(site.dir, "article-cache"),
    NEWS_SEARCH_CACHE: path.join(site.dir, "search-cache"),
  });
  return { site, result };
}

// The shards' own work is tested in test/build-shards.test.ts; here, what npm run build:sharded says.
describe("npm run build:sharded names an output folder outside the working folder as it is, not by a path of ../", () => {
  test("when it has built the site", async () => {
    const { site, result } = await buildSharded({ "2026/a.md": article() });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`^Built \\d+ pages into ${escaped(site.outputDir)}/ from 1 shards and the global job in `, "m"));
  });

  test("when it has failed", async () => {
    const { site, result } = await buildSharded({ "2026/a.md": article({ date: "never" }) });
    assert.equal(result.code, 1, result.stdout);
    assert.ok(result.stderr.split("\n").includes(`Sharded build failed: ${site.outputDir}/ was left as it was.`), result.stderr);
  });
});

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// The project an output folder must leave alone is a stand-in here (makeStandInProject), with a home folder
// beside it (HOME), so that a build which failed to refuse replaces nothing but the copy.
describe("npm run build:sharded refuses an output folder that is, holds or is inside the project's own, as npm run build does", () => {
  let dir: string;
  let project: string;
  let home: string;
  const env = () => ({ HOME: home, NEWS_ARTICLE_CACHE: path.join(dir, "article-cache"), NEWS_SEARCH_CACHE: path.join(dir, "search-cache") });
  /** Every file and folder of the stand-in and the home folder, to show that nothing was written, moved or removed. */
  const everything = async () => (await readdir(dir, { recursive: true })).sort();
  before(async () => {
    ({ dir, project, home } = await makeStandInProject({ "2025/b.md": article({ headline: "Last year's story", date: "2025-06-01T09:00:00+00:00" }), "2026/a.md": article() }));
  });
  after(() => removeTempDir(dir));

  const refused = (result: RunResult, output: string, folder: string) => {
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, new RegExp(`--output ${escaped(output)}: the folder (is|holds ${escaped(folder)}, which is) one of the project's own`));
  };
  const refusedInside = (result: RunResult, output: string, folder: string) => {
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, new RegExp(`--output ${escaped(output)}: the folder is inside ${escaped(folder)}, which is one of the folders a build reads .*: give a folder outside it, such as _site`));
  };
  const buildSharded = (output: string) => runCli("build-sharded", ["--articles", "articles", "--output", output, "--settings", "settings.json", "--now", "2026-11-30T12:00:00Z"], env(), { cwd: project });
  /** A shard job for 2026, as the sharded build prints it, but for its --output. */
  const shardJob = (output: string) =>
    runCli("build", ["--pages", "articles", "--articles", path.join("articles", "2026"), "--archive", "articles", "--output", output, "--settings", "settings.json", "--now", "2026-11-30T12:00:00Z", "--quiet"], { ...env(), NEWS_PAGE_CACHE: path.join(dir, "page-cache") }, { cwd: project });

  test("its --output: the project, its templates, articles and static files, the home folder, or a folder holding them", { timeout: 120_000 }, async () => {
    const before = await everything();
    const outputs: [output: string, folder: string][] = [
      [project, project],
      [path.join(project, "templates"), path.join(project, "templates")],
      [path.join(project, "articles"), path.join(project, "articles")],
      [path.join(project, "public"), path.join(project, "public")],
      [home, home],
      [dir, project],
    ];
    for (const [output, folder] of outputs) {
      refused(await buildSharded(output), output, folder);
      assert.deepEqual(await everything(), before, `--output ${output} changed the project`);
    }
  });

  test("its --output inside the templates, the articles or the static files, there already or not", { timeout: 120_000 }, async () => {
    const before = await everything();
    for (const [output, folder] of [
      ["articles/2025", "articles"],
      ["articles/new", "articles"],
      ["templates/_includes", "templates"],
      ["public/css", "public"],
    ] as const) {
      refusedInside(await buildSharded(output), output, path.join(project, folder));
      assert.deepEqual(await everything(), before, `--output ${output} changed the project`);
    }
  });

  test("a shard job's --output, as the sharded build prints it: its archive or the project", { timeout: 60_000 }, async () => {
    const before = await everything();
    for (const [output, folder] of [[path.join(project, "articles"), path.join(project, "articles", "2026")], [project, project]] as const) {
      refused(await shardJob(output), output, folder);
      assert.deepEqual(await everything(), before, `--output ${output} changed the project`);
    }
  });

  test("a shard job's --output inside the archive: another year's folder, or one inside its own", { timeout: 60_000 }, async () => {
    const before = await everything();
    for (const [output, folder] of [
      ["articles/2025", "articles"],
      ["articles/2026/site", "articles/2026"],
    ] as const) {
      refusedInside(await shardJob(output), output, path.join(project, folder));
      assert.deepEqual(await everything(), before, `--output ${output} changed the project`);
    }
  });
});
