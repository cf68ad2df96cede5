// What an editor wrote that the site once dropped or changed without a word: each is now a problem
// that fails `npm run build` and `npm run check` alike, naming the file, the line and what was
// expected, and is what the preview shows instead of pages.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { DateTime } from "luxon";
import { parseHTML } from "linkedom";
import siteConfig from "../site.config.ts";
import { loadArticles } from "../src/article-loader.ts";
import { currentNotice, loadForPreview, resetPreviewState } from "../src/preview-server.ts";
import { resolveSettings, type SettingsInput } from "../src/settings.ts";
import { article, assertBuildAndCheckRefuse, buildFixture, makeFixtureSite, PROJECT_ROOT, readPage, runCli, textOf, type FixtureSite } from "./helpers/site.ts";
import { solidPng } from "./helpers/images.ts";
import { chromiumMissing, launchChromium } from "./helpers/chromium.ts";

const NOW = "2026-11-30T12:00:00Z";
const sites: FixtureSite[] = [];
after(() => Promise.all(sites.map((site) => site.remove())));

async function fixture(articles: Record<string, string | Buffer>, settings: Record<string, unknown> = {}): Promise<FixtureSite> {
  const site = await makeFixtureSite(articles, settings);
  sites.push(site);
  return site;
}

const check = (site: FixtureSite) => runCli("check", ["--articles", site.articlesDir, "--settings", site.settingsFile, "--now", NOW]);

/** What the preview shows instead of pages while the articles have problems (its loader, in serve mode). */
async function previewNotice(site: FixtureSite, settings: Record<string, unknown>): Promise<string | undefined> {
  const saved = { mode: process.env.ELEVENTY_RUN_MODE, error: console.error };
  process.env.ELEVENTY_RUN_MODE = "serve";
  resetPreviewState();
  console.error = () => undefined;
  try {
    const load = () =>
      loadArticles({
        settings: resolveSettings(siteConfig, settings as Partial<SettingsInput>),
        articlesDir: site.articlesDir,
        publicDir: path.join(PROJECT_ROOT, "public"),
        now: DateTime.fromISO(NOW),
        includeUnpublished: true,
      });
    await loadForPreview(load, () => []);
    const notice = currentNotice();
    return notice === undefined ? undefined : textOf(parseHTML(notice).document.querySelector("pre"));
  } finally {
    console.error = saved.error;
    if (saved.mode === undefined) delete process.env.ELEVENTY_RUN_MODE;
    else process.env.ELEVENTY_RUN_MODE = saved.mode;
    resetPreviewState();
  }
}

/** The build, the check and the preview all refuse the fixture with each expected message. */
async function assertRefused(articles: Record<string, string | Buffer>, settings: Record<string, unknown>, expected: RegExp | readonly RegExp[], { preview = true } = {}): Promise<void> {
  const site = await fixture(articles, settings);
  await assertBuildAndCheckRefuse(site, NOW, expected);
  if (!preview) return;
  const notice = (await previewNotice(site, settings)) ?? "";
  for (const pattern of [expected].flat()) assert.match(notice, pattern);
}

/** The build, the check and the preview all refuse the fixture, and the build publishes nothing: what each says. */
async function refusals(site: FixtureSite): Promise<{ built: string; checked: string; notice: string }> {
  const built = await buildFixture(site, ["--now", NOW]);
  const checked = await check(site);
  const notice = (await previewNotice(site, {})) ?? "";
  assert.equal(built.code, 1, built.stderr);
  assert.equal(existsSync(site.outputDir), false, "nothing is published");
  assert.equal(checked.code, 1, checked.stderr);
  return { built: built.stderr, checked: checked.stderr, notice };
}

/** Text for a RegExp that matches it as written. */
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** The build and the check both accept the fixture; returns the built site. */
async function assertAccepted(articles: Record<string, string | Buffer>, settings: Record<string, unknown> = {}): Promise<FixtureSite> {
  const site = await fixture(articles, settings);
  const built = await buildFixture(site, ["--now", NOW]);
  assert.equal(built.code, 0, built.stderr);
  const checked = await check(site);
  assert.equal(checked.code, 0, checked.stderr);
  return site;
}

