import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { dayOf, KEEP_UNUSED_DAYS, keepUsedVariants, markUsed, parseRecord, partialFileFor, PreviewUse, sweep, useImageCache, type UseRecord } from "../src/image-cache-pruning.ts";
import { holderIsRunning, lock, unlock } from "../src/lock-files.ts";
import { watchInProcess } from "./helpers/preview.ts";
import { article, buildFixture, filesUnder, makeFixtureSite, makeTempDir, removeTempDir, type FixtureSite } from "./helpers/site.ts";

describe("which variants the image cache forgets", () => {
  const today = 20_000;
  const record = (lastUsed: Record<string, number>): UseRecord => ({ swept: today - 1, lastUsed: new Map(Object.entries(lastUsed)) });

  test("a variant goes once no build has used it for a week, and not a day sooner", () => {
    const kept = record({ "old-400.avif": today - KEEP_UNUSED_DAYS, "older-400.avif": today - KEEP_UNUSED_DAYS - 1 });
    assert.deepEqual(sweep(kept, ["old-400.avif", "older-400.avif"], new Set(), today), ["older-400.avif"]);
    assert.deepEqual([...kept.lastUsed], [["old-400.avif", today - KEEP_UNUSED_DAYS]]);
    assert.equal(kept.swept, today);
  });

  test("never one this build uses, however old its record; one the record does not know counts as used today", () => {
    const kept = record({ "used-800.webp": today - 30 });
    assert.deepEqual(sweep(kept, ["used-800.webp", "unknown-on-white-1200.jpeg"], new Set(["used-800.webp"]), today), []);
    assert.deepEqual(new Map(kept.lastUsed), new Map([["used-800.webp", today], ["unknown-on-white-1200.jpeg", today]]));
  });

  test("files that are not variants are left alone, and variants gone from the folder leave the record", () => {
    const kept = record({ "deleted-400.avif": today - 1 });
    assert.deepEqual(sweep(kept, [".upkeep", "notes.txt", "x-400.avif.partial"], new Set(), today + 30), []);
    assert.equal(kept.lastUsed.size, 0);
  });

  test("a record added to at its end: a name's latest day counts, and a line a stopped process left unfinished is ended", () => {
    const written = "swept 5\nday 12\na-400.avif\nb-400.avif\nday 10\nb-400.avif\nc-4";
    const { lastUsed, swept } = parseRecord(`${written}\nday 13\nc-400.avif\n`);
    assert.equal(swept, 5);
    assert.deepEqual(lastUsed, new Map([["a-400.avif", 12], ["b-400.avif", 12], ["c-4", 10], ["c-400.avif", 13]]));
  });

  test("marking says whether the record changed", () => {
    const marks = record({ "a-400.avif": today });
    assert.equal(markUsed(marks, ["a-400.avif"], today), false);
    assert.equal(markUsed(marks, ["a-400.avif"], today + 1), true);
  });
});

/** A photograph stand-in: a gradient in the given tint, quick to encode. */
async function photo(file: string, tint: number): Promise<void> {
  const [width, height] = [900, 600];
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      [pixels[i], pixels[i + 1], pixels[i + 2]] = [Math.floor((x / width) * 255), Math.floor((y / height) * 255), tint];
    }
  }
  await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg().toFile(file);
}

/** The site's moment (the cache's days are the clock's: the record is aged by hand). */
const NOW = "2026-12-01T12:00:00Z";

/** The variants in a cache folder (its upkeep folder aside). */
async function variantsIn(cacheDir: string): Promise<Set<string>> {
  return new Set((await readdir(cacheDir)).filter((name) => !name.startsWith(".")));
}

/** Makes every use a cache's record holds `days` old, and its last sweep yesterday's: the cache's own clock, turned on. */
async function ageRecord(cacheDir: string, days: number): Promise<void> {
  const file = path.join(cacheDir, ".upkeep", "used");
  const today = dayOf(Date.now());
  const text = await readFile(file, "utf8");
  await writeFile(file, text.replace(/^swept \d+$/m, `swept ${today - 1}`).replace(/^day \d+$/gm, `day ${today - days}`));
}

