import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { article, buildFixture, makeFixtureSite, readPage, runCli, type FixtureSite } from "./helpers/site.ts";

const NOW = ["--now", "2026-12-01T00:00:00Z"];

// A link to another story's Markdown file, which npm run check accepts, is published as a link to that story.
describe("links to another story's file", () => {
  let site: FixtureSite;
  const target = (section: string) => article({ headline: "The ruling", date: "2026-11-20T10:00:00+05:00", section });
  before(async () => {
    site = await makeFixtureSite({
      "2026/11/court-ruling.md": target("world"),
      "2026/10/linker.md": article(
        { headline: "The appeal", date: "2026-10-05T10:00:00+05:00" },
        "Read [the ruling](../11/court-ruling.md), [its reasons](../11/court-ruling.md#reasons) and [the site](/world/)."
      ),
    });
  });
  after(() => site.remove());

  const hrefs = async (outputDir: string, url: string) => [...(await readPage(outputDir, url)).querySelectorAll(".article-body a, article a")].map((a) => a.getAttribute("href"));

  test("npm run check accepts them", async () => {
    const result = await runCli("check", ["--articles", site.articlesDir, "--settings", site.settingsFile]);
    assert.equal(result.code, 0, result.stderr + result.stdout);
  });

  test("the build publishes them as links to the story's address, with the fragment", async () => {
    const result = await buildFixture(site, NOW);
    assert.equal(result.code, 0, result.stderr);
    const links = await hrefs(site.outputDir, "/world/linker/");
    assert.ok(links.includes("/world/court-ruling/"), links.join(" "));
    assert.ok(links.includes("/world/court-ruling/#reasons"), links.join(" "));
    assert.ok(!links.some((href) => href?.endsWith(".md") || href?.includes(".md#")), links.join(" "));
  });

  test("under a path prefix too", async () => {
    const output = path.join(site.dir, "prefixed");
    const result = await buildFixture(site, [...NOW, "--output", output, "--pathprefix", "/news/"]);
    assert.equal(result.code, 0, result.stderr);
    assert.ok((await hrefs(output, "/world/linker/")).includes("/news/world/court-ruling/"));
  });

  test("when the story moves, a build with the caches kept follows it", async () => {
    await writeFile(path.join(site.articlesDir, "2026/11/court-ruling.md"), target("business"));
    const result = await buildFixture(site, NOW);
    assert.equal(result.code, 0, result.stderr);
    const links = await hrefs(site.outputDir, "/world/linker/");
    assert.ok(links.includes("/business/court-ruling/"), links.join(" "));
  });
});
