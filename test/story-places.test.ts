import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { DateTime } from "luxon";
import { findArticleFiles, loadArticles } from "../src/article-loader.ts";
import { readStoryPlaces } from "../src/story-places.ts";
import { testSettings } from "./helpers/articles.ts";
import { article, makeFixtureSite, PROJECT_ROOT, type FixtureSite } from "./helpers/site.ts";

const settings = testSettings();
const sites: FixtureSite[] = [];
after(() => Promise.all(sites.map((site) => site.remove())));

/** What a shard takes from a story, as a whole read gives it. */
const PLACE_FIELDS = ["sourcePath", "archiveFolder", "slug", "url", "draft", "shortCode", "shortCodePinned", "shortUrl"] as const;

describe("a story's place, read from its front matter alone", () => {
  test("is what a whole read of the story gives", async () => {
    // A long front matter (a comment, 6,000 characters) is read past the first 4 KB, and a character of
    // three bytes lies across that boundary in another; the rest are the ways a file may write its fields.
    const longComment = `# ${"x".repeat(6000)}`;
    const acrossBoundary = `# ${"y".repeat(4094 - 81)}€€€€`;
    const files: Record<string, string | Buffer> = {
      "2024/plain.md": article({ date: "2024-05-01T10:00:00+05:00", section: "business" }),
      "2024/pinned.md": article({ date: "2024-05-02T10:00:00", shortUrl: `${settings.shortUrlBase}/Pinned42` }),
      "2024/pinned-bare.md": article({ date: "2024-05-02T11:00:00Z", shortUrl: "'00123'" }),
      "2024/Named Élan.md": article({ date: "2024-05-03T10:00:00+05:00", slug: "chosen-slug" }),
      "2024/no-section.md": article({ date: "2024-05-03T12:00:00+05:00", section: "" }),
      "2025/draft.md": article({ date: "2025-01-01T10:00:00+05:00", draft: "true" }),
      "2025/scheduled.md": article({ date: "2030-01-01T10:00:00+05:00" }),
      "2025/crlf.md": Buffer.from(`\uFEFF${article({ date: "2025-02-01T09:00:00+05:00", tags: "[Ports, Trade]" }).replaceAll("\n", "\r\n")}`),
      "2025/long.md": article({ date: "2025-03-01T09:00:00+05:00" }).replace("\n---\n\n", `\n${longComment}\n---\n\n`),
      "2025/across.md": article({ date: "2025-03-02T09:00:00+05:00" }).replace("\n---\n\n", `\n${acrossBoundary}\n---   \n\n`),
      "2025/rules-in-body.md": article({ date: "2025-03-03T09:00:00+05:00" }, "First part.\n\n---\n\nslug: not-a-field\n\n---\n\nSecond part."),
      "loose.md": article({ date: "2023-03-03T09:00:00+05:00" }),
    };
    const site = await makeFixtureSite(files);
    sites.push(site);
    const whole = await loadArticles({ settings, articlesDir: site.articlesDir, publicDir: path.join(PROJECT_ROOT, "public"), now: DateTime.fromISO("2026-01-01T00:00:00Z"), includeUnpublished: true, renderBodies: false });
    const places = readStoryPlaces(await findArticleFiles(site.articlesDir), site.articlesDir, settings);
    assert.equal(places.length, Object.keys(files).length);
    const expected = new Map(whole.map((story) => [story.sourcePath, story]));
    for (const place of places) {
      const story = expected.get(place.sourcePath);
      assert.ok(story, place.sourcePath);
      for (const field of PLACE_FIELDS) assert.deepEqual(place[field], story[field], `${place.sourcePath}: ${field}`);
      assert.deepEqual(place.published, { wallClock: story.published.wallClock, epochMs: story.published.epochMs }, `${place.sourcePath}: published`);
    }
    assert.equal(places.find((place) => place.sourcePath.endsWith("Named Élan.md"))?.url, "/world/chosen-slug/");
    assert.equal(places.find((place) => place.sourcePath.endsWith("pinned.md"))?.shortCode, "Pinned42");
  });

  test("leaves out a file whose place cannot be read, whose problems the global job reports", async () => {
    const site = await makeFixtureSite({
      "2024/good.md": article({ date: "2024-05-01T10:00:00+05:00" }),
      "2024/no-front-matter.md": "Just a story.\n",
      "2024/unclosed.md": "---\nheadline: Open\ndate: 2024-05-01T10:00:00+05:00\n",
      "2024/bad-yaml.md": "---\nheadline: [unclosed\n---\n\nBody.\n",
      "2024/bad-date.md": article({ date: "next Tuesday" }),
      "2024/bad-section.md": article({ section: "weather" }),
      "2024/a-list.md": "---\n- one\n- two\n---\n\nBody.\n",
    });
    sites.push(site);
    const places = readStoryPlaces(await findArticleFiles(site.articlesDir), site.articlesDir, settings);
    assert.deepEqual(
      places.map((place) => path.basename(place.sourcePath)),
      ["good.md"],
    );
  });
});
