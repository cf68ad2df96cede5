import type { Article } from "./article.ts";
import { foldWidths } from "./character-widths.ts";
import { identityDiff } from "./identity-diff.ts";
import { joinNames } from "./name-lists.ts";
import { escapeHtml } from "./html-escape.ts";
import { altTextOf } from "./media-tags.ts";
import { IMG_TAG } from "./raw-html.ts";
import { asSentences, sentenceShape } from "./search-sentences.ts";
import { SEARCH_FOLDER } from "./site-folders.ts";
import { wordsFor, type WordsSetting } from "./site-words.ts";

// The search index is made from the articles themselves, not read back from the built pages, and in
// parts: Pagefind holds a whole index in memory while it writes it, about 0.25 MB per story on our
// benchmark corpus, so one index of a large archive would need gigabytes (and tens of thousands of
// pages are known to exhaust it: Pagefind/pagefind#842). Each part is a Pagefind bundle of its own;
// the search page loads the first and merges the others (Pagefind's mergeIndex), so readers search
// the whole archive at once.

/**
 * Stories per search index: about 0.63 GiB for Pagefind to build, measured on the benchmark corpus
 * (0.73 before it ran with one allocator arena, src/pagefind-process.ts), so that Pagefind beside the page
 * rendering of a 100,000-story build stays well within 3 GiB. (At 3,000, in the third round, the build
 * peaked at 3.1 GiB.) A reader's search loads one index per 2,500 stories, and up to nine
 * smaller ones for the newest (partSizes, below).
 */
export const SEARCH_SHARD_SIZE = 2_500;
/** Overrides SEARCH_SHARD_SIZE, so tests can make a site of several indexes from a few stories. */
export const SEARCH_SHARD_SIZE_ENV = "NEWS_SEARCH_SHARD_SIZE";

/** Stories per search index for this build. */
export function searchShardSize(env: NodeJS.ProcessEnv = process.env): number {
  const size = Number.parseInt(env[SEARCH_SHARD_SIZE_ENV] ?? "", 10);
  return size > 0 ? size : SEARCH_SHARD_SIZE;
}

export interface SearchShard {
  /** The bundle's folder in the site, relative to its root: "pagefind/", "pagefind-1/", … */
  folder: string;
  articles: Article[];
  /**
   * Whether it is a full part (of `size` stories, or fewer as the last of an older folder of the archive),
   * not one of the smaller parts of the newest stories: a full part is Pagefind's largest memory (src/search-index.ts).
   */
  full: boolean;
}

/** How many stories each top-level folder of the archive holds (Article.archiveFolder), by its name. */
export type StoriesPerFolder = ReadonlyMap<string, number>;

export function storiesPerFolder(articles: Iterable<Pick<Article, "archiveFolder">>): Map<string, number> {
  return countedInto(new Map(), articles, 1);
}

/**
 * The counts of `storiesPerFolder(after)`, given those of `before`: changed by the stories only in one of
 * the two lists, told apart by identity (src/identity-diff.ts). The preview's save counts what it changed.
 */
export function storiesPerFolderAfter<T extends Pick<Article, "archiveFolder">>(counted: StoriesPerFolder, before: readonly T[], after: readonly T[]): Map<string, number> {
  const { removed, added } = identityDiff(before, after);
  const counts = countedInto(countedInto(new Map(counted), removed, -1), added, 1);
  for (const [folder, count] of counts) if (count === 0) counts.delete(folder);
  return counts;
}

function countedInto(counts: Map<string, number>, articles: Iterable<Pick<Article, "archiveFolder">>, step: 1 | -1): Map<string, number> {
  for (const { archiveFolder } of articles) counts.set(archiveFolder, (counts.get(archiveFolder) ?? 0) + step);
  return counts;
}

/**
 * The articles split into search indexes. A part never holds stories of two top-level folders of the
 * archive (its years, in a dated archive), so that each job of a sharded build (src/build-shards.ts)
 * indexes the stories whose pages it writes, and the parts are the same whether the site is built in
 * one job or in many. Within a folder the stories go oldest first, so an older index keeps its stories
 * as new ones are published, and a story added to an older folder moves the parts of that folder alone.
 * `elsewhere`: a shard's count of the archive's stories in its other folders, whose parts (left to their
 * own jobs) come before or after these in the numbering. A site with no stories still has one, empty, so
 * its search page answers "no stories found".
 */
export function searchShards(newestFirst: readonly Article[], size = searchShardSize(), elsewhere: StoriesPerFolder = new Map()): SearchShard[] {
  const own = storiesPerFolder(newestFirst);
  const oldestFirst = new Map<string, Article[]>();
  for (let index = newestFirst.length - 1; index >= 0; index--) {
    const article = newestFirst[index]!;
    const folder = oldestFirst.get(article.archiveFolder);
    if (folder) folder.push(article);
    else oldestFirst.set(article.archiveFolder, [article]);
  }
  const taken = new Map<string, number>();
  return plannedParts(new Map([...elsewhere, ...own]), size)
    .filter((part) => part.archiveFolder === undefined || own.has(part.archiveFolder))
    .map(({ folder, archiveFolder = "", stories, full }) => {
      const start = taken.get(archiveFolder) ?? 0;
      taken.set(archiveFolder, start + stories);
      return { folder, full, articles: oldestFirst.get(archiveFolder)?.slice(start, start + stories) ?? [] };
    });
}

