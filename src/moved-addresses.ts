import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Article } from "./article.ts";
import { displayPath, type Problem } from "./problems.ts";
import type { Redirect } from "./redirects.ts";
import { isShortCode } from "./short-url.ts";
import { isSearchFolder } from "./site-folders.ts";
import { safeDecode, siteFile } from "./site-urls.ts";

// The `moved` setting: the addresses a published story had before its file was renamed or it changed
// section, each with the story it now belongs to. Links already shared, printed or indexed keep working:
// the build writes a redirect page at each old address (src/redirects.ts, as the short links' pages) and
// a 301 line in _redirects. Front matter cannot say it (the editors' contract has no field for it, and
// a story's old address outlives its file's name), so the site's settings do.

/** Where a moved address now leads: a story's address, or its file under the articles folder. */
export type MovedTarget = { path: string } | { file: string };

/** One entry of the setting, read. */
export interface MovedEntry {
  /** The key as written, which messages name. */
  key: string;
  /** The old address as a site path: /world/harbour-reopns/, or an old short link's /s/<code>/. */
  from: string;
  target: MovedTarget;
}

/** How a problem names an entry: moved["/world/harbour-reopns/"]. */
export function movedField(key: string): string {
  return `moved[${JSON.stringify(key)}]`;
}

const OLD_ADDRESS = 'a site path such as /world/harbour-reopns/ (the old address without the site\'s address or path prefix), or an old short link such as /s/x7k2mn/';
const TARGET = "the story's address, such as /pakistan/harbour-reopens/, or its file in the articles folder, such as 2026/11/harbour-reopens.md";

