// A differential test of npm run build's caches. A small archive is edited by a seeded sequence of random
// edits, as a newsroom edits one; after each step of three edits, the site built with the article, page,
// search and image caches kept across the whole sequence must be byte for byte the site built from empty
// caches. The build's "now" moves on six hours a step (the same for both builds of a step), as the timed
// builds' does, so scheduled stories come out and stories leave the Google News sitemap along the way.
// Now and then a step starts from a fresh checkout (every file new) or after a build that failed on a
// mistake. Every failure names the seed and the edits so far; NEWS_DIFFERENTIAL_SEED and
// NEWS_DIFFERENTIAL_STEPS replay a sequence or explore others.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { solidPng } from "./helpers/images.ts";
import { article, buildFixture, makeFixtureSite, type FixtureSite } from "./helpers/site.ts";
import { hashTree, treeDifferences } from "./helpers/tree.ts";

const SEED = Number(process.env.NEWS_DIFFERENTIAL_SEED ?? 20261130);
const STEPS = Number(process.env.NEWS_DIFFERENTIAL_STEPS ?? 8);
// Three edits a build: eight steps make every kind of edit.
const EDITS_PER_STEP = 3;
// Two stories a page and two pages a listing, so a few stories page every listing and hand over to the archive;
// and a sitemap of files of 6 URLs, so the listing pages' file and the year's go on in more files, some kept and some not.
const SETTINGS = { perPage: 2, listingPages: 2, sitemapLimit: 6 };
// For both builds: search parts of 4 stories (then of 1), so a build takes some from its cache and indexes
// others; and Eleventy runs of 12 pages, so the pages a build renders are spread over several runs.
const BUILD_ENV = { NEWS_SEARCH_SHARD_SIZE: "4", NEWS_CHUNK_SIZE: "12" };

const SECTIONS = ["world", "business", "sport"];
const FOLDERS = ["2026/10", "2026/11"];
// "economy" shares Economy's page: tags differing only in case are one tag.
const TAGS = ["Economy", "Rowing", "Harbour", "Weather", "Karachi", "economy"];
const WORDS = ["harbour", "market", "rowing", "council", "storm", "budget", "ferry", "school", "bridge", "festival", "power", "water"];

/** Times as minutes after 2026-10-01T00:00 in the newsroom's zone (+05:00), which every story is dated in. */
const EPOCH_MS = Date.UTC(2026, 9, 1) - 5 * 3600_000;
const HOUR = 60;
function isoTime(minutes: number): string {
  const local = new Date(EPOCH_MS + 5 * 3600_000 + minutes * 60_000);
  return `${local.toISOString().slice(0, 16)}:00+05:00`;
}
const minutesOf = (time: string) => (Date.parse(time) - EPOCH_MS) / 60_000;
/** The first build's now: 2026-11-28T12:00:00Z. Step n builds at 6n hours later (step 8 at 2026-11-30T12:00:00Z). */
const FIRST_NOW = minutesOf("2026-11-28T17:00:00+05:00");
const nowAt = (step: number) => FIRST_NOW + step * 6 * HOUR;
const nowArgument = (step: number) => new Date(EPOCH_MS + nowAt(step) * 60_000).toISOString().replace(".000Z", "Z");

/** mulberry32: a tiny PRNG, so a seed gives the same sequence on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Link {
  to: string;
  /**
   * The site path (/section/slug/) or the same address in full, which the editor keeps up to date as
   * the story moves, or its short link (/s/code/), for which the story is given a short code of its own.
   */
  form: "path" | "absolute" | "short";
}

/** One article as the editors' model has it; `render` writes it as the file. */
interface Story {
  file: string;
  headline: string;
  bullets: string[];
  date: string;
  updated?: string;
  shortUrl?: string;
  /** "" for none: the story is published under /news/. */
  section: string;
  dateline?: string;
  lang?: string;
  tags: string[];
  authors: string[];
  /** The lead image, lead.png beside the story. */
  image?: { caption: string; credit: string };
  /** Paragraphs of Markdown, an inline image (lead.png) among them perhaps. */
  paragraphs: string[];
  links: Link[];
  draft: boolean;
}

