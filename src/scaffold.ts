import { randomInt } from "node:crypto";
import type { DateTime } from "luxon";
import { byShortCode, SHORT_CODE_ALPHABET } from "./short-url.ts";
import { slugify } from "./slugs.ts";

export interface ScaffoldInput {
  headline: string;
  /** A section slug the settings know, or undefined for none. */
  section?: string;
  /** The moment of writing; it becomes the article's date, in the newsroom's zone. */
  now: DateTime;
  timeZone: string;
  /** The short code pinned in the front matter. */
  shortCode: string;
}

export interface ScaffoldedArticle {
  /** Where the file goes under the articles folder, e.g. 2026/11/harbour-reopens.md. */
  relativePath: string;
  slug: string;
  text: string;
}

/** What the scaffold's draft line says to the editor, beside it. */
const SCAFFOLD_DRAFT_COMMENT = "# never published while here: delete this line when the story is ready";

/** The longest file name (without `.md`) made from a headline, in UTF-16 code units: 240 bytes at most in UTF-8, under file systems' 255. */
const MAX_SLUG_LENGTH = 80;

const graphemes = new Intl.Segmenter("und", { granularity: "grapheme" });

/**
 * As much of a slug as fits in `maxLength` code units, cut between whole characters as a reader sees them
 * (grapheme clusters), without a trailing hyphen. A cut by code units could split a character outside the
 * Basic Multilingual Plane (a rare kanji such as 𠮷) into a lone surrogate, which a file name cannot hold, or
 * part a letter from its marks (a Devanagari consonant from its vowel sign).
 */
function slugPrefix(slug: string, maxLength: number): string {
  let end = 0;
  for (const { segment, index } of graphemes.segment(slug)) {
    if (index + segment.length > maxLength) break;
    end = index + segment.length;
  }
  return slug.slice(0, end).replace(/-+$/, "");
}

export class ScaffoldError extends Error {
  override name = "ScaffoldError";
}

/**
 * A new article's file: the front matter filled in as far as it can be, with the date in the
 * newsroom's zone (offset included, so the file means the same moment on any machine) and the short
 * code pinned, so the short link survives renaming or moving the file. The story is the editor's to write
 * below it. The file starts as a draft: valid as written, so that the preview shows the story (flagged as a
 * draft) from the first save rather than replacing every page with "the story has no text", and
 * `npm run check` passes an unfinished story committed as it is; the build never publishes it. Deleting
 * the draft line is the editor's act of publishing, and a story still empty then is refused
 * (src/empty-story.ts), so an empty page is never published either way.
 */
export function scaffoldArticle(input: ScaffoldInput): ScaffoldedArticle {
  // Line breaks and runs of spaces from the shell are one space; a no-break space is the editor's (French
  // typography's before a colon, "Prix\u202F:"), and was made an ordinary one without a word.
  const headline = input.headline.replace(/[^\S\u00A0\u2007\u202F]+/g, " ").trim();
  if (headline === "") throw new ScaffoldError('The headline is empty: write it in quotes, e.g. npm run new -- "Harbour reopens after storm"');
  if (headline.length > 200) throw new ScaffoldError(`The headline has ${headline.length} characters; the article format allows at most 200.`);
  const slug = slugPrefix(slugify(headline), MAX_SLUG_LENGTH);
  if (slug === "") throw new ScaffoldError(`The headline ${JSON.stringify(headline)} has no letters or digits to make a file name from.`);
  const local = input.now.setZone(input.timeZone);
  // To the second, as an editor writes a date: the clock's milliseconds ("01:30:07.196+05:00") mean nothing to a reader.
  const date = local.startOf("second").toISO({ suppressMilliseconds: true, includeOffset: true });
  const lines = [
    "---",
    // JSON strings are valid YAML double-quoted scalars, so any headline (quotes, colons, #) stays intact.
    `headline: ${JSON.stringify(headline)}`,
    "bullets: []   # replace [] with up to 5 summary points, each on its own line starting with \"  - \"",
    `date: ${date}`,
    // Quoted: a code such as 2e5555 would otherwise read as a number.
    `shortUrl: "${input.shortCode}"   # pinned: keep it when the file is renamed or moved`,
    ...(input.section ? [`section: ${input.section}`] : []),
    `draft: true   ${SCAFFOLD_DRAFT_COMMENT}`,
    "---",
    "",
    "",
  ];
  return { relativePath: `${local.toFormat("yyyy")}/${local.toFormat("LL")}/${slug}.md`, slug, text: lines.join("\n") };
}

/**
 * A fresh random short code of the generated length that none of the taken codes equals, in any case:
 * the build takes codes that differ only in case for one (`byShortCode`), so a pinned ABC234 takes abc234.
 */
export function newShortCode(taken: Iterable<string>, pick: (max: number) => number = randomInt, length = 6): string {
  const takenKeys = new Set(Array.from(taken, (shortCode) => byShortCode({ shortCode })));
  for (let attempt = 0; attempt < 1000; attempt++) {
    let code = "";
    for (let i = 0; i < length; i++) code += SHORT_CODE_ALPHABET[pick(SHORT_CODE_ALPHABET.length)];
    if (!takenKeys.has(byShortCode({ shortCode: code }))) return code;
  }
  throw new ScaffoldError("Could not find a short code that is not already taken.");
}
