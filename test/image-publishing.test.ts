import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readdir, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import type { UserConfig } from "@11ty/eleventy";
import { failureSummary, type BuildEnd } from "../src/build-ends.ts";
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
    const env = { NEWS_ARTICLES_DIR: site.articlesDir, NEWS_SETTINGS_FILE: site.settingsFile, NEWS_NOW: "2026-01-10T00:00:00Z", NEWS_IMAGE_CACHE: path.join(site.dir, "image-cache") };
    const { outputDir } = site;
    const published = (addresses: readonly string[]) => addresses.map((address) => path.join(outputDir, address));
    let failing = false;
    // Each rebuild the watcher began, with the files it names, and how it ended.
    const rebuilds: { changed: readonly string[]; end?: BuildEnd }[] = [];
    const waiting = new Set<() => void>();
    const config = (eleventyConfig: UserConfig) => {
      // A page that cannot be rendered: the rebuild fails after its stories were read.
      eleventyConfig.addTransform("fails-when-told", (content: string) => {
        if (failing) throw new Error("a rendering that fails");
        return content;
      });
      eleventyConfig.on("eleventy.beforeWatch", (changed: readonly string[]) => void rebuilds.push({ changed: [...changed] }));
    };
    const ended = (end: BuildEnd) => {
      const rebuild = rebuilds.at(-1);
      // The first build has no beforeWatch.
      if (rebuild && !rebuild.end) rebuild.end = end;
      for (const wake of waiting) wake();
    };
    /**
     * Saves a story and waits for the rebuild the watcher begins for it (as it does for an editor's save: the
     * test asks for none of its own, which would be a second rebuild beside it), which must succeed, or fail
     * when `fails`.
     */
    const save = async (name: string, text: string, { fails = false } = {}) => {
      const from = rebuilds.length;
      await writeFile(path.join(site.articlesDir, name), text);
      let end: BuildEnd | undefined;
      while (!(end = rebuilds.slice(from).find((rebuild) => rebuild.end && rebuild.changed.some((file) => path.basename(file) === name))?.end)) {
        await new Promise<void>((resolve) => waiting.add(resolve)).finally(() => waiting.clear());
      }
      if (fails) assert.ok("failure" in end, `the rebuild for ${name} fails`);
      else assert.equal("failure" in end ? failureSummary(end.failure) : undefined, undefined, `the rebuild for ${name} succeeds`);
    };
    try {
      await watchInProcess(
        outputDir,
        env,
        async () => {
          const keepers = published(imagesNamedIn(await readPage(outputDir, "/world/keeper/")));
          assert.ok(keepers.length > 2 && keepers.every((target) => existsSync(target)), "the first build publishes the story's files");
          const longAgo = new Date("2001-01-01T00:00:00Z");
          for (const target of keepers) await utimes(target, longAgo, longAgo);

          await save("other.md", article({ headline: "Other, corrected", date: "2026-01-02T10:00:00+05:00" }));
          for (const target of keepers) assert.equal((await stat(target)).mtimeMs, longAgo.getTime(), `${path.relative(outputDir, target)} is not copied again for another story's save`);

          failing = true;
          await save("later.md", lead("Later", "later.png", "2026-01-03T10:00:00+05:00"), { fails: true });
          failing = false;
          await save("other.md", article({ headline: "Other, corrected again", date: "2026-01-02T10:00:00+05:00" }));
          const laters = published(imagesNamedIn(await readPage(outputDir, "/world/later/")));
          assert.ok(laters.length > 2, "the story's page names its pictures");
          assert.deepEqual(
            laters.filter((target) => !existsSync(target)),
            [],
            "the pictures a failed rebuild read are published by the next",
          );
          assert.deepEqual(
            rebuilds.map(({ changed, end }) => [changed.map((file) => path.basename(file)), end && "failure" in end ? "failed" : "built"]),
            [
              [["other.md"], "built"],
              [["later.md"], "failed"],
              [["other.md"], "built"],
            ],
            "one rebuild for each save, and only the one that was to fail failed",
          );
        },
        { config, ended, print: () => undefined },
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
