import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { access, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { article, assertBuildAndCheckRefuse, buildFixture, makeFixtureSite, readPage, runCli, type FixtureSite } from "./helpers/site.ts";

describe("two articles that would share a short code or an address", () => {
  let site: FixtureSite;
  let result: Awaited<ReturnType<typeof buildFixture>>;

  before(async () => {
    site = await makeFixtureSite({
      "a/first.md": article({ headline: "First", shortUrl: "abc234" }),
      "b/second.md": article({ headline: "Second", shortUrl: "https://arab.news/abc234" }),
      "a/harbour.md": article({ headline: "Harbour one" }),
      "b/harbour.md": article({ headline: "Harbour two" }),
    }, { shortUrlBase: "https://arab.news" });
    result = await buildFixture(site, ["--now", "2026-02-01T00:00:00Z"]);
  });
  after(() => site.remove());

  test("fail the build, naming both files for each clash", () => {
    assert.notEqual(result.code, 0);
    const output = result.stdout + result.stderr;
    const codeClash = output.split("\n").find((line) => line.includes("abc234"));
    assert.ok(codeClash, output);
    assert.match(codeClash, /articles\/b\/second\.md/);
    assert.match(codeClash, /articles\/a\/first\.md/);
    const urlClash = output.split("\n").find((line) => line.includes("/world/harbour/"));
    assert.ok(urlClash, output);
    assert.match(urlClash, /articles\/b\/harbour\.md/);
    assert.match(urlClash, /articles\/a\/harbour\.md/);
  });

  test("and publish nothing", async () => {
    await assert.rejects(access(site.outputDir));
  });
});

// A story that pins the code another story derived takes it; the other story's code is lengthened. When
// the pin is removed, the other story has its own code back, in a build that keeps its caches as in one
// that starts without them (the article cache had stored the lengthened code as the story's own).
describe("a derived code lengthened for a pinned one, then the pin removed", () => {
  const NOW = ["--now", "2026-02-01T00:00:00Z"];
  let site: FixtureSite;
  before(async () => {
    site = await makeFixtureSite({ "older.md": article({ headline: "Older", date: "2026-01-05T10:00:00+05:00" }), "newer.md": article({ headline: "Newer", date: "2026-01-06T10:00:00+05:00" }) });
  });
  after(() => site.remove());

  const shortUrlOf = async (url: string) => (await readPage(site.outputDir, url)).querySelector(".short-url a")?.getAttribute("href") ?? "";

  test("gives the story its own code back, with the caches kept", async () => {
    assert.equal((await buildFixture(site, NOW)).code, 0);
    const own = await shortUrlOf("/world/older/");
    const code = own.split("/").pop()!;
    assert.match(code, /^[a-z0-9]{6}$/);
    await writeFile(path.join(site.articlesDir, "newer.md"), article({ headline: "Newer", date: "2026-01-06T10:00:00+05:00", shortUrl: code }));
    assert.equal((await buildFixture(site, NOW)).code, 0);
    assert.equal(await shortUrlOf("/world/newer/"), own, "the pin takes the code");
    assert.match(await shortUrlOf("/world/older/"), new RegExp(`/${code}[a-z0-9]$`), "the derived code is lengthened");
    await writeFile(path.join(site.articlesDir, "newer.md"), article({ headline: "Newer", date: "2026-01-06T10:00:00+05:00" }));
    assert.equal((await buildFixture(site, NOW)).code, 0);
    assert.equal(await shortUrlOf("/world/older/"), own);
    assert.ok(existsSync(path.join(site.outputDir, "s", code, "index.html")), "its short link leads to it again");
  });
});

// Two stories whose derived codes are the same, qk2zqk (found by hashing; the preview's fuzz uses them
// too). The newer pins that code, the one it derives: a pin all the same, so the older one gives way.
describe("a story that pins the very code it derives, beside an older story that derives it too", () => {
  const NOW = "2026-02-01T00:00:00Z";
  let site: FixtureSite;
  before(async () => {
    site = await makeFixtureSite({
      "a-50567.md": article({ headline: "Newer", date: "2026-01-06T10:00:00+05:00", shortUrl: "qk2zqk" }),
      "b-21553.md": article({ headline: "Older", date: "2026-01-05T10:00:00+05:00" }),
    });
  });
  after(() => site.remove());

  test("keeps its pinned link, and the older story's derived one is lengthened, in the build and the check", async () => {
    const built = await buildFixture(site, ["--now", NOW]);
    assert.equal(built.code, 0, built.stderr);
    const shortUrlOf = async (url: string) => (await readPage(site.outputDir, url)).querySelector(".short-url a")?.getAttribute("href") ?? "";
    assert.match(await shortUrlOf("/world/a-50567/"), /\/s\/qk2zqk$/, "the pin is kept");
    assert.match(await shortUrlOf("/world/b-21553/"), /\/s\/qk2zqk[a-z0-9]$/, "the derived code gives way");
    const redirect = await readPage(site.outputDir, "/s/qk2zqk/");
    assert.match(redirect.querySelector('link[rel="canonical"]')?.getAttribute("href") ?? "", /\/world\/a-50567\/$/, "the pinned link leads to the story that pins it");
    const checked = await runCli("check", ["--articles", site.articlesDir, "--settings", site.settingsFile, "--now", NOW]);
    assert.equal(checked.code, 0, checked.stderr);
  });

  test("and two stories that pin it are a clash, as any two pins are", async () => {
    await writeFile(path.join(site.articlesDir, "b-21553.md"), article({ headline: "Older", date: "2026-01-05T10:00:00+05:00", shortUrl: "qk2zqk" }));
    await rm(site.outputDir, { recursive: true, force: true });
    await assertBuildAndCheckRefuse(site, NOW, /articles\/b-21553\.md:\d+: shortUrl: the short code qk2zqk is already used by .*articles\/a-50567\.md/);
  });
});
