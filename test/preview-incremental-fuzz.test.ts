// The preview's loads and site data made from the last save's (src/incremental.ts, src/subject-buckets.ts,
// mapKept in src/identity-diff.ts) against a first load and site data made afresh, over long runs of seeded
// random saves, without building (test/preview-delta-oracle.test.ts builds for real, and so runs a few
// edits): edits that move a story far in the order, swap two stories' dates, change the most recently
// changed story, respell a tag on its newest story, save more than 64 files at once (the paths that sort
// afresh) and one more after, and make and unmake clashes of short codes and addresses. The read cache is
// told of each save as the watcher tells it, by the names of the files saved. PREVIEW_FUZZ_SEEDS=n runs n seeds, PREVIEW_FUZZ_STEPS=n saves n times in each.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { ArticleValidationError } from "../src/problems.ts";
import type { SiteData } from "../src/site-data.ts";
import { makeFixtureSite } from "./helpers/site.ts";
import { addStories, EDITS, MORE_EDITS, newStory, pad, previewLoads, Random, save, SETTINGS, storyText, type Archive, type MoreEdit, type Story } from "./helpers/story-archive.ts";

const SEEDS = Number(process.env.PREVIEW_FUZZ_SEEDS ?? 4);
const STEPS = Number(process.env.PREVIEW_FUZZ_STEPS ?? 40);

const ALL_EDITS: Record<string, MoreEdit> = { ...EDITS, ...MORE_EDITS };

/** The problems of a load that failed, as the preview would show them. */
async function outcome(load: () => Promise<unknown>): Promise<{ data?: unknown; problems?: string }> {
  try {
    return { data: await load() };
  } catch (error) {
    if (!(error instanceof ArticleValidationError)) throw error;
    return { problems: error.message };
  }
}

describe("the preview's loads and site data, made from the last save's, are a first load's and site data made afresh, over long runs of random saves", { timeout: 600_000 }, () => {
  for (let seed = 1; seed <= SEEDS; seed++) {
    test(`seed ${seed}`, async () => {
      const random = new Random(seed * 7919);
      let archive: Archive = new Map();
      for (let number = 1; number <= 12; number++) archive.set(`${number % 4 === 0 ? "2026/" : ""}story-${pad(number)}.md`, newStory(random));
      const site = await makeFixtureSite(Object.fromEntries([...archive].map(([file, story]) => [file, storyText(story)])), SETTINGS);
      try {
        const { load, cache, firstLoad } = previewLoads(site);
        let data = (await load()) as SiteData | undefined;
        // The watcher starts after the first build: its first report is not trusted, every one after it is.
        cache.watcherReported([]);
        const done: string[] = [];
        // The fixes of the clashes and wrong sections saved last, saved with the next edit, so that most loads succeed.
        let fixes: ((archive: Archive) => string)[] = [];
        for (let step = 1; step <= STEPS; step++) {
          const next = structuredClone(archive);
          const kinds = [random.pick(Object.keys(ALL_EDITS))];
          if (random.int(4) === 0) kinds.push(random.pick(Object.keys(ALL_EDITS)));
          // A few stories at least, so that every edit has two to work on.
          if (next.size < 4) addStories(next, random, 4);
          const undoing = fixes.map((fix) => `fixed: ${fix(next)}`);
          fixes = [];
          const description = [...undoing, ...kinds.map((kind) => `${kind}: ${ALL_EDITS[kind]!(next, random, data, (fix) => fixes.push(fix))}`)].join("; ");
          done.push(`${step}. ${description}`);
          await save(site.articlesDir, archive, next);
          const saved = [...new Set([...archive.keys(), ...next.keys()])].filter((file) => archive.get(file) === undefined || next.get(file) === undefined || storyText(archive.get(file)!) !== storyText(next.get(file)!));
          cache.watcherReported(saved.map((file) => path.relative(process.cwd(), path.join(site.articlesDir, file))));
          archive = next;
          const preview = await outcome(load).catch((error: unknown) => {
            throw new Error(`seed ${seed}, after:\n${done.join("\n")}\n${error instanceof Error ? error.message : String(error)}`);
          });
          if (preview.problems !== undefined) {
            const fresh = await outcome(firstLoad);
            assert.equal(preview.problems, fresh.problems, `seed ${seed}, after:\n${done.join("\n")}\nthe preview's problems differ from a first load's`);
          } else data = preview.data as SiteData;
        }
      } finally {
        await site.remove();
      }
    });
  }
});

// Two stories whose derived codes are the same (qk2zqk, found by hashing): the older keeps it and the
// newer takes a longer one, or both take longer ones when a third pins it, in any case.
describe("the preview's loads when derived short codes clash, against a first load's", () => {
  const story = (headline: string, date: string, extra: Partial<Story> = {}): Story => ({ headline, date, section: "world", tags: [], authors: [], bullets: [], body: "The story's first paragraph.", draft: false, ...extra });
  const there = (extra: Partial<Story> = {}) => story("The story there", "2026-01-06T10:00:00+05:00", extra);
  const added = (extra: Partial<Story> = {}) => story("The story added", "2026-01-05T10:00:00+05:00", extra);
  const saves: [string, Record<string, Story | undefined>][] = [
    ["the older story that derives the same code added", { "b-21553.md": added() }],
    ["a third pins the code in capitals", { "c.md": story("A third", "2026-01-07T10:00:00+05:00", { shortUrl: "QK2ZQK" }) }],
    ["the older made a draft", { "b-21553.md": added({ draft: true }) }],
    ["the third unpins it", { "c.md": story("A third", "2026-01-07T10:00:00+05:00") }],
    ["the newer pins the code it derives", { "a-50567.md": there({ shortUrl: "qk2zqk" }) }],
    ["the older deleted", { "b-21553.md": undefined }],
    ["the older back, and the newer unpinned", { "b-21553.md": added(), "a-50567.md": there() }],
    ["the third pins the code the newer was given", { "c.md": story("A third", "2026-01-07T10:00:00+05:00", { shortUrl: "__lengthened__" }) }],
    ["the older renamed", { "b-21553.md": undefined, "2026/b-21553.md": added() }],
    ["the older renamed back, the third unpinned", { "2026/b-21553.md": undefined, "b-21553.md": added(), "c.md": story("A third", "2026-01-07T10:00:00+05:00") }],
  ];

  test("each save's stories and site data, or problems, are a first load's", async () => {
    let archive: Archive = new Map([["a-50567.md", there()]]);
    const site = await makeFixtureSite({ "a-50567.md": storyText(there()) }, SETTINGS);
    try {
      const { load, cache, firstLoad } = previewLoads(site);
      let data = await load();
      cache.watcherReported([]);
      for (const [description, changes] of saves) {
        const next = structuredClone(archive);
        for (const [file, changed] of Object.entries(changes)) {
          if (!changed) next.delete(file);
          else {
            const lengthened = data.articles.find((article) => article.slug === "a-50567")!.shortCode;
            next.set(file, changed.shortUrl === "__lengthened__" ? { ...changed, shortUrl: lengthened } : changed);
          }
        }
        await save(site.articlesDir, archive, next);
        cache.watcherReported(Object.keys(changes).map((file) => path.relative(process.cwd(), path.join(site.articlesDir, file))));
        archive = next;
        const preview = await outcome(load);
        if (preview.problems !== undefined) assert.equal(preview.problems, (await outcome(firstLoad)).problems, `${description}: the preview's problems differ from a first load's`);
        else data = preview.data as SiteData;
      }
    } finally {
      await site.remove();
    }
  });
});
