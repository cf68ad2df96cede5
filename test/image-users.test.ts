import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseHTML } from "linkedom";
import { DateTime } from "luxon";
import { ImageUsers } from "../src/image-users.ts";
import { NewsLoader } from "../src/news-loader.ts";
import { testSettings } from "./helpers/articles.ts";
import { solidPng } from "./helpers/images.ts";
import { watchInProcess } from "./helpers/preview.ts";
import { article, makeFixtureSite, readPage } from "./helpers/site.ts";

describe("ImageUsers: how many users each published file has", () => {
  const files = (...urls: string[]) => new Map(urls.map((url) => [url, `/cache${url}`]));

  test("a file two users share is unused only once both have gone", () => {
    const users = new ImageUsers();
    const [a, b] = [files("/img/shared.jpeg", "/img/a.jpeg"), files("/img/shared.jpeg")];
    assert.deepEqual(users.change([a, b], []), []);
    assert.deepEqual(users.change([], [b]), [], "the other user still shows it");
    assert.deepEqual([...users.files()], [...files("/img/shared.jpeg", "/img/a.jpeg")]);
    assert.deepEqual(users.change([], [a]).sort(), ["/img/a.jpeg", "/img/shared.jpeg"]);
    assert.equal(users.files().size, 0);
  });

  test("a file that passes from one user to another in the same change stays, and a swapped one goes", () => {
    const users = new ImageUsers();
    const before = files("/img/first.jpeg", "/media/x/clip.mp4");
    users.change([before], []);
    assert.deepEqual(users.change([files("/img/second.jpeg", "/media/x/clip.mp4")], [before]), ["/img/first.jpeg"]);
    assert.deepEqual([...users.files().keys()].sort(), ["/img/second.jpeg", "/media/x/clip.mp4"]);
  });
});