describe("a lock that came with the cache", () => {
  // A CI job's fresh container numbers its processes as the last one did: a lock left by a build stopped
  // there names this very process, and a build that took it for another's waited on itself for ever.
  test("naming this process, which did not take it, holds nothing: the build registers, records and takes it", { timeout: 30_000 }, async () => {
    const dir = await makeTempDir();
    try {
      const lockFile = path.join(dir, ".upkeep", "lock");
      await mkdir(path.dirname(lockFile), { recursive: true });
      await writeFile(lockFile, String(process.pid));
      assert.equal(holderIsRunning(lockFile), false);
      await useImageCache(dir);
      await keepUsedVariants(dir, [path.join(dir, "abc-400.avif")], { prune: false });
      assert.match(await readFile(path.join(dir, ".upkeep", "used"), "utf8"), /^abc-400\.avif$/m);
      // One this process took is held, until let go.
      assert.equal(lock(lockFile), true);
      assert.equal(holderIsRunning(lockFile), true);
      unlock(lockFile);
      assert.equal(holderIsRunning(lockFile), false);
    } finally {
      await removeTempDir(dir);
    }
  });
});

describe("the image cache between builds", () => {
  let site: FixtureSite;
  let cacheDir: string;
  const env = () => ({ NEWS_IMAGE_CACHE: cacheDir });
  const recordFile = () => path.join(cacheDir, ".upkeep", "used");
  const variants = () => variantsIn(cacheDir);
  const age = (days: number) => ageRecord(cacheDir, days);
  const build = async () => {
    const result = await buildFixture(site, ["--now", NOW], env());
    assert.equal(result.code, 0, result.stderr);
  };

  before(async () => {
    site = await makeFixtureSite({ "harbour.md": article({ headline: "Harbour", slug: "harbour", image: "\n  src: lead.jpg\n  alt: Boats at the harbour wall" }) });
    cacheDir = path.join(site.dir, "image-cache");
    await photo(path.join(site.articlesDir, "lead.jpg"), 40);
  });
  after(() => site.remove());

  test("a replaced photograph's variants go once no build has used them for a week; the current ones stay, and the site is the same", async () => {
    await build();
    const first = await variants();
    assert.ok(first.size >= 9, [...first].join(", "));
    await photo(path.join(site.articlesDir, "lead.jpg"), 200);
    await build();
    const both = await variants();
    const current = new Set([...both].filter((name) => !first.has(name)));
    assert.ok(current.size >= 9, "the new photograph's variants were made");
    // Used by yesterday's build: kept.
    await age(1);
    await build();
    assert.deepEqual(await variants(), both);

    // Another process using the cache (a preview, a build) holds off the pruning however old the record.
    await age(KEEP_UNUSED_DAYS + 1);
    const users = path.join(cacheDir, ".upkeep", "users");
    await writeFile(path.join(users, String(process.pid)), String(process.pid));
    await build();
    assert.deepEqual(await variants(), both);
    await rm(path.join(users, String(process.pid)));

    await age(KEEP_UNUSED_DAYS + 1);
    await build();
    assert.deepEqual(await variants(), current, "the old photograph's variants are gone, the current ones kept");
    assert.match(parseRecordText(await readFile(recordFile(), "utf8")), new RegExp(`^swept ${dayOf(Date.now())}$`, "m"));

    // And the site is byte for byte the one a build from empty caches makes.
    const fresh = await makeTempDir("news-image-cache-fresh-");
    try {
      const from = { ...site, dir: fresh, outputDir: path.join(fresh, "_site") };
      await mkdir(path.join(fresh, "images"));
      const result = await buildFixture(from, ["--now", NOW], { NEWS_IMAGE_CACHE: path.join(fresh, "images") });
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(await binaryFilesUnder(site.outputDir), await binaryFilesUnder(from.outputDir));
    } finally {
      await removeTempDir(fresh);
    }
  });
});

describe("what a build killed while writing a variant left", () => {
  test("goes at the next sweep, and no variant with it", async () => {
    const dir = await makeTempDir();
    try {
      const variant = path.join(dir, "abc-400.avif");
      await writeFile(variant, "a whole variant");
      const partial = partialFileFor(variant);
      assert.ok(!partial.startsWith(variant), "a variant is written under a name of its own");
      await mkdir(path.dirname(partial), { recursive: true });
      await writeFile(partial, "half");
      await keepUsedVariants(dir, [variant], { prune: false });
      assert.equal(await readFile(partial, "utf8"), "half", "kept while the folder is not swept");
      await keepUsedVariants(dir, [variant], { prune: true, now: Date.now() + 24 * 60 * 60 * 1000 });
      assert.deepEqual(await readdir(path.dirname(partial)).catch(() => []), []);
      assert.deepEqual(await variantsIn(dir), new Set(["abc-400.avif"]));
    } finally {
      await removeTempDir(dir);
    }
  });
});

