import { createHash } from "node:crypto";
import { KeptGroups } from "./incremental.ts";

/** Digits and lower-case letters with the look-alikes (0/o, 1/l/i) left out, so a code read aloud or retyped survives. */
export const SHORT_CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
const GENERATED_LENGTH = 6;

/**
 * What an editor may pin in `shortUrl`. Wider than the generated codes, because a newsroom moving
 * to this site keeps the short links it has already printed and shared, whatever their alphabet.
 */
const PINNED_CODE = /^[0-9A-Za-z]{4,12}$/;
const PINNED_CODE_DESCRIPTION = "a short code of 4 to 12 letters and digits";

export function isShortCode(code: string): boolean {
  return PINNED_CODE.test(code);
}

/**
 * A short code derived from the article's first-publication time (Timestamp.wallClock) and slug: the
 * same article always gets the same code, and two articles share one only by a hash collision (which
 * the build reports).
 */
export function deriveShortCode(publishedWallClock: string, slug: string, length = GENERATED_LENGTH): string {
  const digest = createHash("sha256").update(`${publishedWallClock}\n${slug}`).digest();
  let code = "";
  for (let i = 0; i < length; i++) code += SHORT_CODE_ALPHABET[digest[i]! % SHORT_CODE_ALPHABET.length];
  return code;
}

/**
 * Reads `shortUrl` from front matter: a bare code, or a full URL on the short domain (`shortUrlBase`,
 * over http or https), its path the base's path and one code. A URL elsewhere is not taken for a code:
 * `https://bit.ly/4wq7m` would otherwise publish a short link the editor never meant.
 */
export function readShortUrl(value: string, shortUrlBase: string): { code: string } | { problem: string } {
  const text = value.trim();
  if (isShortCode(text)) return { code: text };
  const expected = `expected ${PINNED_CODE_DESCRIPTION}, or a URL on the short domain: ${shortUrlBase}/ followed by one`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: expected };
  }
  const base = new URL(shortUrlBase);
  const basePath = base.pathname.replace(/\/+$/, "");
  const sameSite = /^https?:$/.test(url.protocol) && url.host === base.host && url.username === "" && url.password === "";
  const code = url.pathname.startsWith(`${basePath}/`) ? url.pathname.slice(basePath.length + 1).replace(/\/$/, "") : "";
  if (!sameSite) return { problem: `${expected}; ${url.host === "" ? "this URL" : url.host} is not the short domain` };
  if (!isShortCode(code) || url.search !== "" || url.hash !== "") return { problem: `${expected}, and nothing after it` };
  return { code };
}

/** The code `shortUrl` names (readShortUrl), or undefined when it names none. */
export function shortCodeFrom(value: string, shortUrlBase: string): string | undefined {
  const read = readShortUrl(value, shortUrlBase);
  return "code" in read ? read.code : undefined;
}

interface CodedArticle {
  sourcePath: string;
  slug: string;
  published: { wallClock: string; epochMs: number };
  shortCode: string;
  /** Written in front matter: kept as it is, even when it is the code the story would derive. */
  shortCodePinned: boolean;
  shortUrl: string;
}

/**
 * Six-character derived codes collide by chance in a large archive (a few in 100,000 articles). A
 * pinned code keeps its code; of two derived ones, the earlier story keeps its code and the later one
 * takes a seven-character code, so a short link already published never changes. Collisions left
 * after that (pinned against pinned) are for the build to report.
 *
 * Returns the articles with their codes settled. A story whose code is lengthened is a copy (`copy`),
 * the same copy while its code stays lengthened, never the story as read: the read caches hand that
 * object out again (the preview's, which tells a changed story by identity, and the one on disk, which
 * stores it), and a code lengthened in it stayed so after the collision had gone, on a page the preview
 * never wrote again. `byCode` is what the last call grouped, for a caller that settles the same archive
 * again (src/incremental.ts).
 */
export function settleDerivedShortCodes<T extends CodedArticle>(
  articles: readonly T[],
  shortUrlBase: string,
  copy: (article: T, changes: Pick<CodedArticle, "shortCode" | "shortUrl">) => T,
  byCode: KeptGroups<T> = new KeptGroups<T>(byShortCode),
): T[] {
  // A derived code is taken when a pinned code is the same, or an earlier story derived it too (a
  // lengthened code is longer than any derived one): so only the stories that share a code are looked
  // at, and the preview, which settles 100,000 codes on every save, keeps the groups from one to the next.
  // Derived codes are lower case; a pinned code in any case takes the code it spells (`byShortCode`).
  // A pin is told by where the code came from, not by its spelling: a story that pins the very code it
  // derives (an editor copying the link the page shows, to keep it through a rename) keeps it as any pin does.
  const settled = new Map<T, T>();
  for (const same of byCode.shared(articles)) {
    const derived = same.filter((article) => !article.shortCodePinned);
    if (derived.length === 0) continue;
    derived.sort((a, b) => a.published.epochMs - b.published.epochMs || (a.sourcePath < b.sourcePath ? -1 : 1));
    const pinned = derived.length < same.length;
    for (const article of pinned ? derived : derived.slice(1)) {
      const shortCode = deriveShortCode(article.published.wallClock, article.slug, GENERATED_LENGTH + 1);
      const shortUrl = `${shortUrlBase}/${shortCode}`;
      const kept = lengthened.get(article) as T | undefined;
      const lengthenedCopy = kept?.shortUrl === shortUrl ? kept : copy(article, { shortCode, shortUrl });
      lengthened.set(article, lengthenedCopy);
      settled.set(article, lengthenedCopy);
    }
  }
  return settled.size === 0 ? [...articles] : articles.map((article) => settled.get(article) ?? article);
}

/** The key stories sharing a short code are grouped by: codes that differ only in case are one page where case is ignored. */
export function byShortCode(article: Pick<CodedArticle, "shortCode">): string {
  return article.shortCode.toLowerCase();
}

/** Each story as read → its copy with a lengthened code, while it has one (settleDerivedShortCodes). */
const lengthened = new WeakMap<CodedArticle, CodedArticle>();
