// The oracle tests' archive of stories (test/preview-delta-oracle.test.ts, test/preview-incremental-fuzz.test.ts):
// its fixture settings, seeded random stories, and the edits an editor might save.
import assert from "node:assert/strict";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import settingsInput from "../../site.config.ts";
import { ArticleReadCache } from "../../src/article-cache.ts";
import { buildOptionsFromEnv, ENV, settingsForBuild } from "../../src/build-options.ts";
import { NewsLoader, NO_NEWS, type LoadedNews } from "../../src/news-loader.ts";
import { ArticleValidationError } from "../../src/problems.ts";
import { buildSiteData, type SiteData } from "../../src/site-data.ts";
import { article, PROJECT_ROOT, type FixtureSite } from "./site.ts";

export const NOW = "2026-06-01T00:00:00Z";
// Two stories a page and two pages before the archive takes over, so a few stories fill several pages
// of every kind: the front and section pages' hand-over to the archive, tags and months counted from the oldest.
export const SETTINGS = {
  search: false,
  perPage: 2,
  listingPages: 2,
  // A sitemap of several files, which the preview writes only when their lines change.
  sitemapLimit: 6,
  sections: [
    { slug: "world", name: "World" },
    { slug: "business", name: "Business" },
    { slug: "sport", name: "Sport" },
  ],
};
export const SECTIONS = SETTINGS.sections.map((section) => section.slug);
export const TAGS = ["Economy", "Elections", "Cricket", "Climate", "Energy"];
export const AUTHORS = ["Sara Khan", "Omar Ali", "Staff Reporter", "Lina Haddad", "Ali Raza"];
export const WORDS = ["talks", "resume", "markets", "rally", "storm", "hits", "coast", "budget", "passes", "team", "wins", "final", "prices", "fall", "court", "rules"];

/** One article as its file says it, front matter and body. */
export interface Story {
  headline: string;
  date: string;
  updated?: string;
  section: string;
  tags: string[];
  authors: string[];
  bullets: string[];
  body: string;
  draft: boolean;
  lang?: string;
  shortUrl?: string;
  /** An address of its own, rather than the file's name. */
  slug?: string;
}

/** The archive: article file (relative to the articles folder) → story. */
export type Archive = Map<string, Story>;

/** mulberry32: small, seedable, the same numbers everywhere. */
export class Random {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("nothing to pick from");
    return items[this.int(items.length)]!;
  }
  some<T>(items: readonly T[], most: number): T[] {
    return this.shuffled(items).slice(0, this.int(most + 1));
  }
  shuffled<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  }
}

export const pad = (n: number) => String(n).padStart(2, "0");
/** A time in January to April 2026, in the newsroom's offset: four months of archive. */
export const randomDate = (random: Random) => `2026-${pad(1 + random.int(4))}-${pad(1 + random.int(28))}T${pad(random.int(24))}:${pad(random.int(60))}:00+05:00`;
export const hoursAfter = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * 3_600_000).toISOString().replace(/\.000Z$/, "Z");
export const headline = (random: Random) => {
  const words = Array.from({ length: 3 + random.int(3) }, () => random.pick(WORDS)).join(" ");
  return `${words[0]!.toUpperCase()}${words.slice(1)} ${random.int(1000)}`;
};
export const bullets = (random: Random) => Array.from({ length: random.int(4) }, () => `${headline(random)}.`);
export const body = (random: Random) => `${headline(random)}: the story's first paragraph.\n\n## ${random.pick(WORDS)}\n\nA second paragraph, ${random.int(1e6)}.`;

export function newStory(random: Random): Story {
  const date = randomDate(random);
  return {
    headline: headline(random),
    date,
    ...(random.int(3) === 0 ? { updated: hoursAfter(date, 1 + random.int(72)) } : {}),
    section: random.pick(SECTIONS),
    tags: random.some(TAGS, 3),
    authors: random.some(AUTHORS, 2),
    bullets: bullets(random),
    body: body(random),
    draft: false,
  };
}

export function storyText(story: Story): string {
  const list = (items: readonly string[]) => (items.length > 0 ? JSON.stringify(items) : "");
  return article(
    {
      headline: JSON.stringify(story.headline),
      date: story.date,
      updated: story.updated ?? "",
      section: story.section,
      tags: list(story.tags),
      author: list(story.authors),
      bullets: list(story.bullets),
      draft: story.draft ? "true" : "",
      lang: story.lang ?? "",
      shortUrl: story.shortUrl ? JSON.stringify(story.shortUrl) : "",
      slug: story.slug ?? "",
    },
    story.body,
  );
}

/** An edit an editor might save: changes the archive in place and says what it did. */
export type Edit = (archive: Archive, random: Random) => string;

/** A story of the archive, picked among those `fits` allows (any when none fits). */
export function pickStory(archive: Archive, random: Random, fits: (story: Story) => boolean = () => true): [string, Story] {
  const entries = [...archive].sort(([a], [b]) => (a < b ? -1 : 1));
  const fitting = entries.filter(([, story]) => fits(story));
  return random.pick(fitting.length > 0 ? fitting : entries);
}

