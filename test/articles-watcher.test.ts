import assert from "node:assert/strict";
import { readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { appendFile, chmod, mkdir, open, rename, rm, symlink, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { afterEach, beforeEach, describe, test } from "node:test";
import { SETTLE_MS, watchArticlesFolder, type ArticlesWatcher, type ArticlesWatcherOptions } from "../src/articles-watcher.ts";
import { makeTempDir } from "./helpers/site.ts";
import type { StoryRead } from "../src/article-cache.ts";
import { sourceHash } from "../src/article-loader.ts";
import { fileVersion } from "../src/image-requests.ts";

/** A watcher of a fresh articles folder, and what it reported: each file's path (and what the file held then), in order. */
interface Watched {
  articles: string;
  watcher: ArticlesWatcher;
  reports: { file: string; text?: string }[];
  cameBack: number;
  /** What the watcher told of its settling, with the reports in between ("report 2026/a.md"), in order. */
  settling: string[];
}

describe("the articles folder's own watcher", () => {
  let dir: string;
  let watched: Watched | undefined;

  beforeEach(async () => {
    dir = await makeTempDir("news-articles-watcher-");
  });

  afterEach(async () => {
    watched?.watcher.close();
    watched = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * Starts watching `articles` under the test's folder once `prepare` has filled it; `began` is called as each
   * settling begins; `lastRead` stands for what the preview's build last read of a story, `lastUsed` for the
   * version of a picture its pages were made from.
   */
  async function watching(
    prepare: (articles: string) => Promise<void> = async () => undefined,
    { began, lastRead, lastUsed }: { began?: () => void } & Pick<ArticlesWatcherOptions, "lastRead" | "lastUsed"> = {},
  ): Promise<Watched> {
    const articles = path.join(dir, "articles");
    await mkdir(articles, { recursive: true });
    await prepare(articles);
    const reports: Watched["reports"] = [];
    const started: Watched = { articles, reports, cameBack: 0, settling: [], watcher: undefined as unknown as ArticlesWatcher };
    started.watcher = watchArticlesFolder(articles, {
      changed: (file) => {
        let text: string | undefined;
        try {
          text = readFileSync(file, "utf8");
        } catch {
          text = undefined; // gone, or a folder
        }
        reports.push({ file: path.relative(articles, file), text });
        started.settling.push(`report ${path.relative(articles, file)}`);
      },
      cameBack: () => started.cameBack++,
      settling: (settling) => {
        started.settling.push(settling ? "settling" : "settled");
        if (settling) began?.();
      },
      lookEveryMs: 20,
      lastRead,
      lastUsed,
    });
    watched = started;
    return started;
  }

  /** Waits until the watcher has reported `file` (relative to the articles folder), with `text` when given. */
  async function reported(what: Watched, file: string, text?: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!what.reports.some((report) => report.file === file && (text === undefined || report.text === text))) {
      if (Date.now() > deadline) assert.fail(`${file} was not reported${text === undefined ? "" : ` holding ${JSON.stringify(text)}`}; reported: ${JSON.stringify(what.reports)}`);
      await delay(5);
    }
  }

  /** Makes `change`, then waits until the watcher has settled it, reported or not. */
  async function changeSettled(what: Watched, change: () => unknown): Promise<void> {
    what.settling.length = 0;
    await change();
    const deadline = Date.now() + 10_000;
    while (what.settling.at(-1) !== "settled" && Date.now() < deadline) await delay(5);
    assert.deepEqual(what.settling.filter((told) => !told.startsWith("report ")), ["settling", "settled"]);
  }

  test("says when changes begin to settle and when none is left, after the last is reported; a leftover it drops ends its settling too", async () => {
    const what = await watching(async (articles) => {
      await mkdir(path.join(articles, "2026"), { recursive: true });
    });
    await writeFile(path.join(what.articles, "2026", "a.md"), "---\n---\n");
    await writeFile(path.join(what.articles, "2026", "b.md"), "---\n---\n");
    await reported(what, "2026/a.md");
    await reported(what, "2026/b.md");
    while (what.settling.at(-1) !== "settled") await delay(5);
    // One settling for both, or one each should the machine be slow between the two writes: each report inside one.
    let settling = false;
    for (const told of what.settling) {
      if (told.startsWith("report ")) assert.ok(settling, `${told} while settling: ${what.settling.join(", ")}`);
      else assert.equal(settling, told === "settled", `${told} after ${settling ? "settling" : "settled"}: ${what.settling.join(", ")}`);
      if (!told.startsWith("report ")) settling = told === "settling";
    }
    assert.deepEqual(what.settling.filter((told) => told.startsWith("report ")).sort(), ["report 2026/a.md", "report 2026/b.md"]);
    what.settling.length = 0;
    // An Emacs backup is not reported, and its settling ends all the same.
    await writeFile(path.join(what.articles, "2026", "a.md~"), "---\n---\n");
    while (what.settling.at(-1) !== "settled") await delay(5);
    assert.deepEqual(what.settling, ["settling", "settled"]);
  });

  test("watches the folders, not the files: 300 stories in 3 month folders take 6 watches (the folder, a year, three months and a new one)", async () => {
    const what = await watching(async (articles) => {
      for (const month of ["01", "02", "03"]) {
        await mkdir(path.join(articles, "2026", month), { recursive: true });
        for (let story = 0; story < 100; story++) await writeFile(path.join(articles, "2026", month, `story-${story}.md`), "---\n---\n");
      }
      // Hidden folders are not watched, as the archive's listing skips them.
      await mkdir(path.join(articles, ".git", "objects"), { recursive: true });
    });
    assert.equal(what.watcher.watches, 5);
    await mkdir(path.join(what.articles, "2026", "04"));
    await writeFile(path.join(what.articles, "2026", "04", "new.md"), "---\n---\n");
    await reported(what, "2026/04/new.md");
    assert.equal(what.watcher.watches, 6);
  });

  test("a saved story is reported once it has settled; a story written in two steps, whole", async () => {
    const what = await watching(async (articles) => writeFile(path.join(articles, "story.md"), "first"));
    const file = await open(path.join(what.articles, "story.md"), "w");
    await file.write("---\nheadline: Half");
    // A pause shorter than the settling (on a loaded machine it may be longer: the whole is then reported after the half).
    await delay(5);
    await file.write(" and whole\n---\n");
    await file.close();
    await reported(what, "story.md", "---\nheadline: Half and whole\n---\n");
    assert.equal(what.reports.at(-1)!.text, "---\nheadline: Half and whole\n---\n");
  });

  // Node's writeFile (and the editors built on it) truncates, then writes, each step on another thread: on a
  // loaded machine the write came after the settling, and the preview rebuilt for an empty story.
  test("a save seen between its truncation and its write is reported once, whole; a story emptied on purpose, once it has stayed empty", async () => {
    const what = await watching(async (articles) => writeFile(path.join(articles, "story.md"), "first"));
    const file = await open(path.join(what.articles, "story.md"), "w");
    await delay(SETTLE_MS * 4);
    await file.write("---\nheadline: Saved\n---\n");
    await file.close();
    await reported(what, "story.md", "---\nheadline: Saved\n---\n");
    assert.deepEqual(what.reports, [{ file: "story.md", text: "---\nheadline: Saved\n---\n" }]);
    await writeFile(path.join(what.articles, "story.md"), "");
    await reported(what, "story.md", "");
  });

  test("a deleted story is reported; a story saved by rename (moved aside, written anew) is reported as there", async () => {
    const what = await watching(async (articles) => {
      await writeFile(path.join(articles, "gone.md"), "gone");
      await writeFile(path.join(articles, "kept.md"), "kept");
    });
    await rm(path.join(what.articles, "gone.md"));
    await reported(what, "gone.md");
    assert.equal(what.reports.at(-1)!.text, undefined);
    await rename(path.join(what.articles, "kept.md"), path.join(what.articles, "kept.md~"));
    await writeFile(path.join(what.articles, "kept.md"), "kept, saved");
    await rm(path.join(what.articles, "kept.md~"));
    await reported(what, "kept.md", "kept, saved");
    assert.deepEqual(
      what.reports.map((report) => report.file),
      ["gone.md", "kept.md"],
      "the editor's backup is not reported, and the story only as saved",
    );
  });

  // The archive's listing takes in a link of any name and a rebuild may refuse one (src/stray-stories.ts): the
  // refusal stayed on every page once the link had gone, where a name without an extension was not reported.
  test("a symbolic link, whatever its name, is reported as it comes and as it goes, one there from the start too; so is a folder's, which is not followed", async () => {
    const what = await watching(async (articles) => {
      await mkdir(path.join(dir, "shared"));
      await writeFile(path.join(dir, "shared", "harbour.md"), "---\n---\n");
      await symlink(path.join(dir, "shared", "harbour.md"), path.join(articles, "old-link"));
    });
    await symlink(path.join(dir, "shared", "harbour.md"), path.join(what.articles, "harbour"));
    await symlink(path.join(dir, "shared"), path.join(what.articles, "shared"));
    await reported(what, "harbour");
    await reported(what, "shared");
    assert.equal(what.watcher.watches, 1, "the link to a folder is not watched through");
    what.reports.length = 0;
    for (const link of ["harbour", "shared", "old-link"]) await rm(path.join(what.articles, link));
    for (const link of ["harbour", "shared", "old-link"]) await reported(what, link);
    assert.ok(what.reports.every((report) => report.text === undefined), JSON.stringify(what.reports));
    // A file of such a name that is no link is not reported gone: vim makes and removes its "4913" on every save.
    await writeFile(path.join(what.articles, "4913"), "");
    await reported(what, "4913");
    await rm(path.join(what.articles, "4913"));
    await delay(SETTLE_MS * 5);
    assert.equal(what.reports.filter((report) => report.file === "4913").length, 1, JSON.stringify(what.reports));
  });

  // On a busy machine a save by rename's new copy came up to 43 ms after the old went (fifty-first round): one
  // that came 60 ms late was reported deleted after 20 ms, the rebuild removed its page, and the preview
  // answered 404 until the copy's own rebuild.
  test("a story moved aside (story.md~) whose new copy comes 60 ms later is reported once, as saved; deleted beside a backup kept, it is reported", async () => {
    const what = await watching(async (articles) => writeFile(path.join(articles, "kept.md"), "kept"));
    renameSync(path.join(what.articles, "kept.md"), path.join(what.articles, "kept.md~"));
    await delay(60);
    writeFileSync(path.join(what.articles, "kept.md"), "kept, saved late");
    await reported(what, "kept.md", "kept, saved late");
    assert.deepEqual(what.reports, [{ file: "kept.md", text: "kept, saved late" }]);
    // vim's `set backup` keeps the backup after the save: a deletion then is reported all the same, later.
    rmSync(path.join(what.articles, "kept.md"));
    const deadline = Date.now() + 10_000;
    while (what.reports.length < 2 && Date.now() < deadline) await delay(5);
    assert.deepEqual(what.reports.at(-1), { file: "kept.md", text: undefined });
  });

  // vim writes, fsyncs, then chmods: when the fsync outlasted the settling, the chmod was a second report, and the
  // preview rebuilt and reloaded twice for one save (fifty-first round, 2 of 20 saves at load 14).
  test("a story whose mode alone changes after its report (vim's chmod after a slow fsync) is not reported again; touched, or rewritten with its time put back (touch -r), it is", async () => {
    const what = await watching(async (articles) => writeFile(path.join(articles, "story.md"), "first"));
    const story = path.join(what.articles, "story.md");
    const settledAfter = (change: () => unknown) => changeSettled(what, change);
    await settledAfter(() => writeFile(story, "saved"));
    assert.deepEqual(what.reports, [{ file: "story.md", text: "saved" }]);
    await delay(SETTLE_MS * 3);
    await settledAfter(() => chmod(story, 0o600));
    await settledAfter(() => chmod(story, 0o644));
    assert.deepEqual(what.reports, [{ file: "story.md", text: "saved" }], "the chmods are not reported");
    // `touch`: the same bytes, a new modification time.
    const { mtime } = statSync(story);
    await settledAfter(() => utimes(story, mtime, new Date(mtime.getTime() + 2000)));
    assert.equal(what.reports.length, 2, JSON.stringify(what.reports));
    // `touch -r` over a rewrite of the same length: the time put back, the bytes changed.
    const touched = statSync(story).mtime;
    await settledAfter(() => {
      writeFileSync(story, "SAVED");
      utimesSync(story, touched, touched);
    });
    assert.deepEqual(what.reports.at(-1), { file: "story.md", text: "SAVED" });
    // Deleted, then written anew as it was, with its time put back: reported as there again.
    await settledAfter(() => rm(story));
    await settledAfter(() => {
      writeFileSync(story, "SAVED");
      utimesSync(story, touched, touched);
    });
    assert.deepEqual(what.reports.at(-1), { file: "story.md", text: "SAVED" });
    assert.equal(what.reports.length, 5, JSON.stringify(what.reports));
  });

  // A photo beside the stories is not read whole to be compared (src/reported-files.ts): its modification time,
  // size and inode are its facts, as they are for the preview's pictures (src/image-requests.ts).
  test("a photo whose mode alone changes after its report is not reported; touched, rewritten, or replaced by another of its size and time, it is", async () => {
    const what = await watching();
    const photo = path.join(what.articles, "harbour.jpg");
    await changeSettled(what, () => writeFile(photo, "a photograph"));
    assert.deepEqual(what.reports.map((report) => report.file), ["harbour.jpg"]);
    await delay(SETTLE_MS * 3);
    await changeSettled(what, () => chmod(photo, 0o600));
    await changeSettled(what, () => chmod(photo, 0o644));
    assert.equal(what.reports.length, 1, `the chmods are not reported: ${JSON.stringify(what.reports)}`);
    // `touch`: the same bytes, a new modification time.
    const { mtime } = statSync(photo);
    const touched = new Date(mtime.getTime() + 2000);
    await changeSettled(what, () => utimes(photo, touched, touched));
    assert.equal(what.reports.length, 2, JSON.stringify(what.reports));
    await changeSettled(what, () => writeFile(photo, "another photograph"));
    assert.deepEqual(what.reports.at(-1), { file: "harbour.jpg", text: "another photograph" });
    // Replaced by a copy of its size and time (`cp -p` of one made the same second, renamed over it): a new inode.
    const second = new Date(Math.floor(Date.now() / 1000) * 1000 + 5000);
    await changeSettled(what, () => utimes(photo, second, second));
    await changeSettled(what, () => {
      writeFileSync(`${photo}.new`, "a third photograph");
      utimesSync(`${photo}.new`, second, second);
      renameSync(`${photo}.new`, photo);
    });
    const photoReports = what.reports.filter((report) => report.file === "harbour.jpg");
    assert.equal(photoReports.length, 5, JSON.stringify(what.reports));
    assert.deepEqual(photoReports.at(-1), { file: "harbour.jpg", text: "a third photograph" });
  });

  // Before its first report since npm start began, a story is compared with what the build last read of it.
  test("a story not reported yet, as the build last read it, is not reported for a chmod; one changed since that read, or put back after it went, is", async () => {
    const asRead = new Map<string, StoryRead>();
    const read = (file: string) => {
      const info = statSync(file, { bigint: true });
      asRead.set(file, { mtimeNs: info.mtimeNs, size: info.size, sourceHash: sourceHash(readFileSync(file)) });
    };
    const what = await watching(
      async (articles) => {
        await mkdir(path.join(articles, "2026"));
        for (const story of ["read.md", "saved.md", "gone.md", "2026/moved.md"]) {
          await writeFile(path.join(articles, story), `${story} as read`);
          // A whole second, so that the story can be put back with its time to the nanosecond.
          utimesSync(path.join(articles, story), 1_800_000_000, 1_800_000_000);
          read(path.join(articles, story));
        }
        // Saved after the build read it: the first build's read is older than the story.
        await writeFile(path.join(articles, "saved.md"), "saved.md as saved");
      },
      { lastRead: (file) => asRead.get(file) },
    );
    const story = (name: string) => path.join(what.articles, name);
    await changeSettled(what, () => chmod(story("read.md"), 0o600));
    assert.deepEqual(what.reports, [], "as the build read it");
    await changeSettled(what, () => chmod(story("saved.md"), 0o600));
    assert.deepEqual(what.reports, [{ file: "saved.md", text: "saved.md as saved" }]);
    // Deleted, then put back as it was, time and all: the build's read of it may not be undone yet.
    await changeSettled(what, () => rm(story("gone.md")));
    await changeSettled(what, () => {
      writeFileSync(story("gone.md"), "gone.md as read");
      utimesSync(story("gone.md"), 1_800_000_000, 1_800_000_000);
    });
    assert.deepEqual(what.reports.slice(1), [
      { file: "gone.md", text: undefined },
      { file: "gone.md", text: "gone.md as read" },
    ]);
    // So with a folder moved away and back.
    await rename(path.join(what.articles, "2026"), path.join(dir, "2026"));
    await reported(what, "2026");
    await rename(path.join(dir, "2026"), path.join(what.articles, "2026"));
    await reported(what, "2026/moved.md", "2026/moved.md as read");
  });

  // Before its first report since npm start began, a picture is compared with the version the build's pictures were made from.
  test("a photo not reported yet, at the version the build used, is not reported for a chmod; touched, rewritten, replaced, put back after it went, or one the build has not used, it is", async () => {
    const used = new Map<string, string>();
    const use = (file: string) => used.set(file, fileVersion(statSync(file, { bigint: true })));
    const what = await watching(
      async (articles) => {
        for (const name of ["used.jpg", "touched.jpg", "rewritten.jpg", "replaced.jpg", "gone.jpg", "unused.jpg", "unreadable.jpg"]) {
          await writeFile(path.join(articles, name), `${name} as used`);
          // A whole second, so that a copy can be given its time to the nanosecond.
          utimesSync(path.join(articles, name), 1_800_000_000, 1_800_000_000);
          if (name !== "unused.jpg") use(path.join(articles, name));
        }
      },
      { lastUsed: (file) => used.get(file) },
    );
    const photo = (name: string) => path.join(what.articles, name);
    const reports = () => what.reports.map((report) => report.file);
    await changeSettled(what, () => chmod(photo("used.jpg"), 0o600));
    assert.deepEqual(reports(), [], "as the build used it");
    await changeSettled(what, () => utimes(photo("touched.jpg"), 1_800_000_002, 1_800_000_002));
    await changeSettled(what, () => writeFile(photo("rewritten.jpg"), "rewritten.jpg saved"));
    // A copy of its size and time renamed over it: a new inode.
    const copy = path.join(what.articles, ".replaced.jpg.new");
    await changeSettled(what, () => {
      writeFileSync(copy, "replaced.jpg as used");
      utimesSync(copy, 1_800_000_000, 1_800_000_000);
      renameSync(copy, photo("replaced.jpg"));
    });
    assert.deepEqual(reports(), ["touched.jpg", "rewritten.jpg", "replaced.jpg"]);
    // Moved away and back (its inode and time kept): the stories that showed it were refused meanwhile.
    await changeSettled(what, () => rename(photo("gone.jpg"), path.join(dir, "gone.jpg")));
    await changeSettled(what, () => rename(path.join(dir, "gone.jpg"), photo("gone.jpg")));
    assert.deepEqual(reports().slice(3), ["gone.jpg", "gone.jpg"]);
    await changeSettled(what, () => chmod(photo("unused.jpg"), 0o600));
    assert.deepEqual(reports().slice(5), ["unused.jpg"], "no version to compare with");
    // Reported as no picture it can read (here a link put in its place, as `chmod 000` is for anyone but root),
    // then back as the build used it: the rebuild for the first report refused its stories.
    const aside = path.join(what.articles, ".unreadable.jpg");
    await changeSettled(what, () => {
      renameSync(photo("unreadable.jpg"), aside);
      symlinkSync("used.jpg", photo("unreadable.jpg"));
    });
    await changeSettled(what, () => renameSync(aside, photo("unreadable.jpg")));
    assert.deepEqual(reports().slice(6), ["unreadable.jpg", "unreadable.jpg"]);
  });

  // On a busy machine the watcher's loop can be late: a save's last event then reaches it after the settling
  // begun by its first has already reported the save, whole. That event was a report of its own, and a second rebuild.
  test("an event of a save reaching the watcher after the save was reported, whole (its loop late), is not reported again", async () => {
    let story = "";
    // Once the first write's event has begun the settling: the rest written, then the loop held past the settling.
    // From the loop's check phase, after its events were read and before its timers run.
    let held = false;
    const lateLoop = () => {
      if (held) return;
      held = true;
      setImmediate(() => {
        writeFileSync(story, "half and whole");
        for (const until = Date.now() + SETTLE_MS * 3; Date.now() < until; );
      });
    };
    const what = await watching(async (articles) => writeFile(path.join(articles, "story.md"), "first"), { began: lateLoop });
    story = path.join(what.articles, "story.md");
    writeFileSync(story, "half");
    await reported(what, "story.md", "half and whole");
    while (what.settling.at(-1) !== "settled") await delay(5);
    await delay(SETTLE_MS * 3);
    while (what.settling.at(-1) !== "settled") await delay(5);
    assert.deepEqual(what.reports, [{ file: "story.md", text: "half and whole" }]);
  });

  test("a month folder made with a story in it, moved in whole, and one removed, are reported; hidden files are not", async () => {
    const what = await watching(async (articles) => void (await mkdir(path.join(articles, "2026", "01"), { recursive: true })));
    await writeFile(path.join(what.articles, ".story.md.swp"), "vim's");
    await mkdir(path.join(dir, "elsewhere", "03"), { recursive: true });
    await writeFile(path.join(dir, "elsewhere", "03", "moved.md"), "moved in");
    await rename(path.join(dir, "elsewhere", "03"), path.join(what.articles, "2026", "03"));
    await mkdir(path.join(what.articles, "2026", "02"));
    await writeFile(path.join(what.articles, "2026", "02", "made.md"), "made");
    await reported(what, "2026/03/moved.md", "moved in");
    await reported(what, "2026/02/made.md", "made");
    await rm(path.join(what.articles, "2026", "03"), { recursive: true });
    await reported(what, "2026/03");
    assert.ok(!what.reports.some((report) => report.file.includes(".swp")), JSON.stringify(what.reports));
    assert.equal(what.watcher.watches, 4, "the folder, the year, January and February");
  });

  test("the articles folder deleted is reported, and once one is there again it is watched and said to be back", async () => {
    const what = await watching(async (articles) => writeFile(path.join(articles, "story.md"), "story"));
    await rm(what.articles, { recursive: true });
    await reported(what, "");
    assert.equal(what.watcher.watches, 0);
    await mkdir(what.articles);
    const deadline = Date.now() + 10_000;
    while (what.cameBack === 0 && Date.now() < deadline) await delay(5);
    assert.equal(what.cameBack, 1);
    await appendFile(path.join(what.articles, "story.md"), "again");
    await reported(what, "story.md", "again");
  });
});
