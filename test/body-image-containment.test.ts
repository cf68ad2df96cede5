// An image in a story's body follows the lead image's rule: a file inside the articles folder or
// public/, once `..` and symbolic links are followed. Before, `![x](../../photo.png)` published any
// image on the machine the build could read, though the same path as a lead image was refused.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { article, assertBuildAndCheckRefuse, buildFixture, makeFixtureSite, readPage, runCli, type FixtureSite } from "./helpers/site.ts";
import { solidPng } from "./helpers/images.ts";

const NOW = "2026-11-30T12:00:00Z";
const sites: FixtureSite[] = [];
after(() => Promise.all(sites.map((site) => site.remove())));

/** A site whose one story shows `target` in its body, with a real PNG outside the articles folder. */
async function siteWithBodyImage(target: string, prepare?: (site: FixtureSite) => Promise<void>): Promise<FixtureSite> {
  const site = await makeFixtureSite({ "2026/story.md": article({}, `The harbour.\n\n![The quay](${target})\n\nThe end.`), "2026/beside.png": solidPng(64, 48) });
  sites.push(site);
  await writeFile(path.join(site.dir, "private.png"), solidPng(64, 48, [200, 10, 10]));
  await prepare?.(site);
  return site;
}

const check = (site: FixtureSite) => runCli("check", ["--articles", site.articlesDir, "--settings", site.settingsFile, "--now", NOW]);

describe("an image in the body must lie inside the articles folder or public/", { concurrency: 2 }, () => {
  test("one beside the article is published as a picture (the fixture's control)", async () => {
    const site = await siteWithBodyImage("beside.png");
    const result = await buildFixture(site, ["--now", NOW]);
    assert.equal(result.code, 0, result.stderr);
    const page = await readPage(site.outputDir, "/world/story/");
    const image = page.querySelector(".story__body picture img");
    assert.ok(image, "the body's image is a picture");
    assert.equal(image.getAttribute("alt"), "The quay");
    assert.equal((await check(site)).code, 0);
  });

  const escapes: Array<[string, string, ((site: FixtureSite) => Promise<void>) | undefined]> = [
    ["a ../ path", "../../private.png", undefined],
    ["a symbolic link beside the article", "linked.png", (site) => symlink(path.join(site.dir, "private.png"), path.join(site.articlesDir, "2026", "linked.png"))],
  ];
  for (const [name, target, prepare] of escapes) {
    test(`${name} that leads out of it fails the build and the check, naming the file and line`, async () => {
      const site = await siteWithBodyImage(target, prepare);
      const expected = new RegExp(`story\\.md:9: the image ${target.replace(/\./g, "\\.")} leads out of .*articles/: expected a file inside the articles folder or public/`);
      await assertBuildAndCheckRefuse(site, NOW, expected);
    });
  }
});
