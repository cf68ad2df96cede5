import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { article, makeFixtureSite, runCli, type FixtureSite } from "./helpers/site.ts";

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
