import { test } from "node:test";
import assert from "node:assert/strict";
import { paginate, paginateFromOldest } from "../src/listings.ts";

test("a listing is split into numbered pages linked both ways", () => {
  const pages = paginate([1, 2, 3, 4, 5], 2, "/");
  assert.deepEqual(
    pages.map((page) => [page.url, page.items, page.previousUrl, page.nextUrl]),
    [
      ["/", [1, 2], undefined, "/page/2/"],
      ["/page/2/", [3, 4], "/", "/page/3/"],
      ["/page/3/", [5], "/page/2/", undefined],
    ],
  );
  assert.ok(pages.every((page) => page.total === 3));
});

test("an empty listing still has its first page", () => {
  assert.deepEqual(paginate([], 20, "/world/"), [{ number: 1, total: 1, top: true, url: "/world/", items: [], previousUrl: undefined, nextUrl: undefined }]);
});

test("a listing numbered from its oldest page: full pages below, the newest one to two pages' worth on top, linked both ways", () => {
  const pages = paginateFromOldest([9, 8, 7, 6, 5, 4, 3, 2, 1], 2, "/tags/x/");
  assert.deepEqual(
    pages.map((page) => [page.url, page.number, page.top, page.items, page.previousUrl, page.nextUrl]),
    [
      ["/tags/x/", 4, true, [9, 8, 7], undefined, "/tags/x/page/3/"],
      ["/tags/x/page/3/", 3, false, [6, 5], "/tags/x/", "/tags/x/page/2/"],
      ["/tags/x/page/2/", 2, false, [4, 3], "/tags/x/page/3/", "/tags/x/page/1/"],
      ["/tags/x/page/1/", 1, false, [2, 1], "/tags/x/page/2/", undefined],
    ],
  );
  assert.ok(pages.every((page) => page.total === undefined), "no page names the count, which every new page would change");
  assert.deepEqual(paginateFromOldest([], 2, "/tags/x/").map((page) => [page.url, page.items]), [["/tags/x/", []]]);
  assert.deepEqual(paginateFromOldest([3, 2, 1], 2, "/tags/x/").map((page) => page.items), [[3, 2, 1]]);
});

test("as stories are published, a page below the top keeps its address and stories", () => {
  const story = (count: number) => Array.from({ length: count }, (_, index) => count - index);
  for (let count = 2; count <= 40; count++) {
    const before = new Map(paginateFromOldest(story(count), 5, "/t/").map((page) => [page.url, page.items]));
    const after = paginateFromOldest(story(count + 1), 5, "/t/");
    const changed = after.filter((page) => JSON.stringify(before.get(page.url)) !== JSON.stringify(page.items)).map((page) => page.url);
    const top = after[0]!;
    assert.ok(top.items.length >= Math.min(5, count + 1) && top.items.length <= 9, `${count + 1}: ${top.items.length} on top`);
    // The top page, and when it has grown to ten, the page cut from its oldest five.
    assert.deepEqual(changed, before.size === after.length ? ["/t/"] : ["/t/", after[1]!.url], `${count} → ${count + 1}`);
    assert.deepEqual(after.flatMap((page) => page.items), story(count + 1), "every story once, newest first");
  }
});
