import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { article, assertBuildAndCheckRefuse, assertRefusesUnusableSettings, buildFixture, makeFixtureSite, previewBuildFixture, readPage, runCli, textOf, type FixtureSite } from "./helpers/site.ts";

describe("npm run new", () => {
  let site: FixtureSite;
  const run = (args: string[]) => runCli("new", [...args, "--articles", site.articlesDir, "--settings", site.settingsFile, "--now", "2026-11-30T20:30:00Z"]);

  before(async () => {
    site = await makeFixtureSite({ "2026/11/existing.md": article({ headline: "Existing", section: "world", shortUrl: "abc234" }) });
  });
  after(() => site.remove());

  test("writes the article under the newsroom's year and month and names the file", async () => {
    const result = await run(["Harbour reopens: a “new” start", "--section", "pakistan"]);
    assert.equal(result.code, 0, result.stderr);
    const file = path.join(site.articlesDir, "2026/12/harbour-reopens-a-new-start.md");
    assert.match(result.stdout, /^Wrote .*2026\/12\/harbour-reopens-a-new-start\.md$/m);
    const text = await readFile(file, "utf8");
    assert.match(text, /^headline: "Harbour reopens: a “new” start"$/m);
    assert.match(text, /^date: 2026-12-01T01:30:00\+05:00$/m);
    assert.match(text, /^section: pakistan$/m);
    assert.match(text, /^bullets: \[\]/m);
    const code = /^shortUrl: "([^"]+)"/m.exec(text)?.[1];
    assert.ok(code && code !== "abc234", text);
    assert.match(text, /^draft: true /m);
    assert.match(result.stdout, /^Write the story below the closing --- line and add the bullets; npm start previews it as you write\.$/m);
    assert.match(result.stdout, /^It starts as a draft \(draft: true\), never published while unfinished: delete that line when the story is ready, /m);
  });

  test("the new article is a draft: npm run check passes it, the build leaves it out and the preview shows it flagged", async () => {
    const args = ["--now", "2026-12-01T00:00:00Z"];
    const checked = await runCli("check", ["--articles", site.articlesDir, "--settings", site.settingsFile, ...args]);
    assert.equal(checked.code, 0, checked.stdout + checked.stderr);
    const built = await buildFixture(site, args);
    assert.equal(built.code, 0, built.stderr);
    assert.equal(existsSync(path.join(site.outputDir, "pakistan/harbour-reopens-a-new-start")), false, "not published");
    // What npm start builds: the unpublished stories too.
    const previewed = await previewBuildFixture(site, args);
    assert.equal(previewed.code, 0, previewed.stderr);
    const page = await readPage(site.outputDir, "/pakistan/harbour-reopens-a-new-start/");
    assert.equal(textOf(page.querySelector("h1")), "Harbour reopens: a “new” start");
    assert.equal(textOf(page.querySelector(".draft-flag")), "Draft: not published");
  });

  test("with its draft line deleted before the story is written, npm run check and the build refuse it rather than publish an empty page", async () => {
    const file = path.join(site.articlesDir, "2026/12/harbour-reopens-a-new-start.md");
    const text = await readFile(file, "utf8");
    await writeFile(file, text.replace(/^draft: true.*\n/m, ""));
    // The site the last test built; a refused build must leave none.
    await rm(site.outputDir, { recursive: true, force: true });
    try {
      await assertBuildAndCheckRefuse(
        site,
        "2026-12-01T00:00:00Z",
        /harbour-reopens-a-new-start\.md:7: the story has no text: expected it below the --- line that closes the front matter \(line 7\); until it is written, set draft: true to keep it unpublished/,
      );
    } finally {
      await writeFile(file, text);
    }
  });

  test("once it has a paragraph and its draft line is deleted, the new article builds and shows its headline and pinned short link", async () => {
    const file = path.join(site.articlesDir, "2026/12/harbour-reopens-a-new-start.md");
    const text = await readFile(file, "utf8");
    await writeFile(file, `${text.replace(/^draft: true.*\n/m, "")}The harbour reopened at dawn.\n`);
    const result = await buildFixture(site, ["--now", "2026-12-01T00:00:00Z"]);
    assert.equal(result.code, 0, result.stderr);
    const page = await readPage(site.outputDir, "/pakistan/harbour-reopens-a-new-start/");
    assert.equal(textOf(page.querySelector("h1")), "Harbour reopens: a “new” start");
    assert.equal(page.querySelector(".draft-flag"), null);
    const code = /^shortUrl: "([^"]+)"/m.exec(text)![1]!;
    assert.ok(page.querySelector(`a[href$="/s/${code}"]`), "the page links to the pinned short URL");
  });

  test("refuses to overwrite an existing file and says which", async () => {
    const file = path.join(site.articlesDir, "2026/12/harbour-reopens-a-new-start.md");
    const before = await readFile(file, "utf8");
    const result = await run(["Harbour reopens: a “new” start", "--section", "pakistan"]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /2026\/12\/harbour-reopens-a-new-start\.md already exists; it was left as it was/);
    assert.equal(await readFile(file, "utf8"), before);
  });

  test("refuses a headline whose address another article already has", async () => {
    const result = await run(["Existing", "--section", "world"]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /existing\.md already has the address \/world\/existing\//);
  });

  test("asks for the headline, in quotes, when none is given or it was not quoted", async () => {
    for (const args of [[], ["Harbour", "reopens"]]) {
      const result = await run([...args, "--section", "pakistan"]);
      assert.equal(result.code, 1, args.join(" "));
      assert.match(result.stderr, /^Give the headline in quotes, e\.g\. npm run new -- "Harbour reopens after storm" --section pakistan \(the sections are: pakistan, middle-east, world, /m);
    }
  });

  test("names the newsroom's own sections, not the sample's, in what it says and in its usage line", async () => {
    const own = await makeFixtureSite({}, { sections: [{ slug: "communes", name: "Communes" }, { slug: "nautisme", name: "Nautisme" }] });
    try {
      const args = ["--articles", own.articlesDir, "--settings", own.settingsFile];
      const noHeadline = await runCli("new", args);
      assert.equal(noHeadline.code, 1);
      assert.match(noHeadline.stderr, /^Give the headline in quotes, e\.g\. npm run new -- "Harbour reopens after storm" --section communes \(the sections are: communes, nautisme\)\.$/m);
      const unknownOption = await runCli("new", [...args, "Harbour reopens", "--sektion", "communes"]);
      assert.equal(unknownOption.code, 1);
      assert.match(unknownOption.stderr, /^Usage: npm run new -- "Harbour reopens after storm" \[--section SECTION\]$/m);
      assert.doesNotMatch(noHeadline.stderr + unknownOption.stderr, /pakistan/);
    } finally {
      await own.remove();
    }
  });

  test("an option it does not know, or one without its value, is named in a line with how to run it, and nothing is written", async () => {
    for (const [args, reason] of [
      [["Harbour reopens", "--section"], "Option '--section <value>' argument missing"],
      [["Harbour reopens", "--sektion", "world"], "Unknown option '--sektion'"],
    ] as const) {
      const result = await runCli("new", ["--articles", site.articlesDir, "--settings", site.settingsFile, ...args]);
      assert.equal(result.code, 1, args.join(" "));
      assert.ok(result.stderr.startsWith(reason), result.stderr);
      assert.match(result.stderr, /^Usage: npm run new -- "Harbour reopens after storm" \[--section SECTION\]$/m);
      assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
    }
    assert.equal(existsSync(path.join(site.articlesDir, "2026/11/harbour-reopens.md")), false);
  });

  test("refuses an unknown section and lists the real ones", async () => {
    const result = await run(["Something new", "--section", "weather"]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /There is no section "weather"\. The sections are: pakistan, .*world/);
  });
});