describe("the preview's output keeps the images its stories show, and no others", { timeout: 180_000 }, () => {
  const NOW = "2026-01-10T00:00:00Z";
  const lead = (headline: string, src: string, date: string, body?: string) => article({ headline, date, image: `{ src: ${src}, alt: A picture }` }, body);

  /** Every /img/ and /media/ address a built page names: its pictures' sources, and its social card's. */
  const addressesIn = (html: string): string[] => {
    const { document } = parseHTML(html);
    const named = [...document.querySelectorAll("img[src], img[srcset], source[srcset], meta[property='og:image']")].flatMap((element) => [
      element.getAttribute("src") ?? "",
      ...(element.getAttribute("srcset") ?? "").split(",").map((candidate) => candidate.trim().split(/\s+/)[0] ?? ""),
      element.getAttribute("content") ?? "",
    ]);
    return named.map((address) => address.replace(/^https?:\/\/[^/]+(\/news)?/, "")).filter((address) => /^\/(img|media)\//.test(address));
  };
  const imagesOf = async (outputDir: string, page: string) => addressesIn((await readPage(outputDir, page)).documentElement.outerHTML);
  const onDisk = (outputDir: string, addresses: readonly string[]) => addresses.filter((address) => existsSync(path.join(outputDir, address)));
  /** The files under the output's img/ and media/ that no page names. */
  const unnamedFiles = async (outputDir: string): Promise<string[]> => {
    const entries = await readdir(outputDir, { recursive: true, withFileTypes: true });
    const files = entries.filter((entry) => entry.isFile()).map((entry) => path.relative(outputDir, path.join(entry.parentPath, entry.name)));
    const named = new Set<string>();
    for (const page of files.filter((file) => file.endsWith(".html"))) for (const address of addressesIn(await readFile(path.join(outputDir, page), "utf8"))) named.add(address);
    return files.filter((file) => /^(img|media)\//.test(file) && !named.has(`/${file}`));
  };

  test("a deleted story's images go unless another story shows them, and an image a story stops showing goes", async () => {
    const site = await makeFixtureSite(
      {
        "shared.png": solidPng(40, 30, [200, 40, 40]),
        "own.png": solidPng(40, 30, [40, 200, 40]),
        "chart.png": solidPng(30, 30, [40, 40, 200]),
        "first.png": solidPng(40, 30, [200, 200, 40]),
        "second.png": solidPng(40, 30, [40, 200, 200]),
        "keeper.md": lead("Keeper", "shared.png", "2026-01-01T10:00:00+05:00"),
        "sharer.md": lead("Sharer", "shared.png", "2026-01-02T10:00:00+05:00"),
        "owner.md": lead("Owner", "own.png", "2026-01-03T10:00:00+05:00", "The chart:\n\n![A chart](chart.png)\n\n<img src=\"chart.png\" alt=\"The chart, as drawn\" width=\"30\">"),
        "swapper.md": lead("Swapper", "first.png", "2026-01-04T10:00:00+05:00"),
      },
      { search: false },
    );
    const env = { NEWS_ARTICLES_DIR: site.articlesDir, NEWS_SETTINGS_FILE: site.settingsFile, NEWS_NOW: NOW, NEWS_IMAGE_CACHE: path.join(site.dir, "image-cache") };
    const file = (name: string) => path.relative(process.cwd(), path.join(site.articlesDir, name));
    const { outputDir } = site;
    try {
      await watchInProcess(outputDir, env, async (rebuildFor) => {
        const keepers = await imagesOf(outputDir, "/world/keeper/");
        const owners = await imagesOf(outputDir, "/world/owner/");
        const firsts = await imagesOf(outputDir, "/world/swapper/");
        assert.ok(keepers.length > 1 && owners.length > keepers.length && firsts.length > 1, "each story's page names its images");
        assert.ok(owners.some((address) => address.startsWith("/media/")), "a raw <img>'s file is published beside its variants");
        assert.deepEqual(await imagesOf(outputDir, "/world/sharer/"), keepers, "two stories showing one picture name the same files");
        for (const addresses of [keepers, owners, firsts]) assert.deepEqual(onDisk(outputDir, addresses), addresses, "every file a page names is published");

        await rm(path.join(site.articlesDir, "sharer.md"));
        await rebuildFor(file("sharer.md"));
        assert.equal(existsSync(path.join(outputDir, "world/sharer/index.html")), false, "the deleted story's page is gone");
        assert.deepEqual(onDisk(outputDir, keepers), keepers, "the picture the other story shows stays");

        await rm(path.join(site.articlesDir, "owner.md"));
        await rebuildFor(file("owner.md"));
        assert.deepEqual(onDisk(outputDir, owners), [], "the deleted story's lead and body images are gone");

        await writeFile(path.join(site.articlesDir, "swapper.md"), lead("Swapper", "second.png", "2026-01-04T10:00:00+05:00"));
        await rebuildFor(file("swapper.md"));
        const seconds = await imagesOf(outputDir, "/world/swapper/");
        assert.notDeepEqual(seconds, firsts, "the page shows the new picture");
        assert.deepEqual(onDisk(outputDir, seconds), seconds);
        assert.deepEqual(onDisk(outputDir, firsts), [], "the picture the story no longer shows is gone");

        assert.deepEqual(await unnamedFiles(outputDir), [], "no image is left that no page names");
      });
    } finally {
      await site.remove();
    }
  });
});

describe("NewsLoader: the files a load no longer uses", () => {
  test("the share picture is a user too: a deleted story that showed the same picture leaves its JPEG", async () => {
    const site = await makeFixtureSite({ "a.md": article({ headline: "Alpha", image: "{ src: /share.png, alt: The harbour }" }) });
    const publicDir = path.join(site.dir, "public");
    await mkdir(publicDir);
    await writeFile(path.join(publicDir, "share.png"), solidPng(40, 30, [120, 60, 30]));
    const saved = process.env.NEWS_IMAGE_CACHE;
    process.env.NEWS_IMAGE_CACHE = path.join(site.dir, "image-cache");
    try {
      const settings = testSettings({ shareImage: "/share.png" });
      const loader = new NewsLoader({ settings, articlesDir: site.articlesDir, publicDir, now: DateTime.fromISO("2026-01-10T00:00:00Z") });
      const first = await loader.load();
      const shared = first.sharePicture!.url;
      assert.equal(first.articles[0]!.image?.social?.url, shared, "the story's card is the share picture's file");
      await rm(path.join(site.articlesDir, "a.md"));
      const second = await loader.load();
      assert.ok(second.imageChanges.remove.length > 0, "the story's other variants are to be taken out");
      assert.ok(!second.imageChanges.remove.includes(shared), "the share picture's JPEG is not");
      assert.deepEqual([...second.imageFiles.keys()], [shared]);
    } finally {
      if (saved === undefined) delete process.env.NEWS_IMAGE_CACHE;
      else process.env.NEWS_IMAGE_CACHE = saved;
      await site.remove();
    }
  });
});