export const EDITS: Record<string, Edit> = {
  headline(archive, random) {
    const [file, story] = pickStory(archive, random);
    story.headline = headline(random);
    return `new headline for ${file}`;
  },
  bullets(archive, random) {
    const [file, story] = pickStory(archive, random);
    story.bullets = bullets(random);
    return `${story.bullets.length} new bullets for ${file}`;
  },
  body(archive, random) {
    const [file, story] = pickStory(archive, random);
    story.body = body(random);
    return `new body for ${file}`;
  },
  "add a tag"(archive, random) {
    const [file, story] = pickStory(archive, random, (candidate) => candidate.tags.length < TAGS.length);
    const tag = random.pick(TAGS.filter((name) => !story.tags.some((other) => other.toLowerCase() === name.toLowerCase())));
    story.tags.push(tag);
    return `tag ${tag} added to ${file}`;
  },
  "remove a tag"(archive, random) {
    const [file, story] = pickStory(archive, random, (candidate) => candidate.tags.length > 0);
    const [tag] = story.tags.splice(random.int(story.tags.length), 1);
    return `tag ${tag} removed from ${file}`;
  },
  // The same tag by another spelling: a tag's pages take its name from its newest story.
  "respell a tag"(archive, random) {
    const [file, story] = pickStory(archive, random, (candidate) => candidate.tags.length > 0);
    const index = random.int(story.tags.length);
    const old = story.tags[index]!;
    story.tags[index] = old === old.toUpperCase() ? `${old[0]}${old.slice(1).toLowerCase()}` : old.toUpperCase();
    return `tag ${old} spelt ${story.tags[index]} in ${file}`;
  },
  "rename an author everywhere"(archive, random) {
    const used = [...new Set([...archive.values()].flatMap((story) => story.authors))].sort();
    if (used.length === 0) return EDITS["change a story's author"]!(archive, random);
    const old = random.pick(used);
    const renamed = `${old} ${random.pick(["Jr", "Siddiqui", "Malik"])}`;
    const files: string[] = [];
    for (const [file, story] of archive) {
      if (!story.authors.includes(old)) continue;
      story.authors = story.authors.map((author) => (author === old ? renamed : author));
      files.push(file);
    }
    return `author ${old} renamed ${renamed} in ${files.join(", ")}`;
  },
  "change a story's author"(archive, random) {
    const [file, story] = pickStory(archive, random);
    const old = story.authors.join(" & ") || "nobody";
    do story.authors = random.some(AUTHORS, 2);
    while ((story.authors.join(" & ") || "nobody") === old);
    return `author of ${file} changed from ${old} to ${story.authors.join(" & ") || "nobody"}`;
  },
  "move section"(archive, random) {
    const [file, story] = pickStory(archive, random);
    const old = story.section;
    story.section = random.pick(SECTIONS.filter((section) => section !== old));
    return `${file} moved from ${old} to ${story.section}`;
  },
  date(archive, random) {
    const [file, story] = pickStory(archive, random);
    const old = story.date;
    story.date = randomDate(random);
    if (story.updated && Date.parse(story.updated) < Date.parse(story.date)) delete story.updated;
    return `${file} redated from ${old} to ${story.date}`;
  },
  updated(archive, random) {
    const [file, story] = pickStory(archive, random);
    const old = story.updated ?? "none";
    if (story.updated && random.int(2) === 0) delete story.updated;
    else story.updated = hoursAfter(story.date, 1 + random.int(200));
    return `${file} updated ${story.updated ?? "removed"} (was ${old})`;
  },
  add(archive, random) {
    let number = archive.size + 1;
    while ([...archive.keys()].some((file) => path.basename(file) === `story-${pad(number)}.md`)) number++;
    const file = `${random.int(2) === 0 ? "2026/" : ""}story-${pad(number)}.md`;
    const story = newStory(random);
    archive.set(file, story);
    return `${file} added (${story.section}, ${story.date}, tags ${story.tags.join(", ") || "none"}, by ${story.authors.join(" & ") || "nobody"})`;
  },
  delete(archive, random) {
    const [file, story] = pickStory(archive, random);
    archive.delete(file);
    return `${file} deleted (${story.section}, ${story.date})`;
  },
  // A new file name is a new slug: the story moves to another address and derives another short code.
  "rename a file"(archive, random) {
    const [file, story] = pickStory(archive, random);
    let renamed: string;
    do renamed = `${path.dirname(file) === "." ? "" : `${path.dirname(file)}/`}renamed-${random.int(1000)}.md`;
    while ([...archive.keys()].some((other) => path.basename(other) === path.basename(renamed)));
    archive.delete(file);
    archive.set(renamed, story);
    return `${file} renamed ${renamed}`;
  },
  draft(archive, random) {
    const [file, story] = pickStory(archive, random);
    story.draft = !story.draft;
    return `${file} ${story.draft ? "made a draft" : "no longer a draft"}`;
  },
  language(archive, random) {
    const [file, story] = pickStory(archive, random);
    story.lang = story.lang ? undefined : random.pick(["ur", "ar", "fr"]);
    return `${file} language ${story.lang ?? "the site's"}`;
  },
  "pin a short URL"(archive, random) {
    const [file, story] = pickStory(archive, random);
    story.shortUrl = story.shortUrl ? undefined : `pin${random.int(1e6)}`;
    return `${file} short URL ${story.shortUrl ?? "derived again"}`;
  },
};