/** A site path's folders, or a problem: one with . or .. would lead out of the site, and one with ? or # is not a page's address. */
function siteSegments(text: string): string[] | string {
  const decoded = safeDecode(text);
  if (/[?#\\\u0000-\u001f\u007f]/.test(decoded)) return "a path without ?, #, backslashes or control characters";
  const segments = decoded.split("/").filter(Boolean);
  if (segments.some((segment) => /^\.+$/.test(segment))) return "a path inside the site, without . or .. folders";
  return segments;
}

/**
 * Says which of the site's own pages or folders an address's folders are (tags, search, css, a section's
 * listing…), or undefined: a moved address there would stand in for a page the build writes, or be replaced by it.
 */
export type OwnPageOf = (segments: readonly string[]) => string | undefined;

/** Reads one old address, or says what is wrong with it. */
export function readOldAddress(key: string, ownPageOf: OwnPageOf): { from: string } | { problem: string } {
  if (!key.startsWith("/")) return { problem: `expected ${OLD_ADDRESS}` };
  const segments = siteSegments(key);
  if (typeof segments === "string") return { problem: `expected ${segments}` };
  if (segments.length === 0) return { problem: "expected an old story's address; / is the front page" };
  const [first, code] = segments;
  if (first === "s") {
    if (segments.length !== 2 || !isShortCode(code!)) return { problem: "expected /s/ and one short code of 4 to 12 letters and digits, such as /s/x7k2mn/" };
  } else {
    const own = isSearchFolder(first!) ? `/${first}/ is one of the site's own folders` : ownPageOf(segments);
    if (own) return { problem: `expected an address outside the site's own pages; ${own}` };
  }
  // The build answers an old address with a page in its folder (index.html), which a file's address (/old.html) never reaches.
  if (/\.[A-Za-z0-9]{1,5}$/.test(segments.at(-1)!)) return { problem: `expected a page's address, ending in /; /${segments.join("/")} is a file's address, where the site cannot put a page` };
  return { from: `/${segments.join("/")}/` };
}

/** Reads where one entry leads: a story's address, or its file (a .md path relative to the articles folder). */
export function readTarget(value: string): { target: MovedTarget } | { problem: string } {
  const text = value.trim();
  const segments = siteSegments(text);
  if (typeof segments === "string") return { problem: `expected ${segments}` };
  if (text.startsWith("/")) {
    if (segments.length === 0) return { problem: `expected ${TARGET}; / is the front page` };
    return { target: { path: `/${segments.join("/")}/` } };
  }
  if (/\.(?:md|markdown)$/i.test(text) && !/^[a-z][a-z0-9+.-]*:/i.test(text)) return { target: { file: segments.join("/") } };
  return { problem: `expected ${TARGET}` };
}

/**
 * The entries read, and what is wrong with them that the settings alone show: each one's own form, two
 * keys for one address, and chains and loops (an entry leading to another's old address: a reader would be
 * sent on twice, and a search engine drops a chain). Problems are keyed by the entry's key.
 */
export function readMoved(moved: Record<string, string>, ownPageOf: OwnPageOf): { entries: MovedEntry[]; problems: { key: string; message: string }[] } {
  const entries: MovedEntry[] = [];
  const problems: { key: string; message: string }[] = [];
  const byFrom = new Map<string, MovedEntry>();
  for (const [key, value] of Object.entries(moved)) {
    const old = readOldAddress(key, ownPageOf);
    if ("problem" in old) {
      problems.push({ key, message: old.problem });
      continue;
    }
    const read = readTarget(value);
    if ("problem" in read) {
      problems.push({ key, message: read.problem });
      continue;
    }
    const earlier = byFrom.get(old.from);
    if (earlier) {
      problems.push({ key, message: `expected each old address once; ${movedField(earlier.key)} names ${old.from} too` });
      continue;
    }
    const entry = { key, from: old.from, target: read.target };
    byFrom.set(old.from, entry);
    entries.push(entry);
  }
  for (const entry of entries) {
    const seen = [entry.from];
    let next = "path" in entry.target ? byFrom.get(entry.target.path) : undefined;
    while (next && !seen.includes(next.from)) {
      seen.push(next.from);
      next = "path" in next.target ? byFrom.get(next.target.path) : undefined;
    }
    if (seen.length === 1 && !next) continue;
    if (next) {
      problems.push({ key: entry.key, message: `expected the story's address now; this leads round in a loop (${[...seen, next.from].join(" → ")})` });
    } else {
      const last = byFrom.get(seen.at(-1)!)!;
      const end = "path" in last.target ? last.target.path : last.target.file;
      problems.push({ key: entry.key, message: `expected the story's address now; ${seen[1]} is itself an old address (${movedField(byFrom.get(seen[1]!)!.key)}): lead this one to ${end} as well` });
    }
  }
  return { entries, problems };
}

/** The story an entry names, found among the archive's stories; `root` is the articles folder a file is relative to. */
function storyFinder(stories: readonly Article[], root: string): (target: MovedTarget) => Article | undefined {
  const byUrl = new Map<string, Article>();
  const bySource = new Map<string, Article>();
  for (const story of stories) {
    byUrl.set(story.url, story);
    bySource.set(story.sourcePath, story);
  }
  return (target) => ("path" in target ? byUrl.get(target.path) : bySource.get(displayPath(path.resolve(root, target.file))));
}

/** Where the archive's stories are needed to judge an entry: where it leads, and whether its old address is a page of the site now. */
export interface MovedPlaces {
  /** The articles folder (the whole archive's, for a shard) a target file is relative to. */
  articlesDir: string;
  /** The static files, which may hold a page at an old address. */
  publicDir: string;
  /** The settings file a problem is placed in. */
  settingsFile: string;
}

/**
 * What is wrong with the entries given the archive's stories (every one, drafts and scheduled ones too):
 * an entry that leads to no story, and an old address that is a page of the site again (a story's
 * address or short link, or a page under public/), where the redirect would replace it or be replaced.
 */
export function movedProblems(entries: readonly MovedEntry[], stories: readonly Article[], places: MovedPlaces): Problem[] {
  if (entries.length === 0) return [];
  const find = storyFinder(stories, places.articlesDir);
  const byUrl = new Map(stories.map((story) => [story.url, story]));
  const byCode = new Map(stories.map((story) => [story.shortCode.toLowerCase(), story]));
  const problems: Problem[] = [];
  const problem = (entry: MovedEntry, message: string) => problems.push({ file: places.settingsFile, line: lineOfKey(places.settingsFile, entry.key), field: movedField(entry.key), message });
  for (const entry of entries) {
    const code = oldShortCode(entry.from);
    const now = code !== undefined ? byCode.get(code.toLowerCase()) : byUrl.get(entry.from);
    if (now) problem(entry, `expected an address no page of the site has; ${entry.from} is now ${code !== undefined ? "the short link" : "the address"} of ${now.sourcePath}: leave it out of moved`);
    else if (existsSync(path.join(places.publicDir, siteFile(entry.from), "index.html"))) problem(entry, `expected an address no page of the site has; ${entry.from} is a page under ${displayPath(places.publicDir)}/`);
    if (!find(entry.target)) {
      problem(entry, "path" in entry.target
        ? `expected a story's address; no story is at ${entry.target.path}`
        : `expected a story's file; there is none at ${displayPath(path.resolve(places.articlesDir, entry.target.file))}`);
    }
  }
  return problems;
}

/** The line of the settings file that names an entry's key, so an editor is taken to it; undefined when it cannot be found. */
function lineOfKey(file: string, key: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const quoted = [JSON.stringify(key), `'${key}'`];
  const index = text.split("\n").findIndex((line) => quoted.some((form) => line.includes(form)));
  return index === -1 ? undefined : index + 1;
}

/** Each entry whose story is among `stories`, with that story; `articlesDir` is the folder a target file is relative to. */
export function movedStories(entries: readonly MovedEntry[], stories: readonly Article[], articlesDir: string): { entry: MovedEntry; story: Article }[] {
  if (entries.length === 0) return [];
  const find = storyFinder(stories, articlesDir);
  return entries.flatMap((entry) => {
    const story = find(entry.target);
    return story ? [{ entry, story }] : [];
  });
}

/** The short code an old address keeps, when it is an old short link (/s/<code>/). */
export function oldShortCode(from: string): string | undefined {
  return from.startsWith("/s/") ? from.split("/")[2] : undefined;
}

/**
 * The redirect of each entry whose story is among `stories` (the published ones: a story taken down, or
 * not out yet, takes its old addresses with it), ordered by old address so the pages and _redirects are
 * the same on every build.
 */
export function movedRedirects(entries: readonly MovedEntry[], stories: readonly Article[], articlesDir: string): Redirect[] {
  return movedStories(entries, stories, articlesDir)
    .map(({ entry, story }) => ({ from: entry.from, to: story.url, headline: story.headline, lang: story.lang, dir: story.dir }))
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}
