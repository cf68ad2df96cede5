import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { DateTime } from "luxon";
import settingsInput from "../site.config.ts";
import type { Article } from "../src/article.ts";
import { ArticleReadCache, fileStamp, reportedFiles } from "../src/article-cache.ts";
import { findArticleFiles, loadArticles } from "../src/article-loader.ts";
import { resolveSettings } from "../src/settings.ts";
import { article, makeFixtureSite, makeTempDir } from "./helpers/site.ts";

const settings = resolveSettings(settingsInput);
const now = DateTime.fromISO("2026-11-30T12:00:00Z");

describe("the preview's read cache", () => {
  describe("with the watcher's reports", () => {
    const story = (headline: string, day: number) => article({ headline, date: `2026-01-0${day}T10:00:00+05:00` });
    /** A fixture archive and a read cache counting the files it stamps. */
    const watched = async () => {
      const site = await makeFixtureSite({ "2026/a.md": story("Alpha", 1), "2026/b.md": story("Bravo", 2), "2025/c.md": story("Charlie", 3) });
      const stamped: string[] = [];
      const cache = new ArticleReadCache((file) => (stamped.push(path.basename(file)), fileStamp(file)));
      const load = async () => {
        stamped.length = 0;
        return loadArticles({ settings, articlesDir: site.articlesDir, publicDir: "public", now, cache });
      };
      // As Eleventy names a changed file: relative to the folder it watches from, with a leading "./".
      const named = (name: string) => `./${path.relative(process.cwd(), path.join(site.articlesDir, name))}`;
      return { site, cache, stamped, load, named, file: (name: string) => path.join(site.articlesDir, name) };
    };
    const withWatched = async (check: (fixture: Awaited<ReturnType<typeof watched>>) => Promise<void>) => {
      const fixture = await watched();
      try {
        await check(fixture);
      } finally {
        await fixture.site.remove();
      }
    };
    const headlines = (articles: Article[]) => articles.map((a) => a.headline).sort();

    test("once the watcher has watched a read, only the files it reports are stamped and read again", async () => {
      await withWatched(async ({ cache, stamped, load, named, file }) => {
        await load(); // the first build, before the watcher starts
        cache.watcherReported([]);
        const watchedRead = await load();
        await writeFile(file("2026/a.md"), story("Alpha, corrected", 1));
        cache.watcherReported([named("2026/a.md"), "./templates/article.njk"]);
        const afterSave = await load();
        assert.deepEqual(stamped, ["a.md"]);
        assert.deepEqual(headlines(afterSave), ["Alpha, corrected", "Bravo", "Charlie"]);
        assert.equal(afterSave.find((a) => a.slug === "b"), watchedRead.find((a) => a.slug === "b"), "the unreported file was not read again");
        // Saves reported to rebuilds that ended before reading (a failed one) are still read by the next.
        await writeFile(file("2026/b.md"), story("Bravo, corrected", 2));
        cache.watcherReported([named("2026/b.md")]);
        await writeFile(file("2025/c.md"), story("Charlie, corrected", 3));
        cache.watcherReported([named("2025/c.md")]);
        assert.deepEqual(headlines(await load()), ["Alpha, corrected", "Bravo, corrected", "Charlie, corrected"]);
        assert.deepEqual(stamped.sort(), ["b.md", "c.md"]);
      });
    });

    test("a save or a deletion of listed stories takes the last listing again (less the deleted); a story added or renamed, or another file, lists the archive afresh", async () => {
      await withWatched(async ({ cache, load, named, file }) => {
        let listings = 0;
        const listing = cache.listing.bind(cache);
        cache.listing = (list) => listing(async () => (listings++, list()));
        const sources = async () => (await load()).map((a) => `${path.basename(a.sourcePath)} ${a.headline}`).sort();
        await load(); // the first build
        cache.watcherReported([]);
        await load();
        assert.equal(listings, 2);
        await writeFile(file("2026/a.md"), story("Alpha, corrected", 1));
        cache.watcherReported([named("2026/a.md")]);
        assert.deepEqual(await sources(), ["a.md Alpha, corrected", "b.md Bravo", "c.md Charlie"]);
        assert.equal(listings, 2, "an edit's load lists nothing");
        await writeFile(file("2026/d.md"), story("Delta", 4));
        cache.watcherReported([named("2026/d.md")]);
        assert.deepEqual(await sources(), ["a.md Alpha, corrected", "b.md Bravo", "c.md Charlie", "d.md Delta"]);
        assert.equal(listings, 3, "a new story lists the archive again");
        await rm(file("2026/b.md"));
        cache.watcherReported([named("2026/b.md")]);
        assert.deepEqual(await sources(), ["a.md Alpha, corrected", "c.md Charlie", "d.md Delta"]);
        assert.equal(listings, 3, "a deletion's load lists nothing");
        // An editor's save by rename: the story deleted and written again before the load, one report or two.
        await rm(file("2026/a.md"));
        await writeFile(file("2026/a.md"), story("Alpha, saved by rename", 1));
        cache.watcherReported([named("2026/a.md"), named("2026/a.md")]);
        assert.deepEqual(await sources(), ["a.md Alpha, saved by rename", "c.md Charlie", "d.md Delta"]);
        assert.equal(listings, 3);
        await rename(file("2025/c.md"), file("2025/e.md"));
        cache.watcherReported([named("2025/c.md"), named("2025/e.md")]);
        assert.deepEqual(await sources(), ["a.md Alpha, saved by rename", "d.md Delta", "e.md Charlie"]);
        assert.equal(listings, 4, "a renamed story lists the archive again");
        // A story saved with another file beside it: an image here, but it might be one named like a story (src/stray-stories.ts).
        await writeFile(file("2026/d.md"), story("Delta, corrected", 4));
        cache.watcherReported([named("2026/d.md"), named("2026/photo.jpg")]);
        assert.deepEqual(await sources(), ["a.md Alpha, saved by rename", "d.md Delta, corrected", "e.md Charlie"]);
        assert.equal(listings, 5, "a file that is not a story lists the archive again");
        await writeFile(file("2025/e.md"), story("Echo", 3));
        cache.watcherReported([named("2025/e.md")]);
        assert.deepEqual(await sources(), ["a.md Alpha, saved by rename", "d.md Delta, corrected", "e.md Echo"]);
        // The deleted story written again, after a load without it: a story added, which the last listing lacks.
        await writeFile(file("2026/b.md"), story("Bravo, back", 2));
        cache.watcherReported([named("2026/b.md")]);
        assert.deepEqual(await sources(), ["a.md Alpha, saved by rename", "b.md Bravo, back", "d.md Delta, corrected", "e.md Echo"]);
        assert.equal(listings, 6);
      });
    });

    test("the first rebuild stamps every file: a save made during the first build, before the watcher started, is read", async () => {
      await withWatched(async ({ cache, stamped, load, named, file }) => {
        await load();
        await writeFile(file("2026/b.md"), story("Bravo, saved during the first build", 2));
        await writeFile(file("2026/a.md"), story("Alpha, corrected", 1));
        cache.watcherReported([named("2026/a.md")]);
        assert.deepEqual(headlines(await load()), ["Alpha, corrected", "Bravo, saved during the first build", "Charlie"]);
        assert.equal(stamped.length, 3);
      });
    });

    test("a deleted file's report is placed by what was remembered of it; one it cannot place means stamping every file", async () => {
      await withWatched(async ({ cache, stamped, load, named, file }) => {
        await load();
        cache.watcherReported([]);
        await load();
        await rm(file("2025/c.md"));
        cache.watcherReported([named("2025/c.md")]);
        assert.deepEqual(headlines(await load()), ["Alpha", "Bravo"]);
        assert.deepEqual(stamped, []);
        // Forgotten once gone: a second report of it cannot be placed.
        cache.watcherReported([named("2025/c.md")]);
        await load();
        assert.deepEqual(stamped.sort(), ["a.md", "b.md"]);
        cache.watcherReported(["./elsewhere/a.md"]);
        await load();
        assert.deepEqual(stamped.sort(), ["a.md", "b.md"]);
      });
    });
  });

  test("once the watcher has started, the saves made before it are found by their stamps, and its reports trusted from then on", async () => {
    const site = await makeFixtureSite({ "2026/a.md": article({ headline: "Alpha", date: "2026-01-01T10:00:00+05:00" }), "2025/c.md": article({ headline: "Charlie", date: "2026-01-03T10:00:00+05:00" }) });
    try {
      const stamped: string[] = [];
      const cache = new ArticleReadCache((file) => (stamped.push(path.basename(file)), fileStamp(file)));
      const load = () => loadArticles({ settings, articlesDir: site.articlesDir, publicDir: "public", now, cache });
      await load(); // the first build, before the watcher starts
      await writeFile(path.join(site.articlesDir, "2026/a.md"), article({ headline: "Alpha, corrected", date: "2026-01-01T10:00:00+05:00" }));
      await writeFile(path.join(site.articlesDir, "2026/d.md"), article({ headline: "Delta", date: "2026-01-04T10:00:00+05:00" }));
      await rm(path.join(site.articlesDir, "2025/c.md"));
      const found = cache.changedSinceRead(await findArticleFiles(site.articlesDir));
      assert.deepEqual(found.map((file) => path.relative(site.articlesDir, file).split(path.sep).join("/")).sort(), ["2025/c.md", "2026/a.md", "2026/d.md"]);
      // npm start rebuilds for them, named relative to the project's folder as the watcher names files.
      cache.watcherReported(found.map((file) => path.relative(process.cwd(), file)));
      stamped.length = 0;
      assert.deepEqual((await load()).map((a) => a.headline).sort(), ["Alpha, corrected", "Delta"]);
      assert.deepEqual(stamped.sort(), ["a.md", "d.md"]);
    } finally {
      await site.remove();
    }
  });

  test("reportedFiles places the watcher's names by the listed file whose path ends with them", () => {
    const files = ["/tmp/site/articles/2026/a.md", "/tmp/site/articles/2025/a.md", "/tmp/site/articles/2026/b.md"].map((file) => file.split("/").join(path.sep));
    // Named from the project's folder, from a parent of it (the articles outside the project), or with "../".
    assert.deepEqual([...reportedFiles(["./articles/2026/a.md", "./tmp/site/articles/2026/b.md"], files)!], [files[0], files[2]]);
    assert.deepEqual([...reportedFiles(["../../site/articles/2025/a.md"], files)!], [files[1]]);
    assert.deepEqual([...reportedFiles([], files)!], []);
    assert.equal(reportedFiles(["./a.md"], files), undefined, "two listed files end with it");
    assert.equal(reportedFiles(["./articles/2026/c.md"], files), undefined, "no listed file ends with it");
    const withLongerName = [...files, ["", "tmp", "site", "articles", "2026", "xb.md"].join(path.sep)];
    assert.deepEqual([...reportedFiles(["./b.md"], withLongerName)!], [files[2]], "a path ends with a whole name, not part of one");
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
});

test("a file rewritten to the same length with its modification time put back has a new stamp", async () => {
  const dir = await makeTempDir("news-article-cache-");
  try {
    const file = path.join(dir, "a.md");
    await writeFile(file, "Alpha");
    // A whole second, so that putting it back restores it to the nanosecond.
    const time = 1_767_225_600;
    await utimes(file, time, time);
    const before = fileStamp(file);
    // The change time is kept to the kernel's clock tick, a few milliseconds on some file systems.
    await sleep(20);
    // As rsync -a --inplace or cp -p over the file leave it: other text, the same size, the old time.
    await writeFile(file, "Bravo");
    await utimes(file, time, time);
    assert.equal((await stat(file, { bigint: true })).mtimeNs, BigInt(time) * 1_000_000_000n);
    assert.notEqual(fileStamp(file), before);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
