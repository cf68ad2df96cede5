// npm start and the symbolic links an editor puts in the articles folder and takes out again: a story's, under a
// story's name or under a name without an extension (its file beginning as a story does), and a folder's. None is
// read through (src/stray-stories.ts): each is named on every page while it is there, and once it has gone the
// pages are back, as they are when the story's own file takes its place.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { copyFile, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseHTML } from "linkedom";
import { freePort } from "./helpers/ports.ts";
import { eventually, getPage, projectCopy, startPreview, stopPreview } from "./helpers/preview-process.ts";
import { article, removeTempDir, textOf } from "./helpers/site.ts";

describe("npm start, while a symbolic link comes into the articles folder and goes", { timeout: 400_000 }, () => {
  let dir: string;
  let server: ChildProcess | undefined;
  let port: number;
  const get = (url: string) => getPage(port, url);
  const shared = () => path.join(dir, "shared");
  const inArticles = (name: string) => path.join(dir, "articles", name);

  /** The page's headline, or the problems its notice lists (under a line saying how many), one each. */
  const problemsOn = async (url: string): Promise<{ headline: string; problems: string[] }> => {
    const page = await get(url);
    if (page.status === 200) return { headline: textOf(parseHTML(page.text).document.querySelector("h1")), problems: [] };
    const notice = parseHTML(page.text).document.querySelector("pre")?.textContent ?? `HTTP ${page.status}`;
    return { headline: "", problems: notice.split("\n").slice(1).map((line) => line.trim()) };
  };
  const named = (link: string) => (seen: { problems: string[] }) => seen.problems.length === 1 && seen.problems[0]!.startsWith(`articles/${link}:1: a symbolic link`);
  const back = (seen: { headline: string }) => seen.headline === "The story";

  before(async () => {
    dir = await projectCopy("news-preview-links-");
    await writeFile(inArticles("story.md"), article({ headline: "The story" }));
    await mkdir(shared());
    await writeFile(path.join(shared(), "harbour.md"), article({ headline: "Harbour reopens", slug: "harbour" }));
    port = await freePort();
    ({ server } = startPreview(dir, port));
    await eventually("the first page", () => problemsOn("/world/story/"), back);
  });

  after(async () => {
    stopPreview(server);
    await removeTempDir(dir);
  });

  test("a link named as a story is named on every page while it is there; its story's file in its place is published", async () => {
    await symlink(path.join(shared(), "harbour.md"), inArticles("harbour.md"));
    const seen = await eventually("the link named", () => problemsOn("/world/story/"), named("harbour.md"));
    assert.deepEqual(seen.problems, [`articles/harbour.md:1: a symbolic link (to ${path.join(shared(), "harbour.md")}), which is not read as a story: a story is published from a file of its own under the articles folder. Put the story's file here in place of the link`]);
    await rm(inArticles("harbour.md"));
    await copyFile(path.join(shared(), "harbour.md"), inArticles("harbour.md"));
    await eventually("the story published", () => problemsOn("/world/harbour/"), (page) => page.headline === "Harbour reopens");
    await rm(inArticles("harbour.md"));
    await eventually("the story gone", () => get("/world/harbour/"), (page) => page.status === 404);
  });

  test("a link without an extension to a story, named while it is there, and no longer once it has gone", async () => {
    await symlink(path.join(shared(), "harbour.md"), inArticles("harbour"));
    await eventually("the link named", () => problemsOn("/world/story/"), named("harbour"));
    await rm(inArticles("harbour"));
    await eventually("the pages back", () => problemsOn("/world/story/"), back);
  });

  test("a link to a folder, named while it is there, and no longer once it has gone", async () => {
    await symlink(shared(), inArticles("shared"));
    const seen = await eventually("the link named", () => problemsOn("/"), named("shared"));
    assert.match(seen.problems[0]!, new RegExp(`^articles/shared:1: a symbolic link to a folder \\(to ${shared().replaceAll("/", "\\/")}\\), which is not followed`));
    await rm(inArticles("shared"));
    await eventually("the pages back", () => problemsOn("/world/story/"), back);
  });
});
