import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { byFolder, checkKeptFiles, copyFolder, copyFolders, linkFiles, linkSameFiles } from "../src/kept-files.ts";
import { makeTempDir } from "./helpers/site.ts";

let work: string;
before(async () => {
  work = await makeTempDir("news-kept-files-");
  await mkdir(path.join(work, "kept"));
  for (const name of ["a", "b", "c"]) await writeFile(path.join(work, "kept", name), `page ${name}`);
});
after(() => rm(work, { recursive: true, force: true }));

describe("linkFiles", () => {
  test("puts each kept file in place as the same file, making folders, and replaces a file already there", async () => {
    const site = path.join(work, "site-1");
    await mkdir(path.join(site, "world/b"), { recursive: true });
    await writeFile(path.join(site, "world/b/index.html"), "an older page");
    await linkFiles([
      [path.join(work, "kept/a"), path.join(site, "world/a/index.html")],
      [path.join(work, "kept/b"), path.join(site, "world/b/index.html")],
      [path.join(work, "kept/c"), path.join(site, "s/abc23/index.html")],
    ]);
    assert.equal(await readFile(path.join(site, "world/b/index.html"), "utf8"), "page b");
    for (const [kept, placed] of [["a", "world/a/index.html"], ["c", "s/abc23/index.html"]] as const) {
      assert.equal((await stat(path.join(site, placed))).ino, (await stat(path.join(work, "kept", kept))).ino, `${placed} is the kept file, not a copy`);
    }
  });

  test("takes files named relative to the kept files' folder and the site's, as the page index names them", async () => {
    const site = path.join(work, "site-3");
    await linkFiles(
      [
        ["a", "world/a/index.html"],
        ["c", "index.html"],
      ],
      { from: path.join(work, "kept"), to: site },
    );
    for (const [kept, placed] of [["a", "world/a/index.html"], ["c", "index.html"]] as const) {
      assert.equal((await stat(path.join(site, placed))).ino, (await stat(path.join(work, "kept", kept))).ino, `${placed} is the kept file, not a copy`);
    }
  });

  test("rejects, naming the file, when a kept file is missing", async () => {
    await assert.rejects(linkFiles([[path.join(work, "kept/missing"), path.join(work, "site-2/x/index.html")]]), /kept\/missing/);
  });
});

describe("checkKeptFiles", () => {
  test("names the files with the size and modification time (whole seconds) they were kept with, and removes those not expected", async () => {
    const kept = path.join(work, "kept");
    await writeFile(path.join(kept, "stale"), "a page no longer built");
    const when = new Date("2026-01-05T10:00:00.250Z");
    for (const name of ["a", "b", "c"]) await utimes(path.join(kept, name), when, when);
    const seconds = Math.trunc(when.getTime() / 1000);
    const intact = await checkKeptFiles(kept, [
      ["a", 6, seconds],
      ["b", 7, seconds], // a different size
      ["c", 6, seconds - 1], // a different time
      ["missing", 6, seconds],
    ]);
    assert.deepEqual([...intact], ["a"]);
    await assert.rejects(stat(path.join(kept, "stale")), { code: "ENOENT" });
    assert.ok((await stat(path.join(kept, "b"))).isFile(), "a file expected but changed is left for the build to replace");
  });
});

describe("copyFolder", () => {
  test("copies a folder tree, files linked", async () => {
    const from = path.join(work, "index");
    await mkdir(path.join(from, "fragment"), { recursive: true });
    await writeFile(path.join(from, "pagefind-entry.json"), "{}");
    await writeFile(path.join(from, "fragment/one.pf_fragment"), "x");
    await copyFolder(from, path.join(work, "copied"));
    assert.equal(await readFile(path.join(work, "copied/fragment/one.pf_fragment"), "utf8"), "x");
    assert.equal((await stat(path.join(work, "copied/pagefind-entry.json"))).ino, (await stat(path.join(from, "pagefind-entry.json"))).ino);
  });
});