describe("the preview's record of use", () => {
  const DAY_MS = 24 * 60 * 60 * 1000;

  test("records each file once a day: the day's first publish writes the record whole, a later one adds what is new to its end, a save with nothing new neither reads nor writes it", async () => {
    const dir = await makeTempDir();
    try {
      const [a, b, c, d] = ["a", "b", "c", "d"].map((name) => path.join(dir, `${name}-400.avif`)) as [string, string, string, string];
      const recordFile = path.join(dir, ".upkeep", "used");
      const text = () => readFile(recordFile, "utf8");
      const lastUsed = async () => parseRecord(await text()).lastUsed;
      const use = new PreviewUse(dir);
      const now = Date.now();
      const today = dayOf(now);
      await use.record([a], () => [a, b], now);
      assert.deepEqual(await lastUsed(), new Map([["a-400.avif", today], ["b-400.avif", today]]), "the first publish records all it shows");
      const first = await text();

      await rm(recordFile);
      await use.record([a, b], () => [a, b], now + 1000);
      await assert.rejects(text(), "nothing new today: the record is not written");
      await writeFile(recordFile, first);

      await use.record([a, c], () => [a, b, c], now + 2000);
      assert.ok((await text()).startsWith(first), "a file new today is added at the record's end");
      assert.deepEqual(await lastUsed(), new Map(["a", "b", "c"].map((name) => [`${name}-400.avif`, today])));

      await use.record([], () => [a, b, c], now + DAY_MS);
      const nextDay = await text();
      assert.deepEqual(await lastUsed(), new Map(["a", "b", "c"].map((name) => [`${name}-400.avif`, today + 1])), "the next day's first publish records all it shows");
      assert.equal(nextDay.split("\n").filter((line) => line.endsWith(".avif")).length, 3, "written whole, each file once");

      // The record gone (deleted by hand): nothing to add to, so the next publish writes it whole.
      await rm(recordFile);
      await use.record([d], () => [a, b, c, d], now + DAY_MS + 1000);
      await assert.rejects(text());
      await use.record([], () => [a, b, c, d], now + DAY_MS + 2000);
      assert.deepEqual(await lastUsed(), new Map(["a", "b", "c", "d"].map((name) => [`${name}-400.avif`, today + 1])));
    } finally {
      await removeTempDir(dir);
    }
  });

  test("a draft's variants, which only the preview shows, stay while the preview shows them, however long since a build recorded them", { timeout: 240_000 }, async () => {
    const site = await makeFixtureSite(
      {
        "harbour.md": article({ headline: "Harbour", slug: "harbour", image: "\n  src: lead.jpg\n  alt: Boats at the harbour wall" }),
        "ferry.md": article({ headline: "Ferry", slug: "ferry", draft: "true", image: "\n  src: ferry.jpg\n  alt: The ferry at its berth" }),
      },
      { search: false },
    );
    const cacheDir = path.join(site.dir, "image-cache");
    const env = { NEWS_IMAGE_CACHE: cacheDir };
    const previewEnv = { ...env, NEWS_ARTICLES_DIR: site.articlesDir, NEWS_SETTINGS_FILE: site.settingsFile, NEWS_NOW: NOW };
    const preview = async () => {
      await watchInProcess(path.join(site.dir, "preview"), previewEnv, async () => undefined, { print: () => undefined });
      // As a stopped preview leaves it: no longer registered as using the cache.
      await rm(path.join(cacheDir, ".upkeep", "users", String(process.pid)), { force: true });
    };
    const build = async () => {
      const result = await buildFixture(site, ["--now", NOW], env);
      assert.equal(result.code, 0, result.stderr);
    };
    try {
      await photo(path.join(site.articlesDir, "lead.jpg"), 60);
      await photo(path.join(site.articlesDir, "ferry.jpg"), 160);
      await preview();
      const shown = await variantsIn(cacheDir);
      await build();
      const built = await readdir(path.join(site.outputDir, "img"));
      assert.ok(built.length >= 9 && built.length < shown.size, "the build shows the published story's pictures, not the draft's");
      // A week later, the draft still in the preview.
      await ageRecord(cacheDir, KEEP_UNUSED_DAYS + 1);
      await preview();
      await build();
      assert.match(await readFile(path.join(cacheDir, ".upkeep", "used"), "utf8"), new RegExp(`^swept ${dayOf(Date.now())}$`, "m"), "the build swept the folder");
      assert.deepEqual(await variantsIn(cacheDir), shown, "the draft's variants are kept");
    } finally {
      await site.remove();
    }
  });
});

/** The record's text, checked to be one parseRecord reads. */
function parseRecordText(text: string): string {
  assert.ok(parseRecord(text).lastUsed.size > 0, text);
  return text;
}

/** A digest of each file's bytes (filesUnder reads text, which would blur two different pictures' bytes). */
async function binaryFilesUnder(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of (await filesUnder(dir)).keys()) files.set(name, createHash("sha256").update(await readFile(path.join(dir, name))).digest("hex"));
  return files;
}