/** Writes the files that differ from `previous` and deletes those it has that `next` does not, as an editor's saves would. */
export async function save(articlesDir: string, previous: Archive, next: Archive): Promise<void> {
  for (const file of previous.keys()) if (!next.has(file)) await rm(path.join(articlesDir, file));
  for (const [file, story] of next) {
    const text = storyText(story);
    const old = previous.get(file);
    if (old && storyText(old) === text) continue;
    await mkdir(path.dirname(path.join(articlesDir, file)), { recursive: true });
    await writeFile(path.join(articlesDir, file), text);
  }
}

/**
 * Edits beyond EDITS, for runs without builds (test/preview-incremental-fuzz.test.ts): some make a clash or a
 * story the loader refuses, and pass `undo` the save that puts it right.
 */
/** An edit that may look at the site data of the last load that succeeded (the stories' codes). */
export type MoreEdit = (archive: Archive, random: Random, data: SiteData | undefined, undo: (fix: (archive: Archive) => string) => void) => string;

const newest = (archive: Archive, by: (story: Story) => number): [string, Story] | undefined =>
  [...archive].sort(([a, x], [b, y]) => by(y) - by(x) || (a < b ? -1 : 1))[0];
const changedAt = (story: Story) => Date.parse(story.updated ?? story.date);

export function addStories(archive: Archive, random: Random, count: number): string[] {
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

export const MORE_EDITS: Record<string, MoreEdit> = {
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
  // "Economy!" or "Economý" makes Economy's address, but is not its name: the load is refused until it is spelt one way.
  "a name that makes another's address"(archive, random, _data, undo) {
    const [file, story] = pickStory(archive, random);
    const [field, names] = random.int(2) === 0 ? (["tags", TAGS] as const) : (["authors", AUTHORS] as const);
    const name = random.pick(names);
    const respelt = random.int(2) === 0 ? `${name}!` : `${name}\u0301`;
    story[field] = [...story[field].filter((other) => other !== name), respelt];
    undo((later) => {
      const fixed = [...later].filter(([, again]) => again[field].includes(respelt));
      for (const [, again] of fixed) again[field] = again[field].map((other) => (other === respelt ? name : other));
      return `${respelt} spelt ${name} on ${fixed.map(([again]) => again).join(", ") || "none"}`;
    });
    return `${file} names ${respelt} among its ${field}`;
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

/**
 * The fixture read as the preview reads it: one loader and one read cache for every save, so a file
 * not saved since is the same article object (src/preview-rebuilds.ts, src/eleventy-plugin.ts), and the
 * site data made from the last save's. Each load asserts that the stories are a first load's and the site
 * data one made afresh. `cache` is told of saves as the watcher tells it (watcherReported), when a test does.
 */
export function previewLoads(site: FixtureSite): { load: () => Promise<SiteData>; cache: ArticleReadCache; firstLoad: () => Promise<LoadedNews> } {
  const options = { ...buildOptionsFromEnv({ [ENV.articles]: site.articlesDir, [ENV.settings]: site.settingsFile, [ENV.now]: NOW }, PROJECT_ROOT), includeUnpublished: true };
  const settings = settingsForBuild(settingsInput, options);
  const loader = new NewsLoader({ ...options, settings });
  const cache = new ArticleReadCache();
  let last: SiteData | undefined;
  const load = async () => {
    const news = await loader.load(cache).catch((error: unknown) => {
      // The preview shows the problems, and makes its site data of no stories (loadForPreview,
      // src/preview-server.ts): the next save's is made from that.
      if (error instanceof ArticleValidationError) last = buildSiteData([...NO_NEWS.articles], settings, { now: options.now, images: NO_NEWS.images, previous: last });
      throw error;
    });
    // The loader keeps the archive's short codes, collisions and order from the last save
    // (src/incremental.ts): what it gives must be what a first load gives.
    const firstLoad = await new NewsLoader({ ...options, settings }).load();
    assert.deepStrictEqual(news.articles, firstLoad.articles, "the stories loaded from the last save's differ from a first load's");
    const context = { now: options.now, images: news.images };
    // As the preview makes it: from the last save's, keeping what is unchanged; which must be what a
    // site data made afresh is.
    const data = buildSiteData(news.articles, settings, { ...context, previous: last });
    assert.deepStrictEqual(data, buildSiteData(news.articles, settings, context), "the site data made from the last one's differs from one made afresh");
    last = data;
    return data;
  };
  return { load, cache, firstLoad: () => new NewsLoader({ ...options, settings }).load() };
}
