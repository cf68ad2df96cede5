import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { DateTime } from "luxon";
import siteConfig from "../site.config.ts";
import { listArchive, loadArticles } from "../src/article-loader.ts";
import { ArticleValidationError, type Problem } from "../src/problems.ts";
import { resolveSettings } from "../src/settings.ts";
import { storyLikeName } from "../src/stray-stories.ts";
import { article, assertBuildAndCheckRefuse, makeFixtureSite, PROJECT_ROOT, type FixtureSite } from "./helpers/site.ts";

const settings = resolveSettings(siteConfig);
const now = DateTime.fromISO("2026-11-30T12:00:00Z");
const sites: FixtureSite[] = [];
after(() => Promise.all(sites.map((site) => site.remove())));

/** What the loader says of an archive: the problems, each as `name: message` (the file's name under articles/), or none when it loads. */
async function problemsOf(files: Record<string, string | Buffer>): Promise<string[]> {
  const site = await makeFixtureSite(files);
  sites.push(site);
  return problemsOfSite(site);
}

async function problemsOfSite(site: FixtureSite): Promise<string[]> {
  try {
    await loadArticles({ settings, articlesDir: site.articlesDir, publicDir: path.join(PROJECT_ROOT, "public"), now, includeUnpublished: true });
    return [];
  } catch (error) {
    if (!(error instanceof ArticleValidationError)) throw error;
    return error.problems.map((problem: Problem) => `${path.relative(site.articlesDir, problem.file)}:${problem.line}: ${problem.message}`);
  }
}

describe("storyLikeName: which files beside the stories may be stories", () => {
  for (const name of ["harbour.mdx", "harbour.MKD", "harbour.mkdn", "harbour.mdown", "harbour.mdwn", "harbour.markdn"]) {
    test(`${name}, by its extension`, () => assert.equal(storyLikeName(name), "extension"));
  }
  for (const name of ["harbour", "harbour.txt", "harbour.TEXT", "harbour.markdown.txt", "captions.vtt.txt"]) {
    test(`${name}, if its first line says so`, () => assert.equal(storyLikeName(name), "candidate"));
  }
  for (const name of ["photo.jpg", "clip.mp4", "captions.vtt", "report.pdf", "data.json", "story.md~", "#story.md#", "harbour~", "#harbour#"]) {
    test(`not ${name}`, () => assert.equal(storyLikeName(name), undefined));
  }
});

