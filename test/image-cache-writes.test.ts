import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdir, readFile, stat, truncate, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import sharp from "sharp";
import { processImage } from "../src/images.ts";
import { article, buildFixture, makeFixtureSite, makeTempDir, PROJECT_ROOT, removeTempDir, type FixtureSite } from "./helpers/site.ts";

/**
 * A photograph slow to decode: noise, as a PNG, which libvips cannot shrink as it reads. Each variant decodes
 * its source afresh, so each one's file stays open for a good part of a second before its bytes are written.
 */
async function slowPhoto(file: string, width: number, height: number): Promise<void> {
  const pixels = Buffer.alloc(width * height * 3);
  let seed = Math.floor(Math.random() * 2 ** 31) + 1;
  for (let i = 0; i < pixels.length; i++) {
    seed = (seed * 48271) % 2147483647;
    pixels[i] = seed & 255;
  }
  await sharp(pixels, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 1 }).toFile(file);
}

/** Every file under `dir` but the cache's registrations and lock, which say who uses it, not what it holds. */
async function cacheFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .filter((name) => !/^\.upkeep[/\\](users[/\\]|lock)/.test(name));
}

/** Whether sharp reads the whole picture (a truncated file fails to decode, or has no bytes to). */
async function decodes(file: string): Promise<boolean> {
  try {
    await sharp(file).raw().toBuffer();
    return true;
  } catch {
    return false;
  }
}

/** The width a variant's name gives (`…-800.avif`, `…-on-white-1200.jpeg`). */
function widthInName(name: string): number {
  return Number(/-(\d+)\.[a-z]+$/.exec(name)?.[1]);
}

describe("a build killed while it makes a picture's variants", { timeout: 240_000 }, () => {
  let site: FixtureSite;
  let cacheDir: string;
  const now = "2026-12-01T12:00:00Z";

  before(async () => {
    site = await makeFixtureSite({ "harbour.md": article({ headline: "Harbour", slug: "harbour", image: "\n  src: lead.png\n  alt: Boats at the harbour wall" }) }, { search: false });
    cacheDir = path.join(site.dir, "image-cache");
    await slowPhoto(path.join(site.articlesDir, "lead.png"), 3000, 2000);
  });
  after(() => site.remove());

  test("leaves nothing the next build takes for a variant: it publishes whole pictures of the named widths, and says nothing of it", async () => {
    // npm run build, as a terminal's Ctrl-C or the machine's out-of-memory killer ends it: at once, nothing run after.
    const build = spawn(
      process.execPath,
      ["--import", "tsx", path.join(PROJECT_ROOT, "src/cli/build.ts"), "--articles", site.articlesDir, "--output", site.outputDir, "--settings", site.settingsFile, "--quiet", "--now", now],
      {
        cwd: PROJECT_ROOT,
        detached: true,
        stdio: "ignore",
        env: { ...process.env, NO_COLOR: "1", NEWS_IMAGE_CACHE: cacheDir, NEWS_ARTICLE_CACHE: path.join(site.dir, "article-cache"), NEWS_PAGE_CACHE: path.join(site.dir, "page-cache") },
      },
    );
    const ended = new Promise<string | null>((resolve) => build.on("exit", (_code, signal) => resolve(signal)));
    let exited = false;
    void ended.then(() => (exited = true));
    // Killed as soon as the first variant's file is there: it is then being encoded.
    while (!exited && (await cacheFiles(cacheDir)).length === 0) await delay(5);
    assert.equal(exited, false, "the build was still running when its first variant's file appeared");
    process.kill(-build.pid!, "SIGKILL");
    assert.equal(await ended, "SIGKILL");
    const left = await cacheFiles(cacheDir);
    const halfMade: string[] = [];
    for (const name of left) if (!(await decodes(path.join(cacheDir, name)))) halfMade.push(name);
    assert.ok(halfMade.length > 0, `the kill came while a variant was being written (left: ${left.join(", ")})`);
    assert.deepEqual(
      halfMade.filter((name) => !name.startsWith(`.upkeep${path.sep}`)),
      [],
      "what was being written is under a name of its own, not a variant's",
    );

    const rebuilt = await buildFixture(site, ["--now", now], { NEWS_IMAGE_CACHE: cacheDir });
    assert.equal(rebuilt.code, 0, rebuilt.stderr);
    assert.equal(rebuilt.stderr, "", "nothing is said of the variants made again");
    const published = (await readdir(path.join(site.outputDir, "img"))).sort();
    assert.ok(published.length >= 9, published.join(", "));
    for (const name of published) {
      const file = path.join(site.outputDir, "img", name);
      assert.ok(await decodes(file), `${name} (${(await stat(file)).size} bytes) is a whole picture`);
      assert.equal((await sharp(file).metadata()).width, widthInName(name), `${name} is as wide as its name says`);
    }
  });
});

describe("a variant left empty in the cache (by a build stopped before variants were written whole)", () => {
  let dir: string;
  before(async () => {
    dir = await makeTempDir("news-image-writes-");
  });
  after(() => removeTempDir(dir));

  test("is made again, a photograph's and a drawing's alike, and nothing else is", async () => {
    const cacheDir = path.join(dir, "cache");
    const photo = path.join(dir, "photo.png");
    await sharp({ create: { width: 900, height: 600, channels: 3, background: { r: 30, g: 90, b: 160 } } }).png().toFile(photo);
    const drawing = path.join(dir, "drawing.svg");
    await writeFile(drawing, `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="48"><rect width="64" height="48" fill="#2a6"/></svg>`);

    const made = [...(await processImage(photo, { cacheDir })).files.values()];
    const drawn = [...(await processImage(drawing, { cacheDir })).files.values()];
    const emptied = [made.find((file) => file.endsWith(".avif"))!, made.find((file) => file.endsWith(".jpeg"))!, drawn.find((file) => file.endsWith(".svg"))!];
    for (const file of emptied) await truncate(file, 0);
    const untouched = made.filter((file) => !emptied.includes(file));
    const before = new Map(await Promise.all(untouched.map(async (file) => [file, (await stat(file)).mtimeMs] as const)));
    // A new process asks eleventy-img again; here, a touched source does.
    const later = new Date(Date.now() + 1000);
    for (const file of [photo, drawing]) await utimes(file, later, later);

    assert.deepEqual([...(await processImage(photo, { cacheDir })).files.values()], made);
    assert.deepEqual([...(await processImage(drawing, { cacheDir })).files.values()], drawn);
    for (const file of emptied.filter((file) => !file.endsWith(".svg"))) assert.ok(await decodes(file), `${path.basename(file)} is made again`);
    assert.equal(await readFile(emptied[2]!, "utf8"), await readFile(drawing, "utf8"), "the drawing's variant is the drawing again");
    for (const [file, mtimeMs] of before) assert.equal((await stat(file)).mtimeMs, mtimeMs, `${path.basename(file)}, whole, is not made again`);
  });
});
