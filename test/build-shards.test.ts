import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { DateTime } from "luxon";
import { parseHTML } from "linkedom";
import { selectPageSet } from "../src/build-shards.ts";
import { buildSiteData, PAGE_LISTS } from "../src/site-data.ts";
import { makeArticle, testSettings } from "./helpers/articles.ts";
import { article, buildFixture, endedPid, eventually, filesUnder, makeFixtureSite, runCli } from "./helpers/site.ts";

describe("a sharded build", () => {
  test("a shard's data holds its article pages only, so its runs are not spent on pages it leaves out", () => {
    const stories = [1, 2, 3].map((day) => makeArticle({ slug: `s${day}`, published: `2026-01-0${day}T10:00:00+05:00`, section: "world", tags: ["Harbour"] }));
    const data = buildSiteData(stories, testSettings(), { now: DateTime.fromISO("2026-02-01T00:00:00Z") });
    const shard = selectPageSet(data, "articles");
    assert.equal(shard.articlePages.length, 3);
    for (const list of PAGE_LISTS.filter((name) => name !== "articlePages")) assert.deepEqual(shard[list], [], list);
    const global = selectPageSet(data, "listings");
    assert.deepEqual(global.articlePages, []);
    assert.equal(global.shortRedirects.length, 3, "the global job keeps every short link");
    assert.equal(global.redirectsInFile.length, 3, "and those its _redirects file holds");
  });

  test("the global job writes every tag's and author's feed, a shard none; with tagAndAuthorFeeds off, no job writes one", () => {
    const stories = [1, 2].map((day) => makeArticle({ slug: `s${day}`, published: `2026-01-0${day}T10:00:00+05:00`, section: "world", tags: ["Harbour"], authors: ["Jane Doe"] }));
    const feedsOf = (settings: Parameters<typeof testSettings>[0], pages: "articles" | "listings") =>
      selectPageSet(buildSiteData(stories, testSettings(settings), { now: DateTime.fromISO("2026-02-01T00:00:00Z") }), pages).subjectFeeds.map((feed) => feed.path);
    assert.deepEqual(feedsOf({}, "listings"), ["/tags/harbour/rss.xml", "/authors/jane-doe/rss.xml"]);
    assert.deepEqual(feedsOf({}, "articles"), []);
    for (const pages of ["listings", "articles"] as const) assert.deepEqual(feedsOf({ tagAndAuthorFeeds: false }, pages), [], pages);
  });

  test("writes the same site, file for file, as one build", async () => {
    const stories: Record<string, string> = {};
    for (const year of ["2023", "2024", "2025"]) {
      for (let i = 0; i < 9; i++) stories[`${year}/0${(i % 9) + 1}/story-${year}-${i}.md`] = article({ headline: `"Story ${i} of ${year}"`, date: `${year}-0${(i % 9) + 1}-10T10:00:00+05:00`, section: i % 2 ? "world" : "business" });
    }
    // Two stories a year apart whose derived short codes are the same, so the later takes a longer one,
    // and a link from one year's story to another's file: a shard reads the other years for both.
    stories["2024/05/old-story-28469.md"] = article({ headline: "Older", date: "2024-05-01T10:00:00+05:00", section: "world" });
    stories["2025/05/new-story-6564.md"] = article({ headline: "Newer", date: "2025-05-01T10:00:00+05:00", section: "world" }, "As [reported last year](../../2024/05/old-story-28469.md), the port reopened.");
    // A shard reads the other years' front matter alone (src/story-places.ts): front matter written every
    // way it may be, past the first 4 KB of its file, and stories that are not out, which number no search part.
    const crlf = article({ headline: "Written on Windows", date: "2023-08-10T10:00:00+05:00", section: "business", slug: "windows-story" }).replaceAll("\n", "\r\n");
    const files: Record<string, string | Buffer> = { ...stories, "2023/08/Windows Story.md": Buffer.from(`\uFEFF${crlf}`) };
    files["2023/09/long.md"] = article({ headline: "Long", date: "2023-09-10T10:00:00+05:00", shortUrl: "Long2023" }).replace("\n---\n", `\n# ${"x".repeat(6000)}\n---\n`);
    files["2024/06/draft.md"] = article({ headline: "Draft", date: "2024-06-10T10:00:00+05:00", draft: "true" });
    files["2024/07/scheduled.md"] = article({ headline: "Scheduled", date: "2026-06-10T10:00:00+05:00" });
    files["2025/06/links.md"] = article({ headline: "Links", date: "2025-06-10T10:00:00+05:00" }, "See [this](../../2023/09/long.md) and [that](../../2023/08/Windows%20Story.md).");
    // A small sitemap limit: the global job writes the sitemap's files by year, as one build does.
    const site = await makeFixtureSite(files, { perPage: 4, sitemapLimit: 20 });
    // Search indexes of 4 stories: each year's stories are in parts of their own, which its shard writes.
    const env = { NEWS_SEARCH_SHARD_SIZE: "4", NEWS_SEARCH_CACHE: path.join(site.dir, "search-cache") };
    try {
      const one = await buildFixture(site, ["--now", "2026-01-01T00:00:00Z"], env);
      assert.equal(one.code, 0, one.stderr);
      const newer = parseHTML(await readFile(path.join(site.outputDir, "world/new-story-6564/index.html"), "utf8")).document;
      const older = parseHTML(await readFile(path.join(site.outputDir, "world/old-story-28469/index.html"), "utf8")).document;
      const codeOf = (page: Document) => page.querySelector(".short-url a")!.getAttribute("href")!.split("/").pop()!;
      assert.equal(codeOf(newer), `${codeOf(older)}${codeOf(newer).slice(-1)}`, "the later story's code is the earlier's, lengthened");
      assert.ok([...newer.querySelectorAll("article a")].some((link) => link.getAttribute("href") === "/world/old-story-28469/"), "the link to the file is the story's address");
      const links = parseHTML(await readFile(path.join(site.outputDir, "world/links/index.html"), "utf8")).document;
      const hrefs = [...links.querySelectorAll("article a")].map((link) => link.getAttribute("href"));
      assert.ok(hrefs.includes("/world/long/") && hrefs.includes("/business/windows-story/"), `links: ${hrefs}`);
      const shardedOutput = path.join(site.dir, "_sharded");
      // What a sharded build stopped half-way leaves: removed by the next.
      await mkdir(path.join(site.dir, `_sharded.shards-${endedPid()}`, "global"), { recursive: true });
      const sharded = await runCli("build-sharded", ["--articles", site.articlesDir, "--output", shardedOutput, "--settings", site.settingsFile, "--now", "2026-01-01T00:00:00Z", "--jobs", "2"], env);
      assert.equal(sharded.code, 0, sharded.stderr);
      assert.match(sharded.stdout, /job 2024: npm run build -- --pages articles/);
      const expected = await filesUnder(site.outputDir);
      const actual = await filesUnder(shardedOutput);
      assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
      for (const [file, text] of expected) assert.equal(actual.get(file), text, file);
      // Every one of the 27 article pages, and the listings beside them.
      assert.equal([...actual.keys()].filter((file) => /^(world|business)\/story-\d{4}-\d\/index\.html$/.test(file)).length, 27);
      assert.ok(actual.has("index.html") && actual.has("world/index.html") && actual.has("feed.xml"));
      assert.ok(["sitemap-pages.xml", "sitemap-2025.xml", "sitemap-2024.xml", "sitemap-2023.xml"].every((file) => actual.has(file)), "the sitemap's files, by year");
      const searchParts = [...actual.keys()].filter((file) => file.endsWith("pagefind-entry.json"));
      assert.ok(searchParts.length >= 7, `search parts: ${searchParts}`);
      // The jobs' folder is removed after the command, in the background, and so is the stopped build's.
      const workFolders = async () => (await readdir(site.dir)).filter((name) => name.startsWith("_sharded."));
      assert.ok(await eventually(async () => (await workFolders()).length === 0), `left: ${await workFolders()}`);
    } finally {
      await site.remove();
    }
  });

  test("each shard writes the search indexes of its own stories, and the global job none but an empty site's", async () => {
    const stories: Record<string, string> = {};
    for (let i = 0; i < 5; i++) stories[`2024/a-${i}.md`] = article({ headline: `"Spring ${i}"`, date: `2024-0${i + 1}-10T10:00:00+05:00` });
    for (let i = 0; i < 3; i++) stories[`2025/b-${i}.md`] = article({ headline: `"Autumn ${i}"`, date: `2025-0${i + 1}-10T10:00:00+05:00` });
    stories["2025/draft.md"] = article({ headline: "Draft", date: "2025-06-10T10:00:00+05:00", draft: "true" });
    const site = await makeFixtureSite(stories);
    const env = { NEWS_SEARCH_SHARD_SIZE: "2" };
    const now = ["--now", "2026-01-01T00:00:00Z"];
    // Each search part's folder → how many stories Pagefind holds in it.
    const partsIn = async (output: string) => {
      const parts = new Map<string, number>();
      for (const name of await readdir(output)) {
        if (!name.startsWith("pagefind")) continue;
        const entry = JSON.parse(await readFile(path.join(output, name, "pagefind-entry.json"), "utf8")) as { languages: Record<string, { page_count: number }> };
        parts.set(name, Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0));
      }
      return parts;
    };
    try {
      const whole = await buildFixture(site, now, env);
      assert.equal(whole.code, 0, whole.stderr);
      const wholeParts = await partsIn(site.outputDir);
      const job = async (name: string, args: string[]) => {
        const output = path.join(site.dir, name);
        const result = await buildFixture(site, [...now, ...args, "--output", output], env);
        assert.equal(result.code, 0, result.stderr);
        return { output, parts: await partsIn(output) };
      };
      const global = await job("global", ["--pages", "listings"]);
      assert.deepEqual([...global.parts.keys()], [], "the global job indexes no story");
      const searchPage = parseHTML(await readFile(path.join(global.output, "search/index.html"), "utf8")).document;
      const listed = searchPage.querySelector("[data-search-indexes]")!.getAttribute("data-search-indexes")!.split(" ");
      assert.deepEqual(listed.map((folder) => folder.replace(/\/$/, "")).sort(), [...wholeParts.keys()].sort(), "but its search page names every part");
      const shardParts = new Map<string, number>();
      for (const year of ["2024", "2025"]) {
        const shard = await job(`shard-${year}`, ["--pages", "articles", "--articles", path.join(site.articlesDir, year), "--archive", site.articlesDir]);
        assert.ok(shard.parts.size >= 2, `${year}: ${[...shard.parts.keys()]}`);
        for (const [folder, count] of shard.parts) {
          assert.ok(!shardParts.has(folder), `${folder} is written by one shard only`);
          shardParts.set(folder, count);
        }
      }
      assert.deepEqual(new Map([...shardParts].sort()), new Map([...wholeParts].sort()), "the shards' parts are the whole build's, each with its stories");
      assert.equal([...shardParts.values()].reduce((sum, count) => sum + count, 0), 8, "every published story, the draft left out");

      // With no story published, the global job writes the one empty index the search page loads, and a shard none.
      const empty = ["--now", "2020-01-01T00:00:00Z"];
      const emptyGlobal = await buildFixture(site, [...empty, "--pages", "listings", "--output", path.join(site.dir, "empty-global")], env);
      assert.equal(emptyGlobal.code, 0, emptyGlobal.stderr);
      assert.deepEqual([...(await partsIn(path.join(site.dir, "empty-global")))], [["pagefind", 0]]);
      const emptyShard = await buildFixture(site, [...empty, "--pages", "articles", "--articles", path.join(site.articlesDir, "2024"), "--archive", site.articlesDir, "--output", path.join(site.dir, "empty-shard")], env);
      assert.equal(emptyShard.code, 0, emptyShard.stderr);
      assert.deepEqual([...(await partsIn(path.join(site.dir, "empty-shard")))], []);
    } finally {
      await site.remove();
    }
  });

  test("refuses a shard that is not one top-level folder of its archive", async () => {
    const site = await makeFixtureSite({ "2024/05/a.md": article({ headline: "A" }), "2024/06/b.md": article({ headline: "B" }) });
    try {
      for (const articles of [path.join(site.articlesDir, "2024", "05"), site.articlesDir]) {
        const result = await buildFixture(site, ["--pages", "articles", "--articles", articles, "--archive", site.articlesDir]);
        assert.equal(result.code, 1);
        assert.match(result.stderr, /a shard is one top-level folder of its --archive/);
        assert.doesNotMatch(result.stderr, /\n\s+at /, "a message, not a stack");
      }
      const unknown = await buildFixture(site, ["--pages", "some"]);
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /--pages \(NEWS_PAGES\): expected all, articles or listings; found "some"/);
    } finally {
      await site.remove();
    }
  });

  test("a shard reads the rest of the archive afresh, keeping no cache of it, and follows a story there that moves", async () => {
    const site = await makeFixtureSite({
      "2024/older.md": article({ headline: "Older", date: "2024-05-01T10:00:00+05:00", section: "world" }),
      "2025/newer.md": article({ headline: "Newer", date: "2025-05-01T10:00:00+05:00", section: "world" }, "As [reported](../2024/older.md), the port reopened."),
    });
    try {
      const shard = async () => {
        const result = await buildFixture(site, ["--pages", "articles", "--articles", path.join(site.articlesDir, "2025"), "--archive", site.articlesDir, "--now", "2026-01-01T00:00:00Z"]);
        assert.equal(result.code, 0, result.stderr);
        const page = parseHTML(await readFile(path.join(site.outputDir, "world/newer/index.html"), "utf8")).document;
        return [...page.querySelectorAll("a")].find((link) => link.textContent === "reported")?.getAttribute("href");
      };
      assert.equal(await shard(), "/world/older/");
      const caches = await readdir(path.join(site.dir, "article-cache"));
      assert.equal(caches.filter((name) => name.endsWith(".v8")).length, 1, `the shard's own stories alone: the rest of the archive is read as places, afresh: ${caches}`);
      await writeFile(path.join(site.articlesDir, "2024/older.md"), article({ headline: "Older", date: "2024-05-01T10:00:00+05:00", section: "business" }));
      assert.equal(await shard(), "/business/older/");
    } finally {
      await site.remove();
    }
  });

  test("names an articles folder or archive that is not there, in a message", async () => {
    const site = await makeFixtureSite({ "2024/a.md": article({ headline: "A" }) });
    try {
      const missing = path.join(site.dir, "no-such-folder");
      const sharded = await runCli("build-sharded", ["--articles", missing, "--output", path.join(site.dir, "out"), "--settings", site.settingsFile]);
      const shard = await buildFixture(site, ["--pages", "articles", "--articles", path.join(site.articlesDir, "2024"), "--archive", missing]);
      for (const result of [sharded, shard]) {
        assert.equal(result.code, 1);
        assert.match(result.stderr, new RegExp(`There is no articles folder at ${missing.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: expected a folder of Markdown articles`));
        assert.doesNotMatch(result.stderr, /^\s+at /m, "a message, not a stack");
      }
    } finally {
      await site.remove();
    }
  });

  test("refuses loose articles at the top of the archive, which belong to no shard", async () => {
    const site = await makeFixtureSite({ "loose.md": article(), "2024/a.md": article({ headline: "A" }) });
    try {
      const result = await runCli("build-sharded", ["--articles", site.articlesDir, "--output", path.join(site.dir, "out"), "--settings", site.settingsFile]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /loose\.md: a sharded build takes articles in folders/);
    } finally {
      await site.remove();
    }
  });
});
