import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { article, assertRefusesUnusableSettings, makeFixtureSite, runCli, type FixtureSite, type RunResult } from "./helpers/site.ts";

// One fixture with one article per kind of problem, each on a known line.
const FILES: Record<string, string> = {
  "2026/01/fine.md": article({ headline: "Fine", section: "world" }, "See [the other](/world/target/) and [by file](target.md) and [short](/s/abc234), <img alt=\"\" width=\"20\" src=\"/images/logo.svg\">."),
  "2026/01/target.md": article({ headline: "Target", section: "world", shortUrl: "abc234" }),
  // line 3: date
  "2026/01/bad-date.md": article({ headline: "Bad date", date: "next Tuesday" }),
  // same address as target.md
  "2026/02/target.md": article({ headline: "Same address", section: "world" }),
  // same short code as target.md (line 5 holds shortUrl)
  "2026/02/same-code.md": article({ headline: "Same code", section: "pakistan", shortUrl: "abc234" }),
  // lead image missing (image: on line 5, src on 6)
  "2026/02/no-image.md": "---\nheadline: No image\ndate: 2026-01-05T10:00:00+05:00\nsection: world\nimage:\n  src: /images/nowhere.jpg\n  alt: Nothing\n---\n\nBody.\n",
  // body lines start on line 7 here (front matter is lines 1-5, then a blank line)
  "2026/02/broken-links.md": article({ headline: "Broken links", section: "world" }, "Intro.\n\nA [dead link](/world/no-such-story/).\n\n![Missing](/images/missing-body.png)\n\nAnd [a file](../01/gone.md).\n\n<p><img alt=\"raw\"\n  src=\"/images/missing-raw.png\"></p>"),
};

describe("npm run check", () => {
  let site: FixtureSite;
  let result: RunResult;
  let onGitHub: RunResult;

  before(async () => {
    site = await makeFixtureSite(FILES);
    const args = ["--articles", site.articlesDir, "--settings", site.settingsFile];
    [result, onGitHub] = await Promise.all([runCli("check", args, { CI: "", GITHUB_ACTIONS: "" }), runCli("check", args, { CI: "true", GITHUB_ACTIONS: "true" })]);
  });
  after(() => site.remove());

  // As the loader shows paths: relative to the working folder, or absolute when outside it.
  const file = (name: string) => {
    const relative = path.relative(process.cwd(), path.join(site.articlesDir, name));
    return (relative.startsWith("..") ? path.join(site.articlesDir, name) : relative).split(path.sep).join("/");
  };
  const lines = () => result.stderr.split("\n").map((line) => line.trim());

  test("fails with a non-zero exit code", () => {
    assert.equal(result.code, 1);
  });

  test("reports a bad date with its file, line and field", () => {
    assert.ok(lines().some((line) => line.startsWith(`${file("2026/01/bad-date.md")}:3: date: expected an ISO 8601 date-time`)), result.stderr);
  });

  test("reports two articles at one address and two with one short code", () => {
    assert.ok(
      lines().includes(
        `${file("2026/02/target.md")}:1: would be published at /world/target/, the same address as ${file("2026/01/target.md")}: the names of both files give the slug target; rename this file, or give it a slug field (lower-case letters, digits and hyphens)`,
      ),
      result.stderr,
    );
    assert.ok(lines().includes(`${file("2026/02/same-code.md")}:5: shortUrl: the short code abc234 is already used by ${file("2026/01/target.md")}; give one of them another shortUrl`), result.stderr);
  });

  test("reports a lead image that does not exist", () => {
    assert.ok(lines().some((line) => line.startsWith(`${file("2026/02/no-image.md")}:6: image.src: expected an image file`)), result.stderr);
  });

  test("reports links and images in the body that point nowhere, each with its line", () => {
    const broken = file("2026/02/broken-links.md");
    assert.ok(lines().includes(`${broken}:9: the link to /world/no-such-story/ points to no article: no article is published at /world/no-such-story/`), result.stderr);
    assert.ok(lines().some((line) => line.startsWith(`${broken}:11: the image /images/missing-body.png does not exist`)), result.stderr);
    assert.ok(lines().includes(`${broken}:13: the link to ../01/gone.md points to no article: there is no article file at ${file("2026/01/gone.md")}`), result.stderr);
    assert.ok(lines().some((line) => line.startsWith(`${broken}:16: the image /images/missing-raw.png does not exist`)), result.stderr);
  });

  test("does not report the links that work", () => {
    assert.equal(result.stderr.includes(file("2026/01/fine.md")), false, result.stderr);
  });

  test("gives every problem a line", () => {
    const problems = lines().filter((line) => line.startsWith(site.articlesDir));
    assert.ok(problems.length >= 7);
    for (const problem of problems) assert.match(problem, /\.md:\d+: /);
  });

  test("prints no workflow commands outside GitHub Actions", () => {
    assert.equal(result.stdout.includes("::error"), false);
  });

  test("prints every problem as a GitHub annotation under CI=true on GitHub Actions", () => {
    const annotations = onGitHub.stdout.split("\n").filter((line) => line.startsWith("::error "));
    const problems = lines().filter((line) => line.startsWith(site.articlesDir));
    assert.equal(annotations.length, problems.length);
    assert.ok(annotations.includes(`::error file=${file("2026/02/broken-links.md")},line=9::the link to /world/no-such-story/ points to no article: no article is published at /world/no-such-story/`), onGitHub.stdout);
    assert.ok(annotations.some((line) => line.startsWith(`::error file=${file("2026/01/bad-date.md")},line=3,title=date::date: expected`)), onGitHub.stdout);
    assert.equal(onGitHub.code, 1);
  });
});

describe("npm run check on valid articles", () => {
  test("says all is well and exits 0", async () => {
    const site = await makeFixtureSite({ "a.md": article({ headline: "One" }), "b.md": article({ headline: "Two" }, "Links to [one](/world/a/).") });
    try {
      const result = await runCli("check", ["--articles", site.articlesDir, "--settings", site.settingsFile]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^Checked 2 articles in [\d.]+ s: all well\.$/m);
    } finally {
      await site.remove();
    }
  });
  test("without an articles folder, says where it looked and exits 1", async () => {
    const site = await makeFixtureSite({});
    try {
      const missing = path.join(site.dir, "no-such-folder");
      const result = await runCli("check", ["--articles", missing, "--settings", site.settingsFile]);
      assert.equal(result.code, 1);
      assert.equal(result.stderr.trim(), `There is no articles folder at ${missing}: expected a folder of Markdown articles.`);
    } finally {
      await site.remove();
    }
  });
});

test("npm run check names settings it cannot check with, as the build does, without a stack trace", async () => {
  const site = await makeFixtureSite({ "a.md": article() });
  try {
    await assertRefusesUnusableSettings(site, () => runCli("check", ["--articles", site.articlesDir, "--settings", site.settingsFile]));
  } finally {
    await site.remove();
  }
});
