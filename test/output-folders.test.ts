import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { clearLeftovers, keptFolderInOutput, keptFolders, leftoverFolders, mountPointInOutput, mountPoints, outputFolders, readFolderHoldingOutput, removeInBackground, retireOutput, swapIn, type KeptFolders } from "../src/cli/output-folders.ts";
import { searchStagingFolder } from "../src/search-index.ts";
import { handOverFolder } from "../src/search-handover.ts";
import { freePort } from "./helpers/ports.ts";
import { PREVIEW_OUTPUT } from "../src/cli/preview-options.ts";
import { PREVIEW_NODE_OPTIONS } from "./helpers/preview-process.ts";
import { article, buildFixture, endedPid, eventually, makeFixtureSite, makeStandInProject, makeTempDir, PROJECT_ROOT, readPage, removeTempDir, runCli, textOf, type FixtureSite, type RunResult } from "./helpers/site.ts";

const NOW = ["--now", "2026-11-30T12:00:00Z"];

const siblings = async (dir: string) => (await readdir(dir)).filter((name) => name.startsWith("_site")).sort();

describe("the build's output folders", () => {
  let dir: string;
  before(async () => {
    dir = await makeTempDir();
  });
  after(() => import("node:fs/promises").then(({ rm }) => rm(dir, { recursive: true, force: true })));

  test("leftovers are the staging, hand-over and retired folders of builds and previews no longer running, and nothing else", async () => {
    const work = path.join(dir, "leftovers");
    const ended = endedPid();
    const searchStaging = (pid: number) => path.basename(searchStagingFolder(path.join(work, "_site"), pid));
    const handOver = (pid: number) => path.basename(handOverFolder(path.join(work, "_site"), pid));
    const left = [`_site.building-${ended}`, `_site.old-${ended}`, searchStaging(ended), `_site.shards-${ended}`, handOver(ended)];
    for (const name of ["_site", ...left, `_site.building-${process.pid}`, searchStaging(process.pid), handOver(process.pid), `_site2.old-${ended}`, `_site.old-x`, `_site.building-${ended}.bak`]) {
      await mkdir(path.join(work, name), { recursive: true });
    }
    assert.deepEqual((await leftoverFolders(path.join(work, "_site"))).map((folder) => path.basename(folder)).sort(), left.sort());
    assert.deepEqual(await leftoverFolders(path.join(dir, "no-such-folder", "_site")), []);
  });

  test("a build stopped between the swap's two renames left no site: the next puts the last one back", async () => {
    const work = path.join(dir, "stopped-swap");
    const stopped = outputFolders(path.join(work, "_site"), endedPid());
    await mkdir(path.join(stopped.retired, "last-page"), { recursive: true });
    await writeFile(path.join(stopped.retired, "last-page", "index.html"), "last good");
    await mkdir(stopped.staging, { recursive: true });
    await clearLeftovers(stopped.output);
    assert.deepEqual(await readdir(stopped.output), ["last-page"]);
    assert.ok(await eventually(async () => (await siblings(work)).join() === "_site"), `left: ${await siblings(work)}`);

    // A retired site whose removal was cut short, with no stopped build's folder beside it, is not put back.
    const removed = path.join(dir, "removed-site");
    const cutShort = outputFolders(path.join(removed, "_site"), endedPid());
    await mkdir(path.join(cutShort.retired, "half-removed"), { recursive: true });
    await clearLeftovers(cutShort.output);
    assert.ok(await eventually(async () => (await siblings(removed)).length === 0), `left: ${await siblings(removed)}`);
  });

  test("the swap puts the new site in place at once and removes the old one in the background", async () => {
    const work = path.join(dir, "swap");
    const folders = outputFolders(path.join(work, "_site"));
    await mkdir(path.join(folders.output, "old-page"), { recursive: true });
    await writeFile(path.join(folders.output, "old-page", "index.html"), "old");
    await mkdir(path.join(folders.staging, "new-page"), { recursive: true });
    await writeFile(path.join(folders.staging, "new-page", "index.html"), "new");
    await swapIn(folders);
    assert.deepEqual(await readdir(folders.output), ["new-page"]);
    assert.ok(await eventually(async () => (await siblings(work)).join() === "_site"), `left: ${await siblings(work)}`);
  });

  test("a new site that cannot move in leaves the last one where it was, and the error names the folder", async () => {
    const work = path.join(dir, "failed-swap");
    const folders = outputFolders(path.join(work, "_site"));
    await mkdir(path.join(folders.output, "old-page"), { recursive: true });
    // No staging folder: the second rename fails after the first has moved the last site aside.
    await assert.rejects(swapIn(folders), (error: Error) => error.message.includes(`Could not put the new site in place (${folders.staging}`));
    assert.deepEqual(await readdir(folders.output), ["old-page"]);
    assert.deepEqual(await siblings(work), ["_site"]);
  });

  test("the first swap, with no site yet, and a background removal of folders already gone", async () => {
    const work = path.join(dir, "first");
    const folders = outputFolders(path.join(work, "_site"));
    await mkdir(folders.staging, { recursive: true });
    await swapIn(folders);
    assert.deepEqual(await siblings(work), ["_site"]);
    removeInBackground([path.join(work, "never-there")]);
  });
});