describe("a story saved under a name that is not read is named, not left out", () => {
  const fix = /only \.md and \.markdown files under the articles folder are published as stories\. Rename it to (\S+) if it is one; if it is not, move it out of the articles folder \(a file for readers to download belongs in public\/\)/;
  for (const [name, renamed] of [
    ["harbour.txt", "harbour.md"],
    ["harbour.mdx", "harbour.md"],
    ["harbour.mkd", "harbour.md"],
    ["harbour.mdown", "harbour.md"],
    ["harbour.markdown.txt", "harbour.markdown"],
  ] as const) {
    test(name, async () => {
      const problems = await problemsOf({ "good.md": article(), [`2026/${name}`]: article({ headline: "Harbour" }) });
      assert.equal(problems.length, 1, problems.join("\n"));
      assert.match(problems[0]!, new RegExp(`^2026/${name.replaceAll(".", "\\.")}:1: not read as a story, though its name ends in \\.`));
      assert.equal(fix.exec(problems[0]!)?.[1], renamed);
    });
  }
  test("a file with no extension whose first line is front matter's --- (after a byte-order mark, with CRLF)", async () => {
    const problems = await problemsOf({ "good.md": article(), harbour: `\uFEFF${article({ headline: "Harbour" }).replaceAll("\n", "\r\n")}` });
    assert.deepEqual(problems.map((problem) => problem.replace(/:1: .*/, "")), ["harbour"]);
    assert.match(problems[0]!, /though it begins with front matter's --- line: .*Rename it to harbour\.md /);
  });
  test("each is named at once, with the stories' own problems", async () => {
    const problems = await problemsOf({ "bad.md": article({ headline: "" }), "a.mdx": "# A", "b.txt": article({ headline: "B" }) });
    assert.deepEqual(problems.map((problem) => problem.split(":")[0]), ["a.mdx", "b.txt", "bad.md"]);
  });
});

describe("a symbolic link named as a story is named, not left out", () => {
  test("a link to a story outside the archive, to one beside it under another name, to nothing; not a link to an image or to a file that is no story", async () => {
    const site = await makeFixtureSite({ "good.md": article(), "2026/notes": "not a story\n", "2026/photo.jpg": "x" });
    sites.push(site);
    const shared = path.join(site.dir, "shared");
    await mkdir(shared);
    await writeFile(path.join(shared, "harbour.md"), article({ headline: "Harbour" }));
    await symlink(path.join(shared, "harbour.md"), path.join(site.articlesDir, "2026", "harbour.md"));
    await symlink("../good.md", path.join(site.articlesDir, "2026", "good.txt"));
    await symlink("missing.markdown", path.join(site.articlesDir, "2026", "gone.markdown"));
    await symlink("notes", path.join(site.articlesDir, "2026", "notes-link"));
    await symlink("photo.jpg", path.join(site.articlesDir, "2026", "lead.jpg"));
    const listing = await listArchive(site.articlesDir);
    assert.deepEqual(listing.stories.map((file) => path.relative(site.articlesDir, file)), ["good.md"]);
    const problems = await problemsOfSite(site);
    const fix = "which is not read as a story: a story is published from a file of its own under the articles folder. Put the story's file here in place of the link";
    assert.deepEqual(problems, [
      `2026/gone.markdown:1: a symbolic link (to missing.markdown), ${fix}`,
      `2026/good.txt:1: a symbolic link (to ../good.md), ${fix}`,
      `2026/harbour.md:1: a symbolic link (to ${path.join(shared, "harbour.md")}), ${fix}`,
    ]);
  });
});

describe("a symbolic link to a folder is named, not left out", () => {
  test("to a folder of stories outside the archive, to one inside it, to a folder above (a loop), whatever its name; not a hidden one", async () => {
    const site = await makeFixtureSite({ "good.md": article(), "2026/05/quay.md": article({ headline: "Quay" }) });
    sites.push(site);
    const shared = path.join(site.dir, "shared");
    await mkdir(shared);
    await writeFile(path.join(shared, "harbour.md"), article({ headline: "Harbour" }));
    await symlink(shared, path.join(site.articlesDir, "shared"));
    await symlink("2026/05", path.join(site.articlesDir, "latest.d"));
    await symlink("../..", path.join(site.articlesDir, "2026", "archive.md"));
    await symlink(shared, path.join(site.articlesDir, ".shared"));
    const listing = await listArchive(site.articlesDir);
    assert.deepEqual(listing.stories.map((file) => path.relative(site.articlesDir, file)), ["2026/05/quay.md", "good.md"]);
    const problems = await problemsOfSite(site);
    const fix =
      "which is not followed: stories are read from folders of their own under the articles folder. Put the folder here in place of the link, or remove the link if the folder is under the articles folder already";
    assert.deepEqual(problems, [
      `2026/archive.md:1: a symbolic link to a folder (to ../..), ${fix}`,
      `latest.d:1: a symbolic link to a folder (to 2026/05), ${fix}`,
      `shared:1: a symbolic link to a folder (to ${shared}), ${fix}`,
    ]);
  });
  test("npm run build and npm run check both refuse it, naming it and its target, and publish nothing", async () => {
    const site = await makeFixtureSite({ "good.md": article() });
    sites.push(site);
    const shared = path.join(site.dir, "shared");
    await mkdir(shared);
    await writeFile(path.join(shared, "harbour.md"), article({ headline: "Harbour" }));
    await symlink(shared, path.join(site.articlesDir, "shared"));
    await assertBuildAndCheckRefuse(site, now.toISO()!, new RegExp(`shared:1: a symbolic link to a folder \\(to ${shared.replaceAll("/", "\\/")}\\), which is not followed`));
  });
  test("a link to something that is neither file nor folder (a FIFO) is not opened to see whether it is a story", async () => {
    const site = await makeFixtureSite({ "good.md": article() });
    sites.push(site);
    const fifo = path.join(site.dir, "pipe");
    execFileSync("mkfifo", [fifo]);
    await symlink(fifo, path.join(site.articlesDir, "pipe"));
    assert.deepEqual(await problemsOfSite(site), []);
  });
});

describe("files that are not stories stay as they were", () => {
  test("a file with no extension, or of plain text, that does not begin as a story, media, data, hidden files and editors' backups", async () => {
    const problems = await problemsOf({
      "good.md": article(),
      "captions.vtt.txt": "WEBVTT\n\n00:00.000 --> 00:02.000\nThe harbour reopens.\n",
      "transcript.text": "Q: When does the harbour reopen?\n",
      LICENSE: "All rights reserved.\n",
      "photo.jpg": "x",
      "data.json": "{}",
      "story.md~": article(),
      "#story.md#": article(),
      ".story.md.swp": article(),
      ".drafts/harbour.txt": article(),
      "2026/.notes.mdx": article(),
    });
    assert.deepEqual(problems, []);
  });
  test("the listing finds them with the stories, in one pass", async () => {
    const site = await makeFixtureSite({ "b.md": article(), "a.MD": article(), "x/c.mdx": "", "d.txt": "", e: "", "photo.png": "" });
    sites.push(site);
    const listing = await listArchive(site.articlesDir);
    assert.deepEqual(listing.stories.map((file) => path.relative(site.articlesDir, file)), ["a.MD", "b.md"]);
    assert.deepEqual(listing.storyLike.map((file) => path.relative(site.articlesDir, file)), ["d.txt", "e", "x/c.mdx"]);
  });
});
