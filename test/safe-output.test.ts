import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { article, buildFixture, makeFixtureSite, runCli, makeTempDir, type FixtureSite } from "./helpers/site.ts";
import { hashTree, treeDifferences } from "./helpers/tree.ts";

const NOW = ["--now", "2026-11-30T12:00:00Z"];

describe("a failed build", () => {
  let site: FixtureSite;
  before(async () => {
    site = await makeFixtureSite({ "good.md": article({ headline: "Good story" }) });
  });
  after(() => site.remove());

  test("leaves the previous site exactly as it was, with no half-written folder beside it", async () => {
    const first = await buildFixture(site, NOW);
    assert.equal(first.code, 0, first.stderr);
    const before = await hashTree(site.outputDir);
    assert.ok(before.has("world/good/index.html"));

    await writeFile(path.join(site.articlesDir, "bad.md"), article({ headline: "Bad", date: "tomorrow" }));
    const failed = await buildFixture(site, NOW);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /bad\.md:3: date: expected an ISO 8601 date-time/);
    assert.match(failed.stderr, /_site\/ was left as it was/);

    assert.deepEqual(treeDifferences(before, await hashTree(site.outputDir)), []);
    assert.deepEqual((await readdir(site.dir)).filter((name) => name.startsWith("_site")), ["_site"]);
  });
});

describe("a build whose search index cannot be made", () => {
  let site: FixtureSite;
  before(async () => {
    site = await makeFixtureSite({ "good.md": article({ headline: "Good story" }) });
    const first = await buildFixture(site, NOW);
    assert.equal(first.code, 0, first.stderr);
  });
  after(() => site.remove());

  test("stops with the index named and what Pagefind said, and leaves the previous site as it was", { timeout: 120_000 }, async () => {
    const before = await hashTree(site.outputDir);
    // A Pagefind that cannot run (here, one that stops at once).
    const pagefind = path.join(site.dir, "pagefind-that-stops");
    await writeFile(pagefind, "#!/bin/sh\nexit 3\n", { mode: 0o755 });
    await writeFile(path.join(site.articlesDir, "more.md"), article({ headline: "More news", slug: "more" }));
    const failed = await buildFixture(site, NOW, { PAGEFIND_EXTENDED_BINARY_PATH: pagefind });
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /Pagefind could not index the stories of \S*pagefind\/: Pagefind stopped with exit code 3/);
    assert.match(failed.stderr, /_site\/ was left as it was/);
    assert.deepEqual(treeDifferences(before, await hashTree(site.outputDir)), []);
    assert.deepEqual((await readdir(site.dir)).filter((name) => name.startsWith("_site")), ["_site"]);
  });

  test("a Pagefind that cannot be run is named with why, in one line, without Pagefind's own stack", { timeout: 120_000 }, async () => {
    const before = await hashTree(site.outputDir);
    await writeFile(path.join(site.articlesDir, "more.md"), article({ headline: "More news", slug: "more" }));
    const missing = path.join(site.dir, "no-such-pagefind");
    const failed = await buildFixture(site, NOW, { PAGEFIND_EXTENDED_BINARY_PATH: missing });
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, new RegExp(`Pagefind could not index the stories of \\S*pagefind/: Pagefind could not be run \\(spawn ${missing} ENOENT\\)`));
    // Pagefind's Node API printed "Service stopped" and two stacks (the failed start, then a write to the missing process).
    assert.doesNotMatch(failed.stderr, /Service stopped|EPIPE|\n\s+at /);
    assert.deepEqual(treeDifferences(before, await hashTree(site.outputDir)), []);
  });
});

describe("output determinism", () => {
  let dir: string;
  before(async () => {
    dir = await makeTempDir();
  });
  after(() => import("node:fs/promises").then(({ rm }) => rm(dir, { recursive: true, force: true })));

  test("two builds of the sample site, in UTC and in Los Angeles time, are byte-identical", async () => {
    // Each with a page cache of its own: pages kept by one build are not rendered by the next.
    const build = (name: string, tz: string) => runCli("build", ["--output", path.join(dir, name), "--quiet", ...NOW], { TZ: tz, NEWS_PAGE_CACHE: path.join(dir, `${name}-pages`) });
    // One after the other: two builds at once would compete for the machine's two cores.
    for (const [name, tz] of [["utc-1", "UTC"], ["utc-2", "UTC"], ["la", "America/Los_Angeles"]] as const) {
      const result = await build(name, tz);
      assert.equal(result.code, 0, result.stderr);
    }
    const first = await hashTree(path.join(dir, "utc-1"));
    assert.ok(first.size > 10, "the build wrote the site");
    assert.deepEqual(treeDifferences(first, await hashTree(path.join(dir, "utc-2"))), [], "same input, same bytes");
    assert.deepEqual(treeDifferences(first, await hashTree(path.join(dir, "la"))), [], "the machine's time zone changes nothing");
  });
});

describe("a site with no story out yet", () => {
  // Nothing of its input dates such a site: built at any time before its first story comes out, it is the same bytes
  // (the Atom feed, which Atom requires to have a date, was dated by the build's now: src/feeds.ts, NO_ENTRY_DATE).
  for (const [name, articles] of [
    ["none at all", {}],
    ["a draft and a story scheduled for later", { "draft.md": article({ headline: "Unfinished", draft: "true" }), "later.md": article({ headline: "Embargoed", date: "2099-01-01T09:00:00+05:00" }) }],
  ] as const) {
    test(`${name}: the same bytes whenever it is built`, async () => {
      const site = await makeFixtureSite(articles);
      try {
        // Each with caches of its own: pages kept by one build are not rendered by the next.
        const build = async (when: string, now: string[], env: NodeJS.ProcessEnv) => {
          const caches = { NEWS_PAGE_CACHE: path.join(site.dir, `pages-${when}`), NEWS_SEARCH_CACHE: path.join(site.dir, `search-${when}`) };
          const result = await buildFixture(site, now, { ...caches, ...env });
          assert.equal(result.code, 0, result.stderr);
          return hashTree(site.outputDir);
        };
        const first = await build("january", ["--now", "2026-01-10T00:00:00Z"], {});
        assert.ok(first.has("feed.xml") && first.has("index.html"), "the build wrote the site");
        const later = await build("november", [], { NEWS_NOW: "2026-11-30T23:59:00Z", TZ: "Pacific/Chatham" });
        assert.deepEqual(treeDifferences(first, later), []);
      } finally {
        await site.remove();
      }
    });
  }
});
