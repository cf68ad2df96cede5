import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readdir, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import type { UserConfig } from "@11ty/eleventy";
import { UnpublishedImages } from "../src/image-publishing.ts";
import { solidPng } from "./helpers/images.ts";
import { watchInProcess } from "./helpers/preview.ts";
import { article, buildFixture, makeFixtureSite, readPage } from "./helpers/site.ts";

describe("UnpublishedImages: the image changes no publish has made yet", () => {
  const files = (...urls: string[]) => new Map(urls.map((url) => [url, `/cache${url}`]));

  test("changes stay until published, and one noted meanwhile stays after", () => {
    const unpublished = new UnpublishedImages();
    unpublished.note([files("/img/a.jpeg", "/img/b.jpeg")], []);
    const failed = unpublished.pending();
    assert.deepEqual([...failed.put.keys()], ["/img/a.jpeg", "/img/b.jpeg"]);
    // That rebuild failed: the next load brings one more file and leaves one unused.
    unpublished.note([files("/img/c.jpeg")], ["/img/b.jpeg"]);
    const next = unpublished.pending();
    assert.deepEqual([...next.put.keys()], ["/img/a.jpeg", "/img/c.jpeg"]);
    assert.deepEqual(next.remove, ["/img/b.jpeg"]);
    unpublished.note([files("/img/d.jpeg")], ["/img/a.jpeg"]);
    next.published();
    const after = unpublished.pending();
    assert.deepEqual([...after.put.keys()], ["/img/d.jpeg"]);
    assert.deepEqual(after.remove, ["/img/a.jpeg"], "a change made after the publish began is still to make");
  });
});

