import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { DateTime } from "luxon";
import { nextChange, nextChangeText } from "../src/next-change.ts";
import { makeArticle } from "./helpers/articles.ts";
import { article, buildFixture, makeFixtureSite, runCli, type FixtureSite } from "./helpers/site.ts";
import { hashTree, treeDifferences } from "./helpers/tree.ts";

const at = (iso: string) => DateTime.fromISO(iso, { setZone: true });
let made = 0;
const story = (published: string, draft = false) => ({ ...makeArticle({ slug: `story-${made++}`, published }), draft });

describe("nextChange", () => {
  const now = at("2026-02-02T00:00:00Z");

  test("is the first of a scheduled story's time and the end of a story's two days in the news sitemap", () => {
    const archive = [story("2026-01-20T00:00:00Z"), story("2026-02-01T05:00:00Z"), story("2026-02-04T09:00:00Z")];
    assert.equal(nextChangeText(nextChange(archive, now)), "2026-02-03T05:00:00Z", "the news sitemap's story leaves first");
    assert.equal(nextChangeText(nextChange([story("2026-02-01T05:00:00Z"), story("2026-02-02T13:30:00+05:00")], now)), "2026-02-02T08:30:00Z", "the scheduled story comes first");
  });

  test("a story published at the moment itself is in the news sitemap, and leaves it two days on", () => {
    assert.equal(nextChangeText(nextChange([story("2026-02-02T00:00:00Z")], now)), "2026-02-04T00:00:00Z");
  });

  test("drafts and stories long published change nothing by themselves", () => {
    assert.equal(nextChange([story("2026-02-02T06:00:00Z", true), story("2025-12-01T00:00:00Z"), story("2026-01-31T00:00:00Z")], now), undefined);
    assert.equal(nextChangeText(undefined), "never");
  });
});

// Built at the check's now, one second before the moment it names, and at that moment: the first two
// builds are the same site, byte for byte, the third is not.
describe("a site built before its next change is the site built now", () => {
  const NOW = "2026-02-02T00:00:00Z";
  let site: FixtureSite;
  const trees = new Map<string, Map<string, string>>();
  const build = async (now: string) => {
    const result = await buildFixture(site, ["--now", now]);
    assert.equal(result.code, 0, result.stderr);
    trees.set(now, await hashTree(site.outputDir));
  };
  const check = async (now: string): Promise<string> => {
    const file = path.join(site.dir, "next-change");
    await rm(file, { force: true });
    const result = await runCli("check", ["--articles", site.articlesDir, "--settings", site.settingsFile, "--now", now, "--next-change", file]);
    assert.equal(result.code, 0, result.stderr);
    return (await readFile(file, "utf8")).trim();
  };

  before(async () => {
    site = await makeFixtureSite({
      "older.md": article({ headline: "Harbour reopens", date: "2026-01-20T10:00:00+05:00" }),
      "recent.md": article({ headline: "Rowing club wins", date: "2026-02-01T10:00:00+05:00", section: "sport" }),
      "scheduled.md": article({ headline: "Book fair opens", date: "2026-02-04T14:00:00+05:00", section: "lifestyle" }),
      "unfinished.md": article({ headline: "Not ready", date: "2026-02-02T06:00:00Z", draft: "true" }),
    });
  });
  after(() => site.remove());

  test("npm run check names the moment: the recent story leaves the news sitemap", async () => {
    assert.equal(await check(NOW), "2026-02-03T05:00:00Z");
  });

  test("a build one second before it makes the same site", async () => {
    await build(NOW);
    await build("2026-02-03T04:59:59Z");
    assert.deepEqual(treeDifferences(trees.get(NOW)!, trees.get("2026-02-03T04:59:59Z")!), []);
  });

  test("a build at it does not", async () => {
    await build("2026-02-03T05:00:00Z");
    const differences = treeDifferences(trees.get(NOW)!, trees.get("2026-02-03T05:00:00Z")!);
    assert.ok(differences.includes("news-sitemap.xml"), differences.join(", "));
  });

  test("then the scheduled story's time, then its two days, then never", async () => {
    assert.equal(await check("2026-02-03T05:00:00Z"), "2026-02-04T09:00:00Z");
    assert.equal(await check("2026-02-04T09:00:00Z"), "2026-02-06T09:00:00Z");
    assert.equal(await check("2026-02-06T09:00:00Z"), "never");
  });

  test("a file that cannot be written fails the check, naming the file and the option", async () => {
    const file = path.join(site.dir, "no-such-folder", "next-change");
    const result = await runCli("check", ["--articles", site.articlesDir, "--settings", site.settingsFile, "--now", NOW, "--next-change", file]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^Could not write the next change into .*no-such-folder\/next-change \(--next-change\): ENOENT/m);
  });

  test("nothing is written when an article has a problem", async () => {
    const broken = await makeFixtureSite({ "broken.md": article({ headline: "" }) });
    try {
      const file = path.join(broken.dir, "next-change");
      const result = await runCli("check", ["--articles", broken.articlesDir, "--settings", broken.settingsFile, "--now", NOW, "--next-change", file]);
      assert.equal(result.code, 1);
      await assert.rejects(readFile(file), { code: "ENOENT" });
    } finally {
      await broken.remove();
    }
  });
});
