import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { DateTime } from "luxon";
import settingsInput from "../site.config.ts";
import { spawn } from "node:child_process";
import path from "node:path";
import type { Article } from "../src/article.ts";
import { findArticleFiles, loadArticles } from "../src/article-loader.ts";
import { readArticlesInWorkers, THREADS_ENV, workerThreadCount } from "../src/article-workers.ts";
import { keptBody } from "../src/compact-html.ts";
import { ArticleValidationError } from "../src/problems.ts";
import { resolveSettings } from "../src/settings.ts";
import { article, makeFixtureSite, PROJECT_ROOT, type FixtureSite } from "./helpers/site.ts";

const settings = resolveSettings(settingsInput);
const now = DateTime.fromISO("2026-11-30T12:00:00Z");

/** Loads with the given number of threads (1 = this thread only). */
async function loadWith(threads: number, articlesDir: string): Promise<{ value?: unknown; error?: unknown }> {
  const previous = process.env[THREADS_ENV];
  process.env[THREADS_ENV] = String(threads);
  try {
    return { value: await loadArticles({ settings, articlesDir, publicDir: "public", now }) };
  } catch (error) {
    return { error };
  } finally {
    if (previous === undefined) delete process.env[THREADS_ENV];
    else process.env[THREADS_ENV] = previous;
  }
}

function manyArticles(count: number, extra = ""): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const day = String((i % 28) + 1).padStart(2, "0");
    files[`2025/${day}/story-${i}.md`] = article(
      { headline: `"Story ${i}: “quoted” & <b>not bold</b>"`, date: `2025-03-${day}T${String(i % 24).padStart(2, "0")}:00:00+05:00`, tags: "[Trade, Oil]", dateline: "KARACHI" },
      `Paragraph ${i} with a [link](https://example.com/${i}).\n\n## Cross-head ${i}\n\nMore text.${extra ? ` ${extra}${i}` : ""}`,
    );
  }
  return files;
}

describe("reading articles on several threads", () => {
  let good: FixtureSite;
  let bad: FixtureSite;

  before(async () => {
    good = await makeFixtureSite(manyArticles(150));
    bad = await makeFixtureSite({
      ...manyArticles(150),
      "2025/bad/no-headline.md": article({ headline: "" }),
      "2025/bad/typo.md": article({ headlne: "Typo" }),
      "2025/bad/broken-yaml.md": "---\nheadline: [unclosed\ndate: 2025-01-01T00:00:00Z\n---\n\nBody.\n",
      "2025/bad/story-3.md": article({ date: "2025-03-04T03:00:00+05:00" }),
    });
  });
  after(async () => {
    await good.remove();
    await bad.remove();
  });

  test("gives exactly the articles, in exactly the order, that one thread gives", async () => {
    const one = await loadWith(1, good.articlesDir);
    const three = await loadWith(3, good.articlesDir);
    assert.equal(one.error, undefined);
    assert.equal((one.value as unknown[]).length, 150);
    assert.deepEqual(three.value, one.value);
  });

  test("reports every problem in every file, with the same message, as one thread does", async () => {
    const one = await loadWith(1, bad.articlesDir);
    const three = await loadWith(3, bad.articlesDir);
    assert.ok(one.error instanceof ArticleValidationError);
    assert.ok(three.error instanceof ArticleValidationError);
    assert.equal(three.error.message, one.error.message);
    assert.deepEqual(three.error.problems, one.error.problems);
    // The YAML error, the missing headline, the typo, and story-3 twice at one address (its derived
    // short code is the same too, but a clash of derived codes is settled, not reported).
    assert.match(one.error.message, /^4 problems in 4 article files:/);
  });

  test("keeps the bodies as bytes when no file can be made for them", async () => {
    // A spool folder under a file cannot be made; the workers then send the bodies as before.
    const stories = await readArticlesInWorkers(await findArticleFiles(good.articlesDir), { settings, articlesDir: good.articlesDir, publicDir: "public" }, 2, {
      spoolDir: path.join(good.articlesDir, "2025", "01", "story-0.md", "spool"),
    });
    const articles = stories.flatMap((result) => ("article" in result ? [result.article] : []));
    assert.equal(articles.length, 150);
    assert.ok(articles.every((story) => keptBody(story).held));
    const one = (await loadWith(1, good.articlesDir)).value as Article[];
    const bySource = new Map(one.map((story) => [story.sourcePath, story.html]));
    assert.ok(articles.every((story) => story.html === bySource.get(story.sourcePath)));
  });

  test("a disk that fills while the bodies are written: those written are read back whole, the rest travel as bytes", async () => {
    // Bodies of about 8 KB, 75 a thread; each thread's body file may grow to 256 KB (ulimit -f), so
    // about 30 fit and the writes after them fail as they would on a full disk.
    const big = await makeFixtureSite(manyArticles(150, "Long paragraph. ".repeat(500)));
    try {
      const spoolDir = path.join(big.dir, "spool");
      const child = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const run = spawn("bash", ["-c", 'ulimit -f 256 && exec "$0" --import tsx test/helpers/read-with-spool.ts "$1" "$2"', process.execPath, big.articlesDir, spoolDir], { cwd: PROJECT_ROOT });
        let stdout = "";
        let stderr = "";
        run.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        run.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        run.on("close", (code) => resolve({ code, stdout, stderr }));
      });
      assert.equal(child.code, 0, child.stderr);
      const read = JSON.parse(child.stdout) as { source: string; held: boolean; html: string }[];
      assert.equal(read.length, 150);
      const inFile = read.filter((story) => !story.held).length;
      assert.ok(inFile > 0 && inFile < 150, `some bodies in the file, the rest in memory (${inFile} in the file)`);
      const one = (await loadWith(1, big.articlesDir)).value as Article[];
      const bySource = new Map(one.map((story) => [story.sourcePath, story.html]));
      for (const story of read) assert.equal(story.html, bySource.get(story.source), story.source);
    } finally {
      await big.remove();
    }
  });

  test("uses threads only for archives large enough to repay starting them", () => {
    assert.equal(workerThreadCount(10, {}), 1);
    assert.ok(workerThreadCount(10_000, {}) >= 1);
    assert.equal(workerThreadCount(10, { [THREADS_ENV]: "4" }), 4);
  });
});