/** The folders of the search indexes of a site with these stories, the first being the one the search page loads. */
export function searchFolders(perFolder: StoriesPerFolder, size = searchShardSize()): string[] {
  return plannedParts(perFolder, size).map((part) => part.folder);
}

/** A search part as the stories' count lays it out: its folder in the site, the archive's folder its stories are from, how many and what size. */
interface PlannedPart {
  folder: string;
  /** None for the empty index of a site with no stories. */
  archiveFolder?: string;
  stories: number;
  full: boolean;
}

/**
 * The parts, folder by folder of the archive in the order of their names (a year's after the year
 * before). The newest folder's stories are split as partSizes says, so a new story or a correction to a
 * recent one re-indexes a small part; an older folder's into full parts only, so that a reader's search
 * loads few more indexes than the full parts (a folder's last full part may hold fewer). When a new
 * folder is started (a new year), the one before is indexed again once, as full parts.
 */
function plannedParts(perFolder: StoriesPerFolder, size: number): PlannedPart[] {
  // Sorted by code unit, not locale, so every machine numbers the parts alike.
  const folders = [...perFolder].filter(([, count]) => count > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (folders.length === 0) return [{ folder: searchFolder(0), stories: 0, full: false }];
  const parts: PlannedPart[] = [];
  folders.forEach(([archiveFolder, count], index) => {
    const sizes = index === folders.length - 1 ? partSizes(count, size) : fullParts(count, size);
    for (const { stories, full } of sizes) parts.push({ folder: searchFolder(parts.length), archiveFolder, stories, full });
  });
  return parts;
}

/** `stories` in parts of `size`, the last holding the rest. */
function fullParts(stories: number, size: number): { stories: number; full: boolean }[] {
  return Array.from({ length: Math.ceil(stories / size) }, (_, part) => ({ stories: Math.min(size, stories - part * size), full: true }));
}

/**
 * How many stories each index of the newest folder holds, oldest first, in three sizes: full parts of
 * `size` for the oldest stories, parts of a quarter of that (625) for the newer, and parts of a twentieth
 * (125) for the newest. Each size is used as long as at least one part of the next smaller size is left
 * after it. A new story or a correction to a recent one lands in a smallest part, and a build indexes
 * only the part that changed: with parts of 625 for the newest, a correction spent about 1.2 s of one core
 * in Pagefind, the last step of the build; with 125, about 0.3 s. (With full parts only, the newest part
 * held up to 2,500 stories: at 10,000 stories a correction took a warm build from 9 s and 0.56 GiB to
 * 15 s and 1.36 GiB.) A part's bounds stay where they are as stories are added, since each size is a
 * multiple of the next, so an unchanged part is taken from the cache; once the smaller parts hold
 * enough, their oldest are indexed again as one part of the next size up (a part of 625 once per 625
 * new stories, a full part once per 2,500). A reader's search loads at most nine indexes besides the
 * full parts, each small: at 10,000 stories in one folder, three full, three of 625 and five of 125.
 */
function partSizes(stories: number, size: number): { stories: number; full: boolean }[] {
  const sizes: { stories: number; full: boolean }[] = [];
  let rest = stories;
  const tiers = partTiers(size);
  tiers.forEach((tier, index) => {
    const next = tiers[index + 1];
    const count = next === undefined ? Math.ceil(rest / tier) : Math.max(0, Math.floor((rest - next) / tier));
    for (let part = 0; part < count; part++) sizes.push({ stories: Math.min(tier, rest - part * tier), full: tier === size });
    rest -= Math.min(rest, count * tier);
  });
  return sizes;
}

/** The size of the smallest parts, those of the newest stories: 125 for full parts of 2,500. */
export function smallestPartSize(size = searchShardSize()): number {
  return partTiers(size).at(-1)!;
}

/** The sizes of part, largest first: `size`, a quarter of it and a twentieth (2,500, 625 and 125), without repeats for a small `size`. */
function partTiers(size: number): number[] {
  return [...new Set([size, Math.ceil(size / 4), Math.ceil(size / 20)])];
}

/**
 * The folders of a Pagefind index whose files are named by a hash of their content (index/en_3f2a9c1.pf_index):
 * a changed file gets a new name, so browsers may keep them longer than the rest (src/headers.ts). So is the
 * index's metadata (SEARCH_META_EXTENSION). The rest is not: pagefind-entry.json, which names the metadata,
 * pagefind.js and the other scripts, and the WebAssembly (wasm.en.pagefind), named by language alone.
 */
export const SEARCH_HASHED_FOLDERS = ["index", "fragment", "filter"] as const;

/**
 * How the metadata file of a Pagefind index ends, beside its entry: pagefind.en_5b22db452c.pf_meta, named by
 * a hash of its content, which pagefind-entry.json gives for each language.
 */
export const SEARCH_META_EXTENSION = ".pf_meta";

/**
 * Whether a file or folder of a Pagefind bundle (named without a slash) is one the search page loads
 * when it merges the bundle into the first: its entry, its metadata and its hashed folders. Pagefind
 * writes its script, web worker, WebAssembly and UI files into every bundle, but the page takes those
 * from the first bundle alone: in the others they were 11 files and ~0.64 MB each, never loaded.
 */
export function isMergedIndexData(name: string): boolean {
  return name === "pagefind-entry.json" || name.endsWith(SEARCH_META_EXTENSION) || (SEARCH_HASHED_FOLDERS as readonly string[]).includes(name);
}

function searchFolder(index: number): string {
  return index === 0 ? `${SEARCH_FOLDER}/` : `${SEARCH_FOLDER}-${index}/`;
}

/** A story as Pagefind is given it: the address of its page and its searchDocument. */
export interface SearchDocument {
  url: string;
  html: string;
}

/**
 * What a story's search document takes from the site's settings: the site's language and its words (the
 * byline's `by`, marked with its language where the story's is another, as on the story's page). A part's
 * fingerprint holds them (src/search-cache.ts, partFingerprint), since no story's digest does.
 */
export interface SearchSite {
  language: string;
  words?: WordsSetting;
}

/**
 * The document Pagefind indexes for a story: what a reader would search for on its page (headline,
 * summary, byline, the lead image's alt text and caption, text and tags), with its section as the filter the
 * search page offers. Front-matter text is escaped as it is on the page; the body is the page's own rendered
 * HTML, each of its images given as its alt text.
 */
export function searchDocument(article: Article, site: SearchSite): string {
  // The story's language and direction go with each result, for the search page to set on its headline and excerpt.
  // (Pagefind reads one key:value from an element.)
  const parts = [
    `<html lang="${escapeHtml(article.lang)}"><body><article data-pagefind-body>`,
    `<span data-pagefind-meta="lang:${escapeHtml(article.lang)}"></span><span data-pagefind-meta="dir:${escapeHtml(article.dir)}"></span>`,
    // The headline as the story writes it, not in the one width the searched text is given in (below):
    // "ＡＰＥＣ" stays as on the story's page. (After "title:", Pagefind reads the rest, commas and colons too.)
    `<span data-pagefind-meta="title:${escapeHtml(article.headline)}"></span>`,
  ];
  if (article.section) parts.push(`<p data-pagefind-ignore><span data-pagefind-filter="section">${escapeHtml(article.section.name)}</span></p>`);
  const searched = [`<h1>${escapeHtml(article.headline)}</h1>`];
  if (article.bullets.length > 0) searched.push(`<ul>${article.bullets.map((bullet) => `<li>${escapeHtml(bullet)}</li>`).join("")}</ul>`);
  const storyWords = wordsFor(site, article.lang);
  if (article.authors.length > 0) searched.push(`<p>${storyWords.html.by}${storyWords.space.by}${escapeHtml(joinNames(article.authors.map((author) => author.name), article.lang))}</p>`);
  // A picture's alt text, as words where the picture is: the contract asks for a lead image's alt for search,
  // and a reader who looks for what a story's pictures show should find it. Pagefind indexes no alt of its own.
  if (article.image) searched.push(`<p>${escapeHtml(article.image.alt)}</p>`);
  const caption = [article.image?.caption, article.image?.credit].filter(Boolean).join(" ");
  if (caption) searched.push(`<p>${escapeHtml(caption)}</p>`);
  // Not the images themselves: Pagefind would keep the first one's address and alt with the result (its
  // `image` metadata), and the search page shows no picture (public/js/search.js).
  searched.push(article.html.replace(IMG_TAG, altAsWords));
  if (article.tags.length > 0) searched.push(`<ul>${article.tags.map((tag) => `<li>${escapeHtml(tag.name)}</li>`).join("")}</ul>`);
  // In one width, as the search page folds the query; not the section's filter, which must stay the name the page's menu sends.
  // Its blocks end as sentences of the story's language, which the result's excerpt runs together (src/search-sentences.ts).
  parts.push(asSentences(foldWidths(searched.join("\n")), article.lang, sentenceShape(article.lang, site.language)));
  parts.push("</article></body></html>");
  return parts.join("\n");
}

/**
 * An image of the body (an <img> tag at `offset` in `html`) as the words of its alt text, spaced from the
 * words around it, since a picture may stand in a sentence; a decorative image (alt="") has none. No space
 * after it unless a word follows at once: Pagefind ends a paragraph's last words with a full stop only
 * when nothing is after them, and a picture is most often a paragraph of its own.
 */
function altAsWords(tag: string, offset: number, html: string): string {
  const alt = altTextOf(tag);
  if (!alt) return "";
  return ` ${escapeHtml(alt)}${/^[\p{L}\p{N}]/u.test(html.slice(offset + tag.length, offset + tag.length + 2)) ? " " : ""}`;
}
