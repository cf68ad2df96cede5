// A story with no section is published under the site's `noSectionSlug` (src/settings.ts), on a French
// site "actualites": its page, the sitemaps, the feed, the check's links and npm run new all agree.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { article, buildFixture, makeFixtureSite, readPage, runCli, textOf, type FixtureSite } from "./helpers/site.ts";
import { parseXml, textIn, type XmlNode } from "./helpers/xml.ts";

const NOW = "2026-11-30T12:00:00Z";
const FRENCH = { language: "fr", timeZone: "Europe/Paris", sections: [{ slug: "communes", name: "Communes" }], noSectionSlug: "actualites" };

describe("stories with no section on a site whose word for them is its own", () => {
  let site: FixtureSite;
  before(async () => {
    site = await makeFixtureSite(
      {
        "2026/11/port-rouvre.md": article({ headline: "Le port rouvre", section: "" }, "Le port a rouvert à l’aube."),
        "2026/11/conseil.md": article({ headline: "Le conseil vote", section: "communes", date: "2026-11-02T10:00:00+01:00" }, "Voir [le port](/actualites/port-rouvre/)."),
      },
      FRENCH,
    );
  });
  after(() => site.remove());

  test("are published under that word, not /news/, and the sitemap and feed give that address", async () => {
    const built = await buildFixture(site, ["--now", NOW]);
    assert.equal(built.code, 0, built.stderr);
    assert.equal(textOf((await readPage(site.outputDir, "/actualites/port-rouvre/")).querySelector("h1")), "Le port rouvre");
    assert.equal(existsSync(path.join(site.outputDir, "news")), false, "no /news/ folder");
    const sitemap = parseXml(await readFile(path.join(site.outputDir, "sitemap.xml"), "utf8"));
    const locations = ((sitemap.urlset as XmlNode).url as XmlNode[]).map((url) => textIn(url.loc));
    assert.ok(locations.includes("https://news.example.com/actualites/port-rouvre/"), locations.join("\n"));
    assert.ok(!locations.some((location) => location.includes("/news/")), locations.join("\n"));
    const feed = parseXml(await readFile(path.join(site.outputDir, "feed.xml"), "utf8"));
    const links = ((feed.feed as XmlNode).entry as XmlNode[]).flatMap((entry) => (entry.link as XmlNode[]).map((link) => String(link["@href"])));
    assert.ok(links.includes("https://news.example.com/actualites/port-rouvre/"), links.join("\n"));
    // The story names no section, so its page links to no listing of the stories without one.
    assert.equal((await readPage(site.outputDir, "/actualites/port-rouvre/")).querySelector(".kicker"), null);
  });

  test("the check reads a link under that word as a link to a story: one that is there passes, one that is not is named", async () => {
    const fine = await runCli("check", ["--articles", site.articlesDir, "--settings", site.settingsFile, "--now", NOW]);
    assert.equal(fine.code, 0, fine.stderr);
    const broken = await makeFixtureSite({ "lien.md": article({ headline: "Un lien", section: "" }, "Voir [l’autre](/actualites/introuvable/).") }, FRENCH);
    try {
      const checked = await runCli("check", ["--articles", broken.articlesDir, "--settings", broken.settingsFile, "--now", NOW]);
      assert.equal(checked.code, 1, checked.stdout);
      assert.match(checked.stderr, /lien\.md:\d+(:\d+)?: the link to \/actualites\/introuvable\/ points to no article: no article is published at \/actualites\/introuvable\//);
    } finally {
      await broken.remove();
    }
  });

  test("npm run new without a section names the address taken under that word", async () => {
    // A month later, so the file would go in another folder and only the address is taken.
    const result = await runCli("new", ["Port rouvre", "--articles", site.articlesDir, "--settings", site.settingsFile, "--now", "2026-12-15T12:00:00Z"]);
    assert.equal(result.code, 1, result.stdout);
    assert.match(result.stderr, /port-rouvre\.md already has the address \/actualites\/port-rouvre\//);
  });
});
