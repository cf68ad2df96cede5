import { test } from "node:test";
import assert from "node:assert/strict";
import { paginate } from "../src/listings.ts";

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
  assert.deepEqual(paginate([], 20, "/world/"), [{ number: 1, total: 1, url: "/world/", items: [], previousUrl: undefined, nextUrl: undefined }]);
});
