import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { createServer, get, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Article } from "../src/article.ts";
import { followMovedStories, StoryMoves } from "../src/preview-moved-stories.ts";
import { outputFileOf } from "../src/stale-pages.ts";
import { makeArticle, testSettings } from "./helpers/articles.ts";
import { makeTempDir } from "./helpers/site.ts";

const settings = testSettings();
const story = (slug: string, fields: Partial<Article> = {}, section = "world"): Article => ({ ...makeArticle({ slug, published: "2026-01-05T10:00:00Z", section }, settings), ...fields });
/** The story renamed (a new file and slug, so a new address), its code pinned or derived again from its slug. */
const renamed = (was: Article, slug: string, fields: Partial<Article> = {}): Article => ({ ...was, sourcePath: `articles/${slug}.md`, slug, url: `/world/${slug}/`, ...fields });

describe("StoryMoves: which story moved where between the preview's rebuilds", () => {
  test("a story whose section changed moved from its old address to its new one", () => {
    const moves = new StoryMoves();
    const before = story("harbour");
    const after = story("harbour", {}, "business");
    moves.record([before], [after]);
    assert.equal(moves.movedTo("/world/harbour/"), "/business/harbour/");
  });

  test("a renamed file with a pinned short code moved, however its text changed in the same save", () => {
    const moves = new StoryMoves();
    const before = story("harbour", { shortCode: "Harb1", shortCodePinned: true });
    moves.record([before], [renamed(before, "harbour-reopens", { headline: "Harbour reopens" })]);
    assert.equal(moves.movedTo("/world/harbour/"), "/world/harbour-reopens/");
  });

  test("a renamed file whose code is derived from its slug is known by its text, when the deletion and the new file come in two rebuilds", () => {
    const moves = new StoryMoves();
    const before = story("harbour");
    const other = story("other");
    moves.record([before, other], [other]);
    assert.equal(moves.movedTo("/world/harbour/"), undefined, "deleted, for all the preview knows yet");
    moves.record([other], [renamed(before, "harbour-reopens", { shortCode: "c9x9x9" }), other]);
    assert.equal(moves.movedTo("/world/harbour/"), "/world/harbour-reopens/");
  });

  test("so is one whose new file was read a rebuild before the old one's deletion was", () => {
    const moves = new StoryMoves();
    const before = story("harbour");
    const after = renamed(before, "harbour-reopens", { shortCode: "c9x9x9" });
    moves.record([before], [before, after]);
    assert.equal(moves.movedTo("/world/harbour/"), undefined, "two stories, for all the preview knows yet");
    moves.record([before, after], [after]);
    assert.equal(moves.movedTo("/world/harbour/"), "/world/harbour-reopens/");
  });

  test("a story deleted outright, or saved in place, moved nowhere", () => {
    const moves = new StoryMoves();
    const gone = story("gone");
    const kept = story("kept");
    moves.record([gone, kept], [{ ...kept, headline: "Kept, edited" }]);
    moves.record([{ ...kept, headline: "Kept, edited" }], [{ ...kept, headline: "Kept, edited" }, story("unrelated", { headline: "Another story", html: "<p>Else.</p>" })]);
    assert.equal(moves.movedTo("/world/gone/"), undefined);
    assert.equal(moves.movedTo("/world/kept/"), undefined);
  });

  test("a story that could be either of two that left follows neither", () => {
    const moves = new StoryMoves();
    const twin = { headline: "Same", html: "<p>Same.</p>" };
    const first = story("first", twin);
    const second = story("second", twin);
    moves.record([first, second], [renamed(first, "third")]);
    assert.equal(moves.movedTo("/world/first/"), undefined);
    assert.equal(moves.movedTo("/world/second/"), undefined);
  });

  test("a story moved twice is followed from its first address to its last, and an address with a page again leads nowhere", () => {
    const moves = new StoryMoves();
    const first = story("harbour");
    const second = story("harbour", {}, "business");
    const third = story("harbour", {}, "sport");
    moves.record([first], [second]);
    moves.record([second], [third]);
    assert.equal(moves.movedTo("/world/harbour/"), "/sport/harbour/");
    assert.equal(moves.movedTo("/business/harbour/"), "/sport/harbour/");
    const back = story("harbour");
    moves.record([third], [back]);
    assert.equal(moves.movedTo("/world/harbour/"), undefined);
    assert.equal(moves.movedTo("/sport/harbour/"), "/world/harbour/");
  });
});