describe("a date the site's time zone skips or has twice", { concurrency: 2 }, () => {
  const newYork = { timeZone: "America/New_York" };

  test("a local time skipped when the clocks go forward is refused on its line, saying what to write", async () => {
    await assertRefused(
      { "gap.md": article({ date: "2024-03-10 02:30", updated: "2024-03-10T02:45" }) },
      newYork,
      /gap\.md:3: date: the local time 2024-03-10 02:30 does not exist in America\/New_York: the clocks go forward an hour that night, from -05:00 to -04:00, so it is skipped; expected a time after the change, such as 2024-03-10T03:30 \(the same moment\), or one with an explicit offset, such as 2024-03-10T02:30-05:00; found "2024-03-10 02:30"/,
    );
  });

  test("so is an updated time in the gap", async () => {
    await assertRefused({ "gap.md": article({ date: "2024-03-09T22:00", updated: "2024-03-10T02:45" }) }, newYork, /gap\.md:5: updated: the local time 2024-03-10 02:45 does not exist in America\/New_York/);
  });

  test("a time the clocks show twice is the first of the two; the time after a gap, and an explicit offset, are as written", async () => {
    const site = await assertAccepted(
      {
        "overlap.md": article({ date: "2024-11-03T01:30" }),
        "after-gap.md": article({ date: "2024-03-10T03:30" }),
        "offset.md": article({ date: "2024-03-10T02:30-05:00" }),
      },
      newYork,
    );
    const times = async (slug: string) => (await readPage(site.outputDir, `/world/${slug}/`)).querySelector(".published time")?.getAttribute("datetime");
    assert.equal(await times("overlap"), "2024-11-03T01:30:00-04:00");
    assert.equal(await times("after-gap"), "2024-03-10T03:30:00-04:00");
    assert.equal(await times("offset"), "2024-03-10T03:30:00-04:00");
  });
});

describe("a shortUrl on another domain", { concurrency: 2 }, () => {
  test("is refused on its line, naming the short domain, rather than taken for a code", async () => {
    await assertRefused(
      { "elsewhere.md": article({ shortUrl: "https://bit.ly/4wq7m" }) },
      {},
      /elsewhere\.md:5: shortUrl: expected a short code of 4 to 12 letters and digits, or a URL on the short domain: https:\/\/news\.example\.com\/s\/ followed by one; bit\.ly is not the short domain; found "https:\/\/bit\.ly\/4wq7m"/,
    );
  });

  test("as is a URL on the short domain with more than one code after its path", async () => {
    await assertRefused(
      { "deeper.md": article({ shortUrl: "https://news.example.com/world/4wq7m" }) },
      {},
      /deeper\.md:5: shortUrl: expected .* https:\/\/news\.example\.com\/s\/ followed by one, and nothing after it; found "https:\/\/news\.example\.com\/world\/4wq7m"/,
    );
  });

  test("a URL on the short domain gives its code (the fixture's control)", async () => {
    const site = await assertAccepted({ "here.md": article({ shortUrl: "https://news.example.com/s/4wq7m/" }) });
    assert.ok(existsSync(path.join(site.outputDir, "s", "4wq7m", "index.html")));
  });
});

describe("pinned short codes that differ only in case", () => {
  test("are a collision naming both files, as one page overwrites the other where case is ignored", async () => {
    await assertRefused(
      { "2026/a.md": article({ shortUrl: "AbCd" }), "2026/b.md": article({ shortUrl: "abcd", date: "2026-01-06T10:00:00+05:00" }) },
      {},
      /2026\/b\.md:5: shortUrl: the short code abcd is already used by \S*2026\/a\.md as AbCd \(codes that differ only in case are one page where case is ignored\); give one of them another shortUrl/,
    );
  });
});

