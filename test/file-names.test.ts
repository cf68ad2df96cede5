// File names as editors save them (spaces, capitals, accents, other scripts) still give clean URLs.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { stat } from "node:fs/promises";
import path from "node:path";
import { article, buildFixture, makeFixtureSite, readPage, type FixtureSite } from "./helpers/site.ts";

const FILES: Record<string, string> = {
  "2026/11/Harbour Reopens  NOW.md": "/world/harbour-reopens-now/",
  "2026/11/Café Société (Update).md": "/world/cafe-societe-update/",
  "2026/11/پاکستان کی خبر.md": "/world/پاکستان-کی-خبر/",
  // Japanese and Chinese put no space between words: one between two of their characters makes no hyphen.
  "2026/11/日本 ニュース.md": "/world/日本ニュース/",
  "2026/11/Tokyo 日本.md": "/world/tokyo-日本/",
  "2026/11/ALL_CAPS__and--dashes.md": "/world/all-caps-and-dashes/",
  "2026/11/¡¿!.md": "/world/", // a name with no letter or digit: a stable hash stands in
};

describe("file names", () => {
  let site: FixtureSite;
  before(async () => {
    const articles: Record<string, string> = {};
    let minute = 10;
    for (const file of Object.keys(FILES)) articles[file] = article({ headline: `Story ${file}`, date: `2026-01-05T10:${minute++}:00+05:00` });
    site = await makeFixtureSite(articles);
    const result = await buildFixture(site, ["--now", "2026-11-30T12:00:00Z"]);
    assert.equal(result.code, 0, result.stderr);
  });
  after(() => site.remove());

  test("with spaces, capitals, accents and non-Latin letters give clean URLs, one page each", async () => {
    const front = await readPage(site.outputDir, "/");
    const links = Array.from(front.querySelectorAll(".story-card__headline a")).map((a) => a.getAttribute("href")!);
    for (const [file, url] of Object.entries(FILES)) {
      const href = links.find((link) => decodeURI(link) === url || (url === "/world/" && /^\/world\/[0-9a-f]{8}\/$/.test(link)));
      assert.ok(href, `${file}: expected ${url} among ${links.join(" ")}`);
      assert.doesNotMatch(decodeURI(href), /[A-Z\s_.()]/, href);
      const page = path.join(site.outputDir, decodeURI(href), "index.html");
      assert.ok((await stat(page)).isFile(), page);
    }
  });
});