describe("npm run build beside the last site", () => {
  let site: FixtureSite;
  before(async () => {
    site = await makeFixtureSite({ "good.md": article({ headline: "Good story" }) });
  });
  after(() => site.remove());

  test("a rebuild replaces the site, and the site it replaced and a stopped build's folder are removed", async () => {
    const first = await buildFixture(site, NOW);
    assert.equal(first.code, 0, first.stderr);
    // What a build killed half-way leaves beside the site.
    const stopped = path.join(site.dir, `_site.building-${endedPid()}`);
    await mkdir(path.join(stopped, "world"), { recursive: true });
    await writeFile(path.join(site.articlesDir, "second.md"), article({ headline: "Second story" }));

    const second = await buildFixture(site, NOW);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(textOf((await readPage(site.outputDir, "/world/second/")).querySelector("h1")), "Second story");
    assert.ok(await eventually(async () => (await siblings(site.dir)).join() === "_site"), `left: ${await siblings(site.dir)}`);
  });
});

describe("an output folder that is, holds or is inside the project's own", () => {
  let dir: string;
  let project: string;
  let folders: KeptFolders;
  before(async () => {
    dir = await makeTempDir();
    project = path.join(dir, "project");
    for (const folder of ["articles/2026", "public/css", "templates/_includes", "_site/world"]) await mkdir(path.join(project, folder), { recursive: true });
    await writeFile(path.join(project, "articles", "2026", "story.md"), article());
    await symlink(project, path.join(dir, "link-to-project"));
    await symlink(path.join(project, "articles"), path.join(dir, "link-to-articles"));
    const read = [path.join(project, "templates"), path.join(project, "articles"), path.join(project, "public")];
    folders = { kept: [project, ...read, homedir()], read };
  });
  after(() => import("node:fs/promises").then(({ rm }) => rm(dir, { recursive: true, force: true })));

  test("is told, by the folder itself rather than its name: the project, its folders, a parent of them, /, the home folder, a link to one", async () => {
    const told = async (output: string) => keptFolderInOutput(output, folders.kept);
    assert.equal(await told(project), project);
    assert.equal(await told(path.join(project, "articles")), path.join(project, "articles"));
    assert.equal(await told(path.join(project, "public", "..", "templates")), path.join(project, "templates"));
    assert.equal(await told(dir), project);
    assert.equal(await told("/"), project);
    assert.equal(await told(homedir()), homedir());
    assert.equal(await told(path.join(dir, "link-to-project")), project);
    assert.equal(await told(path.join(project, "_site")), undefined);
    assert.equal(await told(path.join(project, "not-yet")), undefined);
    assert.ok(keptFolders({ articlesDir: "a", publicDir: "p" }).kept.includes(homedir()), "the home folder is always kept");
  });

  test("inside a folder the build reads is told the same way, there already or not; inside the project or the home folder is not", async () => {
    const articles = path.join(project, "articles");
    const inside = async (output: string) => readFolderHoldingOutput(output, folders.read);
    assert.equal(await inside(path.join(articles, "2026")), articles);
    assert.equal(await inside(path.join(articles, "2027", "site")), articles);
    assert.equal(await inside(path.join(project, "templates", "_includes")), path.join(project, "templates"));
    assert.equal(await inside(path.join(project, "public", "css", "site")), path.join(project, "public"));
    assert.equal(await inside(path.join(dir, "link-to-articles", "2026")), articles);
    assert.equal(await inside(path.join(project, "public", "..", "articles", "2026")), articles);
    // The folder itself is no folder inside it (keptFolderInOutput tells it), nor is one beside it.
    assert.equal(await inside(articles), undefined);
    assert.equal(await inside(path.join(project, "articles-site")), undefined);
    assert.equal(await inside(path.join(project, "_site")), undefined);
    assert.equal(await inside(path.join(project, "not-yet")), undefined);
    assert.equal(await inside(path.join(homedir(), "site")), undefined);
    // The nearest: a shard's articles folder within its archive.
    assert.equal(await readFolderHoldingOutput(path.join(articles, "2026", "site"), [articles, path.join(articles, "2026")]), path.join(articles, "2026"));
    // An articles folder moved away (the preview waits for it to come back) is told by its name.
    assert.equal(await readFolderHoldingOutput(path.join(dir, "gone", "2026"), [path.join(dir, "gone")]), path.join(dir, "gone"));
    // A newsroom whose articles folder is the project (--articles .): the project's _site is inside it.
    assert.equal(await readFolderHoldingOutput(path.join(project, "_site"), [project]), project);
  });

  test("is left in place by the preview, which empties any other", async () => {
    assert.equal(await retireOutput(project, folders), false);
    assert.equal(await retireOutput(path.join(project, "articles"), folders), false);
    assert.equal(await retireOutput(dir, folders), false);
    assert.equal(await retireOutput(path.join(project, "articles", "2026"), folders), false);
    assert.equal(await retireOutput(path.join(project, "templates", "_includes"), folders), false);
    assert.equal(await retireOutput(path.join(project, "public", "css"), folders), false);
    assert.ok(existsSync(path.join(project, "articles", "2026", "story.md")));
    assert.ok(existsSync(path.join(project, "templates", "_includes")));
    assert.ok(existsSync(path.join(project, "public", "css")));
    assert.equal(await retireOutput(path.join(project, "_site"), folders), true);
    assert.equal(existsSync(path.join(project, "_site")), false);
  });

  const refusedPreview = async (output: string, site: FixtureSite): Promise<string> => {
    const env = { ...process.env, NO_COLOR: "1", NEWS_ARTICLES_DIR: site.articlesDir, NEWS_SETTINGS_FILE: site.settingsFile };
    const preview = spawn(process.execPath, [...PREVIEW_NODE_OPTIONS, "src/cli/preview.ts", `--port=${await freePort()}`, "--output", output], { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    preview.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    // A preview that does start serves until stopped: stopped here after a minute, it fails the test below.
    const stop = setTimeout(() => preview.kill("SIGKILL"), 60_000);
    const code = await new Promise<number | null>((resolve) => preview.once("exit", resolve));
    clearTimeout(stop);
    assert.equal(code, 1, stderr);
    return stderr;
  };

  test("stops the preview before it writes or serves anything, naming the folder", { timeout: 120_000 }, async () => {
    const site = await makeFixtureSite({ "good.md": article({ headline: "Good story" }) });
    try {
      const stderr = await refusedPreview(site.dir, site);
      assert.match(stderr, new RegExp(`--output ${site.dir}: the folder holds ${site.articlesDir}, which is one of the project's own.*: give a folder of its own, such as ${PREVIEW_OUTPUT}$`, "m"));
      assert.deepEqual((await readdir(site.dir)).sort(), ["articles", "settings.json"]);
    } finally {
      await site.remove();
    }
  });

  test("stops the preview, which would empty it, when it is inside the articles folder", { timeout: 120_000 }, async () => {
    const site = await makeFixtureSite({ "2026/good.md": article({ headline: "Good story" }) });
    try {
      const output = path.join(site.articlesDir, "2026");
      const stderr = await refusedPreview(output, site);
      assert.match(stderr, new RegExp(`--output ${output}: the folder is inside ${site.articlesDir}, which is one of the folders a build reads.*: give a folder outside it, such as ${PREVIEW_OUTPUT}$`, "m"));
      assert.deepEqual(await readdir(output), ["good.md"]);
    } finally {
      await site.remove();
    }
  });

  test("stops npm run build before it writes anything, naming the folder", async () => {
    const site = await makeFixtureSite({ "good.md": article({ headline: "Good story" }), "2026/later.md": article({ headline: "Later story" }) });
    const files = async () => (await readdir(site.articlesDir, { recursive: true })).sort();
    try {
      const before = await files();
      for (const output of [site.articlesDir, site.dir, path.join(site.articlesDir, "2026"), path.join(site.articlesDir, "site")]) {
        const built = await runCli("build", ["--articles", site.articlesDir, "--output", output, "--settings", site.settingsFile, "--quiet", ...NOW], { NEWS_PAGE_CACHE: path.join(site.dir, "page-cache") });
        assert.equal(built.code, 1, built.stderr);
        assert.match(built.stderr, new RegExp(`--output ${output}: the folder ((is|holds ${site.articlesDir}, which is) one of the project's own|is inside ${site.articlesDir}, which is one of the folders a build reads)`));
        assert.deepEqual(await files(), before);
      }
    } finally {
      await site.remove();
    }
  });

  // In a stand-in project, so that a build that failed to refuse writes into a copy of templates/ and public/.
  test("stops npm run build inside the templates or the static files, and, with the project as its articles folder, inside the project", { timeout: 120_000 }, async () => {
    const { dir: standIn, project: copy } = await makeStandInProject({ "2026/a.md": article() });
    const everything = async () => (await readdir(standIn, { recursive: true })).sort();
    try {
      const before = await everything();
      for (const [articles, output, folder] of [
        ["articles", "templates/_includes", "templates"],
        ["articles", "public/css/site", "public"],
        [".", "_site", "."],
      ] as const) {
        const built = await runCli("build", ["--articles", articles, "--output", output, "--settings", "settings.json", "--quiet", ...NOW], { NEWS_PAGE_CACHE: path.join(standIn, "page-cache") }, { cwd: copy });
        assert.equal(built.code, 1, built.stderr);
        assert.match(built.stderr, new RegExp(`--output ${output}: the folder is inside ${path.join(copy, folder)}, which is one of the folders a build reads .*: give a folder outside it${folder === "." ? "$" : ", such as _site$"}`, "m"));
        assert.deepEqual(await everything(), before, `--output ${output} changed the project`);
      }
    } finally {
      await removeTempDir(standIn);
    }
  });
});

describe("an output folder that holds a mount point", () => {
  test("is told from the mount table, whatever the names hold", async () => {
    const dir = await makeTempDir();
    try {
      await mkdir(path.join(dir, "out", "with space"), { recursive: true });
      await mkdir(path.join(dir, "out2"), { recursive: true });
      const table = [
        "22 1 254:0 / / rw,relatime - ext4 /dev/vda rw",
        `66 22 254:0 /srv/project ${dir}/out/with\\040space rw,relatime - ext4 /dev/vda rw`,
        `67 22 254:0 /srv/project ${dir}/out2 rw,relatime - ext4 /dev/vda rw`,
        "",
      ].join("\n");
      assert.deepEqual(mountPoints(table), ["/", `${dir}/out/with space`, `${dir}/out2`]);
      assert.equal(await mountPointInOutput(path.join(dir, "out"), table), `${dir}/out/with space`);
      assert.equal(await mountPointInOutput(dir, table), `${dir}/out/with space`);
      // A mount point is no folder of its own output's (a swap cannot move it), and a name that only begins alike is another folder.
      assert.equal(await mountPointInOutput(path.join(dir, "out2"), table), undefined);
      assert.equal(await mountPointInOutput(path.join(dir, "out", "with space"), table), undefined);
      assert.equal(await mountPointInOutput(path.join(dir, "not-yet"), table), undefined);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  // A CI job's container given the checkout twice: the folder holding the second holds the project by a
  // path no ancestor of it, which device and inode, looked for up from the project, did not find.
  const canMount = process.platform === "linux" && spawnSync("unshare", ["-m", "--propagation", "private", "true"]).status === 0;
  test("stops npm run build when the mount shows the project again (a bind mount in a mount namespace of its own)", { skip: !canMount && "needs unshare -m (Linux, as root)", timeout: 120_000 }, async () => {
    const site = await makeFixtureSite({ "good.md": article({ headline: "Good story" }) });
    try {
      const again = path.join(site.dir, "mounts", "checkout");
      await mkdir(again, { recursive: true });
      const output = path.join(site.dir, "mounts");
      const args = [path.join(PROJECT_ROOT, "src/cli/build.ts"), "--articles", site.articlesDir, "--output", output, "--settings", site.settingsFile, "--quiet", ...NOW];
      const script = 'mount --bind "$1" "$2" && shift 2 && exec "$@"';
      const built = await new Promise<RunResult>((resolve) =>
        execFile("unshare", ["-m", "--propagation", "private", "sh", "-c", script, "sh", site.articlesDir, again, path.join(PROJECT_ROOT, "node_modules/.bin/tsx"), ...args], { cwd: PROJECT_ROOT, env: { ...process.env, NO_COLOR: "1", NEWS_PAGE_CACHE: path.join(site.dir, "page-cache") } }, (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
        ),
      );
      assert.equal(built.code, 1, built.stderr);
      assert.match(built.stderr, new RegExp(`--output ${output}: the folder holds ${again}, a mount point, which may show one of the project's own`));
      // Whatever a build that went on had started in the background has had its time.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      assert.deepEqual(await readdir(site.articlesDir), ["good.md"]);
      assert.deepEqual(await readdir(output), ["checkout"]);
    } finally {
      await site.remove();
    }
  });
});