describe("an image file that is not a readable image", { concurrency: 2 }, () => {
  const png = solidPng(64, 48);
  // Copied, so that nothing past the cut is there to be read.
  const cut = Uint8Array.prototype.slice.call(png, 0, 20) as Buffer;

  /** The lines that name the file in the build's and the check's output, as each prints them. */
  async function bothReport(articles: Record<string, string | Buffer>, expected: RegExp): Promise<void> {
    const site = await fixture(articles);
    const built = await buildFixture(site, ["--now", NOW]);
    const checked = await check(site);
    assert.equal(built.code, 1, `expected the build to fail\n${built.stderr}`);
    assert.equal(checked.code, 1, `expected the check to fail\n${checked.stdout}\n${checked.stderr}`);
    const line = (output: string) => output.split("\n").map((text) => text.replace(/^\[11ty\]/, "").trim()).find((text) => expected.test(text));
    assert.ok(line(built.stderr), built.stderr);
    assert.equal(line(checked.stderr), line(built.stderr), "the check reports what the build reports, on the same line");
  }

  test("a text file renamed photo.png as the lead image", async () => {
    await bothReport(
      { "lead.md": article({ image: "\n  src: photo.png\n  alt: The quay" }), "photo.png": "not a picture, only words\n" },
      /lead\.md:6: image\.src: could not be read as an image: its first bytes are not those of a PNG or any other image \(is it another kind of file, renamed\?\)$/,
    );
  });

  test("a PNG cut off in its header, in the body", async () => {
    await bothReport({ "body.md": article({}, "The harbour.\n\n![The quay](quay.png)"), "quay.png": cut }, /body\.md:9: the image quay\.png could not be read: its PNG header is cut short or damaged \(.+\)$/);
  });

  test("a whole PNG passes both (the fixture's control)", async () => {
    await assertAccepted({ "fine.md": article({ image: "\n  src: photo.png\n  alt: The quay" }, "The harbour.\n\n![The quay](quay.png)"), "photo.png": png, "quay.png": png });
  });
});