/** Every /img/ and /media/ address a page names: its pictures' sources and its social card's. */
function imagesNamedIn(document: Document): string[] {
  const named = [...document.querySelectorAll("img[src], img[srcset], source[srcset], meta[property='og:image']")].flatMap((element) => [
    element.getAttribute("src") ?? "",
    ...(element.getAttribute("srcset") ?? "").split(",").map((candidate) => candidate.trim().split(/\s+/)[0] ?? ""),
    element.getAttribute("content") ?? "",
  ]);
  return [...new Set(named.map((address) => address.replace(/^https?:\/\/[^/]+(\/news)?/, "")).filter((address) => /^\/(img|media)\//.test(address)))];
}

describe("the preview publishes the images a save changed, and no others", { timeout: 180_000 }, () => {
  const lead = (headline: string, src: string, date: string) => article({ headline, date, image: `{ src: ${src}, alt: A picture }` });

  test("a save copies none of the other stories' files, and a failed rebuild's new pictures are published by the next", async () => {
    const site = await makeFixtureSite(
      {
        "keeper.png": solidPng(40, 30, [200, 40, 40]),
        "later.png": solidPng(40, 30, [40, 200, 40]),
        "keeper.md": lead("Keeper", "keeper.png", "2026-01-01T10:00:00+05:00"),
        "other.md": article({ headline: "Other", date: "2026-01-02T10:00:00+05:00" }),
      },
      { search: false },
    );
    const env = { NEWS_ARTICLES_DIR: site.articlesDir, NEWS_SETTINGS_FILE: site.settingsFile, NEWS_NOW: "2026-01-10T00:00:00Z", NEWS_INCLUDE_UNPUBLISHED: "true", NEWS_IMAGE_CACHE: path.join(site.dir, "image-cache") };
    const file = (name: string) => path.relative(process.cwd(), path.join(site.articlesDir, name));
    const { outputDir } = site;
    const published = (addresses: readonly string[]) => addresses.map((address) => path.join(outputDir, address));
    let failing = false;
    const config = (eleventyConfig: UserConfig) => {
      // A page that cannot be rendered: the rebuild fails after its stories were read.
      eleventyConfig.addTransform("fails-when-told", (content: string) => {
        if (failing) throw new Error("a rendering that fails");
        return content;
      });
    };
    try {
      await watchInProcess(
        outputDir,
        env,
        async (rebuildFor) => {
          // The watcher rebuilds for each file written too, and Eleventy's copy of public/ may trip over the other rebuild's:
          // a rebuild's error is left to the checks of the folder, made once both rebuilds are done.
          const save = async (name: string) => {
            await rebuildFor(file(name)).catch(() => undefined);
            await delay(500);
          };
          const keepers = published(imagesNamedIn(await readPage(outputDir, "/world/keeper/")));
          assert.ok(keepers.length > 2 && keepers.every((target) => existsSync(target)), "the first build publishes the story's files");
          const longAgo = new Date("2001-01-01T00:00:00Z");
          for (const target of keepers) await utimes(target, longAgo, longAgo);

          await writeFile(path.join(site.articlesDir, "other.md"), article({ headline: "Other, corrected", date: "2026-01-02T10:00:00+05:00" }));
          await save("other.md");
          for (const target of keepers) assert.equal((await stat(target)).mtimeMs, longAgo.getTime(), `${path.relative(outputDir, target)} is not copied again for another story's save`);

          failing = true;
          await writeFile(path.join(site.articlesDir, "later.md"), lead("Later", "later.png", "2026-01-03T10:00:00+05:00"));
          await save("later.md");
          failing = false;
          await writeFile(path.join(site.articlesDir, "other.md"), article({ headline: "Other, corrected again", date: "2026-01-02T10:00:00+05:00" }));
          await save("other.md");
          // The watcher reports the files written too, and may rebuild for them after this: the page, then its pictures, are waited for.
          const page = path.join(outputDir, "world/later/index.html");
          for (let waited = 0; !existsSync(page) && waited < 20_000; waited += 50) await delay(50);
          const laters = published(imagesNamedIn(await readPage(outputDir, "/world/later/")));
          assert.ok(laters.length > 2, "the story's page names its pictures");
          for (let waited = 0; !laters.every((target) => existsSync(target)) && waited < 10_000; waited += 50) await delay(50);
          assert.deepEqual(
            laters.filter((target) => !existsSync(target)),
            [],
            "the pictures a failed rebuild read are published by the next",
          );
        },
        { config, print: () => undefined },
      );
    } finally {
      await site.remove();
    }
  });
});

describe("npm run build publishes images", { timeout: 180_000 }, () => {
  test("the image cache's variants as links, a raw tag's file beside its story as a copy, and no JPEG of a body drawing", async () => {
    const drawing = `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30" viewBox="0 0 40 30"><rect width="40" height="30" fill="#2a6"/></svg>`;
    const site = await makeFixtureSite(
      {
        "photo.png": solidPng(40, 30, [200, 40, 40]),
        "chart.svg": drawing,
        "clip.png": solidPng(30, 30, [40, 40, 200]),
        "story.md": article(
          { headline: "Story", image: "{ src: photo.png, alt: A photograph }" },
          'The chart:\n\n![A chart](chart.svg)\n\n<img src="clip.png" alt="A clip" width="30">',
        ),
      },
      { search: false },
    );
    const imageCache = path.join(site.dir, "image-cache");
    try {
      const built = await buildFixture(site, ["--now", "2026-01-10T00:00:00Z"], { NEWS_IMAGE_CACHE: imageCache });
      assert.equal(built.code, 0, built.stderr);
      const page = await readPage(site.outputDir, "/world/story/");
      const named = imagesNamedIn(page);
      const onDisk = (await readdir(site.outputDir, { recursive: true, withFileTypes: true }))
        .filter((entry) => entry.isFile())
        .map((entry) => `/${path.relative(site.outputDir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/")}`)
        .filter((address) => /^\/(img|media)\//.test(address));
      assert.deepEqual(onDisk.sort(), named.sort(), "every file published is one the page names");
      const bodyDrawing = [...page.querySelectorAll(".story-body img, article img")].map((img) => img.getAttribute("src") ?? "").find((src) => src.endsWith(".svg"));
      assert.ok(bodyDrawing, "the body's drawing is shown as itself");

      const cached = new Map<string, number>();
      for (const entry of await readdir(imageCache)) cached.set(entry, (await stat(path.join(imageCache, entry))).ino);
      for (const address of onDisk.filter((address) => address.startsWith("/img/"))) {
        const { ino } = await stat(path.join(site.outputDir, address));
        assert.equal(ino, cached.get(path.posix.basename(address)), `${address} is the image cache's file, linked`);
      }
      const media = onDisk.filter((address) => address.startsWith("/media/"));
      assert.equal(media.length, 1, "the raw <img>'s file is published under /media/");
      assert.notEqual((await stat(path.join(site.outputDir, media[0]!))).ino, (await stat(path.join(site.articlesDir, "clip.png"))).ino, "a file beside a story is copied: its editor may save over it");
    } finally {
      await site.remove();
    }
  });
});