describe("copyFolders", () => {
  test("copies several folder trees on one thread, files linked, and names the places of those it could not copy", async () => {
    const froms = ["one", "two"].map((name) => path.join(work, `indexes/${name}`));
    for (const from of froms) {
      await mkdir(path.join(from, "fragment"), { recursive: true });
      await writeFile(path.join(from, "fragment/a.pf_fragment"), path.basename(from));
    }
    const failed = await copyFolders([
      [froms[0]!, path.join(work, "site-3/pagefind")],
      [path.join(work, "indexes/missing"), path.join(work, "site-3/pagefind-1")],
      [froms[1]!, path.join(work, "site-3/pagefind-2")],
    ]);
    assert.deepEqual(failed, [1]);
    assert.equal(await readFile(path.join(work, "site-3/pagefind-2/fragment/a.pf_fragment"), "utf8"), "two");
    assert.equal((await stat(path.join(work, "site-3/pagefind/fragment/a.pf_fragment"))).ino, (await stat(path.join(froms[0]!, "fragment/a.pf_fragment"))).ino);
  });
});

describe("linkSameFiles", () => {
  test("puts in place of each file the oldest of the sources' files of its path with the same bytes, as a link that keeps its time, unless one has other bytes", async () => {
    const dir = path.join(work, "same/written");
    const [older, oldest] = [path.join(work, "same/older"), path.join(work, "same/oldest")];
    const write = async (folder: string, file: string, text: string, time?: Date) => {
      await mkdir(path.dirname(path.join(folder, file)), { recursive: true });
      await writeFile(path.join(folder, file), text);
      if (time) await utimes(path.join(folder, file), time, time);
    };
    const [then, before] = [new Date("2026-01-05T10:00:00Z"), new Date("2026-01-06T10:00:00Z")];
    for (const [file, text] of Object.entries({ "fragment/a": "story a", "fragment/b": "story b", "fragment/c": "story c", "index/i": "chunk", "fragment/new": "story d" })) await write(dir, file, text);
    await write(oldest, "fragment/b", "story b", then);
    await write(older, "fragment/b", "story b", before);
    await write(older, "index/i", "chunk", before);
    // Other bytes under the same name (two indexes may name different bytes alike), of the same length and not.
    await write(oldest, "fragment/a", "story a", then);
    await write(older, "fragment/a", "story A", before);
    await write(older, "fragment/c", "story c, longer", before);
    // A source whose folder cannot be read (here a file) is passed over, as is one missing.
    await write(path.join(work, "same"), "broken/index", "not a folder");

    const files = ["fragment/a", "fragment/b", "fragment/c", "index/i", "fragment/new"];
    assert.equal(await linkSameFiles(dir, files, [path.join(work, "same/missing"), path.join(work, "same/broken"), older, oldest]), 2);
    for (const [file, source, time] of [["fragment/b", oldest, then], ["index/i", older, before]] as const) {
      const [placed, kept] = [await stat(path.join(dir, file)), await stat(path.join(source, file))];
      assert.equal(placed.ino, kept.ino, `${file} is the kept file`);
      assert.equal(placed.mtimeMs, time.getTime(), `${file} has the time it was first written`);
    }
    for (const file of ["fragment/a", "fragment/c", "fragment/new"]) {
      assert.ok((await stat(path.join(dir, file))).mtimeMs > before.getTime(), `${file} is left as it was written`);
    }
    assert.equal(await readFile(path.join(dir, "fragment/a"), "utf8"), "story a");
    assert.deepEqual((await readdir(path.join(dir, "fragment"))).sort(), ["a", "b", "c", "new"], "nothing is left beside them");
    assert.equal(await linkSameFiles(dir, files, [older, oldest]), 0, "a file already linked is left as it is");
  });
});

describe("byFolder", () => {
  test("splits files into lists of about the same length, keeping each top-level folder's files together", () => {
    const files = [
      ...Array.from({ length: 6 }, (_, index) => [`s${index}`, `s/c${index}/index.html`] as const),
      ...Array.from({ length: 3 }, (_, index) => [`w${index}`, `world/w${index}/index.html`] as const),
      ...Array.from({ length: 2 }, (_, index) => [`b${index}`, `business/b${index}/index.html`] as const),
      ["home", "index.html"] as const,
    ];
    const lists = byFolder(files, 2);
    assert.equal(lists.length, 2);
    assert.deepEqual(lists.map((list) => list.length).sort(), [6, 6]);
    assert.deepEqual(new Set(lists.flat()), new Set(files), "every file, once");
    const top = (file: readonly [string, string]) => file[1].split("/")[0];
    for (const folder of ["s", "world", "business"]) {
      assert.equal(lists.filter((list) => list.some((file) => top(file) === folder)).length, 1, `${folder}/ in one list`);
    }
    assert.deepEqual(byFolder([], 2), []);
    assert.equal(byFolder(files, 1).length, 1);
  });
});
