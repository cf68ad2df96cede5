// The preview's rule for what a rebuild after saved articles writes (src/preview-delta.ts), checked
// against the real build. The preview writes only the pages pagesToWrite lists and removes those
// removedPages lists, leaving every other page on disk as it was; so every page the build writes
// differently after an edit must be in one of them. The fixture is built with npm run build's script
// before and after each of a run of seeded random edits, and the pages of the growing lists (PAGE_LISTS)
// that differ between the two builds are set against what pagesToWrite and removedPages say of the site
// data the preview would make, read as it reads it (one read cache, so unchanged files keep their objects).
// PREVIEW_ORACLE_SEED=n runs another seed.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pagesToWrite, removedPages } from "../src/preview-delta.ts";
import { PAGE_LISTS, type PageLists, type SiteData } from "../src/site-data.ts";
import { outputFileOf } from "../src/stale-pages.ts";
import { makeFixtureSite, previewBuildFixture, type FixtureSite } from "./helpers/site.ts";
import { EDITS, newStory, NOW, pad, previewLoads, Random, save, SETTINGS, storyText, type Archive, type Story } from "./helpers/story-archive.ts";
import { hashTree, treeDifferences } from "./helpers/tree.ts";

const SEED = Number(process.env.PREVIEW_ORACLE_SEED ?? 20260601);
/** The pages besides the growing lists' that the build writes as HTML (the search page is off). */
const OTHER_HTML = ["404.html", "archive/index.html", "authors/index.html", "tags/index.html"];

/** The fixture and the edits, worked out before any file is written, so that each step is a test of its own. */
function plan(seed: number): { initial: Archive; steps: { description: string; archive: Archive }[] } {
  const random = new Random(seed);
  const initial: Archive = new Map();
  for (let number = 1; number <= 10; number++) initial.set(`${number % 4 === 0 ? "2026/" : ""}story-${pad(number)}.md`, newStory(random));
  const steps: { description: string; archive: Archive }[] = [];
  let archive = initial;
  // Every kind of edit once, in a seeded order; now and then a second edit saved with it.
  for (const kind of random.shuffled(Object.keys(EDITS))) {
    archive = structuredClone(archive);
    const descriptions = [`${kind}: ${EDITS[kind]!(archive, random)}`];
    if (random.int(3) === 0) {
      const also = random.pick(Object.keys(EDITS));
      descriptions.push(`${also}: ${EDITS[also]!(archive, random)}`);
    }
    steps.push({ description: descriptions.join("; "), archive });
  }
  return { initial, steps };
}


type PageItem = PageLists[keyof PageLists][number];
/** The site-relative URL of one item's page: a short link's page is at its `from`, a feed and a sitemap file at its `path`. */
const urlOf = (item: PageItem) => ("from" in item ? item.from : "path" in item ? item.path : item.url);
/** Every page of the growing lists (every file of the sitemap among them), in full or as pagesToWrite cut them. */
const pageUrls = (lists: PageLists) => PAGE_LISTS.flatMap((list) => (lists[list] as readonly PageItem[]).map(urlOf));
/** The page's file in a built site, relative to it, as hashTree names it. */
const pageFile = (url: string) => path.relative("/site", outputFileOf("/site", url)).split(path.sep).join("/");

/** Where two versions of a page part: the lines between what they share at the start and at the end, a few of each. */
function lineDifferences(before: string, after: string): string {
  const [old, now] = [before.split("\n"), after.split("\n")];
  let start = 0;
  while (start < old.length && start < now.length && old[start] === now[start]) start++;
  let end = 0;
  while (end < old.length - start && end < now.length - start && old.at(-1 - end) === now.at(-1 - end)) end++;
  const shown = (lines: string[], mark: string) =>
    lines
      .slice(start, lines.length - end)
      .slice(0, 4)
      .map((line) => `  ${mark} ${line.length > 200 ? `${line.slice(0, 200)}…` : line}`);
  return [...shown(old, "-"), ...shown(now, "+")].join("\n");
}

/** One build of the fixture with npm run build's script, and the site data the preview makes of the same files. */
interface Snapshot {
  outputDir: string;
  data: SiteData;
}

