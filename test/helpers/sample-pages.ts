// The sample site's pages as the browser tests open them (test/browser/readers.test.ts, and
// test/browser/pages-arriving-*.test.ts, files of their own so that none nears CI's limit of 900 s a
// test file): which pages, built at what "now", at which window sizes.

export interface PageUnderTest {
  name: string;
  path: string;
  status?: number;
  /** Set while the page is built on another branch; the lead deletes it once that branch is merged. */
  pending?: string;
}

/** Every kind of page a reader can land on. */
export const PAGES: PageUnderTest[] = [
  { name: "front", path: "/" },
  { name: "article", path: "/pakistan/washington-shared-interest-pakistan/" },
  { name: "article-rtl", path: "/lifestyle/example-bay-book-fair/" },
  { name: "search", path: "/search/" },
  { name: "section", path: "/pakistan/" },
  { name: "tag", path: "/tags/example-bay/" },
  // The story in Urdu's own tag: a listing of its card alone, under a heading in Urdu.
  { name: "tag-rtl", path: encodeURI("/tags/کتاب-میلہ/") },
  // An index whose names (the author of the story in Urdu's among them) are each followed by a space alone and their count.
  { name: "authors", path: "/authors/" },
  { name: "not-found", path: "/no-such-story/", status: 404 },
];

/** The sample site's build's "now": every sample story is then less than a week old, so its times turn relative. */
export const BUILT_AT = "2026-11-30T12:00:00Z";

export const VIEWPORTS = {
  phone: { width: 360, height: 740 },
  desktop: { width: 1280, height: 900 },
} as const;
