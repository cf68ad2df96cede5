import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, open, readFile, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { networkInterfaces } from "node:os";
import { solidPng } from "./helpers/images.ts";
import { freePort } from "./helpers/ports.ts";
import { eventually, getPage, groupHasProcesses, PREVIEW_NODE_OPTIONS, previewOf, projectCopy, startPreview, stopPreview, TIMEOUT_MS } from "./helpers/preview-process.ts";
import { pidNotingPagefind } from "./helpers/pagefind.ts";
import { processState } from "./helpers/process-state.ts";
import path from "node:path";
import { Transform } from "node:stream";
import { setTimeout as delay } from "node:timers/promises";
import { Eleventy, type UserConfig } from "@11ty/eleventy";
import { finishedBuilds } from "../src/preview-log.ts";
import { currentNotice, loadForPreview, noticeFor, resetPreviewState } from "../src/preview-server.ts";
import { ArticleValidationError, type Problem } from "../src/problems.ts";
import { parseHTML } from "linkedom";
import { searchStagingFolder } from "../src/search-index.ts";
import { PREVIEW_OUTPUT } from "../src/cli/preview-options.ts";
import { article, endedPid, filesUnder, makeFixtureSite, makeTempDir, readPage, removeTempDir, runCli, textOf } from "./helpers/site.ts";
import { watchInProcess } from "./helpers/preview.ts";