/**
 * A fixture site, built for real and read as the preview reads it: one loader and one read cache for
 * every rebuild, so a file not saved since is the same article object (src/preview-rebuilds.ts,
 * src/eleventy-plugin.ts).
 */
class Oracle {
  readonly site: FixtureSite;
  readonly #load: () => Promise<SiteData>;
  #builds = 0;

  private constructor(site: FixtureSite, load: () => Promise<SiteData>) {
    this.site = site;
    this.#load = load;
  }

  static async open(files: Record<string, string>): Promise<Oracle> {
    const site = await makeFixtureSite(files, SETTINGS);
    return new Oracle(site, previewLoads(site).load);
  }

  /** Builds the articles as they now are into a folder of its own, with empty caches of its own, and reads them as the preview does. */
  async snapshot(): Promise<Snapshot> {
    const name = `build-${this.#builds++}`;
    const outputDir = path.join(this.site.dir, name);
    const caches = path.join(this.site.dir, `${name}-caches`);
    // As npm start reads: drafts and scheduled stories too.
    const result = await previewBuildFixture(this.site, ["--now", NOW, "--output", outputDir], {
      NEWS_ARTICLE_CACHE: path.join(caches, "articles"),
      NEWS_PAGE_CACHE: path.join(caches, "pages"),
      NEWS_SEARCH_CACHE: path.join(caches, "search"),
    });
    assert.equal(result.code, 0, `the build failed:\n${result.stderr}`);
    return { outputDir, data: await this.#load() };
  }

  /**
   * What a preview rebuild from `previous` to `next` would leave wrong: a page of the growing lists that
   * the build writes differently, or newly, and pagesToWrite does not write; one the build no longer has
   * and removedPages does not remove; one removed that the build still has and nothing writes again; and
   * any page the preview's site data has and the build has not, or the other way round.
   */
  static async misses(previous: Snapshot, next: Snapshot): Promise<string[]> {
    const [builtBefore, builtAfter] = [await hashTree(previous.outputDir), await hashTree(next.outputDir)];
    const misses = differentSites(builtAfter, next.data);
    const listPages = new Set([...pageUrls(previous.data), ...pageUrls(next.data)].map(pageFile));
    const written = new Set(pageUrls(pagesToWrite(previous.data, next.data)).map(pageFile));
    const removed = new Set(removedPages(previous.data, next.data).map(pageFile));
    for (const file of treeDifferences(builtBefore, builtAfter).filter((file) => listPages.has(file))) {
      if (!builtAfter.has(file)) {
        if (!removed.has(file)) misses.push(`${file} is gone from the build, but removedPages does not list it`);
      } else if (!builtBefore.has(file)) {
        if (!written.has(file)) misses.push(`${file} is new in the build, but pagesToWrite does not list it`);
      } else if (!written.has(file)) {
        const [old, now] = await Promise.all([readFile(path.join(previous.outputDir, file), "utf8"), readFile(path.join(next.outputDir, file), "utf8")]);
        misses.push(`${file} differs, but pagesToWrite does not list it:\n${lineDifferences(old, now)}`);
      }
    }
    for (const file of removed) {
      if (listPages.has(file) && builtAfter.has(file) && !written.has(file)) misses.push(`${file} is removed by removedPages, but the build still has it and pagesToWrite does not write it again`);
    }
    return misses;
  }

  remove(): Promise<void> {
    return this.site.remove();
  }
}

/** The pages of the growing lists a build wrote against those of the preview's site data: they must be the same pages, or the preview shows another site. */
function differentSites(tree: Map<string, string>, data: SiteData): string[] {
  const built = new Set([...tree.keys()].filter((file) => file.endsWith(".html") && !OTHER_HTML.includes(file)));
  const listed = new Set(pageUrls(data).map(pageFile).filter((file) => file.endsWith(".html")));
  return [
    ...[...built].filter((file) => !listed.has(file)).map((file) => `${file} is in the build, but not in the preview's site data`),
    ...[...listed].filter((file) => !built.has(file)).map((file) => `${file} is in the preview's site data, but not in the build`),
  ].sort();
}

describe(`preview rebuilds write every page an edit changes: pagesToWrite and removedPages against two real builds (seed ${SEED})`, { timeout: 240_000 }, () => {
  const { initial, steps } = plan(SEED);
  let oracle: Oracle;
  /** The archive as the last build saw it, with that build. */
  let last: { archive: Archive; snapshot: Snapshot };

  before(async () => {
    oracle = await Oracle.open(Object.fromEntries([...initial].map(([file, story]) => [file, storyText(story)])));
    const snapshot = await oracle.snapshot();
    assert.deepEqual(differentSites(await hashTree(snapshot.outputDir), snapshot.data), [], `seed ${SEED}: the first build`);
    last = { archive: initial, snapshot };
  });

  after(() => oracle?.remove());

  steps.forEach(({ description, archive }, index) => {
    test(`step ${index + 1}: ${description}`, async () => {
      await save(oracle.site.articlesDir, last.archive, archive);
      const previous = last.snapshot;
      last = { archive, snapshot: await oracle.snapshot() };
      const misses = await Oracle.misses(previous, last.snapshot);
      if (misses.length > 0) assert.fail(`seed ${SEED}, step ${index + 1} (${description}):\n${misses.join("\n")}`);
    });
  });
});

// Of two stories with the same short code, one pinned and one derived, or both derived, the derived or
// the later one takes a longer code (settleDerivedShortCodes, src/short-url.ts): saving one story changes
// another story's page, which was not saved. Until the code was lengthened on a copy, it was lengthened
// on the object the read cache keeps, so that page was not written, and kept the longer code for good.

describe("preview rebuilds when two stories come to share a short code", { timeout: 120_000 }, () => {
  const story = (headline: string, date: string, shortUrl?: string): Story => ({
    headline,
    date,
    section: "world",
    tags: [],
    authors: [],
    bullets: [],
    body: "The story's first paragraph.",
    draft: false,
    ...(shortUrl ? { shortUrl } : {}),
  });
  /** Runs the saves one after another, each built and checked against the one before. */
  const misses = async (files: Record<string, Story>, saves: ((articlesDir: string, data: SiteData) => Promise<void>)[]): Promise<string[]> => {
    const oracle = await Oracle.open(Object.fromEntries(Object.entries(files).map(([file, text]) => [file, storyText(text)])));
    try {
      const found: string[] = [];
      let last = await oracle.snapshot();
      for (const [index, saved] of saves.entries()) {
        await saved(oracle.site.articlesDir, last.data);
        const previous = last;
        last = await oracle.snapshot();
        found.push(...(await Oracle.misses(previous, last)).map((miss) => `save ${index + 1}: ${miss}`));
      }
      return found;
    } finally {
      await oracle.remove();
    }
  };

  test("a story pins the code another derived, then the pin is removed", async () => {
    const newer = (shortUrl?: string) => story("The newer story", "2026-01-06T10:00:00+05:00", shortUrl);
    const pinOlderCode = (articlesDir: string, data: SiteData) =>
      writeFile(path.join(articlesDir, "newer.md"), storyText(newer(data.articles.find((article) => article.slug === "older")!.shortCode)));
    const unpin = (articlesDir: string) => writeFile(path.join(articlesDir, "newer.md"), storyText(newer()));
    const found = await misses({ "older.md": story("The older story", "2026-01-05T10:00:00+05:00"), "newer.md": newer() }, [pinOlderCode, unpin]);
    if (found.length > 0) assert.fail(`newer.md pins older.md's code, then unpins it:\n${found.join("\n")}`);
  });

  // Found by hashing: the two stories' derived codes are the same (qk2zqk), as they are by chance a few times in 100,000 stories.
  test("a story dated before one whose derived code it derives too is added", async () => {
    const add = (articlesDir: string) => writeFile(path.join(articlesDir, "b-21553.md"), storyText(story("The story added", "2026-01-05T10:00:00+05:00")));
    const found = await misses({ "a-50567.md": story("The story there", "2026-01-06T10:00:00+05:00") }, [add]);
    if (found.length > 0) assert.fail(`b-21553.md added, older than a-50567.md with the same derived code:\n${found.join("\n")}`);
  });
});
