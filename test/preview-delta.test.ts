import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { DateTime } from "luxon";
import settingsInput from "../site.config.ts";
import type { Article } from "../src/article.ts";
import { ArticleReadCache } from "../src/article-cache.ts";
import { loadArticles } from "../src/article-loader.ts";
import { paginate } from "../src/listings.ts";
import { changedArticles, changedListingPages, onlyArticlesChanged } from "../src/preview-delta.ts";
import { resolveSettings } from "../src/settings.ts";
import { existsSync } from "node:fs";
import { article, makeFixtureSite, makeTempDir, PROJECT_ROOT } from "./helpers/site.ts";

const settings = resolveSettings(settingsInput);
const now = DateTime.fromISO("2026-11-30T12:00:00Z");

describe("preview rebuilds", () => {
  test("remember unchanged articles and read again only the saved ones", async () => {
    const site = await makeFixtureSite({
      "a.md": article({ headline: "Alpha", date: "2026-01-01T10:00:00+05:00" }),
      "b.md": article({ headline: "Bravo", date: "2026-01-02T10:00:00+05:00" }),
    });
    try {
      const cache = new ArticleReadCache();
      const load = () => loadArticles({ settings, articlesDir: site.articlesDir, publicDir: "public", now, cache });
      const first = await load();
      await writeFile(path.join(site.articlesDir, "a.md"), article({ headline: "Alpha, corrected", date: "2026-01-01T10:00:00+05:00" }));
      const second = await load();
      const changed = changedArticles(first, second);
      assert.deepEqual(changed.map((a) => a.headline), ["Alpha, corrected"]);
      // The unchanged article is the very object of the first load: it was not read again.
      assert.equal(second.find((a) => a.slug === "b"), first.find((a) => a.slug === "b"));
    } finally {
      await site.remove();
    }
  });

  test("a cached broken article still stops the build with its problem", async () => {
    const site = await makeFixtureSite({ "a.md": article({ headline: "" }) });
    try {
      const cache = new ArticleReadCache();
      const load = () => loadArticles({ settings, articlesDir: site.articlesDir, publicDir: "public", now, cache });
      await assert.rejects(load(), /headline: required/);
      await assert.rejects(load(), /headline: required/);
    } finally {
      await site.remove();
    }
  });

  test("write again only the listing pages whose stories changed or moved", () => {
    const make = (name: string) => ({ url: `/${name}/` }) as Article;
    const stories = Array.from({ length: 7 }, (_, i) => make(`s${i}`));
    const before = paginate(stories, 3, "/");
    // An edit to s4 (a new object at the same place): only page 2 lists it.
    const edited = { ...stories[4]! };
    const afterEdit = paginate(stories.map((s, i) => (i === 4 ? edited : s)), 3, "/");
    assert.deepEqual(changedListingPages(before, afterEdit, new Set([edited])).map((p) => p.url), ["/page/2/"]);
    // A new story on top moves every story down a place: every page changes.
    const fresh = make("new");
    const afterNew = paginate([fresh, ...stories], 3, "/");
    assert.deepEqual(changedListingPages(before, afterNew, new Set([fresh])).map((p) => p.url), ["/", "/page/2/", "/page/3/"]);
  });

  test("only Markdown changes count as article-only rebuilds", () => {
    assert.equal(onlyArticlesChanged(["./articles/2024/07/a.md", "./articles/b.markdown"]), true);
    assert.equal(onlyArticlesChanged(["./articles/a.md", "./templates/article.njk"]), false);
    assert.equal(onlyArticlesChanged(["./public/css/site.css"]), false);
    assert.equal(onlyArticlesChanged([]), false);
  });
});

describe("the preview server (npm start)", () => {
  // The corpus generator lives beside the project (../shared), not in it: without it there is nothing to run.
  const generator = path.join(PROJECT_ROOT, "../shared/bench/make-corpus.mjs");
  test("shows an edited article and a new one on the front page after a save", { skip: !existsSync(generator) && `needs ${generator}` }, async () => {
    const { execFile } = await import("node:child_process");
    const { promisify } = await import("node:util");
    const { rm } = await import("node:fs/promises");
    const corpora = await makeTempDir("news-preview-test-");
    try {
      // bench/preview.ts starts the server, edits an article, adds one, and fails unless both reach the output.
      const { stdout } = await promisify(execFile)(
        path.join(PROJECT_ROOT, "node_modules/.bin/tsx"),
        ["bench/preview.ts", "--size", "30", "--edits", "1", "--corpora", corpora],
        { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024 },
      );
      assert.match(stdout, /edit 1: [\d.]+ s until/);
      assert.match(stdout, /new article: [\d.]+ s until the front page showed it/);
    } finally {
      await rm(corpora, { recursive: true, force: true });
    }
  });
});
