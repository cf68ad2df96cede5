import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Article } from "./article.ts";
import { identityDiff } from "./identity-diff.ts";
import { encodeSitePath, normalizePathPrefix, prefixedPath, safeDecode } from "./site-urls.ts";
import { outputFileOf } from "./stale-pages.ts";

// An editor who renames a story's file, or changes its section, while its page is open in the preview
// moves the story to another address: the tab reloaded onto "Page not found" and stayed there. The
// preview remembers which story went where, and sends a request for the old address on to the new one
// with a redirect, which a browser follows in place of the address it asked for (a reload's history entry
// is replaced, not pushed). Every tab on the old address follows alike; the published site has no such
// redirect, since the preview's server alone answers it.

/** What tells a story apart from others across a move, kept of a story whose address the site no longer has. */
export interface StoryTraits {
  url: string;
  /** The same file at another address: the section, or the front matter's slug, changed. */
  sourcePath: string;
  /** A pinned short code stays with its story when the file is renamed or moved (a derived one changes with the slug). */
  pinnedCode?: string;
  /** The story's date, headline and body: a file renamed or moved as it was, whatever its code. */
  text: string;
}

function traitsOf(story: Article): StoryTraits {
  const text = createHash("sha256").update(`${story.published.epochMs}\n${story.headline}\n${story.html}`).digest("base64");
  return { url: story.url, sourcePath: story.sourcePath, pinnedCode: story.shortCodePinned ? story.shortCode : undefined, text };
}

/**
 * The story among `others` that `story` is, or undefined when none or more than one may be: the same
 * file first, then the same pinned code, then the same text. A story that left, when two that arrived
 * have its text, is followed to neither (nor is one that arrived, when two that left had its text).
 */
function sameStoryAmong(story: StoryTraits, others: readonly StoryTraits[]): StoryTraits | undefined {
  const tests: ((other: StoryTraits) => boolean)[] = [
    (other) => other.sourcePath === story.sourcePath,
    (other) => story.pinnedCode !== undefined && other.pinnedCode === story.pinnedCode,
    (other) => other.text === story.text,
  ];
  for (const same of tests) {
    const matches = others.filter(same);
    if (matches.length === 1) return matches[0];
    if (matches.length > 1) return undefined;
  }
  return undefined;
}

/**
 * How many stories each of the record's lists keeps: the moves, the stories that left and those that
 * arrived, the oldest forgotten first. The record lasts the whole session, and every story written during
 * it arrives (and every one deleted leaves) without ever being found again: unbounded, an editor's day of
 * new stories was kept to the end. A move is followed by the tabs open on a story as it moves, within a
 * few saves; a hundred of each is far more than any editor has open.
 */
const STORIES_REMEMBERED = 100;

/** Sets `key` in `map` as its newest entry, forgetting the oldest beyond STORIES_REMEMBERED. */
function remember<V>(map: Map<string, V>, key: string, value: V, limit: number): void {
  map.delete(key);
  map.set(key, value);
  for (const oldest of map.keys()) {
    if (map.size <= limit) break;
    map.delete(oldest);
  }
}

/**
 * The preview's record of stories that moved: old address → the story's address now. A rename is often
 * two rebuilds, in either order: the deletion is reported at once and the new file once it has been still
 * (src/preview-server.ts), but a rebuild under way when the deletion comes may already have read the new
 * file. So a story that left is remembered until one that is the same arrives, and one that arrived at a
 * new address until one that is the same leaves, however many rebuilds later.
 */
export class StoryMoves {
  /** Stories whose address the site no longer has, not yet found again: deleted, or half-way through a move. */
  readonly #departed = new Map<string, StoryTraits>();
  /** Stories at an address the site did not have, not yet known as another that left: new, or half-way through a move. */
  readonly #arrived = new Map<string, StoryTraits>();
  readonly #moves = new Map<string, string>();
  readonly #limit: number;

  constructor(limit = STORIES_REMEMBERED) {
    this.#limit = limit;
  }

  /** Notes the moves between two successive rebuilds' stories. */
  record(previous: readonly Article[], next: readonly Article[]): void {
    const { removed, added } = identityDiff(previous, next);
    if (removed.length === 0 && added.length === 0) return;
    // A story saved in place is a new object at the same address: neither left nor arrived.
    const addedUrls = new Set(added.map((story) => story.url));
    const removedUrls = new Set(removed.map((story) => story.url));
    for (const story of removed) {
      if (addedUrls.has(story.url)) continue;
      this.#arrived.delete(story.url);
      const left = traitsOf(story);
      const now = sameStoryAmong(left, [...this.#arrived.values()]);
      if (!now) remember(this.#departed, story.url, left, this.#limit);
      else {
        this.#arrived.delete(now.url);
        this.#moved(story.url, now.url);
      }
    }
    for (const story of added) {
      if (removedUrls.has(story.url)) continue;
      // The address has a page again: it leads nowhere else.
      this.#moves.delete(story.url);
      this.#departed.delete(story.url);
      const came = traitsOf(story);
      const was = sameStoryAmong(came, [...this.#departed.values()]);
      if (!was) remember(this.#arrived, story.url, came, this.#limit);
      else {
        this.#departed.delete(was.url);
        this.#moved(was.url, story.url);
      }
    }
  }

  /** Where the story that had the address `url` is now, if it moved. */
  movedTo(url: string): string | undefined {
    return this.#moves.get(url);
  }

  #moved(from: string, to: string): void {
    // A tab still on an address it moved from before goes straight to the story's latest one.
    for (const [earlier, was] of this.#moves) if (was === from) this.#moves.set(earlier, to);
    remember(this.#moves, from, to, this.#limit);
  }
}

/** The preview's moves: recorded by its rebuilds (src/preview-rebuilds.ts), followed by its server. */
export const storyMoves = new StoryMoves();

/**
 * Middleware for Eleventy's dev server: a page request for an address a story moved from, which has no
 * page now, is sent on to the story's page, when that is there (a story moved and then deleted leaves the
 * old address's "Page not found"). `pathPrefix`: the site's, which the dev server may serve under.
 */
export function followMovedStories(outputDir: () => string | undefined, pathPrefix = "/", moves: StoryMoves = storyMoves) {
  const prefix = normalizePathPrefix(pathPrefix);
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    const output = outputDir();
    const asked = new URL(request.url ?? "/", "http://preview.invalid");
    const decoded = safeDecode(asked.pathname);
    const prefixed = prefix !== "/" && decoded.startsWith(prefix);
    const sitePath = prefixed ? `/${decoded.slice(prefix.length)}` : decoded;
    const to = moves.movedTo(sitePath);
    if (!output || !to || existsSync(outputFileOf(output, sitePath)) || !existsSync(outputFileOf(output, to))) {
      next();
      return;
    }
    response.statusCode = 302;
    response.setHeader("Location", encodeSitePath(prefixed ? prefixedPath(to, { pathPrefix: prefix }) : to) + asked.search);
    // The move is the preview's of the moment: the old address may have a page again at the next save.
    response.setHeader("Cache-Control", "no-store");
    response.end();
  };
}
