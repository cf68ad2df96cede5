// The sitemap of an archive past the limit, as npm run build and npm start publish it: /sitemap.xml an index of
// the listing pages' file and a file for each year's stories, read back with a real XML parser; and the
// preview, after a new story, writing again only the files it changed.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { listFiles } from "./helpers/outputs-fixture.ts";
import { watchInProcess } from "./helpers/preview.ts";
import { article, buildFixture, makeFixtureSite, type FixtureSite } from "./helpers/site.ts";
import { parseXml, type XmlNode } from "./helpers/xml.ts";

const ORIGIN = "https://news.example.com";
const NOW = "2026-02-01T00:00:00Z";
const LIMIT = 12;

/** Each story's file, its date, and the year it is published under in Karachi, the fixture's zone (five hours ahead of UTC). */
const STORIES: { name: string; date: string; year: string }[] = [
  { name: "late-2026", date: "2026-01-20T10:00:00+05:00", year: "2026" },
  { name: "early-2026", date: "2026-01-02T10:00:00+05:00", year: "2026" },
  // 23:30 UTC on 31 December is 04:30 on 1 January in Karachi: in the archive's January 2026, so in 2026's file.
  { name: "new-year", date: "2025-12-31T23:30:00Z", year: "2026" },
  // 23:30 in Karachi on 31 December stays in 2025.
  { name: "old-year", date: "2025-12-31T23:30:00+05:00", year: "2025" },
  // More stories than a file holds: 2024 goes on in a second file.
  ...Array.from({ length: LIMIT + 2 }, (_, i) => ({ name: `y24-${i}`, date: `2024-03-${String(i + 1).padStart(2, "0")}T10:00:00+05:00`, year: "2024" })),
];

describe("the sitemap of an archive past the limit", { timeout: 300_000 }, () => {
  let site: FixtureSite;
  const read = (sitePath: string) => readFile(path.join(site.outputDir, sitePath), "utf8");
  const locsIn = async (sitePath: string) => (((parseXml(await read(sitePath)).urlset as XmlNode).url as XmlNode[] | undefined) ?? []).map((url) => ({ path: String(url.loc).slice(ORIGIN.length), lastmod: String(url.lastmod) }));
  const indexed = async () => ((parseXml(await read("/sitemap.xml")).sitemapindex as XmlNode).sitemap as XmlNode[]).map((entry) => ({ path: String(entry.loc).slice(ORIGIN.length), lastmod: String(entry.lastmod) }));

  before(async () => {
    site = await makeFixtureSite(Object.fromEntries(STORIES.map((story) => [`${story.name}.md`, article({ headline: story.name, date: story.date })])), {
      sitemapLimit: LIMIT,
      sections: [{ slug: "world", name: "World" }],
      timeZone: "Asia/Karachi",
      search: false,
    });
    const result = await buildFixture(site, ["--now", NOW]);
    assert.equal(result.code, 0, result.stderr);
  });
  after(() => site?.remove());

  test("/sitemap.xml is an index of the listing pages' file, then a file a year, newest first, each dated by its newest entry", async () => {
    const files = await indexed();
    assert.deepEqual(
      files.map((file) => file.path),
      ["/sitemap-pages.xml", "/sitemap-2026.xml", "/sitemap-2025.xml", "/sitemap-2024.xml", "/sitemap-2024-2.xml"],
    );
    for (const file of files) {
      const entries = await locsIn(file.path);
      assert.ok(entries.length > 0 && entries.length <= LIMIT, `${file.path} holds ${entries.length}`);
      const newest = entries.reduce((best, entry) => (Date.parse(entry.lastmod) > Date.parse(best.lastmod) ? entry : best));
      assert.equal(file.lastmod, newest.lastmod, file.path);
    }
    assert.match(await read("/robots.txt"), /^Sitemap: https:\/\/news\.example\.com\/sitemap\.xml$/m, "robots.txt names the index");
  });

  test("each year's file holds that year's stories, by the newsroom's zone; every page of the site is in exactly one file", async () => {
    const byYear = new Map<string, string[]>();
    const listed: string[] = [];
    for (const file of await indexed()) {
      const paths = (await locsIn(file.path)).map((entry) => entry.path);
      listed.push(...paths);
      const year = /^\/sitemap-(\d{4})(?:-\d+)?\.xml$/.exec(file.path)?.[1];
      if (year) byYear.set(year, [...(byYear.get(year) ?? []), ...paths]);
    }
    for (const year of ["2026", "2025", "2024"]) {
      assert.deepEqual(
        byYear.get(year),
        STORIES.filter((story) => story.year === year)
          .sort((a, b) => Date.parse(b.date) - Date.parse(a.date))
          .map((story) => `/world/${story.name}/`),
        `${year}: its stories, newest first`,
      );
    }
    // Every page but the 404 page, the search page and the short links' redirects, which no sitemap lists.
    const pages = (await listFiles(site.outputDir)).filter((file) => file.endsWith(".html") && file !== "/404.html" && file !== "/search/index.html" && !file.startsWith("/s/")).map((file) => file.replace(/index\.html$/, ""));
    assert.equal(listed.length, new Set(listed).size, "no page twice");
    assert.deepEqual([...listed].sort(), pages.sort(), "every page, and nothing else");
  });

  // Last: it adds a story to the fixture.
  test("in the preview, a new story of the newest year writes again its year's file and the listings', and leaves the other years' files as they were", async () => {
    const sitemaps = async () => {
      const files = new Map<string, { text: string; mtimeMs: number }>();
      for (const file of (await listFiles(site.outputDir)).filter((name) => /^\/sitemap.*\.xml$/.test(name))) {
        files.set(file, { text: await read(file), mtimeMs: (await stat(path.join(site.outputDir, file))).mtimeMs });
      }
      return files;
    };
    const env = { NEWS_ARTICLES_DIR: site.articlesDir, NEWS_SETTINGS_FILE: site.settingsFile, NEWS_NOW: NOW };
    const fresh = path.join(site.articlesDir, "fresh.md");
    let saved = new Map<string, { text: string; mtimeMs: number }>();
    let rebuilt = new Map<string, { text: string; mtimeMs: number }>();
    await watchInProcess(site.outputDir, env, async (rebuildFor) => {
      saved = await sitemaps();
      await writeFile(fresh, article({ headline: "fresh", date: "2026-01-25T10:00:00+05:00" }));
      await rebuildFor(path.relative(process.cwd(), fresh));
      rebuilt = await sitemaps();
    });
    assert.deepEqual([...rebuilt.keys()].sort(), [...saved.keys()].sort(), "the same files");
    const rewritten = [...rebuilt].filter(([file, { mtimeMs }]) => mtimeMs !== saved.get(file)!.mtimeMs).map(([file]) => file);
    assert.deepEqual(rewritten.sort(), ["/sitemap-2026.xml", "/sitemap-pages.xml", "/sitemap.xml"], "the index, the listings' file and 2026's");
    assert.ok(rebuilt.get("/sitemap-2026.xml")!.text.includes(`${ORIGIN}/world/fresh/`), "the new story is in 2026's file");
    for (const file of ["/sitemap-2025.xml", "/sitemap-2024.xml", "/sitemap-2024-2.xml"]) assert.equal(rebuilt.get(file)!.text, saved.get(file)!.text, file);
  });
});
