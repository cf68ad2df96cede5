import { FILE_TAG_NAMES } from "./media-tags.ts";

// Reading the raw HTML an editor writes in a story's Markdown, as markdown-it and a browser read it: its
// opening tags (over as many lines as they take) and its comments. The link scan, the renderer and the
// image pipeline share these, so that none of them takes a "<!--" inside a tag for a comment.

/** What follows a tag's name: its attributes, over as many lines as they take, and its end. */
const TAG_REST = /(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*\/?>/.source;

/** An opening tag of raw HTML as markdown-it reads one; it may run over several lines. */
export const OPENING_TAG = new RegExp(`<[A-Za-z][A-Za-z0-9-]*${TAG_REST}`, "g");

/**
 * An opening tag that may show or play a file (src/media-tags.ts: <img>, <source>, <video>, <audio>, <track>), in
 * any case: trusted HTML is published as it was written.
 */
export const FILE_TAG = new RegExp(`<(?:${FILE_TAG_NAMES.join("|")})${TAG_REST}`, "gi");

/** An <img> tag, in any case, its attributes read past whole (an alt may hold a ">"). */
export const IMG_TAG = new RegExp(`<img${TAG_REST}`, "gi");

/** Where a <picture> an editor wrote opens or closes. */
export const PICTURE_TAG = /<(\/?)picture[\s/>]/gi;

const TAG_OR_COMMENT = new RegExp(`${OPENING_TAG.source}|<!--`, "g");

/** An HTML comment in a text: where it starts and ends (the end of the text, for one left open). */
export interface HtmlComment {
  start: number;
  end: number;
  closed: boolean;
}

/**
 * The HTML comments in a text, in order. A `<!--` inside a tag (`<a title="a <!-- b" href="…">`) starts
 * none, as in a browser and the sanitiser: the tags are read past whole. A comment ends at the first
 * `-->` after its `<!--` (`<!-->` and `<!--->` are ones, empty), or at the end of the text when none follows.
 * With `endsAtBang`, as a browser reads it (not the sanitiser), it ends at a `--!>` first after it too.
 * With `opens`, a `<!--` it says opens none (markdown-it's text) is read past.
 */
export function htmlComments(text: string, { endsAtBang = false, opens }: { endsAtBang?: boolean; opens?: (at: number) => boolean } = {}): HtmlComment[] {
  if (!text.includes("<!--")) return [];
  const comments: HtmlComment[] = [];
  const scan = new RegExp(TAG_OR_COMMENT);
  for (let match = scan.exec(text); match; match = scan.exec(text)) {
    if (match[0] !== "<!--" || opens?.(match.index) === false) continue;
    const close = text.indexOf("-->", match.index + 2);
    // Not one that takes the dashes of the "<!--": a browser reads on past "<!--!>" and "<!---!>".
    const bang = endsAtBang ? text.indexOf("--!>", match.index + 4) : -1;
    const ends = [close < 0 ? -1 : close + 3, bang < 0 ? -1 : bang + 4].filter((at) => at >= 0);
    const end = ends.length > 0 ? Math.min(...ends) : text.length;
    comments.push({ start: match.index, end, closed: ends.length > 0 });
    scan.lastIndex = end;
  }
  return comments;
}