describe("npm run new beside a broken article", () => {
  test("still starts the new article: one editor's mistake does not stop another's story", async () => {
    const site = await makeFixtureSite({
      "2026/11/broken.md": article({ headline: "Broken", date: "next Tuesday", shortUrl: "xyz789" }),
      "2026/11/fine.md": article({ headline: "Fine", shortUrl: "abc234" }),
    });
    try {
      const result = await runCli("new", ["Harbour reopens", "--section", "pakistan", "--articles", site.articlesDir, "--settings", site.settingsFile, "--now", "2026-11-30T20:30:00Z"]);
      assert.equal(result.code, 0, result.stderr);
      const text = await readFile(path.join(site.articlesDir, "2026/12/harbour-reopens.md"), "utf8");
      assert.match(text, /^headline: "Harbour reopens"$/m);
      const code = /^shortUrl: "([^"]+)"/m.exec(text)?.[1];
      assert.ok(code && !["xyz789", "abc234"].includes(code), text);
    } finally {
      await site.remove();
    }
  });
});

test("npm run new names settings it cannot work with, as the build does, without a stack trace, and writes nothing", async () => {
  const site = await makeFixtureSite({});
  try {
    await assertRefusesUnusableSettings(
      site,
      () => runCli("new", ["Harbour reopens", "--articles", site.articlesDir, "--settings", site.settingsFile, "--now", "2026-11-30T20:30:00Z"]),
      () => assert.equal(existsSync(path.join(site.articlesDir, "2026/12/harbour-reopens.md")), false, "nothing written"),
    );
  } finally {
    await site.remove();
  }
});

test("npm run new starts a story when the shareImage names no file under public/, which npm run check still refuses", async () => {
  const site = await makeFixtureSite({}, { shareImage: "/images/no-such-share.png" });
  try {
    const args = ["--articles", site.articlesDir, "--settings", site.settingsFile, "--now", "2026-11-30T20:30:00Z"];
    const started = await runCli("new", ["Harbour reopens", "--section", "pakistan", ...args]);
    assert.equal(started.code, 0, started.stderr);
    assert.ok(existsSync(path.join(site.articlesDir, "2026/12/harbour-reopens.md")), "the story is written");
    const checked = await runCli("check", args);
    assert.equal(checked.code, 1, checked.stdout);
    assert.match(checked.stderr + checked.stdout, /shareImage: .*there is no file public\/images\/no-such-share\.png/);
  } finally {
    await site.remove();
  }
});
