import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { article, buildFixture, makeFixtureSite, readPage, textOf, type FixtureSite } from "./helpers/site.ts";

// The scheduled story's moment: 08:00 UTC is 13:00 in Karachi.
const SCHEDULED_AT = "2026-02-01T13:00:00+05:00";

describe("drafts and scheduled stories", () => {
  let site: FixtureSite;

  before(async () => {
    site = await makeFixtureSite({
      "published.md": article({ headline: "Already out", section: "world" }),
      "scheduled.md": article({ headline: "Coming soon", section: "world", date: SCHEDULED_AT }),
      "unfinished.md": article({ headline: "Not ready", section: "world", draft: "true" }),
    });
  });
  after(() => site.remove());

  const exists = (url: string) => existsSync(path.join(site.outputDir, url, "index.html"));
  const frontPageHeadlines = async () => textOf((await readPage(site.outputDir, "/")).querySelector("main"));

  test("a build one second before the scheduled time leaves the story out", async () => {
    const result = await buildFixture(site, ["--now", "2026-02-01T07:59:59Z"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(exists("/world/published/"), true);
    assert.equal(exists("/world/scheduled/"), false);
    assert.doesNotMatch(await frontPageHeadlines(), /Coming soon/);
  });

  test("a build at the scheduled time publishes it, on its page and the front page", async () => {
    const result = await buildFixture(site, ["--now", "2026-02-01T08:00:00Z"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(exists("/world/scheduled/"), true);
    assert.match(await frontPageHeadlines(), /Coming soon/);
  });

  test("the build's now can come from NEWS_NOW, as a timed CI run may set it", async () => {
    const early = await buildFixture(site, [], { NEWS_NOW: "2026-01-31T00:00:00Z" });
    assert.equal(early.code, 0, early.stderr);
    assert.equal(exists("/world/scheduled/"), false);
  });

  test("npm run build never publishes a draft", async () => {
    const result = await buildFixture(site, ["--now", "2030-01-01T00:00:00Z"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(exists("/world/unfinished/"), false);
    assert.doesNotMatch(await frontPageHeadlines(), /Not ready/);
  });

  test("the preview's setting builds drafts, flagged as drafts, and scheduled stories", async () => {
    const result = await buildFixture(site, ["--now", "2026-01-10T00:00:00Z"], { NEWS_INCLUDE_UNPUBLISHED: "true" });
    assert.equal(result.code, 0, result.stderr);
    const draft = await readPage(site.outputDir, "/world/unfinished/");
    assert.match(textOf(draft.querySelector(".draft-flag")), /^Draft/);
    assert.equal(exists("/world/scheduled/"), true);
    const published = await readPage(site.outputDir, "/world/published/");
    assert.equal(published.querySelector(".draft-flag"), null);
  });
});