describe("StoryMoves: what it remembers over a whole session", () => {
  test("the last moves, departures and arrivals alone, the oldest forgotten first", () => {
    const moves = new StoryMoves(3);
    const slugs = ["a", "b", "c", "d"];
    // Four stories moved to another section, one save each: the first move is forgotten.
    let site = slugs.map((slug) => story(slug));
    for (const slug of slugs) {
      const next = site.map((one) => (one.slug === slug ? story(slug, {}, "business") : one));
      moves.record(site, next);
      site = next;
    }
    assert.deepEqual(
      slugs.map((slug) => moves.movedTo(`/world/${slug}/`)),
      [undefined, "/business/b/", "/business/c/", "/business/d/"],
    );

    // A story deleted, then three more: its file renamed back in is a new story, not a move.
    const kept = new StoryMoves(3);
    const first = story("first");
    const others = ["x", "y", "z"].map((slug) => story(slug));
    kept.record([first, ...others], others);
    kept.record(others, []);
    kept.record([], [renamed(first, "first-again", { shortCode: "f1rst1" })]);
    assert.equal(kept.movedTo("/world/first/"), undefined);

    // A renamed file read a rebuild before its old one's deletion, then three new stories: it arrived too long ago to be found.
    const arrivals = new StoryMoves(3);
    const old = story("p", { headline: "Story p" });
    const moved = renamed(old, "p-renamed");
    const fresh = ["q", "r", "s"].map((slug) => story(slug, { headline: `Story ${slug}` }));
    arrivals.record([old], [old, moved]);
    arrivals.record([old, moved], [old, moved, ...fresh]);
    arrivals.record([old, moved, ...fresh], [moved, ...fresh]);
    assert.equal(arrivals.movedTo("/world/p/"), undefined);
  });
});

describe("followMovedStories: the preview's redirect from a moved story's old address", () => {
  let output: string;
  let server: Server;
  let prefix = "/";
  const moves = new StoryMoves();
  const writePage = async (url: string) => {
    await mkdir(path.dirname(outputFileOf(output, url)), { recursive: true });
    await writeFile(outputFileOf(output, url), "<!doctype html><title>page</title>");
  };
  const request = (url: string) =>
    new Promise<{ status: number; location?: string; cache?: string }>((resolve, reject) => {
      get(`http://127.0.0.1:${(server.address() as AddressInfo).port}${url}`, (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, location: response.headers.location, cache: response.headers["cache-control"] });
      }).on("error", reject);
    });

  before(async () => {
    output = await makeTempDir("news-moved-stories-");
    moves.record([story("harbour"), story("gone"), story("سلام")], [story("harbour", {}, "business"), story("gone", {}, "sport"), story("سلام", {}, "business")]);
    await writePage("/business/harbour/");
    await writePage("/business/سلام/");
    server = createServer((req, res) =>
      followMovedStories(() => output, prefix, moves)(req, res, () => {
        res.statusCode = 404;
        res.end();
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });

  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(output, { recursive: true, force: true });
  });

  test("sends the old address on to the story's page, uncached, keeping the query", async () => {
    assert.deepEqual(await request("/world/harbour/?from=feed"), { status: 302, location: "/business/harbour/?from=feed", cache: "no-store" });
    assert.equal((await request(encodeURI("/world/سلام/"))).location, encodeURI("/business/سلام/"));
  });

  test("under the site's path prefix too", async () => {
    prefix = "/news/";
    try {
      assert.equal((await request("/news/world/harbour/")).location, "/news/business/harbour/");
    } finally {
      prefix = "/";
    }
  });

  test("leaves an old address that has a page again, or a story with no page where it went, to the site", async () => {
    assert.equal((await request("/world/gone/")).status, 404, "moved, then deleted: Page not found");
    await writePage("/world/harbour/");
    assert.equal((await request("/world/harbour/")).status, 404, "the next handler, which serves the page");
  });
});