type Archive = Map<string, Story>;

const slugOf = (story: Story) => path.posix.basename(story.file, ".md");
const urlOf = (story: Story) => `/${story.section || "news"}/${slugOf(story)}/`;

function render(story: Story, archive: Archive): string {
  const fields: Record<string, string> = {
    headline: JSON.stringify(story.headline),
    bullets: JSON.stringify(story.bullets),
    date: story.date,
    updated: story.updated ?? "",
    shortUrl: story.shortUrl ?? "",
    section: story.section,
    dateline: story.dateline ?? "",
    lang: story.lang ?? "",
    tags: story.tags.length ? JSON.stringify(story.tags) : "",
    author: story.authors.length ? JSON.stringify(story.authors) : "",
    image: story.image ? JSON.stringify({ src: "lead.png", alt: "Boats at the harbour wall", ...story.image }) : "",
    draft: story.draft ? "true" : "",
  };
  const links = story.links.map((link, index) => {
    const target = archive.get(link.to);
    if (!target) throw new Error(`${story.file} links to ${link.to}, which the model no longer has`);
    const href = link.form === "path" ? urlOf(target) : link.form === "absolute" ? `https://news.example.com${urlOf(target)}` : `/s/${target.shortUrl}/`;
    return `Read [the story ${index + 1}](${href}).`;
  });
  return article(fields, [...story.paragraphs, ...links].join("\n\n"));
}

/** An editor making random edits to the model; an edit gives `undefined` when it does not apply to the archive as it is. */
class Editor {
  readonly archive: Archive = new Map();
  /** The lead.png in each folder: [width, height, colour]. */
  readonly images = new Map<string, [number, number, [number, number, number]]>(FOLDERS.map((folder) => [folder, [8, 6, [90, 120, 160]]]));
  /** The build's now, as it will be for the next build. */
  now = nowAt(0);
  #next: () => number;
  #counter = 0;
  /** The archive and images as they were before each step, for undoing one. */
  readonly #before: { archive: Archive; images: Editor["images"] }[] = [];
  /** Whether readers see each step's edits so far. */
  readonly #seen: boolean[] = [];
  /** Kinds of edit left to draw before any is drawn again, so that a short sequence makes every kind. */
  #deck: string[] = [];
  /** Whether the next write makes every file anew (new times and inodes), as a CI job's fresh checkout does. */
  #checkout = false;

  constructor(seed: number) {
    this.#next = random(seed);
  }

