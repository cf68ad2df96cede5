import { describe, test } from "node:test";
import { existsSync } from "node:fs";
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import matter from "gray-matter";
import { DateTime } from "luxon";
import siteConfig from "../site.config.ts";
import { correctNewestStory, DEFAULT_SEED, isComplete, LEAD_IMAGE, withLeadImages } from "../bench/corpus.ts";
import { BODY_PHOTO_EVERY, PHOTO_WIDTH, replaceNewestPhotograph, withPhotos } from "../bench/photos.ts";
import sharp from "sharp";
import { loadArticles } from "../src/article-loader.ts";
import { resolveSettings } from "../src/settings.ts";
import { folderCreationMs } from "../bench/measure.ts";
import { median, pairedRatio } from "../bench/stats.ts";
import { hugoBuild, hugoWithSearch, writeHugoSite } from "../bench/peers.ts";
import { makeTempDir, PROJECT_ROOT, readPage } from "./helpers/site.ts";

const run = promisify(execFile);

describe("the benchmark", () => {
  test("summarises runs by medians and per-run ratios", () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(pairedRatio([2, 9, 4], [1, 3, 4]), 2);
  });

  test("a correction goes to the newest story of the last month; meanwhile another bench refuses the corpus; undone, it is as made", async () => {
    const corpus = await makeTempDir("news-bench-corpus-");
    try {
      const story = (date: string) => `---\nheadline: "A story"\ndate: ${date}\n---\n\nThe text.\n`;
      const files: Record<string, string> = {
        "2023/12/old.md": story("2023-12-31T23:00:00+00:00"),
        "2024/01/early.md": story("2024-01-02T10:00:00+05:00"),
        "2024/01/a-draft-without-a-date.md": `---\nheadline: "No date yet"\n---\n\nThe text.\n`,
        "2024/01/later-on-its-clock.md": story("2024-01-20T08:00:00+05:00"),
        "2024/01/newest.md": story("2024-01-20T07:00:00+00:00"),
      };
      for (const [file, text] of Object.entries(files)) {
        await mkdir(path.dirname(path.join(corpus, file)), { recursive: true });
        await writeFile(path.join(corpus, file), text);
      }
      await writeFile(path.join(corpus, ".complete"), "stamp\n");
      const correction = await correctNewestStory(corpus);
      // 08:00 at +05:00 is 03:00 UTC, earlier than 07:00 UTC.
      assert.equal(path.relative(corpus, correction.file), path.join("2024", "01", "newest.md"));
      assert.match(await readFile(correction.file, "utf8"), /The text\.\n\nCorrection: .+\n$/);
      // Another bench given the same folder neither measures the altered corpus nor takes it for an unfinished one to delete.
      await assert.rejects(isComplete(corpus), (error: Error) => error.message.includes(`being altered by the bench in process ${process.pid}`) && error.message.includes("--corpora"));
      assert.equal(await readFile(path.join(corpus, ".complete"), "utf8"), "stamp\n", "the corpus keeps its stamp");
      await correction.undo();
      for (const [file, text] of Object.entries(files)) assert.equal(await readFile(path.join(corpus, file), "utf8"), text, file);
      assert.equal(await isComplete(corpus), true);
      assert.deepEqual((await readdir(corpus)).sort(), [".complete", "2023", "2024"], "nothing of the correction is left");
    } finally {
      await rm(corpus, { recursive: true, force: true });
    }
  });

  test("a corpus a stopped bench left corrected is put back by the next bench, not made afresh", async () => {
    const corpus = await makeTempDir("news-bench-corpus-");
    try {
      const text = `---\nheadline: "A story"\ndate: 2024-01-20T07:00:00+00:00\n---\n\nThe text.\n`;
      await mkdir(path.join(corpus, "2024/01"), { recursive: true });
      await writeFile(path.join(corpus, "2024/01/newest.md"), text);
      await writeFile(path.join(corpus, ".complete"), "stamp\n");
      // A bench in a process of its own that corrects the story and ends without its undo, as one stopped with Ctrl-C does.
      const corrector = `import { correctNewestStory } from ${JSON.stringify(path.join(PROJECT_ROOT, "bench/corpus.ts"))}; await correctNewestStory(${JSON.stringify(corpus)});`;
      await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", corrector], { cwd: PROJECT_ROOT });
      assert.match(await readFile(path.join(corpus, "2024/01/newest.md"), "utf8"), /Correction: /);
      assert.equal(await isComplete(corpus), true);
      assert.equal(await readFile(path.join(corpus, "2024/01/newest.md"), "utf8"), text);
      assert.deepEqual((await readdir(corpus)).sort(), [".complete", "2024"]);
    } finally {
      await rm(corpus, { recursive: true, force: true });
    }
  });

  test("--lead-images gives every story of a corpus a lead image the build finds, beside the corpus, changing nothing else", async () => {
    const dir = await makeTempDir("news-bench-images-");
    try {
      const corpus = path.join(dir, "corpus-2-1");
      const stories = {
        "2024/01/first.md": `---\nheadline: "First story"\ndate: 2024-01-02T10:00:00+05:00\nsection: world\n---\n\nThe first text.\n`,
        "2024/02/second.md": `---\nheadline: "Second story"\ndate: 2024-02-02T10:00:00+05:00\ntags: [Karachi]\n---\n\nThe second text, with a rule:\n\n---\n\nAnd more.\n`,
      };
      for (const [file, text] of Object.entries(stories)) {
        await mkdir(path.dirname(path.join(corpus, file)), { recursive: true });
        await writeFile(path.join(corpus, file), text);
      }
      await writeFile(path.join(corpus, ".complete"), "stamp\n");
      const pictured = await withLeadImages(corpus);
      assert.equal(pictured, `${corpus}-lead-images`);
      assert.ok(existsSync(path.join(pictured, ".complete")));
      for (const [file, text] of Object.entries(stories)) {
        assert.equal(await readFile(path.join(corpus, file), "utf8"), text, "the generated corpus is left as it was");
        const withImage = matter(await readFile(path.join(pictured, file), "utf8"));
        const original = matter(text);
        assert.equal(withImage.content, original.content, "the body is unchanged");
        const { image, ...rest } = withImage.data as { image: Record<string, string> };
        assert.deepEqual(rest, original.data, "the other fields are unchanged");
        assert.equal(image.src, LEAD_IMAGE);
        assert.ok(image.alt && image.caption && image.credit);
      }
      const articles = await loadArticles({ settings: resolveSettings(siteConfig), articlesDir: pictured, publicDir: path.join(PROJECT_ROOT, "public"), now: DateTime.fromISO("2026-01-01T00:00:00Z") });
      assert.deepEqual(articles.map((story) => story.image?.file), [path.join(PROJECT_ROOT, "public", LEAD_IMAGE)].flatMap((file) => [file, file]));
      // Made once: the next bench reuses it.
      const stamp = (await readFile(path.join(pictured, ".complete"), "utf8"));
      await writeFile(path.join(pictured, ".complete"), `${stamp}kept\n`);
      assert.equal(await withLeadImages(corpus), pictured);
      assert.match(await readFile(path.join(pictured, ".complete"), "utf8"), /kept\n$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("--photos gives every story a photograph of its own beside it, one in four a second in its body, and new-photo replaces the newest's with another of its size", async () => {
    const dir = await makeTempDir("news-bench-photos-");
    try {
      const corpus = path.join(dir, "corpus-4-1");
      const names = ["2024/01/a.md", "2024/01/b.md", "2024/02/c.md", "2024/02/d.md"];
      for (const [index, file] of names.entries()) {
        await mkdir(path.dirname(path.join(corpus, file)), { recursive: true });
        await writeFile(path.join(corpus, file), `---\nheadline: "Story ${index}"\ndate: 2024-0${index < 2 ? 1 : 2}-0${index + 1}T10:00:00+05:00\n---\n\nFirst paragraph.\n\nSecond paragraph.\n`);
      }
      await writeFile(path.join(corpus, ".complete"), "stamp\n");
      const pictured = await withPhotos(corpus);
      assert.equal(pictured, `${corpus}-photos`);
      const articles = await loadArticles({ settings: resolveSettings(siteConfig), articlesDir: pictured, publicDir: path.join(PROJECT_ROOT, "public"), now: DateTime.fromISO("2026-01-01T00:00:00Z") });
      assert.equal(new Set(articles.map((story) => story.image?.file)).size, names.length, "a photograph each");
      for (const story of articles) {
        assert.ok(story.image?.caption && story.image.credit && story.image.alt);
        assert.equal((await sharp(story.image.file).metadata()).width, PHOTO_WIDTH);
      }
      const bodies = await Promise.all(names.map((file) => readFile(path.join(pictured, file), "utf8")));
      const withBodyPhoto = bodies.filter((text) => /First paragraph\.\n\n!\[[^\]]+\]\([^)]+-2\.jpg\)\n\nSecond paragraph/.test(text));
      assert.equal(withBodyPhoto.length, names.length / BODY_PHOTO_EVERY);

      const newest = path.join(pictured, "2024/02/d.jpg");
      const before = await readFile(newest);
      const replaced = await replaceNewestPhotograph(pictured);
      assert.equal(replaced.file, newest);
      const after = await readFile(newest);
      assert.equal(after.length, before.length, "the same size");
      assert.ok(!after.equals(before), "another photograph");
      await assert.rejects(withPhotos(corpus), /being altered by the bench/, "another bench refuses the corpus meanwhile");
      await replaced.undo();
      assert.ok((await readFile(newest)).equals(before));
      assert.equal(await withPhotos(corpus), pictured, "the photographed corpus is reused as it was");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  // The corpus generator lives beside the project (../shared), not in it: without it there is nothing to run.
  const generator = path.join(PROJECT_ROOT, "../shared/bench/make-corpus.mjs");
  test("times making 2,000 folders where the bench builds, and leaves none behind", async () => {
    const dir = await makeTempDir("news-bench-folders-");
    try {
      const ms = await folderCreationMs(dir);
      assert.ok(ms > 0 && Number.isFinite(ms));
      assert.deepEqual(await readdir(dir), []);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("npm run bench builds our site (cold, again with its caches, after a correction, and cold without search) and the two Eleventy peers on one corpus and writes JSON", { skip: !existsSync(generator) && `needs ${generator}` }, async () => {
    const dir = await makeTempDir("news-bench-test-");
    const json = path.join(dir, "results.json");
    try {
      const { stdout } = await run(
        path.join(PROJECT_ROOT, "node_modules/.bin/tsx"),
        ["bench/run.ts", "--sizes", "25", "--runs", "2", "--only", "ours,rebuild,correction,no-search,bare,data-driven", "--corpora", dir, "--json", json],
        { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024 },
      );
      assert.match(stdout, /articles\s+builder\s+wall s/);
      const results = JSON.parse(await readFile(json, "utf8")) as {
        machine: { folderCreationMs?: number };
        results: { articles: number; samples: Record<string, { pages: number; wallSeconds: number; peakTreeRssMiB: number }[]> }[];
      };
      assert.ok(typeof results.machine.folderCreationMs === "number" && results.machine.folderCreationMs >= 0, "the disk's speed at making folders is recorded");
      const [size] = results.results;
      assert.equal(size?.articles, 25);
      // Two paired runs each; every article a page in both.
      assert.equal(size?.samples.ours?.length, 2);
      assert.equal(size?.samples.bare?.length, 2);
      assert.deepEqual(
        size?.samples.rebuild?.map((sample) => sample.pages),
        size?.samples.ours?.map((sample) => sample.pages),
        "the rebuild writes the same site",
      );
      assert.deepEqual(
        size?.samples.correction?.map((sample) => sample.pages),
        size?.samples.ours?.map((sample) => sample.pages),
        "the build after a correction writes the same pages",
      );
      assert.deepEqual(
        size?.samples["no-search"]?.map((sample) => sample.pages),
        size?.samples.ours?.map((sample) => sample.pages - 1),
        "without search, the same site but its search page",
      );
      // The corpus is left as the generator wrote it, and still marked complete.
      const corpus = path.join(dir, `corpus-25-${DEFAULT_SEED}`);
      assert.ok(existsSync(path.join(corpus, ".complete")));
      for (const file of await readdir(corpus, { recursive: true })) {
        if (file.endsWith(".md")) assert.doesNotMatch(await readFile(path.join(corpus, file), "utf8"), /Correction:/, file);
      }
      // Ours also writes section, tag, author, short-link and search pages: more than one page an article.
      for (const sample of size!.samples.ours!) assert.ok(sample.pages > 27, `ours wrote ${sample.pages} pages`);
      for (const sample of size!.samples.bare!) assert.equal(sample.pages, 25);
      for (const sample of size!.samples["data-driven"]!) assert.equal(sample.pages, 25, "the data-driven peer writes the article pages alone");
      assert.ok(size!.samples.ours!.every((sample) => sample.wallSeconds > 0 && sample.peakTreeRssMiB > 20));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("the Hugo peer with search: Pagefind's command indexes every story's page and no listing", { skip: !hugoInstalled() && process.env.CI !== "true" && "needs hugo (apt-get install -y hugo; in CI, where .ci/run installs it, this fails instead)" }, async () => {
    const dir = await makeTempDir("news-bench-hugo-");
    try {
      const corpus = path.join(dir, "corpus");
      const story = (headline: string, date: string, section: string) =>
        `---\nheadline: "${headline}"\ndate: ${date}\nsection: ${section}\nbullets:\n  - "A summary of ${headline}"\ntags: [Harbour]\n---\n\nThe body of ${headline}.\n`;
      await mkdir(path.join(corpus, "2024"), { recursive: true });
      await writeFile(path.join(corpus, "2024", "one.md"), story("Ships return", "2024-01-02T10:00:00+05:00", "world"));
      await writeFile(path.join(corpus, "2024", "two.md"), story("Rain expected", "2024-01-03T10:00:00+05:00", "business"));
      await writeFile(path.join(corpus, "2024", "three.md"), story("Markets calm", "2024-01-04T10:00:00+05:00", "world"));
      const sections = siteConfig.sections.map((section) => section.slug);

      const plain = path.join(dir, "plain");
      await writeHugoSite(plain, corpus, sections);
      const plainBuild = hugoBuild(plain, path.join(plain, "out"));
      execFileSync(plainBuild.command, plainBuild.args, { cwd: plainBuild.cwd });
      assert.ok(!existsSync(path.join(plain, "out", "pagefind")), "the plain Hugo site has no search index");

      const searched = path.join(dir, "searched");
      await writeHugoSite(searched, corpus, sections, { search: true });
      const build = hugoWithSearch(searched, path.join(searched, "out"), path.join(PROJECT_ROOT, "node_modules/.bin/pagefind"));
      execFileSync(build.command, build.args, { cwd: build.cwd });
      const entry = JSON.parse(await readFile(path.join(searched, "out", "pagefind", "pagefind-entry.json"), "utf8")) as { languages: Record<string, { page_count: number }> };
      assert.deepEqual(Object.values(entry.languages).map((language) => language.page_count), [3], "the three stories, and none of the listings, are indexed");
      const page = await readPage(path.join(searched, "out"), "/2024/one/");
      assert.equal(page.querySelectorAll("article[data-pagefind-body]").length, 1, "the story is what is indexed on its page");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

function hugoInstalled(): boolean {
  try {
    execFileSync("hugo", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