describe("raw HTML the sanitized policy would drop", { concurrency: 2 }, () => {
  // Each on a line of its own; the story's body starts on line 7 (front matter is lines 1-5, then a blank line).
  const body = [
    "The harbour reopened on Monday.", // 7
    "",
    '<iframe src="https://evil.example/player/1" width="560" height="315"></iframe>', // 9
    "",
    "<script>track()</script>", // 11
    "",
    "<style>body { display: none }</style>", // 13
    "",
    '<form action="https://example.com/subscribe"><input name="email"></form>', // 15
    "",
    'A <span onclick="steal()">tap here</span> and',
    'a <b style="color: red">red word</b>, and a <a href="javascript:steal()">link</a>.', // 18
    "",
    "<div>",
    "<p>",
    '<img src="http://cdn.example/photo.jpg" alt="A photo">', // 22
    "</p>",
    "</div>",
    "",
    "The end.",
  ].join("\n");
  const policyTail = `; htmlPolicy "sanitized" would drop it from the page: remove it from the story, or, if every editor may publish code, set htmlPolicy to "trusted" in the site settings`;
  const expected: Array<[number, string]> = [
    [9, `<iframe src="https://evil.example/player/1">: frames may only come from www.youtube.com, youtube.com, www.youtube-nocookie.com, player.vimeo.com, platform.twitter.com, www.instagram.com, instagram.com, over https`],
    [11, "<script>: scripts never run in a story"],
    [13, "<style>: a story takes the site's styles: a <style> element is not published"],
    [15, '<form action="https://example.com/subscribe">: forms are not published in a story'],
    [17, '<span onclick="steal()">: event handlers never run in a story'],
    [18, `<b style="color: red">: a story takes the site's styles: style attributes are not published`],
    [18, '<a href="javascript:steal()">: links may only use http, https, mailto, tel or an address on the site'],
    [22, '<img src="http://cdn.example/photo.jpg">: images, video and audio may only come over https or from the site'],
  ];

  test("each is refused by the build, the check and the preview, with its line, what goes and why, and what to do", async () => {
    const { built, checked, notice } = await refusals(await fixture({ "story.md": article({}, body) }));
    for (const [line, what] of expected) {
      const pattern = new RegExp(`story\\.md:${line}: ${escape(what)}.*${escape(policyTail)}`);
      assert.match(built, pattern);
      assert.match(checked, pattern);
      assert.match(notice, pattern);
    }
    // Nothing else: what the sanitiser only spells another way (quotes, <br> for <br />) is not a problem.
    assert.match(built, new RegExp(`${expected.length} problems in 1 article file`));
    // The form's input goes with the form: one problem, not two.
    assert.doesNotMatch(built, /<input/);
  });

  test("a tweet's embed code is refused for its script, which the editor is told to remove", async () => {
    const tweet = `<blockquote class="twitter-tweet"><p lang="en">A post.</p><a href="https://twitter.com/jack/status/20">March 21, 2006</a></blockquote>\n<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>`;
    await assertRefused(
      { "tweet.md": article({}, `Before.\n\n${tweet}\n\nAfter.`) },
      {},
      /tweet\.md:10: <script async src="https:\/\/platform\.twitter\.com\/widgets\.js">: scripts never run in a story \(the Content Security Policy would block them too\); an embed's quote and link are published without its script; htmlPolicy "sanitized" would drop it from the page: remove it from the story/,
    );
  });

  test("what the allow-list keeps builds and passes the check: players from the allowed hosts, a tweet's quote, markup spelled loosely", async () => {
    const kept = [
      '<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ" title="YouTube video player" allowfullscreen></iframe>',
      "",
      '<blockquote class="twitter-tweet"><p lang="en">A post.</p><a href="https://twitter.com/jack/status/20">March 21, 2006</a></blockquote>',
      "",
      "Line one<br>line two, <B>bold</B>, <a href='https://example.com/' target=_blank>a link</a>, <img src=\"https://cdn.example/a.jpg\" alt=\"\">.",
    ].join("\n");
    const site = await assertAccepted({ "kept.md": article({}, kept) });
    const page = await readPage(site.outputDir, "/world/kept/");
    assert.equal(page.querySelector(".story__body iframe")?.getAttribute("src"), "https://www.youtube.com/embed/dQw4w9WgXcQ");
    assert.ok(page.querySelector('.story__body blockquote.twitter-tweet a[href="https://twitter.com/jack/status/20"]'));
  });

  test("under the trusted and none policies the same story builds: nothing is dropped there", async () => {
    for (const htmlPolicy of ["trusted", "none"]) {
      const site = await fixture({ "story.md": article({}, body) }, { htmlPolicy });
      const built = await buildFixture(site, ["--now", NOW]);
      assert.equal(built.code, 0, `${htmlPolicy}: ${built.stderr}`);
      assert.equal((await check(site)).code, 0, htmlPolicy);
    }
  });
});

