// The preview's loads and site data made from the last save's (src/incremental.ts, src/subject-buckets.ts,
// mapKept in src/identity-diff.ts) against a first load and site data made afresh, over long runs of seeded
// random saves, without building (test/preview-delta-oracle.test.ts builds for real, and so runs a few
// edits): edits that move a story far in the order, swap two stories' dates, change the most recently
// changed story, respell a tag on its newest story, save more than 64 files at once (the paths that sort
// afresh) and one more after, and make and unmake clashes of short codes and addresses. The read cache is
// told of each save as the watcher tells it, by the names of the files saved. PREVIEW_FUZZ_SEEDS=n runs n seeds.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { ArticleValidationError } from "../src/problems.ts";
import type { SiteData } from "../src/site-data.ts";
import { makeFixtureSite } from "./helpers/site.ts";
import { EDITS, hoursAfter, newStory, pad, pickStory, previewLoads, Random, randomDate, save, SECTIONS, SETTINGS, storyText, TAGS, type Archive, type Story } from "./helpers/story-archive.ts";

const SEEDS = Number(process.env.PREVIEW_FUZZ_SEEDS ?? 4);
const STEPS = 40;

/** An edit that may look at the site data of the last load that succeeded (the stories' codes). */
type MoreEdit = (archive: Archive, random: Random, data: SiteData | undefined, undo: (fix: (archive: Archive) => string) => void) => string;

const newest = (archive: Archive, by: (story: Story) => number): [string, Story] | undefined =>
  [...archive].sort(([a, x], [b, y]) => by(y) - by(x) || (a < b ? -1 : 1))[0];
const changedAt = (story: Story) => Date.parse(story.updated ?? story.date);

function addStories(archive: Archive, random: Random, count: number): string[] {
  const added: string[] = [];
  let number = archive.size + 1;
  while (added.length < count) {
    const file = `${random.int(2) === 0 ? "2026/" : ""}bulk-${pad(number++)}.md`;
    if ([...archive.keys()].some((other) => path.basename(other) === path.basename(file))) continue;
    archive.set(file, newStory(random));
    added.push(file);
  }
  return added;
}

