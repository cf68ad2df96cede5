import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { article, makeTempDir } from "./helpers/site.ts";
import { freePort } from "./helpers/ports.ts";
import { eventually, getPage, projectCopy, startPreview, stopPreview } from "./helpers/preview-process.ts";
import { finishedBuilds } from "../src/preview-log.ts";

const run = promisify(execFile);

/** npm run build in a copy of the project; its exit code and terminal output. */
async function build(dir: string, env: NodeJS.ProcessEnv = {}, preload: readonly string[] = []): Promise<{ code: number; stderr: string }> {
  return run(process.execPath, ["--import", "tsx", ...preload.flatMap((module) => ["--import", module]), "src/cli/build.ts", "--now", "2026-11-30T12:00:00Z", "--quiet"], { cwd: dir, encoding: "utf8", env: { ...process.env, ...env } }).then(
    () => ({ code: 0, stderr: "" }),
    (error: { code: number; stderr: string }) => error,
  );
}

test("a build refuses a symbolic link in public/ that leads outside it, naming each, and publishes nothing; one inside it is a file of the site", { timeout: 120_000 }, async () => {
  const dir = await projectCopy("news-public-links-");
  const elsewhere = await makeTempDir("news-elsewhere-");
  try {
    await writeFile(path.join(elsewhere, "notes.txt"), "someone's notes");
    await writeFile(path.join(dir, "articles/story.md"), article({ headline: "A story" }));
    // What a contributor could commit: a link to a file of the project that is not the site's, and one to a folder elsewhere.
    await writeFile(path.join(dir, "private.txt"), "not for the site");
    await symlink(path.join(dir, "private.txt"), path.join(dir, "public/leak.txt"));
    await symlink(elsewhere, path.join(dir, "public/elsewhere"));
    await symlink("css/site.css", path.join(dir, "public/alias.css"));
    const built = await build(dir);
    assert.equal(built.code, 1);
    assert.match(built.stderr, /Symbolic links in public\/ lead outside it, so the site would publish a file that is not its own:\n.* public\/elsewhere\n.* public\/leak\.txt\n/);
    assert.doesNotMatch(built.stderr, /alias\.css|at linksLeavingPublic/);
    assert.equal(existsSync(path.join(dir, "_site")), false, "nothing is published");

    await rm(path.join(dir, "public/leak.txt"));
    await rm(path.join(dir, "public/elsewhere"));
    assert.equal((await build(dir)).code, 0);
    assert.equal(await readFile(path.join(dir, "_site/alias.css"), "utf8"), await readFile(path.join(dir, "public/css/site.css"), "utf8"));
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(elsewhere, { recursive: true, force: true });
  }
});

test("a build refuses a link leading out of public/ before anything lists public/, and never lists the folder it leads to", { timeout: 120_000 }, async () => {
  const dir = await projectCopy("news-public-link-first-");
  const elsewhere = await makeTempDir("news-elsewhere-");
  try {
    await writeFile(path.join(dir, "articles/story.md"), article({ headline: "A story" }));
    await writeFile(path.join(elsewhere, "notes.txt"), "someone's notes");
    await symlink(elsewhere, path.join(dir, "public/elsewhere"));
    const reads = path.join(elsewhere, "..", `${path.basename(elsewhere)}.reads`);
    const traced = [path.join(dir, "public"), await realpath(elsewhere)].join(path.delimiter);
    try {
      const built = await build(dir, { NEWS_TRACED_FOLDERS: traced, NEWS_FOLDER_READS: reads }, [path.resolve("test/helpers/folder-reads.mjs")]);
      assert.equal(built.code, 1, built.stderr);
      assert.match(built.stderr, /A symbolic link in public\/ leads outside it/);
      const listed = (await readFile(reads, "utf8").catch(() => "")).split("\n").filter(Boolean).map((line) => JSON.parse(line) as { folder: string; frames: string });
      assert.ok(listed.some((read) => read.frames.includes("linksLeadingOutside")), "the check lists public/");
      // The build's copy of public/, its link check's listing and Eleventy's all came before the refusal.
      assert.deepEqual(listed.filter((read) => !read.frames.includes("linksLeadingOutside")), []);
    } finally {
      await rm(reads, { force: true });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(elsewhere, { recursive: true, force: true });
  }
});

test("the preview names a link leading out of public/ on every page, and does not rebuild when a file changes where it leads", { timeout: 120_000 }, async () => {
  const dir = await projectCopy("news-preview-public-link-");
  const elsewhere = await makeTempDir("news-elsewhere-");
  const port = await freePort();
  let preview: ReturnType<typeof startPreview> | undefined;
  try {
    await writeFile(path.join(dir, "articles/story.md"), article({ headline: "A story" }));
    await writeFile(path.join(elsewhere, "notes.txt"), "someone's notes");
    await symlink(elsewhere, path.join(dir, "public/elsewhere"));
    preview = startPreview(dir, port);
    const rebuilds = () => finishedBuilds(preview!.output());
    const page = await eventually("the notice", () => getPage(port, "/world/story/").catch(() => ({ status: 0, text: "" })), (answer) => answer.status === 503 && answer.text.includes("public/elsewhere"));
    assert.match(page.text, /The static files have a problem/);
    assert.equal((await getPage(port, "/")).status, 503);
    // Nor is what it leads to served (src/preview-request-guard.ts, ahead of the notice).
    const leaked = await getPage(port, "/elsewhere/notes.txt");
    assert.equal(leaked.status, 404);
    assert.doesNotMatch(leaked.text, /someone's notes/);
    assert.equal(preview.output().split("A symbolic link in public/ leads outside it").length - 1, 1, preview.output());
    // Serving starts after the first build and its warm-up rebuilds (src/preview-rebuilds.ts).
    const settled = rebuilds();
    assert.ok(settled >= 1, preview.output());
    // A file changing where the link leads, as /tmp's do all the time, is not the site's.
    for (let change = 0; change < 3; change++) {
      await writeFile(path.join(elsewhere, "notes.txt"), `someone's notes, edit ${change}`);
      await new Promise((resolve) => setTimeout(resolve, 700));
    }
    assert.equal(rebuilds(), settled, `no rebuild for a file outside the site:\n${preview.output()}`);

    // A save of the site's own rebuilds as ever, and the notice stays while the link does.
    await writeFile(path.join(dir, "articles/story.md"), article({ headline: "Saved again" }));
    await eventually("the rebuild after a save", async () => rebuilds(), (count) => count > settled);
    assert.equal((await getPage(port, "/world/story/")).status, 503);
  } finally {
    stopPreview(preview?.server);
    await rm(dir, { recursive: true, force: true });
    await rm(elsewhere, { recursive: true, force: true });
  }
});