describe("the preview notice", () => {
  test("lists the problems, escaped, while articles are broken", () => {
    const page = noticeFor({ rebuilding: false, problems: "a.md:3: headline: found <b>" })!;
    assert.match(page, /<h1>The articles have problems<\/h1>/);
    assert.match(page, /a\.md:3: headline: found &lt;b&gt;/);
  });

  test("advises adding the file when an article names one that is not there yet, and fixing the article otherwise", () => {
    assert.match(noticeFor({ rebuilding: false, problems: "a.md:6: image.src: found no file", missingFiles: ["/site/articles/a.png"] })!, /Save the fixed file, or add the missing file, and this page reloads by itself/);
    assert.doesNotMatch(noticeFor({ rebuilding: false, problems: "a.md:3: headline: found <b>" })!, /missing file/);
  });

  test("names a failed build's cause, escaped, with the terminal's advice, over a rebuild under way, and marks which failed build it shows", () => {
    const details = "(./templates/article.njk) [Line 3, Column 1]\n  unknown block tag: <b>";
    const { document } = parseHTML(noticeFor({ rebuilding: true, problems: "a.md:3: headline: found nothing", failure: { details, first: false, number: 2 } })!);
    assert.equal(textOf(document.querySelector("h1")), "The preview could not be rebuilt");
    assert.equal(document.querySelector("pre")?.textContent, details);
    assert.equal(document.querySelector("pre b"), null);
    assert.match(textOf(document.querySelector("p")), /not because of an article's problem\. Fix it and save: the preview rebuilds by itself, and this page reloads\./);
    assert.equal(document.querySelector('meta[name="news-preview-failure"]')?.getAttribute("content"), "2");
    assert.equal(textOf(parseHTML(noticeFor({ rebuilding: false, failure: { details, first: true, number: 1 } })!).document.querySelector("h1")), "The preview could not be built");
    // The other notices show no failed build.
    assert.equal(parseHTML(noticeFor({ rebuilding: true })!).document.querySelector('meta[name="news-preview-failure"]')?.getAttribute("content"), "");
  });

  test("says a rebuild is under way, and nothing when the preview is up to date", () => {
    assert.match(noticeFor({ rebuilding: true })!, /Rebuilding the preview/);
    assert.equal(noticeFor({ rebuilding: false }), undefined);
  });
});

describe("loadForPreview", () => {
  const broken = () => Promise.reject(new ArticleValidationError([{ file: "a.md", line: 2, field: "headline", message: "required, but missing" }]));
  const withRunMode = async <T>(mode: string, work: () => Promise<T>): Promise<T> => {
    const saved = process.env.ELEVENTY_RUN_MODE;
    process.env.ELEVENTY_RUN_MODE = mode;
    resetPreviewState();
    try {
      return await work();
    } finally {
      process.env.ELEVENTY_RUN_MODE = saved;
      resetPreviewState();
    }
  };

  test("the terminal's advice fits the problem: a missing file may be added rather than the article fixed", async () => {
    const missing = { file: "a.md", line: 6, field: "image.src", message: "expected an image file beside the article or under public/; found no file at articles/a.png", missingFile: ["/site/articles/a.png"] };
    const printedFor = async (problems: Problem[]) => {
      const originalError = console.error;
      let printed = "";
      console.error = (text: string) => (printed += text);
      try {
        await withRunMode("serve", () => loadForPreview(() => Promise.reject(new ArticleValidationError(problems)), () => []));
      } finally {
        console.error = originalError;
      }
      return printed;
    };
    assert.match(await printedFor([missing]), /\n {2}Fix the article, or add the missing file: the preview rebuilds by itself\. Until then/);
    assert.match(await printedFor([missing, { ...missing, file: "b.md" }]), /Fix the articles, or add the missing files: the preview rebuilds by itself\./);
    assert.match(await printedFor([{ file: "a.md", line: 2, field: "headline", message: "required, but missing" }]), /\n {2}Fix the article and save: the preview rebuilds by itself\./);
  });

  test("a production build stops on broken articles", async () => {
    await withRunMode("build", () => assert.rejects(loadForPreview(broken, () => []), ArticleValidationError));
  });

  test("the preview goes on with no articles and shows the problems instead of pages", async () => {
    await withRunMode("serve", async () => {
      const originalError = console.error;
      let printed = "";
      console.error = (text: string) => (printed += text);
      try {
        assert.deepEqual(await loadForPreview(broken, () => []), []);
      } finally {
        console.error = originalError;
      }
      assert.match(printed, /The preview is NOT up to date\. 1 problem in 1 article file:\n {2}a\.md:2: headline: required, but missing/);
      assert.match(currentNotice()!, /a\.md:2: headline: required, but missing/);
      assert.deepEqual(await loadForPreview(() => Promise.resolve(["fine"]), () => []), ["fine"]);
      assert.equal(currentNotice(), undefined, "a good build clears the notice");
    });
  });
});

// npm start writes the pages itself (src/preview-pages.ts): Eleventy's summary of each build ("Wrote 0 files")
// contradicted its count, and was what tests and npm run bench:preview took for the end of a rebuild.
describe("the preview's terminal", () => {
  test("ends every build with a line of the preview's own, once its pages are written and the eleventy.after handlers have ended, and never with Eleventy's summary", { timeout: 120_000 }, async () => {
    const site = await makeFixtureSite({ "story.md": article({ headline: "Harbour reopens" }) }, { search: false });
    const story = path.join(site.articlesDir, "story.md");
    const page = path.join(site.outputDir, "world/story/index.html");
    const HANDLER_ENDED = "(a slow eleventy.after handler ended)";
    const printed: string[] = [];
    let failNext = false;
    const config = (eleventyConfig: UserConfig) => {
      eleventyConfig.on("eleventy.after", async () => {
        await delay(200);
        printed.push(HANDLER_ENDED);
        if (failNext) {
          failNext = false;
          throw new Error("The handler's own failure");
        }
      });
    };
    const print = (line: string) => {
      const plain = line.replace(/\u001b\[[0-9;]*m/g, "");
      printed.push(plain);
      // The story's page on disk as the line is printed.
      if (finishedBuilds(plain) > 0) printed.push(`page: ${textOf(parseHTML(readFileSync(page, "utf8")).document.querySelector("h1"))}`);
    };
    /** Saves the story, and waits for the line of the rebuild the watcher makes for it. */
    const saved = async (text: string) => {
      const lines = finishedBuilds(printed.join("\n"));
      await writeFile(story, text);
      const deadline = Date.now() + 60_000;
      while (finishedBuilds(printed.join("\n")) === lines && Date.now() < deadline) await delay(20);
    };
    try {
      const env = { NEWS_ARTICLES_DIR: site.articlesDir, NEWS_SETTINGS_FILE: site.settingsFile, NEWS_NOW: "2026-01-10T00:00:00Z" };
      await watchInProcess(
        site.outputDir,
        env,
        async (rebuildFor) => {
          // A rebuild with nothing changed (meanwhile the watcher gets ready).
          await rebuildFor(path.relative(process.cwd(), story));
          await saved(article({ headline: "Harbour reopens again" }));
          await saved(article({ headline: "Harbour reopens again", date: "next Tuesday" }));
          failNext = true;
          await saved(article({ headline: "Harbour reopens at last" }));
        },
        { print, config },
      );
    } finally {
      await site.remove();
    }
    const all = printed.join("\n");
    // The story as the watcher or the rebuild function named it.
    const finished = printed.filter((line) => finishedBuilds(line) > 0).map((line) => line.replace(/\S*story\.md/, "STORY"));
    const expected = [
      /^✓ Preview built in \d+\.\d\d s: all articles are valid\. \d+ pages written\.$/,
      /^✓ Preview rebuilt for STORY in \d+\.\d\d s: all articles are valid\. \d+ pages? written\.$/,
      /^✓ Preview rebuilt for STORY in \d+\.\d\d s: all articles are valid\. \d+ pages? written\.$/,
      /^✗ Preview rebuilt for STORY in \d+\.\d\d s, with the problems above\.$/,
      /^✗ Preview rebuild for STORY failed after \d+\.\d\d s \(The handler's own failure\), with Eleventy's error above\. Fix it and save: the preview rebuilds by itself\.$/,
    ];
    assert.equal(finished.length, expected.length, all);
    finished.forEach((line, build) => assert.match(line, expected[build]!, all));
    // Each build's line comes after its eleventy.after handler has ended, with the story's page as it wrote it.
    const order = printed.filter((line) => line === HANDLER_ENDED || finishedBuilds(line) > 0 || line.startsWith("page: ")).map((line) => (finishedBuilds(line) > 0 ? "line" : line));
    const build = (headline: string) => [HANDLER_ENDED, "line", `page: ${headline}`];
    assert.deepEqual(order, [...build("Harbour reopens"), ...build("Harbour reopens"), ...build("Harbour reopens again"), ...build("Harbour reopens again"), ...build("Harbour reopens at last")], all);
    // Eleventy's other lines still reach the terminal: the articles' problems, and the failed build's error.
    assert.match(all, /The preview is NOT up to date\. 1 problem in 1 article file:\n {2}.*story\.md:3: date:/);
    assert.match(all, /^\[11ty\] Problem writing Eleventy templates/m);
    assert.match(all, /The handler's own failure/);
    assert.deepEqual(printed.filter((line) => /Wrote \d+ files?/.test(line)), [], "Eleventy's summary is not printed");
  });
});

// A template with a Nunjucks error, a filter that throws, an eleventy.config.ts that no longer loads, a full disk:
// every page said "Rebuilding the preview…" until the next good build, and a first build's failure stopped npm start.
describe("a build that fails for a reason other than the articles' problems", () => {
  test("is named on every page, escaped, from the first build on, until a build succeeds; each failure anew", { timeout: 120_000 }, async () => {
    const site = await makeFixtureSite({ "story.md": article({ headline: "Harbour reopens" }) }, { search: false });
    const story = path.relative(process.cwd(), path.join(site.articlesDir, "story.md"));
    let failing: string | undefined = 'unknown filter "<img src=x onerror=alert(1)>" in templates/article.njk [Line 3, Column 5]';
    const config = (eleventyConfig: UserConfig) => {
      eleventyConfig.addTransform("fails on demand", async (content: string) => {
        if (!failing) return content;
        throw new Error(failing);
      });
    };
    const printed: string[] = [];
    /** The notice every page shows now: its heading, its details and which failed build it marks. */
    const shown = () => {
      const notice = currentNotice();
      if (notice === undefined) return undefined;
      const { document } = parseHTML(notice);
      return { title: textOf(document.querySelector("h1")), details: document.querySelector("pre")?.textContent ?? "", failure: document.querySelector('meta[name="news-preview-failure"]')?.getAttribute("content"), injected: document.querySelector("pre img") !== null };
    };
    const seen: ReturnType<typeof shown>[] = [];
    try {
      const env = { NEWS_ARTICLES_DIR: site.articlesDir, NEWS_SETTINGS_FILE: site.settingsFile, NEWS_NOW: "2026-01-10T00:00:00Z" };
      await watchInProcess(
        site.outputDir,
        env,
        async (rebuildFor) => {
          seen.push(shown());
          failing = undefined;
          await rebuildFor(story);
          seen.push(shown());
          failing = "ENOSPC: no space left on device, write";
          await rebuildFor(story);
          seen.push(shown());
          failing = "Another cause";
          await rebuildFor(story);
          seen.push(shown());
          failing = undefined;
          await rebuildFor(story);
          seen.push(shown());
        },
        { print: (line) => printed.push(line.replace(/\u001b\[[0-9;]*m/g, "")), config },
      );
    } finally {
      await site.remove();
    }
    const all = printed.join("\n");
    // Which page Eleventy names is whichever failed first.
    const failure = (title: string, cause: string, number: string) => ({ title, details: `Having trouble writing to PAGE\nTransform \`fails on demand\` encountered an error when transforming TEMPLATE.\n${cause}`, failure: number, injected: false });
    const named = seen.map((notice) => notice && { ...notice, details: notice.details.replace(/^Having trouble writing to .*/, "Having trouble writing to PAGE").replace(/transforming \.\/templates\/\S+\.njk\./, "transforming TEMPLATE.") });
    assert.deepEqual(named, [
      failure("The preview could not be built", 'unknown filter "<img src=x onerror=alert(1)>" in templates/article.njk [Line 3, Column 5]', "1"),
      undefined,
      failure("The preview could not be rebuilt", "ENOSPC: no space left on device, write", "2"),
      failure("The preview could not be rebuilt", "Another cause", "3"),
      undefined,
    ], all);
    // The terminal gives the same advice as the pages.
    assert.match(all, /^✗ Preview build failed after \d+\.\d\d s \(unknown filter .*\), with Eleventy's error above\. Fix it and save: the preview rebuilds by itself\.$/m);
  });

  // Eleventy 3.1 leaves a failed build's copy of public/ running, and the next build's start (which resets the
  // benchmarks that copy times each file by) made it fail with nothing to catch it: npm start stopped, or the
  // next build failed in its own copy and left static files out.
  test("a save moments after a failed build: that build's copy of public/ ends first, nothing fails unseen, and the next build has every static file, whole", { timeout: 120_000 }, async () => {
    const site = await makeFixtureSite({ "story.md": article({ headline: "Harbour reopens" }) }, { search: false });
    const story = path.relative(process.cwd(), path.join(site.articlesDir, "story.md"));
    // A file in public/ whose copy takes a while (a large photograph): the failing build's copy of it is held
    // until that build's failure has been told, then goes on. The other builds' copies of it are not held.
    let copyHeld!: () => void;
    const held = new Promise<void>((resolve) => (copyHeld = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let failing: string | undefined;
    let holding = false;
    const holdFailingBuildsCopy = () => {
      if (!failing || holding) return null;
      holding = true;
      copyHeld();
      return new Transform({ transform: (chunk: Buffer, _encoding, done) => void released.then(() => done(null, chunk)) });
    };
    const config = (eleventyConfig: UserConfig) => {
      eleventyConfig.addPassthroughCopy({ "public/css/site.css": "held/site.css" }, { transform: holdFailingBuildsCopy });
      eleventyConfig.addTransform("fails on demand", async (content: string) => {
        if (!failing) return content;
        const cause = failing;
        // Fails once the copy is under way.
        await held;
        throw new Error(cause);
      });
    };
    const printed: string[] = [];
    const print = (line: string) => {
      const plain = line.replace(/\u001b\[[0-9;]*m/g, "");
      printed.push(plain);
      if (/^✗ Preview rebuild .* failed/.test(plain)) {
        failing = undefined;
        release();
      }
    };
    // A rejection nothing handles (the copy's, without the fix) fails this test by itself.
    try {
      const env = { NEWS_ARTICLES_DIR: site.articlesDir, NEWS_SETTINGS_FILE: site.settingsFile, NEWS_NOW: "2026-01-10T00:00:00Z" };
      await watchInProcess(
        site.outputDir,
        env,
        async (rebuildFor) => {
          failing = "A template's error";
          const failed = rebuildFor(story);
          await held;
          // The save, while the failed build is still under way: Eleventy starts its build once that one has failed.
          await Promise.all([failed, rebuildFor(story)]);
        },
        { print, config },
      );
      const lines = printed.filter((line) => finishedBuilds(line) > 0).map((line) => line.split(" ").slice(0, 3).join(" "));
      assert.deepEqual(lines, ["✓ Preview built", "✗ Preview rebuild", "✓ Preview rebuilt"], printed.join("\n"));
      // Every static file, as public/ has it; the story's page links the stylesheet.
      const published = await filesUnder(path.resolve("public"));
      published.delete(path.join("js", "search.js"));
      published.set(path.join("held", "site.css"), published.get(path.join("css", "site.css"))!);
      for (const [file, text] of published) assert.equal(readFileSync(path.join(site.outputDir, file), "utf8"), text, file);
      const page = await readPage(site.outputDir, "/world/story/");
      assert.deepEqual([...page.querySelectorAll('link[rel="stylesheet"]')].map((link) => link.getAttribute("href")), ["/css/site.css"]);
    } finally {
      await site.remove();
    }
  });
});

// Its line comes from where Eleventy's builds end (src/build-ends.ts), not from Eleventy's summary, which a
// rebuild that fails before writing never printed.
describe("npm start's builds, from the first to one whose configuration no longer loads", { timeout: 180_000 }, () => {
  test("the first build leaves nothing of an earlier session and leaves the last build's _site as it was; a config file that no longer loads gets a ✗ line naming the problem, and the fix a ✓", async () => {
    const dir = await projectCopy("news-preview-config-");
    const config = path.join(dir, "eleventy.config.ts");
    const site = path.join(dir, PREVIEW_OUTPUT);
    // What npm run build left, which the preview, showing drafts, must neither replace nor empty.
    const lastBuild = path.join(dir, "_site");
    await mkdir(lastBuild);
    await writeFile(path.join(lastBuild, "index.html"), "<!doctype html><title>The last build</title>");
    await writeFile(path.join(dir, "articles/unfinished.md"), article({ headline: "Work in progress", draft: "true" }));
    // What an earlier session left: the page and picture of a story deleted while the preview was stopped.
    await mkdir(path.join(site, "world/deleted-story"), { recursive: true });
    await writeFile(path.join(site, "world/deleted-story/index.html"), "<!doctype html><title>Deleted story</title>");
    await mkdir(path.join(site, "media/world/deleted-story"), { recursive: true });
    await writeFile(path.join(site, "media/world/deleted-story/harbour.png"), solidPng(4, 4, [0, 0, 255]));
    await writeFile(path.join(dir, "articles/story.md"), article({ headline: "Harbour reopens" }));
    const port = await freePort();
    const { server, output } = startPreview(dir, port);
    const lines = () => output().split("\n").filter((line) => finishedBuilds(line) > 0);
    try {
      await eventually("the first build's line", async () => lines(), (seen) => seen.length === 1);
      assert.match(lines()[0]!, /^✓ Preview built in /, output());
      // Served once the warm-up rebuilds are done (src/preview-rebuilds.ts).
      await eventually("the story's page", () => getPage(port, "/world/story/"), (page) => page.status === 200);
      assert.deepEqual(await filesUnder(lastBuild), new Map([["index.html", "<!doctype html><title>The last build</title>"]]), "the last build's site is as it was");
      assert.equal(existsSync(path.join(site, "world/deleted-story/index.html")), false, "the deleted story's page is gone");
      assert.equal(existsSync(path.join(site, "media/world/deleted-story/harbour.png")), false, "and its picture");
      assert.equal((await getPage(port, "/world/deleted-story/")).status, 404);
      assert.ok(existsSync(path.join(site, "world/unfinished/index.html")), "the preview shows the draft, in its own folder");

      const good = await readFile(config, "utf8");
      await writeFile(config, `${good}\nexport const broken = ;\n`);
      await eventually("the failed rebuild's line", async () => lines(), (seen) => seen.length === 2);
      assert.match(lines()[1]!, /^✗ Preview rebuild for eleventy\.config\.ts failed after \d+\.\d\d s \(.*eleventy\.config\.ts:\d+:\d+: ERROR: Unexpected ";"\), with Eleventy's error above\./, output());
      await writeFile(config, good);
      await eventually("the fixed rebuild's line", async () => lines(), (seen) => seen.length === 3);
      assert.match(lines()[2]!, /^✓ Preview rebuilt for eleventy\.config\.ts in /, output());
      // The configuration loaded again still builds as the preview's (src/preview-drafts.ts): the draft stays on the front page.
      const front = parseHTML((await getPage(port, "/")).text).document;
      assert.ok(front.querySelector('a[href="/world/unfinished/"]'), "the front page still lists the draft once the configuration is loaded again");
      assert.doesNotMatch(output(), /Wrote \d+ files?/, "Eleventy's summary is not printed");
    } finally {
      stopPreview(server);
      await removeTempDir(dir);
    }
  });
});

// The preview server runs on a copy of the project, so editing its templates and CSS cannot
// disturb other tests reading the real ones.
describe("the preview's watcher", () => {
  test("reports a saved file once it has been still for 40 ms, not Eleventy's 150", async () => {
    // The site's own configuration, as npm start loads it; the watcher takes these options when it starts.
    const output = await makeTempDir("news-watcher-");
    try {
      const eleventy = new Eleventy("templates", output, { quietMode: true, configPath: "eleventy.config.ts", runMode: "watch" });
      await eleventy.init();
      // Eleventy's own method, the one its watch() starts chokidar with (not in its public API).
      const options = (eleventy as unknown as { getChokidarConfig(): { awaitWriteFinish?: unknown } }).getChokidarConfig();
      assert.deepEqual(options.awaitWriteFinish, { stabilityThreshold: 40, pollInterval: 10 });
    } finally {
      await rm(output, { recursive: true, force: true });
    }
  });

  // The articles folder has a watcher of its own, of its folders only (src/articles-watcher.ts).
  test("is not given the articles folder, whose every file chokidar would watch", async () => {
    const output = await makeTempDir("news-watcher-");
    try {
      const eleventy = new Eleventy("templates", output, { quietMode: true, configPath: "eleventy.config.ts", runMode: "watch" });
      await eleventy.init();
      // Eleventy's own (not in its public API): the targets the configuration gave, which its watch() hands chokidar.
      const targets = (eleventy as unknown as { watchTargets: { getTargets(): string[] } }).watchTargets.getTargets();
      assert.deepEqual(targets.filter((target) => target.split("/").includes("articles")), []);
    } finally {
      await rm(output, { recursive: true, force: true });
    }
  });
});

describe("npm start's options", () => {
  test("a --port that is not a port number is refused, naming the option and what it found", async () => {
    for (const port of ["http", "0", "70000", "8081x", "80.5"]) {
      const result = await runCli("start", ["--port", port]);
      assert.equal(result.code, 1, port);
      assert.equal(result.stderr.trim(), `--port: expected a port number such as 8081; found "${port}"`);
    }
  });
});

describe("npm start (the preview server)", { timeout: 400_000 }, () => {
  let dir: string;
  let server: ChildProcess | undefined;
  let output: () => string;
  let port: number;
  let killedPreviewStaging: string;

  const articleFile = () => path.join(dir, "articles/story.md");
  const get = (url: string) => getPage(port, url);

  before(async () => {
    dir = await projectCopy("news-preview-");
    await writeFile(articleFile(), article({ headline: "First headline" }));
    await writeFile(path.join(dir, "articles/unfinished.md"), article({ headline: "Work in progress", draft: "true" }));
    await writeFile(path.join(dir, "articles/embargoed.md"), article({ headline: "Not out yet", date: "2099-01-01T10:00:00+05:00" }));
    // What a preview killed while it re-indexed for search leaves beside the output (src/search-index.ts).
    killedPreviewStaging = searchStagingFolder(path.join(dir, PREVIEW_OUTPUT), endedPid());
    await mkdir(path.join(killedPreviewStaging, "pagefind"), { recursive: true });
    // A file of the project that is not the site's. (A link to it in public/ is named on every page instead:
    // test/public-folder-links.test.ts.)
    await writeFile(path.join(dir, "private.txt"), "not for the site");
    port = await freePort();
    // The command npm start runs, with an explicit port.
    ({ server, output } = startPreview(dir, port));
    // An editor's save during the first build, once the story has been read and its page written: Eleventy
    // starts watching only after that build.
    const firstPage = path.join(dir, PREVIEW_OUTPUT, "world/story/index.html");
    const deadline = Date.now() + TIMEOUT_MS;
    while (!existsSync(firstPage) && server.exitCode === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    await writeFile(articleFile(), article({ headline: "Saved during the first build" }));
    await eventually("the first page", () => get("/world/story/"), (page) => page.status === 200);
  });

  after(async () => {
    stopPreview(server);
    await removeTempDir(dir);
  });

  test("shows an article saved during the first build, before the watcher started", async () => {
    await eventually("the headline saved during the first build", () => get("/world/story/"), (page) => headlineOf(page.text) === "Saved during the first build");
  });

  test("removes the search staging folder a killed preview left beside the output", async () => {
    await eventually("the staging folder to go", async () => existsSync(killedPreviewStaging), (exists) => !exists);
  });

  test("serves drafts, flagged as drafts", async () => {
    const page = await get("/world/unfinished/");
    assert.equal(page.status, 200);
    assert.match(page.text, /class="draft-flag"/);
    assert.match(page.text, /reload-client\.js/, "pages carry the dev server's live-reload script");
  });

  // With nothing in its environment to say so (npm start sets no variable): the preview's process does (src/preview-drafts.ts).
  test("serves stories not yet due, flagged as scheduled", async () => {
    const page = await get("/world/embargoed/");
    assert.equal(page.status, 200);
    assert.match(page.text, /Scheduled: not published until/);
  });

  test("the 404 page lets the live-reload script the dev server writes into it run, so that it reloads once the address has a page", async () => {
    const page = await get("/world/not-written-yet/");
    assert.equal(page.status, 404);
    const { document } = parseHTML(page.text);
    // On an error status the dev server writes its client inline, with its sha512 as the integrity attribute.
    const client = [...document.querySelectorAll("script[integrity]")].find((script) => !script.hasAttribute("src"));
    assert.ok(client, "the dev server's inline live-reload script");
    const hash = `sha512-${createHash("sha512").update(client.textContent ?? "").digest("base64")}`;
    assert.equal(client.getAttribute("integrity"), hash);
    const policy = document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content") ?? "";
    const scriptSources = /(?:^|;\s*)script-src ([^;]*)/.exec(policy)?.[1]?.split(/\s+/) ?? [];
    assert.ok(scriptSources.includes(`'${hash}'`), `script-src allows it: ${scriptSources.join(" ")}`);
    assert.ok(!scriptSources.includes("'unsafe-inline'"), "and no other inline script");
  });

  test("answers on the loopback address only, not on the machine's other addresses: it serves drafts", async (t) => {
    const elsewhere = otherAddress();
    if (!elsewhere) return t.skip("this machine has no address but the loopback");
    assert.equal(await answersAt(elsewhere, port), "ECONNREFUSED", `${elsewhere}:${port}`);
    assert.equal((await get("/world/unfinished/")).status, 200);
  });

  test("a path that climbs out of the site gets a 404, and the preview goes on", async () => {
    for (const url of ["/..%2f..%2f..%2f..%2fetc%2fpasswd", "/css/..%2f..%2fprivate.txt"]) {
      const page = await get(url);
      assert.equal(page.status, 404, url);
      assert.doesNotMatch(page.text, /not for the site|root:/, url);
    }
    assert.equal((await get("/world/unfinished/")).status, 200, "the preview is still serving");
  });

  test("rebuilds when an article changes", async () => {
    await writeFile(articleFile(), article({ headline: "Second headline" }));
    await eventually("the new headline", () => get("/world/story/"), (page) => page.text.includes("Second headline"));
  });

  test("rebuilds when a template changes", async () => {
    const template = path.join(dir, "templates/article.njk");
    await writeFile(template, (await readFile(template, "utf8")).replace('<article class="story"', '<article class="story" data-edited="yes"'));
    await eventually("the edited template", () => get("/world/story/"), (page) => page.text.includes('data-edited="yes"'));
  });

  test("serves the CSS as edited", async () => {
    const css = path.join(dir, "public/css/site.css");
    await writeFile(css, `${await readFile(css, "utf8")}\n.edited-in-test { color: red; }\n`);
    await eventually("the edited CSS", () => get("/css/site.css"), (file) => file.text.includes(".edited-in-test"));
    // The CSS change triggers a rebuild too; the page is read once that rebuild has finished.
    const page = await eventually("the page after the rebuild", () => get("/world/story/"), (response) => response.status === 200 && response.text.includes("<article"));
    assert.match(page.text, /href="\/css\/site\.css"/, "the preview links the CSS under its own name, so an edit shows at once");
  });

  test("a story in a month folder made after the start shows, and so does one written in two steps, whole", async () => {
    const month = path.join(dir, "articles/2031/07");
    await mkdir(month, { recursive: true });
    await writeFile(path.join(month, "new-month.md"), article({ headline: "In a new month", slug: "new-month" }));
    await eventually("the story in the new month folder", () => get("/world/new-month/"), (page) => page.status === 200 && headlineOf(page.text) === "In a new month");
    const story = await open(path.join(month, "two-steps.md"), "w");
    const text = article({ headline: "Written in two steps", slug: "two-steps" }, "The first paragraph.\n\nThe last paragraph.\n");
    const half = text.indexOf("The last");
    await story.write(text.slice(0, half));
    await delay(5);
    await story.write(text.slice(half));
    await story.close();
    await eventually("the story as written whole", () => get("/world/two-steps/"), (page) => page.status === 200 && page.text.includes("The last paragraph."));
    await rm(path.join(dir, "articles/2031"), { recursive: true });
    await eventually("the new month's stories gone", () => get("/world/two-steps/"), (page) => page.status === 404);
  });

  test("a broken article replaces every page with the problem, and the terminal says so", async () => {
    await writeFile(articleFile(), article({ headline: "Second headline", date: "next Tuesday" }));
    const page = await eventually("the problem notice", () => get("/world/story/"), (response) => response.status === 503 && response.text.includes("next Tuesday"));
    assert.match(page.text, /The articles have problems/);
    // On an error status the dev server inlines its reload script rather than linking it.
    assert.match(page.text, /<script type="module" integrity="[^"]+">[\s\S]*?new WebSocket\(/, "the notice reloads itself once the articles are fixed");
    assert.match(page.text, /story\.md:3: date: expected an ISO 8601 date-time/);
    const front = await get("/");
    assert.equal(front.status, 503);
    await eventually("the terminal message", async () => output(), (text) => /The preview is NOT up to date/.test(text) && /story\.md:3: date:/.test(text));
  });

  test("fixing the article brings the pages back", async () => {
    await writeFile(articleFile(), article({ headline: "Third headline" }));
    await eventually("the fixed page", () => get("/world/story/"), (page) => page.status === 200 && page.text.includes("Third headline"));
  });

  test("a story saved as .mdx is named on every page, as the build and the check name it, until it is renamed", async () => {
    const saved = path.join(dir, "articles/harbour.mdx");
    await writeFile(saved, article({ headline: "Harbour reopens" }));
    const page = await eventually("the notice", () => get("/world/story/"), (response) => response.status === 503 && response.text.includes("harbour.mdx"));
    assert.match(page.text, /harbour\.mdx:1: not read as a story, though its name ends in \.mdx: .*Rename it to harbour\.md if it is one/);
    await rm(saved);
    await eventually("the page back", () => get("/world/story/"), (response) => response.status === 200 && headlineOf(response.text) === "Third headline");
  });

  test("an edit to site.config.ts restarts the preview with the new settings, on the same port, and saying so", async () => {
    const config = path.join(dir, "site.config.ts");
    const settings = await readFile(config, "utf8");
    await writeFile(config, settings.replace('name: "Example Bay News"', 'name: "Renamed Bay News"'));
    try {
      for (const url of ["/world/story/", "/"]) await eventually(`the new name at ${url}`, () => get(url), (page) => page.status === 200 && siteNameOf(page.text) === "Renamed Bay News");
      assert.equal(output().match(/site\.config\.ts changed: the preview is restarting with the new settings\./g)?.length, 1, output());
    } finally {
      await writeFile(config, settings);
    }
    const page = await eventually("the name as it was", () => get("/world/story/"), (response) => response.status === 200 && siteNameOf(response.text) === "Example Bay News");
    assert.equal(headlineOf(page.text), "Third headline");
  });

  test("a broken template does not leave the last good page up either", async () => {
    const template = path.join(dir, "templates/article.njk");
    const good = await readFile(template, "utf8");
    await writeFile(template, good.replace("{% block main %}", "{% block main %}{% if article.headline %}"));
    // Named, with its line, rather than "Rebuilding the preview…" until the next good build.
    const page = await eventually("the failed rebuild's notice", () => get("/world/story/"), (response) => response.status === 503 && headlineOf(response.text) === "The preview could not be rebuilt");
    assert.match(textOf(parseHTML(page.text).document.querySelector("pre")), /\(\.\/templates\/article\.njk\) \[Line \d+, Column \d+\]\s+unknown block tag: endblock/);
    await writeFile(template, good);
    await eventually("the page after the template is fixed", () => get("/world/story/"), (response) => response.status === 200 && response.text.includes("Third headline"));
  });

  // The story's read was remembered by its own file's stamp, which an image saved beside it does not change.
  test("a lead image or a body's image saved again beside an unchanged story shows as saved, and one deleted is named on every page", async () => {
    const story = path.join(dir, "articles/harbour.md");
    const photo = path.join(dir, "articles/harbour.png");
    const shapeOf = (text: string, selector: string) => {
      const img = parseHTML(text).document.querySelector(selector);
      const [width, height] = [Number(img?.getAttribute("width")), Number(img?.getAttribute("height"))];
      return width > height ? "landscape" : height > width ? "portrait" : "unknown";
    };
    const shapes = (text: string) => `${shapeOf(text, ".lead-image img")} lead, ${shapeOf(text, ".story__body img")} in the body`;
    await writeFile(photo, solidPng(400, 300));
    await writeFile(path.join(dir, "articles/boats.png"), solidPng(400, 300));
    await writeFile(story, article({ headline: "Harbour reopens", slug: "harbour", image: "\n  src: harbour.png\n  alt: The harbour at dawn" }, "The boats came back.\n\n![Boats at the quay](boats.png)\n"));
    await eventually("the story with its photographs", () => get("/world/harbour/"), (page) => page.status === 200 && shapes(page.text) === "landscape lead, landscape in the body");
    await writeFile(photo, solidPng(300, 600));
    await eventually("the lead photograph as saved again", () => get("/world/harbour/"), (page) => page.status === 200 && shapes(page.text) === "portrait lead, landscape in the body");
    await writeFile(path.join(dir, "articles/boats.png"), solidPng(300, 600));
    await eventually("the body's photograph as saved again", () => get("/world/harbour/"), (page) => page.status === 200 && shapes(page.text) === "portrait lead, portrait in the body");
    await rm(photo);
    await eventually("the missing photograph named", () => get("/world/harbour/"), (page) => page.status === 503 && page.text.includes("harbour.png"));
    await rm(story);
    await eventually("the pages back", () => get("/world/story/"), (page) => page.status === 200);
  });

  test("the articles folder deleted while the preview runs: every page and the terminal name it, not a rebuild that never ends", async () => {
    await rm(path.join(dir, "articles"), { recursive: true });
    const page = await eventually("the notice", () => get("/world/story/"), (response) => response.status === 503 && response.text.includes("There is no articles folder"));
    assert.match(page.text, /There is no articles folder at articles: it was moved, renamed or deleted\.\s+Put it back, or make it: the preview rebuilds by itself\./);
    assert.equal((await get("/")).status, 503);
    await eventually("the terminal message", async () => output(), (text) => /The preview is NOT up to date\. There is no articles folder at articles/.test(text));
  });

  test("an articles folder made again in its place is watched: its stories show, and a save in it too", async () => {
    await mkdir(path.join(dir, "articles"));
    await writeFile(articleFile(), article({ headline: "Back in a new folder" }));
    await eventually("the story in the new folder", () => get("/world/story/"), (page) => page.status === 200 && headlineOf(page.text) === "Back in a new folder");
    await writeFile(articleFile(), article({ headline: "Saved in the new folder" }));
    await eventually("a save in the new folder", () => get("/world/story/"), (page) => page.status === 200 && headlineOf(page.text) === "Saved in the new folder");
  });

  // Last: it stops the server.
  test("a process manager's SIGTERM stops the preview cleanly, leaving nothing it started running", async () => {
    const pid = server!.pid!;
    const preview = await previewOf(server!);
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => server!.once("exit", (code, signal) => resolve([code, signal])));
    // An edit, so that a rebuild and the search index it leads to may be under way.
    await writeFile(articleFile(), article({ headline: "Fourth headline" }));
    process.kill(pid, "SIGTERM");
    assert.deepEqual(await exited, [0, null], "exited by itself, with code 0");
    // The server was started as a group of its own, and its preview runs in another (src/cli/start.ts):
    // nothing is left in either (their Pagefind processes end too).
    await eventually("the server's and its preview's groups to be empty", async () => groupHasProcesses(pid) || groupHasProcesses(preview), (left) => !left);
  });
});

describe("npm start run by npm, stopped by a SIGTERM sent to npm alone", { timeout: 120_000 }, () => {
  test("the preview stops, and nothing it started is left serving or running", async () => {
    const dir = await projectCopy("news-preview-npm-term-");
    const port = await freePort();
    // As a container or a process manager starts it: npm, which runs the script under sh -c (dash here).
    const npm = spawn("npm", ["start", "--", `--port=${port}`], { cwd: dir, env: { ...process.env, NO_COLOR: "1" }, detached: true, stdio: "ignore" });
    try {
      await eventually("the front page", () => getPage(port, "/"), (page) => page.status === 200, TIMEOUT_MS);
      const started = await descendants(npm.pid!);
      const start = started.find(({ command }) => command.includes("src/cli/start.ts"));
      const preview = started.find(({ command }) => command.includes("src/cli/preview.ts"));
      assert.ok(start && preview, `npm start's processes: ${started.map(({ command }) => command).join(" | ")}`);
      const npmExited = new Promise((resolve) => npm.once("exit", resolve));
      process.kill(npm.pid!, "SIGTERM");
      await npmExited;
      await eventually("the port to be free", () => answersAt("127.0.0.1", port), (answer) => answer === "ECONNREFUSED", TIMEOUT_MS);
      const running = () => started.filter(({ pid }) => isRunning(pid)).map(({ command }) => command);
      await eventually("every process npm start began to end", async () => running(), (left) => left.length === 0, TIMEOUT_MS);
      // The preview runs in a group of its own (src/cli/start.ts), which its Pagefind processes join.
      await eventually("the preview's group to be empty", async () => groupHasProcesses(preview.pid), (left) => !left, TIMEOUT_MS);
    } finally {
      try {
        process.kill(-npm.pid!, "SIGKILL");
      } catch {
        // already gone
      }
      await removeTempDir(dir);
    }
  });
});

describe("npm start -- --host", { timeout: 120_000 }, () => {
  test("answers on the address it is given too, for a preview in a container or opened from a phone, and says what that shows", async (t) => {
    const elsewhere = otherAddress();
    if (!elsewhere) return t.skip("this machine has no address but the loopback");
    const dir = await projectCopy("news-preview-host-");
    const port = await freePort();
    const { server, output } = startPreview(dir, port, {}, ["--host", "0.0.0.0"]);
    try {
      await eventually("the front page", () => getPage(port, "/"), (page) => page.status === 200);
      assert.equal(await answersAt(elsewhere, port), "connected", `${elsewhere}:${port}`);
      assert.match(output(), /The preview answers on 0\.0\.0\.0 \(--host\): anyone who can reach this machine there sees the drafts/);
    } finally {
      stopPreview(server);
      await removeTempDir(dir);
    }
  });
});

/** Every process below `pid` (Linux: /proc), with its command line. */
async function descendants(pid: number): Promise<{ pid: number; command: string }[]> {
  let children: number[];
  try {
    children = (await readFile(`/proc/${pid}/task/${pid}/children`, "utf8")).trim().split(" ").filter(Boolean).map(Number);
  } catch {
    return [];
  }
  const found: { pid: number; command: string }[] = [];
  for (const child of children) {
    const command = await readFile(`/proc/${child}/cmdline`, "utf8").then((text) => text.replaceAll("\0", " "), () => "");
    found.push({ pid: child, command }, ...(await descendants(child)));
  }
  return found;
}

/** Whether a process is still running (not ended, nor a zombie left to be reaped). */
function isRunning(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/** One of this machine's IPv4 addresses other than the loopback, if it has one. */
function otherAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((address) => address && !address.internal && address.family === "IPv4")?.address;
}

/** Whether a connection to the address and port is taken ("connected"), or the error it meets. */
function answersAt(host: string, port: number): Promise<string> {
  return new Promise<string>((resolve) => {
    const socket = connect({ host, port, timeout: 3000 });
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    socket.once("timeout", () => resolve("timed out"));
  });
}

describe("npm start without an articles folder", { timeout: 120_000 }, () => {
  test("serves a page saying so, and the site once the folder is made", async () => {
    const dir = await projectCopy("news-preview-no-articles-");
    await rm(path.join(dir, "articles"), { recursive: true });
    const port = await freePort();
    const { server, output } = startPreview(dir, port);
    try {
      const notice = await eventually("the notice", () => getPage(port, "/"), (page) => page.status === 503 && page.text.includes("There is no articles folder at articles"));
      // Never made, not moved away: the folder is missing from the start.
      assert.match(notice.text, /There is no articles folder at articles yet\.\s+Make it \(npm run new makes it with a first story\): the preview rebuilds by itself\./);
      assert.doesNotMatch(notice.text, /moved, renamed or deleted/);
      await mkdir(path.join(dir, "articles"));
      await writeFile(path.join(dir, "articles/story.md"), article({ headline: "The first story" }));
      await eventually("the story", () => getPage(port, "/world/story/"), (page) => page.status === 200 && headlineOf(page.text) === "The first story");
      assert.equal(server.exitCode, null, output());
    } finally {
      stopPreview(server);
      await removeTempDir(dir);
    }
  });
});

describe("npm start's background search index", { timeout: 400_000, skip: existsSync("/proc/self/stat") ? false : "needs /proc" }, () => {
  // The plugin tells the index of each rebuild as Eleventy's watcher starts it (eleventy.beforeWatch);
  // the index's own tests cover what it does when told (test/search-index.test.ts).
  test("stops its Pagefind while a save is rebuilt, and lets it go on once the rebuild has ended", async () => {
    const dir = await projectCopy("news-preview-search-");
    // Held until the rebuild has stopped it: on a busy machine the first build's index could otherwise end first.
    const { binary: pagefind, pids, release } = await pidNotingPagefind(dir, "pagefind-noting-pid", { held: true });
    for (let index = 0; index < 200; index++) {
      const day = String((index % 28) + 1).padStart(2, "0");
      await writeFile(path.join(dir, `articles/story-${index}.md`), article({ headline: `Story ${index}`, date: `2026-01-${day}T10:00:00+05:00` }, `Story ${index}. ${"More of the story. ".repeat(200)}`));
    }
    const server = spawn(process.execPath, [...PREVIEW_NODE_OPTIONS, "src/cli/start.ts", `--port=${await freePort()}`], {
      cwd: dir,
      env: { ...process.env, PAGEFIND_EXTENDED_BINARY_PATH: pagefind, NO_COLOR: "1" },
      detached: true,
      stdio: "ignore",
    });
    try {
      const [indexing] = await eventually("the first build's index to start Pagefind", pids, (started) => started.length > 0);
      await writeFile(path.join(dir, "articles/story-0.md"), article({ headline: "Story 0, corrected" }, "Corrected."));
      // Sampled often: the rebuild of one saved story takes a fraction of a second.
      const states: (string | undefined)[] = [];
      const deadline = Date.now() + TIMEOUT_MS;
      while (Date.now() < deadline && states.at(-1) !== "T") {
        states.push(await processState(indexing!));
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      assert.equal(states.at(-1), "T", `Pagefind was stopped for the rebuild; its states: ${[...new Set(states)].join(", ")}`);
      await release();
      await eventually("Pagefind to go on once the rebuild has ended", () => processState(indexing!), (state) => state !== "T");
      // (npm start's warm-up rebuilds, before it serves, also stop Pagefind; the save's rebuild may end after them.)
      await eventually("the saved story's page", () => readFile(path.join(dir, PREVIEW_OUTPUT, "world/story-0/index.html"), "utf8"), (page) => headlineOf(page) === "Story 0, corrected");
    } finally {
      await release();
      process.kill(-server.pid!, "SIGTERM");
      await new Promise((resolve) => server.once("exit", resolve));
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** The site's name in the page's masthead, read with an HTML parser. */
function siteNameOf(html: string): string {
  return textOf(parseHTML(html).document.querySelector(".site-name"));
}

/** The page's headline, read with an HTML parser. */
function headlineOf(html: string): string {
  return textOf(parseHTML(html).document.querySelector("h1"));
}