  int(below: number): number {
    return Math.floor(this.#next() * below);
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from nothing");
    return items[this.int(items.length)]!;
  }
  sentence(): string {
    this.#counter += 1;
    const text = `${Array.from({ length: 3 + this.int(6) }, () => this.pick(WORDS)).join(" ")} (${this.#counter})`;
    return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
  }
  /** A time in the past: from 1 October to an hour before now. */
  pastTime(): string {
    return isoTime(this.int(this.now - HOUR));
  }
  /** Published and no longer scheduled: on the site as the next build makes it. */
  visible(): Story[] {
    return [...this.archive.values()].filter((story) => !story.draft && minutesOf(story.date) <= this.now);
  }
  authors(): string[] {
    const named = [...new Set([...this.archive.values()].flatMap((story) => story.authors))];
    return named.length ? named : ["Amna Rahim"];
  }
  newStory(file: string): Story {
    const date = this.pastTime();
    return {
      file,
      headline: this.sentence().slice(0, -1),
      bullets: this.int(2) ? [this.sentence(), this.sentence()] : [],
      date,
      updated: this.int(3) === 0 ? isoTime(minutesOf(date) + 1 + this.int(this.now - minutesOf(date) - 1)) : undefined,
      section: this.pick(SECTIONS),
      tags: [...new Set([this.pick(TAGS), this.pick(TAGS)])].slice(0, 1 + this.int(2)),
      authors: this.int(4) === 0 ? [] : [this.pick(this.authors())],
      paragraphs: [this.sentence(), this.sentence()],
      links: [],
      draft: false,
    };
  }
  /** Drops every link to a story leaving the site: the build fails on a link to a page it does not write. */
  unlink(file: string): void {
    for (const story of this.archive.values()) story.links = story.links.filter((link) => link.to !== file);
  }

  /** Gives a story another file, and the links to it with it. */
  relocate(story: Story, file: string): void {
    const from = story.file;
    this.archive.delete(from);
    story.file = file;
    this.archive.set(file, story);
    for (const other of this.archive.values()) for (const link of other.links) if (link.to === from) link.to = file;
  }

  readonly edits: Record<string, () => string | undefined> = {
    headline: () => {
      const story = this.pick(this.visible());
      story.headline = this.sentence().slice(0, -1);
      return `headline of ${story.file}`;
    },
    bullets: () => {
      const story = this.pick(this.visible());
      story.bullets = story.bullets.length && this.int(3) === 0 ? [] : Array.from({ length: 1 + this.int(3) }, () => this.sentence());
      return `bullets of ${story.file} (${story.bullets.length})`;
    },
    body: () => {
      const story = this.pick(this.visible());
      const targets = this.visible().filter((other) => other !== story);
      const choice = this.int(4);
      if (choice <= 1 && targets.length) {
        const target = this.pick(targets);
        const link: Link = { to: target.file, form: this.pick(["path", "absolute", "short"] as const) };
        if (link.form === "short") target.shortUrl ??= `pin${++this.#counter}x`;
        story.links.push(link);
        return `body of ${story.file}: a ${link.form} link to ${link.to}`;
      }
      if (choice === 2) {
        story.paragraphs.push(`![The harbour wall at dawn](lead.png)`);
        return `body of ${story.file}: an inline image`;
      }
      story.paragraphs[this.int(story.paragraphs.length)] = this.sentence();
      return `body text of ${story.file}`;
    },
    addTag: () => {
      const story = this.pick(this.visible());
      const tags = TAGS.filter((name) => !story.tags.includes(name));
      if (!tags.length) return undefined;
      const tag = this.pick(tags);
      story.tags.push(tag);
      return `tag ${tag} added to ${story.file}`;
    },
    removeTag: () => {
      const tagged = this.visible().filter((story) => story.tags.length);
      if (!tagged.length) return undefined;
      const story = this.pick(tagged);
      const [tag] = story.tags.splice(this.int(story.tags.length), 1);
      return `tag ${tag} removed from ${story.file}`;
    },
    renameAuthor: () => {
      const named = [...new Set(this.visible().flatMap((story) => story.authors))];
      if (!named.length) return undefined;
      const from = this.pick(named);
      const to = `${from.split(" ")[0]} ${this.pick(["Qureshi", "Malik", "Shah", "Hassan"])}-${this.int(100)}`;
      for (const story of this.archive.values()) story.authors = story.authors.map((name) => (name === from ? to : name));
      return `author ${from} renamed ${to}`;
    },
    moveSection: () => {
      const story = this.pick(this.visible());
      const from = story.section;
      story.section = this.int(5) === 0 ? "" : this.pick(SECTIONS.filter((section) => section !== from));
      return `${story.file} moved from ${from || "no section"} to ${story.section || "no section"}`;
    },
    date: () => {
      const story = this.pick(this.visible());
      const others = this.visible().filter((other) => other !== story);
      // Now and then the time of another story: listings order such stories by their addresses.
      story.date = this.int(4) === 0 && others.length ? this.pick(others).date : this.pastTime();
      if (story.updated && story.updated < story.date) story.updated = undefined;
      return `date of ${story.file} set to ${story.date}`;
    },
    updated: () => {
      const story = this.pick(this.visible());
      const from = minutesOf(story.date);
      story.updated = isoTime(from + 1 + this.int(Math.max(1, this.now - from - 1)));
      return `updated of ${story.file} set to ${story.updated}`;
    },
    dateline: () => {
      const story = this.pick(this.visible());
      story.dateline = story.dateline && this.int(2) ? undefined : this.pick(["KARACHI", "Lahore", "GWADAR"]);
      return `dateline of ${story.file} ${story.dateline ? `set to ${story.dateline}` : "removed"}`;
    },
    language: () => {
      const story = this.pick(this.visible());
      story.lang = story.lang ? undefined : this.pick(["ur", "en-GB", "ar"]);
      return `language of ${story.file} ${story.lang ? `set to ${story.lang}` : "removed"}`;
    },
    schedule: () => {
      if (this.visible().length <= 4) return undefined;
      const story = this.pick(this.visible());
      // Out of the site until one of the next three builds.
      story.date = isoTime(this.now + 1 + this.int(18 * HOUR));
      story.updated = undefined;
      this.unlink(story.file);
      return `${story.file} scheduled for ${story.date}`;
    },
    moveFile: () => {
      const story = this.pick(this.visible());
      const from = story.file;
      const folder = FOLDERS.find((candidate) => path.posix.dirname(from) !== candidate)!;
      this.relocate(story, `${folder}/${path.posix.basename(from)}`);
      return `${from} moved to ${story.file} (the same address)`;
    },
    rename: () => {
      const story = this.pick(this.visible());
      const from = story.file;
      this.relocate(story, `${path.posix.dirname(from)}/renamed-${++this.#counter}.md`);
      return `${from} renamed ${story.file}`;
    },
    undo: () => {
      // The archive as it was before the last step: its commit reverted. (A step makes its undo first.)
      const earlier = this.#before.at(-2);
      if (!earlier) return undefined;
      const { archive, images } = structuredClone(earlier);
      this.archive.clear();
      for (const [file, story] of archive) this.archive.set(file, story);
      for (const [folder, image] of images) this.images.set(folder, image);
      return "the last step's edits reverted";
    },
    add: () => {
      const story = this.newStory(`${this.pick(FOLDERS)}/new-story-${++this.#counter}.md`);
      this.archive.set(story.file, story);
      return `new story ${story.file}`;
    },
    delete: () => {
      if (this.visible().length <= 4) return undefined;
      const story = this.pick(this.visible());
      this.unlink(story.file);
      this.archive.delete(story.file);
      return `${story.file} deleted`;
    },
    draft: () => {
      const drafts = [...this.archive.values()].filter((story) => story.draft && minutesOf(story.date) <= this.now);
      if (drafts.length && this.int(2)) {
        const story = this.pick(drafts);
        story.draft = false;
        return `${story.file} published again`;
      }
      if (this.visible().length <= 4) return undefined;
      const story = this.pick(this.visible());
      this.unlink(story.file);
      story.draft = true;
      return `${story.file} made a draft`;
    },
    leadImage: () => {
      const story = this.pick(this.visible());
      const had = story.image !== undefined;
      story.image = { caption: this.sentence(), credit: this.pick(["Staff photo", "Reuters", "AFP", "Desk"]) };
      return had ? `lead image caption and credit of ${story.file}` : `lead image given to ${story.file}`;
    },
    replaceImage: () => {
      const shown = this.visible().filter((story) => story.image || story.paragraphs.some((paragraph) => paragraph.startsWith("![")));
      if (!shown.length) return undefined;
      const folder = path.posix.dirname(this.pick(shown).file);
      const size: [number, number] = this.int(2) ? [8, 6] : [10 + this.int(6), 6 + this.int(4)];
      this.images.set(folder, [...size, [this.int(256), this.int(256), this.int(256)]]);
      return `${folder}/lead.png replaced by a ${size.join("×")} image`;
    },
  };

  #nextKind(): string {
    if (this.#deck.length === 0) {
      this.#deck = Object.keys(this.edits);
      for (let index = this.#deck.length - 1; index > 0; index--) {
        const other = this.int(index + 1);
        [this.#deck[index], this.#deck[other]] = [this.#deck[other]!, this.#deck[index]!];
      }
    }
    return this.#deck.pop()!;
  }

  /**
   * A step's edits, of kinds drawn from the deck (a kind that does not apply to the archive as it is
   * goes back under the deck, and a kind drawn at random stands in); `seen` when readers see them:
   * every kind but moving a file to another folder may change published files, and an undo as much as
   * the step it reverts.
   */
  step(): { edits: string[]; seen: boolean } {
    this.#before.push(structuredClone({ archive: this.archive, images: this.images }));
    const kinds = Array.from({ length: EDITS_PER_STEP }, () => this.#nextKind()).sort((a, b) => Number(b === "undo") - Number(a === "undo"));
    const edits: string[] = [];
    let seen = false;
    for (const drawn of kinds) {
      let kind = drawn;
      let done = this.edits[kind]!();
      while (!done) {
        if (kind === drawn) this.#deck.unshift(drawn);
        kind = this.pick(Object.keys(this.edits).filter((other) => other !== "undo"));
        done = this.edits[kind]!();
      }
      edits.push(`${kind}: ${done}`);
      seen ||= kind === "undo" ? this.#seen.at(-1)! : kind !== "moveFile";
    }
    this.#seen.push(seen);
    this.#checkout = this.int(4) === 0;
    if (this.#checkout) edits.push("on a fresh checkout: every file made anew");
    return { edits, seen };
  }

  /**
   * Now and then, a mistake an editor saves before the step's edits, which the build refuses: a link to
   * no article (refused once the pages are written) or a date that is none (refused as the archive is read).
   */
  mistake(): { file: string; text: string; what: string } | undefined {
    if (this.int(4) !== 0) return undefined;
    const story = this.pick(this.visible());
    const text = render(story, this.archive);
    return this.int(2)
      ? { file: story.file, text: text.replace("\n\n", "\n\nSee [the story](/world/no-such-story/).\n\n"), what: `a link to no article saved in ${story.file}` }
      : { file: story.file, text: text.replace(/^date: .*$/m, "date: next Tuesday"), what: `a date that is no date saved in ${story.file}` };
  }

  /** The starting archive: 8 stories in three sections, with tags, authors, updates, links and a lead image. */
  start(): void {
    const authors = ["Amna Rahim", "Bilal Khan", "Staff Reporter"];
    for (let index = 0; index < 8; index++) {
      const story = this.newStory(`${FOLDERS[index % 2]}/story-${index + 1}.md`);
      story.section = SECTIONS[index % 3]!;
      story.authors = index % 4 === 3 ? [] : index === 5 ? [authors[0]!, authors[1]!] : [authors[index % 3]!];
      this.archive.set(story.file, story);
    }
    const [first, second, third] = [...this.archive.values()];
    first!.image = { caption: "Boats back at the wall at dawn.", credit: "Staff photo" };
    second!.links.push({ to: first!.file, form: "path" });
    second!.shortUrl = "pin0x";
    third!.links.push({ to: second!.file, form: "short" });
  }

  /**
   * Writes the archive as the model has it: the files that changed (the others keep their times), or
   * on a fresh checkout every file anew; and removes the files of stories it no longer has.
   */
  async write(articlesDir: string, written: Set<string>): Promise<void> {
    for (const file of written) {
      if (!this.archive.has(file) || this.#checkout) await rm(path.join(articlesDir, file));
    }
    const files = new Map<string, string | Buffer>([...this.archive.values()].map((story) => [story.file, render(story, this.archive)]));
    for (const [folder, [width, height, colour]] of this.images) files.set(`${folder}/lead.png`, solidPng(width, height, colour));
    for (const [file, text] of files) {
      const target = path.join(articlesDir, file);
      const bytes = Buffer.from(text);
      if (this.#checkout) await rm(target, { force: true });
      else if ((await readFile(target).catch(() => Buffer.alloc(0))).equals(bytes)) continue;
      await writeFile(target, bytes);
    }
    written.clear();
    for (const story of this.archive.values()) written.add(story.file);
  }
}

/** Each file under a folder (relative path) → its inode; empty when the folder does not exist. */
async function inodesUnder(dir: string): Promise<Map<string, number>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  return new Map(await Promise.all(files.map(async (file) => [path.relative(dir, file), (await stat(file)).ino] as const)));
}

/**
 * How many of a site's files were taken from a cache rather than made: hard links to files the cache
 * held before the build and still holds (a page rendered again is kept too, as a new file).
 */
async function takenFrom(before: Map<string, number>, cacheDir: string, siteDir: string): Promise<number> {
  const after = await inodesUnder(cacheDir);
  const kept = new Set([...after].filter(([file, inode]) => before.get(file) === inode).map(([, inode]) => inode));
  return [...(await inodesUnder(siteDir)).values()].filter((inode) => kept.has(inode)).length;
}

/** A file's text: Pagefind's files are gzipped (its fragments hold each story's text as JSON). */
async function textOf(file: string): Promise<string | undefined> {
  const bytes = await readFile(file).catch(() => undefined);
  if (!bytes) return undefined;
  return (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString("utf8").replace(/[\u0000-\u0008\u000e-\u001f]/g, "\u00b7");
}

/**
 * The differing files as pairs to compare: a path both sites have, or a file only one has beside one
 * only the other has in the same folder with the same extension (Pagefind names its files by their
 * content, so a changed file is one of another name). Pages first.
 */
function comparablePairs(differences: string[], cached: Map<string, string>, fresh: Map<string, string>): [cachedFile: string, freshFile: string][] {
  const kind = (file: string) => `${path.posix.dirname(file)} ${path.posix.extname(file)}`;
  const onlyFresh = differences.filter((file) => !cached.has(file));
  const pairs = differences.flatMap((file): [string, string][] => {
    if (!fresh.has(file)) {
      const partner = onlyFresh.findIndex((other) => kind(other) === kind(file));
      return [[file, partner >= 0 ? onlyFresh.splice(partner, 1)[0]! : file]];
    }
    return cached.has(file) ? [[file, file]] : [];
  });
  const isPage = (file: string) => /\.(html|xml|txt)$|^_/.test(path.posix.basename(file));
  return [...pairs, ...onlyFresh.map((file): [string, string] => [file, file])].sort(([a], [b]) => Number(isPage(b)) - Number(isPage(a)));
}

/** Where two versions of a file first differ, with some text either side, for the failure message. */
async function firstDifference(cachedFile: string, freshFile: string): Promise<string> {
  const [cached, fresh] = await Promise.all([textOf(cachedFile), textOf(freshFile)]);
  if (cached === undefined || fresh === undefined) return `  only the build ${cached === undefined ? "from empty caches" : "with kept caches"} wrote it`;
  let at = 0;
  while (at < cached.length && cached[at] === fresh[at]) at += 1;
  const around = (text: string) => `    …${text.slice(Math.max(0, at - 120), at + 200)}…`;
  return [`  from character ${at}, with kept caches:`, around(cached), "  from empty caches:", around(fresh)].join("\n");
}

// About twenty runs of npm run build, each a process of its own: 75 s in a quiet CI run, 103 s in a loaded
// one; at load 12-15 the 300 s it had ran out in the fifth of its eight steps (about 23 s a build): the whole takes
// about 460 s. The limit is CI's for a whole test file (--test-timeout in package.json).
describe(`a build with its caches kept writes what a build from empty caches writes (seed ${SEED})`, { timeout: 900_000 }, () => {
  let site: FixtureSite;
  before(async () => {
    site = await makeFixtureSite({}, SETTINGS);
    for (const folder of FOLDERS) await mkdir(path.join(site.articlesDir, folder), { recursive: true });
  });
  after(() => site.remove());

  /** Builds the archive as it is, at step `step`'s now, into `outputDir`; the caches are the fixture's own unless `env` names others. */
  const build = async (step: number, outputDir: string, env: NodeJS.ProcessEnv, history: string[]) => {
    const result = await buildFixture(site, ["--now", nowArgument(step), "--output", outputDir], { ...BUILD_ENV, ...env });
    assert.equal(result.code, 0, `seed ${SEED}, step ${step}, after ${history.join(" | ") || "no edits"}: the build failed\n${result.stderr}`);
    return hashTree(outputDir);
  };
  const keptCaches = (step: number, history: string[]) => build(step, site.outputDir, { NEWS_IMAGE_CACHE: path.join(site.dir, "image-cache") }, history);
  const emptyCaches = (step: number, history: string[]) => {
    const caches = path.join(site.dir, `fresh-${step}-caches`);
    const env = {
      NEWS_ARTICLE_CACHE: path.join(caches, "articles"),
      NEWS_PAGE_CACHE: path.join(caches, "pages"),
      NEWS_SEARCH_CACHE: path.join(caches, "search"),
      NEWS_IMAGE_CACHE: path.join(caches, "images"),
    };
    return build(step, path.join(site.dir, `fresh-${step}`), env, history);
  };

  test(`${STEPS} steps of ${EDITS_PER_STEP} random edits, each followed by a build with the kept caches and one from empty caches`, async (t) => {
    const editor = new Editor(SEED);
    const written = new Set<string>();
    const history: string[] = [];
    editor.start();
    await editor.write(site.articlesDir, written);
    await keptCaches(0, history);
    let previous = await emptyCaches(0, history);

    for (let step = 1; step <= STEPS; step++) {
      editor.now = nowAt(step);
      // A build that fails leaves the caches as a failed build does, for the next one to start from.
      const mistake = editor.mistake();
      if (mistake) {
        history.push(`step ${step}: first ${mistake.what}, built and refused`);
        t.diagnostic(`step ${step}, first: ${mistake.what}`);
        await writeFile(path.join(site.articlesDir, mistake.file), mistake.text);
        const refused = await buildFixture(site, ["--now", nowArgument(step)], { ...BUILD_ENV, NEWS_IMAGE_CACHE: path.join(site.dir, "image-cache") });
        assert.notEqual(refused.code, 0, `seed ${SEED}, step ${step}: the build took ${mistake.what}`);
        assert.match(refused.stderr, /no-such-story|next Tuesday/, `seed ${SEED}, step ${step}: the build failed for another reason than ${mistake.what}\n${refused.stderr}`);
      }
      const { edits, seen } = editor.step();
      history.push(`step ${step}: ${edits.join(", ")}`);
      t.diagnostic(`step ${step} (now ${nowArgument(step)}): ${edits.join("; ")}`);
      await editor.write(site.articlesDir, written);
      const pageCache = path.join(site.dir, "page-cache");
      const searchCache = path.join(site.dir, "search-cache");
      const [pagesBefore, searchBefore] = await Promise.all([inodesUnder(pageCache), inodesUnder(searchCache)]);
      const cached = await keptCaches(step, history);
      const context = `seed ${SEED}, step ${step}, after: ${history.join(" | ")}`;
      // The comparison means something only while the kept caches are used.
      const pagesTaken = await takenFrom(pagesBefore, pageCache, site.outputDir);
      const searchTaken = await takenFrom(searchBefore, searchCache, site.outputDir);
      t.diagnostic(`  with kept caches: ${pagesTaken} pages and ${searchTaken} search files taken from the caches`);
      assert.ok(pagesTaken > 0, `${context}: the build with kept caches took no page from its page cache`);
      const fresh = await emptyCaches(step, history);

      // What shows the comparison can fail: it tells the sites of two different archives apart.
      if (seen) assert.notDeepEqual(treeDifferences(previous, fresh), [], `${context}: the edit changed no published file`);
      const differences = treeDifferences(cached, fresh);
      if (differences.length) {
        const shown = await Promise.all(
          comparablePairs(differences, cached, fresh)
            .slice(0, 3)
            .map(async ([cachedFile, freshFile]) => {
              const names = cachedFile === freshFile ? cachedFile : `${cachedFile} (kept caches) and ${freshFile} (empty caches)`;
              return `${names}\n${await firstDifference(path.join(site.outputDir, cachedFile), path.join(site.dir, `fresh-${step}`, freshFile))}`;
            }),
        );
        assert.fail(`${context}\nwith kept caches, ${differences.length} files differ from a build from empty caches: ${differences.join(", ")}\n${shown.join("\n")}`);
      }
      await rm(path.join(site.dir, `fresh-${step - 1}`), { recursive: true, force: true });
      await rm(path.join(site.dir, `fresh-${step - 1}-caches`), { recursive: true, force: true });
      previous = fresh;
    }
  });
});
