import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { movedEntries, resolveSettings, type SettingsInput } from "../src/settings.ts";
import { movedProblems } from "../src/moved-addresses.ts";
import { makeArticle } from "./helpers/articles.ts";
import settingsInput from "../site.config.ts";
import { article, assertBuildAndCheckRefuse, buildFixture, makeFixtureSite, readPage, runCli, textOf, type FixtureSite } from "./helpers/site.ts";
import { parseXml } from "./helpers/xml.ts";

const NOW = "2026-02-01T00:00:00Z";

/** The _redirects file's rules, each as its source, target and status. */
async function redirectRules(outputDir: string): Promise<string[][]> {
  const text = await readFile(path.join(outputDir, "_redirects"), "utf8");
  return text.split("\n").filter(Boolean).map((line) => line.split(/\s+/));
}

/** The problems the settings are refused with, one a line. */
function refusal(moved: Record<string, string>): string {
  try {
    resolveSettings(settingsInput as SettingsInput, { moved });
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail(`expected moved ${JSON.stringify(moved)} to be refused`);
}

describe("moved addresses: the setting is checked, naming the entry and what was expected", () => {
  test("old addresses well formed and in order are taken, and read as site paths", () => {
    const settings = resolveSettings(settingsInput as SettingsInput, { moved: { "/world/harbour-reopns": "/pakistan/harbour-reopens/", "/s/x7k2mn/": "2026/01/harbour.md" } });
    assert.deepEqual(settings.moved, { "/world/harbour-reopns": "/pakistan/harbour-reopens/", "/s/x7k2mn/": "2026/01/harbour.md" });
  });

  test("an address outside the site, of its own pages or not a page's", () => {
    const cases: [string, string, RegExp][] = [
      ["world/harbour/", "/pakistan/harbour/", /moved\["world\/harbour\/"\]: expected a site path such as \/world\/harbour-reopns\//],
      ["/world/../../etc/", "/pakistan/harbour/", /moved\["\/world\/\.\.\/\.\.\/etc\/"\]: expected a path inside the site, without \. or \.\. folders/],
      ["/world/harbour/?page=2", "/pakistan/harbour/", /expected an address without a query \(\?…\): a static site answers a path whatever its query/],
      ["/story.php?id=5", "/pakistan/harbour/", /moved\["\/story\.php\?id=5"\]: expected an address without a query/],
      ["https://news.example.com/story.php?id=5", "/pakistan/harbour/", /expected an address without a query/],
      ["https://www.news.example.com/world/harbour/", "/pakistan/harbour/", /expected an address on this site \(https:\/\/news\.example\.com\); www\.news\.example\.com is another host, whose old addresses its own server must redirect/],
      ["ftp://news.example.com/world/harbour/", "/pakistan/harbour/", /expected a site path such as/],
      ["/world/index.html", "/pakistan/harbour/", /\/world\/ is the World section's listing/],
      ["/world/rss.xml", "/pakistan/harbour/", /expected an address outside the site's own pages; \/world\/rss\.xml is the World section's feed/],
      ["/robots.txt", "/pakistan/harbour/", /\/robots\.txt is one of the site's own files/],
      ["/404.html", "/pakistan/harbour/", /\/404\.html is one of the site's own files/],
      ["/feed.xml", "/pakistan/harbour/", /\/feed\.xml is one of the site's own files/],
      ["/sitemap-2.xml", "/pakistan/harbour/", /\/sitemap-2\.xml is one of the site's own files/],
      ["/sitemap-2026-2.xml", "/pakistan/harbour/", /\/sitemap-2026-2\.xml is one of the site's own files/],
      ["/sitemap-pages.xml", "/pakistan/harbour/", /\/sitemap-pages\.xml is one of the site's own files/],
      ["/", "/pakistan/harbour/", /moved\["\/"\]: expected an old story's address; \/ is the front page/],
      ["/tags/harbour/", "/pakistan/harbour/", /moved\["\/tags\/harbour\/"\]: expected an address outside the site's own pages; \/tags\/ is one of the site's own folders/],
      ["/world/", "/pakistan/harbour/", /moved\["\/world\/"\]: expected an address outside the site's own pages; \/world\/ is the World section's listing/],
      ["/world/page/2/", "/pakistan/harbour/", /\/world\/page\/… is the World section's listing/],
      ["/s/x/", "/pakistan/harbour/", /moved\["\/s\/x\/"\]: expected \/s\/ and one short code/],
      ["/world/harbour/", "../secret.md", /moved\["\/world\/harbour\/"\]: expected a path inside the site/],
      ["/world/harbour/", "https://elsewhere.example/story/", /moved\["\/world\/harbour\/"\]: expected the story's address, such as \/pakistan\/harbour-reopens\/, or its file/],
    ];
    for (const [key, value, expected] of cases) {
      const message = refusal({ [key]: value });
      assert.match(message, expected);
      assert.match(message, /\(in the settings laid over it\)/, "and where it was set");
    }
  });

  test("an old file's address is kept as it is, a folder's index.html is the folder, and a full address on the site is its path", () => {
    const settings = resolveSettings(settingsInput as SettingsInput, {
      moved: {
        "/news/2019/05/story-123.html": "/pakistan/harbour-reopens/",
        "/story.php": "/pakistan/harbour-reopens/",
        "/old/harbour/index.html": "/pakistan/harbour-reopens/",
        "https://news.example.com/world/harbour-reopns/": "/pakistan/harbour-reopens/",
        "http://news.example.com/world/harbour-old": "/pakistan/harbour-reopens/",
      },
    });
    assert.deepEqual(movedEntries(settings).map((entry) => entry.from), ["/news/2019/05/story-123.html", "/story.php", "/old/harbour/", "/world/harbour-reopns/", "/world/harbour-old/"]);
  });

  test("under a path prefix, a full address is read from the prefix, and one outside it is refused", () => {
    const onPrefix = { baseUrl: "https://example.github.io/news" };
    const settings = resolveSettings(settingsInput as SettingsInput, { ...onPrefix, moved: { "https://example.github.io/news/world/harbour/": "/pakistan/harbour-reopens/" } });
    assert.deepEqual(movedEntries(settings).map((entry) => entry.from), ["/world/harbour/"]);
    assert.throws(() => resolveSettings(settingsInput as SettingsInput, { ...onPrefix, moved: { "https://example.github.io/blog/harbour/": "/pakistan/harbour-reopens/" } }), /moved\["https:\/\/example\.github\.io\/blog\/harbour\/"\]: expected an address under the site's path \/news\//);
  });

  test("no more old addresses without a page than _redirects holds lines", () => {
    const moved = Object.fromEntries(Array.from({ length: 2003 }, (_, index) => [`/story-${index}.php`, "/pakistan/harbour-reopens/"]));
    const message = refusal(moved);
    assert.match(message, /moved\["\/story-2000\.php"\]: expected at most 2000 old addresses that are no page \(\.php, \.asp…\).*this and 2 more are over/);
    assert.equal(message.split("\n").length, 2, "one problem, not one an entry");
  });

  test("one address twice, a chain and a loop", () => {
    assert.match(refusal({ "/world/harbour": "/pakistan/harbour/", "/world/harbour/": "/pakistan/harbour/" }), /moved\["\/world\/harbour\/"\]: expected each old address once; moved\["\/world\/harbour"\] names \/world\/harbour\/ too/);
    assert.match(
      refusal({ "/world/a/": "/world/b/", "/world/b/": "/pakistan/c/" }),
      /moved\["\/world\/a\/"\]: expected the story's address now; \/world\/b\/ is itself an old address \(moved\["\/world\/b\/"\]\): lead this one to \/pakistan\/c\/ as well/,
    );
    assert.match(refusal({ "/world/a/": "/world/b/", "/world/b/": "/world/a/" }), /moved\["\/world\/a\/"\]: expected the story's address now; this leads round in a loop \(\/world\/a\/ → \/world\/b\/ → \/world\/a\/\)/);
    assert.match(refusal({ "/world/a/": "/world/a" }), /leads round in a loop \(\/world\/a\/ → \/world\/a\/\)/);
  });
});

describe("moved addresses: a built site answers each old address", () => {
  let site: FixtureSite;
  const harbour = article({ headline: "Harbour reopens", section: "pakistan", shortUrl: "hb234x" }, "The harbour reopened.");
  const linking = article({ headline: "Ships return", date: "2026-01-06T10:00:00+05:00" }, "See [the harbour](/world/harbour-reopns/) and [its short link](/s/old234/).");
  before(async () => {
    site = await makeFixtureSite(
      { "2026/01/harbour-reopens.md": harbour, "2026/01/ships-return.md": linking },
      {
        moved: {
          // Renamed to fix a typo, then moved to another section: both old addresses lead to the story.
          "/world/harbour-reopns/": "/pakistan/harbour-reopens/",
          "/world/harbour-reopens": "2026/01/harbour-reopens.md",
          // The short code it had before the editor pinned another.
          "/s/old234/": "/pakistan/harbour-reopens/",
        },
      },
    );
    const built = await buildFixture(site, ["--now", NOW]);
    assert.equal(built.code, 0, built.stderr);
  });
  after(() => site.remove());

  test("a redirect page at each old address: meta refresh, canonical, noindex, the story named", async () => {
    for (const [old, words] of [["/world/harbour-reopns/", "This story has moved to"], ["/world/harbour-reopens/", "This story has moved to"], ["/s/old234/", "This short link leads to"]] as const) {
      const page = await readPage(site.outputDir, old);
      assert.equal(page.querySelector('meta[http-equiv="refresh"]')?.getAttribute("content"), "0; url=/pakistan/harbour-reopens/", old);
      assert.equal(page.querySelector('link[rel="canonical"]')?.getAttribute("href"), "https://news.example.com/pakistan/harbour-reopens/");
      assert.equal(page.querySelector('meta[name="robots"]')?.getAttribute("content"), "noindex");
      assert.equal(page.querySelector("main h1 a")?.getAttribute("href"), "/pakistan/harbour-reopens/");
      assert.equal(textOf(page.querySelector("main h1 a")), "Harbour reopens");
      assert.equal(textOf(page.querySelector("main p")), words);
    }
    // The story's own short link is kept as before.
    assert.equal((await readPage(site.outputDir, "/s/hb234x/")).querySelector('meta[http-equiv="refresh"]')?.getAttribute("content"), "0; url=/pakistan/harbour-reopens/");
  });

  test("a 301 in _redirects for each old address, beside the short links", async () => {
    const rules = await redirectRules(site.outputDir);
    for (const old of ["/world/harbour-reopns", "/world/harbour-reopens", "/s/old234"]) {
      assert.deepEqual(rules.find(([from]) => from === old), [old, "/pakistan/harbour-reopens/", "301"]);
    }
    assert.deepEqual(rules.find(([from]) => from === "/s/hb234x"), ["/s/hb234x", "/pakistan/harbour-reopens/", "301"]);
  });

  test("no sitemap lists an old address", async () => {
    const sitemap = parseXml(await readFile(path.join(site.outputDir, "sitemap.xml"), "utf8")) as { urlset: { url: { loc: string }[] } };
    const locs = sitemap.urlset.url.map((url) => url.loc);
    assert.ok(locs.includes("https://news.example.com/pakistan/harbour-reopens/"));
    assert.deepEqual(locs.filter((loc) => /harbour-reopns|\/world\/harbour|\/s\//.test(loc)), []);
  });

  test("a story linking to an old address or old short link passes the check (the build's link check passed above)", async () => {
    const checked = await runCli("check", ["--articles", site.articlesDir, "--settings", site.settingsFile, "--now", NOW]);
    assert.equal(checked.code, 0, checked.stdout + checked.stderr);
  });
});

describe("moved addresses: a site moved from another CMS keeps its old files' addresses", () => {
  let site: FixtureSite;
  before(async () => {
    site = await makeFixtureSite(
      {
        "2026/01/harbour-reopens.md": article({ headline: "Harbour reopens", section: "pakistan", shortUrl: "hb234x" }, "The harbour reopened."),
        "2026/01/ships-return.md": article({ headline: "Ships return", date: "2026-01-06T10:00:00+05:00" }, "See [the old page](/news/2019/05/story-123.html), [another](/world/harbour.html) and [the older one](/story.php)."),
      },
      {
        moved: {
          "/news/2019/05/story-123.html": "/pakistan/harbour-reopens/",
          "/story.php": "2026/01/harbour-reopens.md",
          // In a section's folder, as a story's address would be: npm run check takes it for one.
          "/world/harbour.html": "/pakistan/harbour-reopens/",
          "https://news.example.com/world/harbour-old/": "/pakistan/harbour-reopens/",
        },
      },
    );
  });
  after(() => site.remove());

  test("an .html address has its page at that very file, a .php address only its 301 line, a full address its path's page; again from the page cache", async () => {
    for (const round of ["first build", "second build, from the cache"]) {
      const built = await buildFixture(site, ["--now", NOW]);
      assert.equal(built.code, 0, built.stderr);
      const page = await readPage(site.outputDir, "/news/2019/05/story-123.html");
      assert.equal(page.querySelector('meta[http-equiv="refresh"]')?.getAttribute("content"), "0; url=/pakistan/harbour-reopens/", round);
      assert.equal(textOf(page.querySelector("main h1 a")), "Harbour reopens");
      assert.equal(existsSync(path.join(site.outputDir, "news/2019/05/story-123.html/index.html")), false, "not a folder");
      assert.equal(existsSync(path.join(site.outputDir, "story.php")), false, "a host would serve it as a download");
      assert.equal((await readPage(site.outputDir, "/world/harbour-old/")).querySelector("main h1 a")?.getAttribute("href"), "/pakistan/harbour-reopens/");
      const rules = await redirectRules(site.outputDir);
      for (const old of ["/news/2019/05/story-123.html", "/story.php", "/world/harbour-old"]) assert.deepEqual(rules.find(([from]) => from === old), [old, "/pakistan/harbour-reopens/", "301"], `${round}: ${old}`);
      const sitemap = await readFile(path.join(site.outputDir, "sitemap.xml"), "utf8");
      const locs = (parseXml(sitemap) as { urlset: { url: { loc: string }[] } }).urlset.url.map((url) => url.loc);
      assert.deepEqual(locs.filter((loc) => /story-123|story\.php|harbour-old/.test(loc)), []);
    }
  });

  test("a story's links to them pass npm run check (the build's link check passed above)", async () => {
    const checked = await runCli("check", ["--articles", site.articlesDir, "--settings", site.settingsFile, "--now", NOW]);
    assert.equal(checked.code, 0, checked.stdout + checked.stderr);
  });
});

describe("moved addresses: the build and the check refuse an entry the archive contradicts", () => {
  const stories = { "2026/01/harbour-reopens.md": article({ headline: "Harbour reopens", section: "pakistan", shortUrl: "hb234x" }) };
  const refused = async (moved: Record<string, string>, expected: RegExp, files: Record<string, string> = stories) => {
    const site = await makeFixtureSite(files, { moved });
    try {
      await assertBuildAndCheckRefuse(site, NOW, expected);
    } finally {
      await site.remove();
    }
  };

  test("an old address that is a story's address or short link now", async () => {
    await refused({ "/pakistan/harbour-reopens/": "2026/01/harbour-reopens.md" }, /settings\.json:1: moved\["\/pakistan\/harbour-reopens\/"\]: expected an address no page of the site has; \/pakistan\/harbour-reopens\/ is now the address of .*articles\/2026\/01\/harbour-reopens\.md: leave it out of moved/);
    await refused({ "/s/HB234X/": "/pakistan/harbour-reopens/" }, /moved\["\/s\/HB234X\/"\]: expected an address no page of the site has; \/s\/hb234x\/ is now the short link of .*harbour-reopens\.md/i);
  });

  test("an entry that leads to no story", async () => {
    await refused({ "/world/harbour/": "/pakistan/harbour-reopened/" }, /moved\["\/world\/harbour\/"\]: expected a story's address; no story is at \/pakistan\/harbour-reopened\//);
    await refused({ "/world/harbour/": "2026/01/harbour.md" }, /moved\["\/world\/harbour\/"\]: expected a story's file; there is none at .*articles\/2026\/01\/harbour\.md/);
  });

  test("in a sharded build the global job judges the entries, against the whole archive; a shard's job leaves them to it", async () => {
    const site = await makeFixtureSite(stories, { moved: { "/pakistan/harbour-reopens/": "2026/01/harbour-reopens.md" } });
    try {
      const job = (pages: string, articles: string, ...more: string[]) =>
        runCli("build", ["--pages", pages, "--articles", articles, ...more, "--output", path.join(site.dir, `job-${pages}`), "--settings", site.settingsFile, "--quiet", "--now", NOW], {
          NEWS_ARTICLE_CACHE: path.join(site.dir, `article-cache-${pages}`),
          NEWS_PAGE_CACHE: path.join(site.dir, `page-cache-${pages}`),
          NEWS_SEARCH_CACHE: path.join(site.dir, `search-cache-${pages}`),
        });
      const shard = await job("articles", path.join(site.articlesDir, "2026"), "--archive", site.articlesDir);
      assert.equal(shard.code, 0, shard.stderr);
      assert.doesNotMatch(shard.stderr, /moved/);
      const global = await job("listings", site.articlesDir);
      assert.equal(global.code, 1, global.stderr);
      assert.match(global.stderr, /moved\["\/pakistan\/harbour-reopens\/"\]: expected an address no page of the site has/);
    } finally {
      await site.remove();
    }
  });

  test("a draft's old address is left out until it is published, not refused", async () => {
    const site = await makeFixtureSite({ ...stories, "2026/01/later.md": article({ headline: "Later", draft: "true" }) }, { moved: { "/world/later-story/": "/world/later/" } });
    try {
      const built = await buildFixture(site, ["--now", NOW]);
      assert.equal(built.code, 0, built.stderr);
      assert.equal(existsSync(path.join(site.outputDir, "world/later-story/index.html")), false);
      assert.equal((await readFile(path.join(site.outputDir, "_redirects"), "utf8")).includes("/world/later-story"), false);
    } finally {
      await site.remove();
    }
  });

  test("a problem is placed on the entry's own line, not on an earlier one or a comment that names its address", async () => {
    const site = await makeFixtureSite({});
    try {
      const settingsFile = path.join(site.dir, "moved-settings.ts");
      // As site.config.ts's own comments show the setting, its example's key is followed by its colon too.
      const lines = ["/* e.g.", ' * moved: { "/world/harbour/": "/x/" } */', '// moved: { "/world/harbour/": "/pakistan/harbour-reopens/" }', "moved: {", '  // "/world/harbour/" was the first address', '  "/world/harbour/": "/pakistan/harbour-reopened/",', "}"];
      await writeFile(settingsFile, lines.join("\n"));
      const settings = resolveSettings(settingsInput as SettingsInput, { moved: { "/world/harbour/": "/pakistan/harbour-reopened/" } });
      const problems = movedProblems(movedEntries(settings), [], { articlesDir: site.articlesDir, publicDir: path.join(site.dir, "public"), settingsFile });
      assert.deepEqual(problems.map((problem) => [problem.line, problem.field]), [[6, 'moved["/world/harbour/"]']]);
    } finally {
      await site.remove();
    }
  });

  test("an old address that is a page under public/ is refused", async () => {
    const site = await makeFixtureSite({});
    try {
      const publicDir = path.join(site.dir, "public");
      await mkdir(path.join(publicDir, "about-us"), { recursive: true });
      await writeFile(path.join(publicDir, "about-us", "index.html"), "<!doctype html><title>About</title>");
      const settings = resolveSettings(settingsInput as SettingsInput, { moved: { "/about-us/": "/pakistan/harbour-reopens/" } });
      const problems = movedProblems(movedEntries(settings), [makeArticle({ slug: "harbour-reopens", section: "pakistan", published: "2026-01-05T05:00:00Z" }, settings)], { articlesDir: site.articlesDir, publicDir, settingsFile: "site.config.ts" });
      assert.deepEqual(problems.map((problem) => `${problem.field}: ${problem.message}`), [`moved["/about-us/"]: expected an address no page of the site has; /about-us/ is a page under ${publicDir}/`]);
    } finally {
      await site.remove();
    }
  });
});