const MORE_EDITS: Record<string, MoreEdit> = {
  "redate far back"(archive, random) {
    const [file, story] = pickStory(archive, random);
    story.date = "2025-03-01T08:00:00+05:00";
    delete story.updated;
    return `${file} redated to 2025-03-01`;
  },
  "redate to the top"(archive, random) {
    const [file, story] = pickStory(archive, random);
    story.date = `2026-05-${pad(20 + random.int(9))}T${pad(random.int(24))}:00:00+05:00`;
    if (story.updated && Date.parse(story.updated) < Date.parse(story.date)) delete story.updated;
    return `${file} redated to ${story.date}`;
  },
  "schedule"(archive, random) {
    const [file, story] = pickStory(archive, random);
    story.date = `2026-0${7 + random.int(3)}-0${1 + random.int(9)}T09:00:00+05:00`;
    delete story.updated;
    return `${file} scheduled for ${story.date}`;
  },
  "swap two dates"(archive, random) {
    const [a, first] = pickStory(archive, random);
    const [b, second] = pickStory(archive, random, (story) => story !== first);
    [first.date, second.date] = [second.date, first.date];
    [first.updated, second.updated] = [second.updated, first.updated];
    for (const story of [first, second]) if (story.updated === undefined) delete story.updated;
    return `${a} and ${b} swap dates`;
  },
  "same date as another"(archive, random) {
    const [a, first] = pickStory(archive, random);
    const [b, second] = pickStory(archive, random, (story) => story !== first);
    second.date = first.date;
    if (random.int(2) === 0) second.updated = first.updated;
    if (second.updated === undefined) delete second.updated;
    return `${b} dated as ${a}`;
  },
  "change the newest change's updated"(archive, random) {
    const found = newest(archive, changedAt);
    if (!found) return "nothing";
    const [file, story] = found;
    if (story.updated && random.int(2) === 0) delete story.updated;
    else story.updated = hoursAfter(story.date, random.int(2) === 0 ? 1 : 5000);
    return `${file} (the newest change) updated ${story.updated ?? "removed"}`;
  },
  "delete the newest"(archive) {
    const found = newest(archive, (story) => Date.parse(story.date));
    if (!found) return "nothing";
    archive.delete(found[0]);
    return `${found[0]} (the newest) deleted`;
  },
  "delete the newest change"(archive) {
    const found = newest(archive, changedAt);
    if (!found) return "nothing";
    archive.delete(found[0]);
    return `${found[0]} (the newest change) deleted`;
  },
  "respell a tag on its newest story"(archive, random) {
    const tag = random.pick(TAGS);
    const found = newest(new Map([...archive].filter(([, story]) => story.tags.some((name) => name.toLowerCase() === tag.toLowerCase()))), (story) => Date.parse(story.date));
    if (!found) return `no story tagged ${tag}`;
    const [file, story] = found;
    const index = story.tags.findIndex((name) => name.toLowerCase() === tag.toLowerCase());
    const old = story.tags[index]!;
    story.tags[index] = old === old.toUpperCase() ? tag : old.toUpperCase();
    return `${old} spelt ${story.tags[index]} on ${file}, its newest story`;
  },
  "move to another section, newest of it"(archive, random) {
    const section = random.pick(SECTIONS);
    const found = newest(new Map([...archive].filter(([, story]) => story.section === section)), (story) => Date.parse(story.date));
    if (!found) return `no story in ${section}`;
    found[1].section = random.pick(SECTIONS.filter((other) => other !== section));
    return `${found[0]}, newest of ${section}, moved to ${found[1].section}`;
  },
  "a section not in the settings"(archive, random, _data, undo) {
    const [file, story] = pickStory(archive, random);
    const old = story.section;
    story.section = "opinion";
    undo((later) => {
      const again = later.get(file);
      if (again?.section === "opinion") again.section = old;
      return `${file} back in ${old}`;
    });
    return `${file} moved to opinion (no such section)`;
  },
  "add 70"(archive, random) {
    return `added ${addStories(archive, random, 70).length} stories`;
  },
  "redate 70"(archive, random) {
    const files = random.shuffled([...archive.keys()].sort()).slice(0, 70);
    for (const file of files) {
      const story = archive.get(file)!;
      story.date = randomDate(random);
      delete story.updated;
    }
    return `${files.length} stories redated`;
  },
  "delete 70"(archive, random) {
    const files = random.shuffled([...archive.keys()].sort()).slice(0, Math.max(0, Math.min(70, archive.size - 5)));
    for (const file of files) archive.delete(file);
    return `${files.length} stories deleted`;
  },
  "pin another story's code"(archive, random, data) {
    const [file, story] = pickStory(archive, random);
    const other = data?.articles.filter((article) => article.sourcePath !== file)[0];
    if (!other) return "no other story";
    story.shortUrl = random.int(2) === 0 ? other.shortCode : other.shortCode.toUpperCase();
    return `${file} pins ${story.shortUrl}, ${other.sourcePath}'s code`;
  },
  "unpin every code"(archive) {
    const files = [...archive].filter(([, story]) => story.shortUrl).map(([file, story]) => (delete story.shortUrl, file));
    return `unpinned ${files.join(", ") || "none"}`;
  },
  "pin the same code on two"(archive, random, _data, undo) {
    const [a, first] = pickStory(archive, random);
    const [b, second] = pickStory(archive, random, (story) => story !== first);
    first.shortUrl = "same1";
    second.shortUrl = random.int(2) === 0 ? "same1" : "SAME1";
    undo((later) => MORE_EDITS["unpin every code"]!(later, random, undefined, () => {}));
    return `${a} and ${b} pin the same code`;
  },
  "give two the same slug"(archive, random, _data, undo) {
    const [a, first] = pickStory(archive, random);
    const [b, second] = pickStory(archive, random, (story) => story !== first);
    first.slug = "same-slug";
    second.slug = "same-slug";
    if (random.int(2) === 0) second.section = first.section;
    undo((later) => MORE_EDITS["drop every slug"]!(later, random, undefined, () => {}));
    return `${a} and ${b} take the slug same-slug`;
  },
  "drop every slug"(archive) {
    const files = [...archive].filter(([, story]) => story.slug).map(([file, story]) => (delete story.slug, file));
    return `slugs dropped from ${files.join(", ") || "none"}`;
  },
  // The page links to the other story's address, and changes when that story moves, is renamed or goes (src/article-file-links.ts).
  "link to another story's file"(archive, random) {
    const [file, story] = pickStory(archive, random);
    const [target] = pickStory(archive, random, (other) => other !== story);
    const href = path.posix.relative(path.posix.dirname(file), target);
    story.body = `${story.body}\n\nSee [the other story](${href}) and [its part](${href}#part).`;
    return `${file} links to ${href}`;
  },
  "copy a file into another folder"(archive, random, _data, undo) {
    const [file, story] = pickStory(archive, random);
    const copy = path.dirname(file) === "." ? `2026/${file}` : path.basename(file);
    if (archive.has(copy)) return `${copy} there already`;
    archive.set(copy, structuredClone(story));
    // The same date and slug: the same address and code when in the same section, until one goes.
    undo((later) => (later.delete(random.int(2) === 0 ? copy : file), `${copy} or ${file} deleted`));
    return `${file} copied to ${copy}`;
  },
};

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
