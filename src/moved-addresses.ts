import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Article } from "./article.ts";
import { displayPath, type Problem } from "./problems.ts";
import { hasRedirectPage, REDIRECTS_FILE_LIMIT, type Redirect } from "./redirects.ts";
import { isShortCode } from "./short-url.ts";
import { isSearchFolder } from "./site-folders.ts";
import { safeDecode } from "./site-urls.ts";
import { outputFileOf } from "./stale-pages.ts";

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
function movedField(key: string): string {
  return `moved[${JSON.stringify(key)}]`;
}

const OLD_ADDRESS = "a site path such as /world/harbour-reopns/ or /news/2019/05/story-123.html (the old address without the site's address or path prefix), the same address in full on this site, or an old short link such as /s/x7k2mn/";
const TARGET = "the story's address, such as /pakistan/harbour-reopens/, or its file in the articles folder, such as 2026/11/harbour-reopens.md";
// A static host answers a path whatever follows its ?, so one page cannot lead ?id=5 and ?id=6 to two
// stories, and Cloudflare Pages' _redirects cannot match a query at all (Netlify's can: its own rules).
const QUERY = "an address without a query (?…): a static site answers a path whatever its query, so lead the path alone if one story had it, or redirect the queries with your host's own rules";

/** A site path's folders, or a problem: one with . or .. would lead out of the site, and one with ? or # is not a page's address. */
function siteSegments(text: string): string[] | string {
  const decoded = safeDecode(text);
  if (/[?#\\\u0000-\u001f\u007f]/.test(decoded)) return "a path without ?, #, backslashes or control characters";
  const segments = decoded.split("/").filter(Boolean);
  if (segments.some((segment) => /^\.+$/.test(segment))) return "a path inside the site, without . or .. folders";
  return segments;
}

/**
 * Says which of the site's own pages, files or folders an address's folders are (tags, search, css, a section's
 * listing or feed, robots.txt…), or undefined: a moved address there would stand in for one the build writes, or be replaced by it.
 */
export type OwnPageOf = (segments: readonly string[]) => string | undefined;

/** What an old address is read against: the site's own pages, and its address, on which a key may be written in full. */
export interface MovedSite {
  ownPageOf: OwnPageOf;
  /** The site's address with its path prefix, without the last slash (SiteLocation.siteUrl). */
  siteUrl: string;
}

/** The name an old address ends in when it is a file's (story-123.html, story.php) rather than a folder's. */
const FILE_NAME = /\.[A-Za-z][A-Za-z0-9]{0,4}$/;
/** A folder's own page, which the host answers from the folder's index.html: /old/index.html is /old/. */
const FOLDER_PAGE = /^index\.html?$/i;
/** A key written as a full URL (https://news.example.com/world/x/) read as its site path, or a problem; any other key as it is. */
function asSitePath(key: string, siteUrl: string): { path: string } | { problem: string } {
  if (!/^[a-z][a-z0-9+.-]*:|^\/\//i.test(key)) return { path: key };
  let url: URL;
  try {
    url = new URL(key);
  } catch {
    return { problem: `expected ${OLD_ADDRESS}` };
  }
  const site = new URL(`${siteUrl}/`);
  if (!/^https?:$/.test(url.protocol)) return { problem: `expected ${OLD_ADDRESS}` };
  if (url.host !== site.host) return { problem: `expected an address on this site (${site.origin}); ${url.host} is another host, whose old addresses its own server must redirect` };
  if (url.search || url.hash) return { problem: `expected ${QUERY}` };
  if (!url.pathname.startsWith(site.pathname)) return { problem: `expected an address under the site's path ${site.pathname}, where the site can put a page` };
  return { path: `/${url.pathname.slice(site.pathname.length)}` };
}

/** Reads one old address, or says what is wrong with it. */
function readOldAddress(key: string, site: MovedSite): { from: string } | { problem: string } {
  const read = asSitePath(key, site.siteUrl);
  if ("problem" in read) return read;
  const written = read.path;
  if (!written.startsWith("/")) return { problem: `expected ${OLD_ADDRESS}` };
  if (/[?#]/.test(written)) return { problem: `expected ${written.includes("?") ? QUERY : "an address without a #fragment, which the browser keeps to itself"}` };
  const found = siteSegments(written);
  if (typeof found === "string") return { problem: `expected ${found}` };
  const segments = FOLDER_PAGE.test(found.at(-1) ?? "") ? found.slice(0, -1) : found;
  if (segments.length === 0) return { problem: "expected an old story's address; / is the front page" };
  const [first, code] = segments;
  if (first === "s") {
    if (segments.length !== 2 || !isShortCode(code!)) return { problem: "expected /s/ and one short code of 4 to 12 letters and digits, such as /s/x7k2mn/" };
  } else {
    const own = isSearchFolder(first!) ? `/${first}/ is one of the site's own folders` : site.ownPageOf(segments);
    if (own) return { problem: `expected an address outside the site's own pages; ${own}` };
  }
  // A file's address keeps its name: the page, or the _redirects line, answers that very address.
  const isFile = segments === found && !written.endsWith("/") && FILE_NAME.test(segments.at(-1)!);
  return { from: `/${segments.join("/")}${isFile ? "" : "/"}` };
}

/** Reads where one entry leads: a story's address, or its file (a .md path relative to the articles folder). */
function readTarget(value: string): { target: MovedTarget } | { problem: string } {
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
export function readMoved(moved: Record<string, string>, site: MovedSite): { entries: MovedEntry[]; problems: { key: string; message: string }[] } {
  const entries: MovedEntry[] = [];
  const problems: { key: string; message: string }[] = [];
  const byFrom = new Map<string, MovedEntry>();
  for (const [key, value] of Object.entries(moved)) {
    const old = readOldAddress(key, site);
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
  // Only _redirects answers an old address that has no page, and Cloudflare Pages reads 2,000 of its lines.
  const beyond = entries.filter((entry) => !hasRedirectPage(entry)).slice(REDIRECTS_FILE_LIMIT);
  if (beyond.length) {
    problems.push({
      key: beyond[0]!.key,
      message: `expected at most ${REDIRECTS_FILE_LIMIT} old addresses that are no page (.php, .asp…), which only _redirects answers and of which Cloudflare Pages reads ${REDIRECTS_FILE_LIMIT} lines; this and ${beyond.length - 1} more are over: redirect them with your host's own rules (a pattern such as /news/* on Netlify)`,
    });
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
    else if (existsSync(outputFileOf(places.publicDir, entry.from))) problem(entry, `expected an address no page of the site has; ${entry.from} is ${entry.from.endsWith("/") ? "a page" : "a file"} under ${displayPath(places.publicDir)}/`);
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
  // As a key, followed by its colon, on a line that is not a comment: the same text may come earlier, as another
  // entry's story or in a comment (site.config.ts's own example of the setting is one).
  const quoted = [JSON.stringify(key), `'${key}'`];
  const isComment = (line: string) => /^\s*(?:\/\/|\/\*|\*)/.test(line);
  const namesKey = (line: string) => !isComment(line) && quoted.some((form) => line.includes(form) && /^\s*:/.test(line.slice(line.indexOf(form) + form.length)));
  const index = text.split("\n").findIndex(namesKey);
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
