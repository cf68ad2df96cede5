import { test } from "node:test";
import assert from "node:assert/strict";
import { compareArticles, type Article } from "../src/article.ts";
import { fillBuckets, type Buckets } from "../src/subject-buckets.ts";
import { makeArticle, newestFirst, testSettings } from "./helpers/articles.ts";
import { seededRandom } from "./helpers/random.ts";

const settings = testSettings();
const SECTIONS = settings.sections.map((section) => section.slug);

/** A story of few dates, tags (three spellings of one), bylines and sections, so buckets and ties are shared. */
function story(next: (n: number) => number, slug: string): Article {
  const day = `2024-0${1 + next(2)}-1${next(3)}`;
  return makeArticle(
    {
      slug,
      published: `${day}T0${next(2)}:00:00Z`,
      updated: next(4) === 0 ? `2024-03-0${1 + next(5)}T00:00:00Z` : undefined,
      section: [...SECTIONS, "nowhere"][next(SECTIONS.length + 1)],
      tags: ["Covid", "COVID", "ＣＯＶＩＤ", "Trade", "Rain"].filter(() => next(3) === 0),
      authors: ["AP", "Reuters"].filter(() => next(2) === 0),
    },
    settings,
  );
}

/** What a fill holds, as plain data: each bucket's stories by slug, and the dates the indexes show. */
function contents(buckets: Buckets) {
  const named = (map: Map<string, { link: { name: string; slug: string; url: string }; items: readonly Article[] }>) =>
    [...map].sort(([a], [b]) => (a < b ? -1 : 1)).map(([slug, { link, items }]) => [slug, link.name, link.url, items.map((item) => item.slug)]);
  return {
    sections: [...buckets.sections].map(([slug, items]) => [slug, items.map((item) => item.slug)]),
    tags: named(buckets.tags),
    authors: named(buckets.authors),
    months: named(buckets.months),
    lastChanged: Object.fromEntries(Object.entries(buckets.lastChanged).map(([kind, article]) => [kind, article?.modified.iso])),
  };
}

test("buckets changed by each save hold what buckets filled afresh hold", () => {
  for (let round = 0; round < 60; round++) {
    const next = seededRandom(round);
    let stories = Array.from({ length: next(30) }, (_, index) => story(next, `s${index}`));
    let order = [...stories].sort(compareArticles);
    let buckets = fillBuckets(order, SECTIONS, "en");
    let made = stories.length;
    for (let save = 0; save < 25; save++) {
      stories = [...stories];
      // A story saved again (a new object for the same file, perhaps with other tags or dates), one added, one deleted.
      for (let edit = 1 + next(3); edit > 0; edit--) {
        const at = next(stories.length + 1);
        const kind = next(3);
        if (kind === 0 && at < stories.length) stories[at] = story(next, stories[at]!.slug);
        else if (kind === 1) stories.push(story(next, `s${made++}`));
        else if (at < stories.length) stories.splice(at, 1);
      }
      // Now and then in another order (by first publication only), which the buckets may not place by.
      const previous = { articles: order, buckets };
      order = next(8) === 0 ? newestFirst(stories) : [...stories].sort(compareArticles);
      buckets = fillBuckets(order, SECTIONS, "en", previous);
      assert.deepEqual(contents(buckets), contents(fillBuckets(order, SECTIONS, "en")), `round ${round}, save ${save}`);
    }
  }
});

test("a bucket no save changed is the same list, and a changed one a new list", () => {
  const a = makeArticle({ slug: "a", published: "2024-01-02T00:00:00Z", tags: ["Trade"] }, settings);
  const b = makeArticle({ slug: "b", published: "2024-01-01T00:00:00Z", tags: ["Rain"] }, settings);
  const first = fillBuckets([a, b], SECTIONS, "en");
  const edited = makeArticle({ slug: "b", published: "2024-01-01T00:00:00Z", tags: ["Rain"], headline: "Edited" }, settings);
  const second = fillBuckets([a, edited], SECTIONS, "en", { articles: [a, b], buckets: first });
  assert.equal(second.tags.get("trade")!.items, first.tags.get("trade")!.items);
  assert.notEqual(second.tags.get("rain")!.items, first.tags.get("rain")!.items);
  assert.deepEqual(first.tags.get("rain")!.items, [b], "the last call's list is left as it was");
  assert.deepEqual(second.tags.get("rain")!.items, [edited]);
});

test("a tag or author spelt more than one way is named as most of its stories spell it, as the newest of them does among spellings as often written", () => {
  const tagged = (slug: string, day: string, tags: string[], authors: string[] = []) => makeArticle({ slug, published: `2024-01-${day}T00:00:00Z`, tags, authors }, settings);
  const stories = newestFirst([
    tagged("a", "05", ["APEC"], ["ニュース班"]),
    tagged("b", "04", ["ＡＰＥＣ"], ["ﾆｭｰｽ班"]),
    tagged("c", "03", ["ＡＰＥＣ"], ["ニュース班"]),
    tagged("d", "02", ["apec"], ["ﾆｭｰｽ班"]),
  ]);
  const names = (buckets: Buckets) => [buckets.tags.get("apec")?.link.name, buckets.authors.get("ニュース班")?.link.name];
  const fresh = fillBuckets(stories, SECTIONS, "en");
  // Two stories write ＡＰＥＣ, one each the others; the bylines are written twice each, and ニュース班 by the newest.
  assert.deepEqual(names(fresh), ["ＡＰＥＣ", "ニュース班"]);
  assert.equal(fresh.tags.get("apec")?.items.length, 4);
  // A save that makes APEC the most written names the page so, as a fresh fill does.
  const saved = newestFirst([...stories.filter((story) => story.slug !== "c"), tagged("c", "03", ["APEC"], ["ニュース班"])]);
  const refilled = fillBuckets(saved, SECTIONS, "en", { articles: stories, buckets: fresh });
  assert.deepEqual(names(refilled), ["APEC", "ニュース班"]);
  assert.deepEqual(names(refilled), names(fillBuckets(saved, SECTIONS, "en")));
});