describe("tags and bylines whose names make one address", { concurrency: 2 }, () => {
  const advice = "a page shows one name: spell them one way, or, if they are different names, change one so that it makes another address";

  test("in two stories are refused by the build, the check and the preview, on every story's tags or author line, naming the other name and file", async () => {
    const { built, checked, notice } = await refusals(
      await fixture({
        "2026/c.md": article({ tags: "[C, Rust]", author: "José García" }),
        "2026/cpp.md": article({ date: "2026-01-06T10:00:00+05:00", tags: "\n  - C++\n  - rust", author: "Jose Garcia" }),
      }),
    );
    const expected = [
      `2026/c.md:5: tags: "C" makes the address /tags/c/, as "C++" does in `,
      `2026/cpp.md:5: tags: "C++" makes the address /tags/c/, as "C" does in `,
      `2026/c.md:6: author: "José García" makes the address /authors/jose-garcia/, as "Jose Garcia" does in `,
      `2026/cpp.md:8: author: "Jose Garcia" makes the address /authors/jose-garcia/, as "José García" does in `,
    ];
    for (const what of expected) {
      const pattern = new RegExp(`${escape(what)}\\S*2026/c(pp)?\\.md; ${escape(advice)}`);
      assert.match(built, pattern);
      assert.match(checked, pattern);
      assert.match(notice, pattern);
    }
    // "rust" and "Rust" are one name: no problem of theirs.
    assert.match(built, /4 problems in 2 article files/);
  });

  test("in one story's list are refused on its line", async () => {
    await assertRefused({ "story.md": article({ tags: "[C, Go, C++]" }) }, {}, new RegExp(`story\\.md:5: tags: "C" and "C\\+\\+" both make the address /tags/c/; ${escape(advice)}`));
  });

  test("names that differ only in letter case are one tag, named as its newest story names it, whatever the files are called", async () => {
    for (const [older, newer] of [["a.md", "b.md"], ["b.md", "a.md"]] as const) {
      const site = await assertAccepted({
        [older]: article({ headline: "Older", tags: "[us]" }),
        [newer]: article({ headline: "Newer", date: "2026-01-06T10:00:00+05:00", tags: "[US, us]" }),
      });
      const page = await readPage(site.outputDir, "/tags/us/");
      assert.equal(textOf(page.querySelector("h1")), "US");
      assert.deepEqual([...page.querySelectorAll("main h2 a, main h3 a")].map((link) => textOf(link)), ["Newer", "Older"]);
    }
  });
  test("Arabic names written with or without their vowels, stretched by tatweel or carrying a pasted direction mark are one tag and one byline, at the plain name's address", async () => {
    const site = await assertAccepted({
      "older.md": article({ headline: "Older", tags: "[الأهلي, الزمالك]", author: "منى عبد الرحمن" }),
      "newer.md": article({ headline: "Newer", date: "2026-01-06T10:00:00+05:00", tags: '[الأهــلي, "الزمالك\u200F"]', author: "مُنى عبد الرحمن" }),
    });
    for (const [address, name] of [["/tags/الأهلي/", "الأهــلي"], ["/tags/الزمالك/", "الزمالك\u200F"], ["/authors/منى-عبد-الرحمن/", "مُنى عبد الرحمن"]] as const) {
      const page = await readPage(site.outputDir, address);
      assert.equal(page.querySelector("h1")?.textContent?.trim(), name, address);
      assert.deepEqual([...page.querySelectorAll("main h2 a, main h3 a")].map((link) => textOf(link)), ["Newer", "Older"], address);
    }
    const tagPages = (await readdir(path.join(site.outputDir, "tags"))).sort();
    assert.deepEqual(tagPages, ["index.html", "الأهلي", "الزمالك"].sort());
  });
  test("names whose digits are written in another script (٢٠٢٦, ２０２６, 2026) are one tag and one byline, at the address of ASCII digits", async () => {
    const site = await assertAccepted({
      "oldest.md": article({ headline: "Oldest", tags: "[كأس 2026]", author: "Desk 7" }),
      "older.md": article({ headline: "Older", date: "2026-01-06T10:00:00+05:00", tags: "[كأس ٢٠٢٦]", author: "Desk ７" }),
      "newer.md": article({ headline: "Newer", date: "2026-01-07T10:00:00+05:00", tags: "[كأس ۲۰۲۶]", author: "Desk ٧" }),
    });
    for (const [address, name] of [["/tags/كأس-2026/", "كأس ۲۰۲۶"], ["/authors/desk-7/", "Desk ٧"]] as const) {
      const page = await readPage(site.outputDir, address);
      assert.equal(page.querySelector("h1")?.textContent?.trim(), name, address);
      assert.deepEqual([...page.querySelectorAll("main h2 a, main h3 a")].map((link) => textOf(link)), ["Newer", "Older", "Oldest"], address);
    }
    assert.deepEqual((await readdir(path.join(site.outputDir, "tags"))).sort(), ["index.html", "كأس-2026"].sort());
  });
  test("names whose Latin letters, digits or katakana are written full- or half-width (ＡＰＥＣ, APEC; ﾆｭｰｽ班, ニュース班) are one tag and one byline, named as most of their stories write them", async () => {
    const site = await assertAccepted(
      {
        "oldest.md": article({ headline: "Oldest", tags: "[ＡＰＥＣ, Ｇ２０]", author: "ﾆｭｰｽ班" }),
        "older.md": article({ headline: "Older", date: "2026-01-06T10:00:00+05:00", tags: "[ＡＰＥＣ]", author: "ﾆｭｰｽ班" }),
        "newer.md": article({ headline: "Newer", date: "2026-01-07T10:00:00+05:00", tags: "[APEC, G20]", author: "ニュース班" }),
      },
      { language: "ja" },
    );
    // ＡＰＥＣ and ﾆｭｰｽ班 are written by two stories, APEC and ニュース班 by the newest alone; Ｇ２０ and G20 once each, the newest's kept.
    for (const [address, name] of [["/tags/apec/", "ＡＰＥＣ"], ["/tags/g20/", "G20"], ["/authors/ニュース班/", "ﾆｭｰｽ班"]] as const) {
      const page = await readPage(site.outputDir, address);
      assert.equal(textOf(page.querySelector("h1")), name, address);
      assert.deepEqual([...page.querySelectorAll("main h2 a, main h3 a")].map((link) => textOf(link)), address === "/tags/g20/" ? ["Newer", "Oldest"] : ["Newer", "Older", "Oldest"], address);
    }
    assert.deepEqual((await readdir(path.join(site.outputDir, "tags"))).sort(), ["apec", "g20", "index.html"]);
    assert.deepEqual((await readdir(path.join(site.outputDir, "authors"))).sort(), ["index.html", "ニュース班"].sort());
    const index = await readPage(site.outputDir, "/tags/");
    assert.deepEqual([...index.querySelectorAll("main li a")].map((link) => textOf(link)).filter((text) => /apec|g20/i.test(text.normalize("NFKC"))), ["ＡＰＥＣ", "G20"]);
  });
  test("names whose punctuation or spaces are written full- or half-width (Ｃ＋＋, C++; ＡＴ＆Ｔ, AT&T) are one tag and one byline, named as most of their stories write them", async () => {
    const site = await assertAccepted(
      {
        "oldest.md": article({ headline: "Oldest", tags: '[Ｃ＋＋, "AT&T", Ｇ７（２０２６）]', author: "Ｎｅｗｓ．Ｄｅｓｋ　Ｔｏｋｙｏ" }),
        "older.md": article({ headline: "Older", date: "2026-01-06T10:00:00+05:00", tags: '[Ｃ＋＋, "AT&T"]', author: "Ｎｅｗｓ．Ｄｅｓｋ　Ｔｏｋｙｏ" }),
        "newer.md": article({ headline: "Newer", date: "2026-01-07T10:00:00+05:00", tags: "[C++, ＡＴ＆Ｔ, G7(2026)]", author: "News.Desk Tokyo" }),
      },
      { language: "ja" },
    );
    for (const [address, name] of [["/tags/c/", "Ｃ＋＋"], ["/tags/at-t/", "AT&T"], ["/tags/g7-2026/", "G7(2026)"], ["/authors/news-desk-tokyo/", "Ｎｅｗｓ．Ｄｅｓｋ　Ｔｏｋｙｏ"]] as const) {
      const page = await readPage(site.outputDir, address);
      assert.equal(page.querySelector("h1")?.textContent?.trim(), name, address);
      assert.deepEqual([...page.querySelectorAll("main h2 a, main h3 a")].map((link) => textOf(link)), address === "/tags/g7-2026/" ? ["Newer", "Oldest"] : ["Newer", "Older", "Oldest"], address);
    }
    assert.deepEqual((await readdir(path.join(site.outputDir, "tags"))).sort(), ["at-t", "c", "g7-2026", "index.html"]);
    assert.deepEqual((await readdir(path.join(site.outputDir, "authors"))).sort(), ["index.html", "news-desk-tokyo"]);
  });
});

