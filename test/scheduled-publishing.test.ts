import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { article, buildFixture, makeFixtureSite, previewBuildFixture, readPage, textOf, type FixtureSite } from "./helpers/site.ts";

// The scheduled story's moment: 08:00 UTC is 13:00 in Karachi.
const SCHEDULED_AT = "2026-02-01T13:00:00+05:00";

describe("drafts and scheduled stories", () => {
  let site: FixtureSite;

  before(async () => {
    site = await makeFixtureSite({
      "published.md": article({ headline: "Already out", section: "world", tags: "[Harbour]", author: "[Jane Doe]" }),
      "scheduled.md": article({ headline: "Coming soon", section: "world", date: SCHEDULED_AT, tags: "[Harbour]", author: "[Jane Doe]" }),
      "unfinished.md": article({ headline: "Not ready", section: "world", draft: "true", updated: "2026-01-06T09:00:00+05:00", tags: "[Harbour]", author: "[Jane Doe]" }),
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

  test("built as the preview shows it, a draft is there flagged as a draft, and so is the scheduled story", async () => {
    const result = await previewBuildFixture(site, ["--now", "2026-01-10T00:00:00Z"]);
    assert.equal(result.code, 0, result.stderr);
    const draft = await readPage(site.outputDir, "/world/unfinished/");
    assert.match(textOf(draft.querySelector(".draft-flag")), /^Draft/);
    assert.equal(exists("/world/scheduled/"), true);
    const published = await readPage(site.outputDir, "/world/published/");
    assert.equal(published.querySelector(".draft-flag"), null);
  });

  // The engineer's morning: a scheduled story's page looked published ("Published 06 December 2026 08:00 PKT",
  // no flag), a draft's said "Published 26 sec ago" under its flag, and no listing marked either.
  describe("in the preview, what readers cannot see yet says so", () => {
    before(async () => {
      const result = await previewBuildFixture(site, ["--now", "2026-01-10T00:00:00Z"]);
      assert.equal(result.code, 0, result.stderr);
    });

    test("a scheduled story's page is flagged with the moment it comes out, and is dated, not published", async () => {
      const page = await readPage(site.outputDir, "/world/scheduled/");
      const flag = page.querySelector(".story__header .draft-flag");
      assert.equal(textOf(flag), "Scheduled: not published until 01 February 2026 13:00 PKT");
      assert.equal(flag!.querySelector("time")!.getAttribute("datetime"), SCHEDULED_AT);
      const times = page.querySelector(".times")!;
      assert.match(textOf(times), /^Dated 01 February 2026 13:00 PKT$/);
      assert.equal(times.querySelector("[data-relative]"), null, "no relative time, which reads as published");
    });

    // Its "Updated" time too: "Updated 3 min ago" under "Dated …" read as a published story's correction.
    test("a draft's page says when it is dated and updated, not that it was published, and neither time as relative", async () => {
      const page = await readPage(site.outputDir, "/world/unfinished/");
      assert.equal(textOf(page.querySelector(".story__header .draft-flag")), "Draft: not published");
      const times = page.querySelector(".times")!;
      assert.match(textOf(times), /^Dated 05 January 2026 10:00 PKT\s+Updated 06 January 2026 09:00 PKT$/);
      assert.doesNotMatch(textOf(times), /Published/);
      assert.equal(times.querySelector("[data-relative]"), null);
    });

    test("a published story's page is as a build publishes it: no flag, published, its time relative", async () => {
      const page = await readPage(site.outputDir, "/world/published/");
      assert.equal(page.querySelector(".draft-flag"), null);
      assert.match(textOf(page.querySelector(".times")), /^Published /);
      assert.ok(page.querySelector(".times time[data-relative]"));
    });

    for (const listing of ["/", "/world/", "/tags/harbour/", "/authors/jane-doe/", "/archive/2026/02/"]) {
      test(`the cards of ${listing} flag the draft and the scheduled story, and only them`, async () => {
        const page = await readPage(site.outputDir, listing);
        const flags = Object.fromEntries(
          [...page.querySelectorAll(".story-card")].map((card) => [textOf(card.querySelector(".story-card__headline")), textOf(card.querySelector(".draft-flag"))]),
        );
        const expected: Record<string, string> = {
          "Coming soon": "Scheduled: not published until 01 February 2026 13:00 PKT",
          "Not ready": "Draft: not published",
          "Already out": "",
        };
        for (const headline of Object.keys(flags)) assert.equal(flags[headline], expected[headline], `${headline} on ${listing}`);
        assert.ok(Object.keys(flags).length > 0);
      });
    }
  });
});
