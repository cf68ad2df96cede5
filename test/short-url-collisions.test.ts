import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { access } from "node:fs/promises";
import { article, buildFixture, makeFixtureSite, type FixtureSite } from "./helpers/site.ts";

describe("two articles that would share a short code or an address", () => {
  let site: FixtureSite;
  let result: Awaited<ReturnType<typeof buildFixture>>;

  before(async () => {
    site = await makeFixtureSite({
      "a/first.md": article({ headline: "First", shortUrl: "abc234" }),
      "b/second.md": article({ headline: "Second", shortUrl: "https://arab.news/abc234" }),
      "a/harbour.md": article({ headline: "Harbour one" }),
      "b/harbour.md": article({ headline: "Harbour two" }),
    });
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