describe("two stories at one address", { concurrency: 2 }, () => {
  test("are refused on the line the editor can change, saying what gives each its slug: the file's first line for a file's name", async () => {
    await assertRefused(
      {
        "2025/harbour.md": article(),
        "2026/Harbour.md": article({ date: "2026-01-06T10:00:00+05:00" }),
        "2026/zz.md": article({ date: "2026-01-07T10:00:00+05:00", slug: "harbour" }),
      },
      {},
      [
        /2026\/Harbour\.md:1: would be published at \/world\/harbour\/, the same address as \S*2025\/harbour\.md: the names of both files give the slug harbour; rename this file, or give it a slug field \(lower-case letters, digits and hyphens\)/,
        // The slug is on line 5 (after headline, date and section).
        /2026\/zz\.md:5: would be published at \/world\/harbour\/, the same address as \S*2025\/harbour\.md: this story's slug field and that file's name both give the slug harbour; change this slug/,
      ],
    );
  });

  test("the slug field's line when the clash is with a slug written in the other story", async () => {
    await assertRefused(
      {
        "a.md": article({ slug: "harbour" }),
        "harbour.md": article({ date: "2026-01-06T10:00:00+05:00" }),
        "z.md": article({ date: "2026-01-07T10:00:00+05:00", slug: "harbour" }),
      },
      {},
      [
        /\/harbour\.md:1: would be published at \/world\/harbour\/, the same address as \S*\/a\.md: that story's slug field and this file's name both give the slug harbour; rename this file, or give it a slug field/,
        /\/z\.md:5: would be published at \/world\/harbour\/, the same address as \S*\/a\.md: both stories' slug fields are harbour; change this slug/,
      ],
    );
  });
});

describe("lines and drops in raw HTML the sanitiser reads", { concurrency: 2 }, () => {
  const body = [
    "Before.", // 7
    "",
    "<div>",
    '<img src="https://cdn.example/a.jpg" alt="first">',
    '<img src="http://cdn.example/b.jpg" alt="second">', // 11: the second <img> of its block
    "<span>one</span>",
    '<span onclick="x()">two</span>', // 13
    "</div>",
    "",
    "<div>",
    '<x-story-source n="0"></x-story-source>', // 17: the renderer's marker, written by an editor
    "<p>fine</p>",
    '<b style="color: red">styled</b>', // 19
    "</div>",
    "",
    "<!-- an editor's note, never published -->",
    'A <a href="">link to come</a>, <span title="">no title</span>, <span lang="">unknown</span>, <span dir="">empty</span>.', // 23
    "",
    "<!-- a note left open", // 25
    "",
    "The end.",
  ].join("\n");
  const policyTail = `; htmlPolicy "sanitized" would drop it from the page`;
  const expected: Array<[number, string, string]> = [
    [11, '<img src="http://cdn.example/b.jpg">: images, video and audio may only come over https or from the site', policyTail],
    [13, '<span onclick="x()">: event handlers never run in a story', policyTail],
    [17, '<x-story-source n="0">: <x-story-source> is not an element a story may use (the text inside it is kept)', policyTail],
    [19, '<b style="color: red">: a story takes the site\'s styles: style attributes are not published', policyTail],
    [23, '<a href="">: a link with an empty address is not kept, so its text would not be a link: give it its address, or remove the <a>', policyTail],
    [23, '<span title="">: an empty title is not kept, so the title of the element around it would show instead', policyTail],
    [23, '<span lang="">: an empty lang (a language unknown) is not kept, so its text would be read as the story\'s language', policyTail],
    [25, "<!--: a comment with no --> to end it hides everything after it, to the end of the story", "; end the comment with --> where the note ends"],
  ];
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

  test("each element is told on its own line, an editor's marker is no marker, an empty href, title or lang and a comment left open are told", async () => {
    const patterns = expected.map(([line, what, tail]) => new RegExp(`story\\.md:${line}: ${escape(what)}${escape(tail)}`));
    // Nothing else: the closed comment and the empty dir (which means what no dir means) are not problems.
    await assertRefused({ "story.md": article({}, body) }, {}, [...patterns, new RegExp(`(?<!\\d)${expected.length} problems in 1 article file`)]);
  });

  test("a comment left open is refused under the trusted policy too, where it would hide the rest of the page", async () => {
    const story = article({}, "Before.\n\n<div>\n<!-- a note left open\n\nThe end.");
    await assertRefused({ "story.md": story }, { htmlPolicy: "trusted" }, /story\.md:10: <!--: a comment with no --> to end it hides everything after it, to the end of the story; end the comment with --> where the note ends/);
  });

  test("under trusted, a comment a browser ends at --!> is not left open: the story builds, and a browser shows what follows it", { skip: chromiumMissing() ?? false }, async () => {
    const site = await assertAccepted({ "banged.md": article({}, "Before.\n\n<!-- x --!><b>y</b>") }, { htmlPolicy: "trusted" });
    const html = await readFile(path.join(site.outputDir, "world/banged/index.html"), "utf8");
    const chromium = await launchChromium();
    try {
      const page = await chromium.context.newPage();
      await page.setContent(html, { waitUntil: "domcontentloaded" });
      assert.deepEqual(await page.locator(".story__body b").allTextContents(), ["y"]);
    } finally {
      await chromium.close();
    }
  });

  test("under trusted, a comment opened after one ended by --!>, or one whose --!> takes the dashes of its <!--, is still left open", async () => {
    await assertRefused({ "story.md": article({}, "Before.\n\n<!-- a --!><b>y</b>\n<!-- b left open\n\nThe end.") }, { htmlPolicy: "trusted" }, /story\.md:10: <!--: a comment with no -->/);
    await assertRefused({ "story.md": article({}, "Before.\n\n<!-- a --!> <!-- b left open\n\nThe end.") }, { htmlPolicy: "trusted" }, /story\.md:9: <!--: a comment with no -->/, { preview: false });
    await assertRefused({ "story.md": article({}, "Before.\n\n<!--!> a note left open") }, { htmlPolicy: "trusted" }, /story\.md:9: <!--: a comment with no -->/, { preview: false });
    await assertRefused({ "story.md": article({}, "Before.\n\n<!---!> a note left open") }, { htmlPolicy: "trusted" }, /story\.md:9: <!--: a comment with no -->/, { preview: false });
  });

  test("under trusted, a block opened by a comment only a --!> ends, with more of the story after it, is refused: Markdown would read none of the rest", async () => {
    await assertRefused({ "story.md": article({}, "Before.\n\n<!-- x --!><b>y</b>\n\nAfter *this*.") }, { htmlPolicy: "trusted" }, /story\.md:9: <!-- … --!>: a browser ends this comment at --!>, but Markdown reads on to a line holding -->, so nothing after it is read as Markdown; end the comment with --> instead/);
    // A --> further on ends the block there: what follows it is Markdown again.
    const site = await assertAccepted({ "ended.md": article({}, "Before.\n\n<!-- x --!><b>y</b>\n<!-- z -->\n\nAfter *this*.") }, { htmlPolicy: "trusted" });
    assert.equal(textOf((await readPage(site.outputDir, "/world/ended/")).querySelector(".story__body em")), "this");
  });

  test("under trusted, the empty comments <!--> and <!---> a browser ends at once leave nothing open", async () => {
    const site = await assertAccepted({ "empty.md": article({}, "Before.\n\n<!-->\n\nMiddle.\n\n<!--->\n\nThe end.") }, { htmlPolicy: "trusted" });
    assert.equal(textOf((await readPage(site.outputDir, "/world/empty/")).querySelector(".story__body")), "Before. Middle. The end.");
  });

  test("a <!-- inside an attribute's value is no comment: the story builds whole", async () => {
    const site = await assertAccepted({ "titled.md": article({}, 'A <abbr title="a <!-- b">note</abbr> in a paragraph.\n\n<p title=\'<!--\'>A block.</p>\n\nThe end.') });
    assert.equal(textOf((await readPage(site.outputDir, "/world/titled/")).querySelector(".story__body")), "A note in a paragraph. A block. The end.");
  });

  test("a closed comment is an editor's note: the story builds, and the page holds no comment", async () => {
    const site = await assertAccepted({ "noted.md": article({}, "First.\n\n<!-- check the figure with the desk -->\n\nSecond <!-- inline note --> paragraph.") });
    const page = await readPage(site.outputDir, "/world/noted/");
    const body = page.querySelector(".story__body");
    assert.match(textOf(body), /First\. Second paragraph\./);
    const walker = page.createTreeWalker(body!, 128 /* NodeFilter.SHOW_COMMENT */);
    assert.equal(walker.nextNode(), null, "no comment is published");
  });
});
