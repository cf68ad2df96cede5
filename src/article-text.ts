import { isUtf8 } from "node:buffer";

/** Why a file's bytes are not UTF-8 text, on the 1-based line where they first stop being it. */
export interface NotUtf8 {
  line: number;
  message: string;
}

/** Far above any story (the longest real ones are well under 1 MB), low enough that one stray file cannot exhaust memory. */
export const MAX_ARTICLE_BYTES = 16 * 1024 * 1024;

const SAVE_AS_UTF8 = "save the file as UTF-8";

/**
 * Whether an article file's bytes are UTF-8, as the build reads them. Decoding anything else does not
 * fail: each byte that is not UTF-8 becomes U+FFFD, so a story saved as Windows-1252 was published
 * with "Caf�" for "Café", and one saved as UTF-16 was taken for a file without front matter.
 * `text` is the bytes as decoded; only a text holding U+FFFD, which the decoder puts for a bad byte
 * (an editor may also have written it), has its bytes looked at again.
 */
export function notUtf8(bytes: Uint8Array, text: string): NotUtf8 | undefined {
  if (!text.includes("\uFFFD") || isUtf8(bytes)) return undefined;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { line: 1, message: `the file is UTF-16 text: expected UTF-8; ${SAVE_AS_UTF8}` };
  }
  let line = 1;
  for (let start = 0; start < bytes.length; line++) {
    const end = bytes.indexOf(0x0a, start);
    const stop = end < 0 ? bytes.length : end;
    if (!isUtf8(bytes.subarray(start, stop))) break;
    start = stop + 1;
  }
  return {
    line,
    message: `the file is not UTF-8 text: this line holds bytes that are not UTF-8 (was the file saved as Windows-1252 or Latin-1?), which would be published as �; ${SAVE_AS_UTF8}`,
  };
}

/** A character a story may not hold, found in some text. */
export interface UncarriedCharacter {
  /** Where it is, as an index into the text. */
  index: number;
  kind: "control character" | "noncharacter" | "lone surrogate";
  /** The character, named for an editor: "the control character U+000B (vertical tab)". */
  name: string;
  /** Why it is refused: "which feeds and sitemaps cannot hold". */
  why: string;
}

// The C0 controls but tab and line break, DEL, and the two noncharacters XML 1.0 forbids besides. A
// carriage return is among them: a text field may not hold one, and a file's line endings are line
// breaks before its body is looked at.
// eslint-disable-next-line no-control-regex
const CONTROL_OR_NONCHARACTER = /[\u0000-\u0008\u000B-\u001F\u007F\uFFFE\uFFFF]/;
/** Half of a surrogate pair without its other half: YAML's "\uD800", which no UTF-8 file can hold. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Node 20 has String.prototype.isWellFormed; the project's TypeScript library (ES2023) does not know it yet.
const isWellFormed = (text: string): boolean => (text as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * The first character of the text that a story may not hold, or undefined: a control character (one
 * pasted from another program, or written in YAML as "\u000B"), U+FFFE or U+FFFF, or half of a
 * surrogate pair without the other (YAML's "\uD800"). Feeds and sitemaps drop them (src/xml-text.ts)
 * where the page kept them, or showed a lone surrogate as �; DEL shows on no page at all. Every story's
 * body is looked at, so the common case is two scans that find nothing, not a slower one that could.
 */
export function uncarriedCharacter(text: string): UncarriedCharacter | undefined {
  const control = CONTROL_OR_NONCHARACTER.exec(text);
  const surrogate = isWellFormed(text) ? null : LONE_SURROGATE.exec(text);
  const found = control && (!surrogate || control.index < surrogate.index) ? control : surrogate;
  return found ? { index: found.index, ...describeCharacter(found[0]) } : undefined;
}

const CONTROL_NAMES: Record<number, string> = { 0x00: "null", 0x07: "bell", 0x08: "backspace", 0x0b: "vertical tab", 0x0c: "form feed", 0x0d: "carriage return", 0x1b: "escape", 0x7f: "delete" };

/** How an editor is told of a character a story may not hold, and why it may not. */
export function describeCharacter(character: string): Omit<UncarriedCharacter, "index"> {
  const code = character.charCodeAt(0);
  const codePoint = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  if (code >= 0xd800 && code <= 0xdfff) {
    const name = `the lone surrogate ${codePoint} (half of a character written as a pair, such as an emoji, without its other half)`;
    return { kind: "lone surrogate", name, why: "which feeds and sitemaps cannot hold, and a page shows as �" };
  }
  if (code >= 0xfffe) return { kind: "noncharacter", name: `the noncharacter ${codePoint}`, why: "which feeds and sitemaps cannot hold" };
  const known = CONTROL_NAMES[code];
  const name = `the control character ${codePoint}${known ? ` (${known})` : ""}`;
  // DEL is XML's, but no page shows it; the C1 controls (U+0080 to U+009F) only YAML refuses.
  const why = code === 0x7f ? "which no page shows" : code >= 0x80 ? "which YAML cannot read" : "which feeds and sitemaps cannot hold";
  return { kind: "control character", name, why };
}

/**
 * Where a story's body holds a character a story may not, as a problem on the file's line and column
 * (`bodyLine` is the file line the body starts on); undefined for a body without one.
 */
export function uncarriedInBody(body: string, bodyLine: number): { line: number; column: number; message: string } | undefined {
  const found = uncarriedCharacter(body);
  if (!found) return undefined;
  const before = body.slice(0, found.index);
  const lineStart = before.lastIndexOf("\n") + 1;
  const more = [...body.slice(found.index + 1).matchAll(new RegExp(`${CONTROL_OR_NONCHARACTER.source}|${LONE_SURROGATE.source}`, "g"))].length;
  const after = more === 0 ? "remove it" : `remove it (the story holds ${more + 1} such characters in all)`;
  return {
    line: bodyLine + before.split("\n").length - 1,
    column: [...before.slice(lineStart)].length + 1,
    message: `the story holds ${found.name}, ${found.why} (pasted from another program, perhaps): ${after}`,
  };
}

/** An explicit direction control a text opens and does not close, found in a front-matter field. */
export interface UnclosedDirection {
  /** Where it is, as an index into the text. */
  index: number;
  /** The control, named for an editor: "U+202E (right-to-left override)". */
  name: string;
  /** The control that closes it, named so. */
  closer: string;
}

const DIRECTION_OPENERS = new Map<string, { name: string; isolate: boolean }>([
  ["\u202A", { name: "left-to-right embedding", isolate: false }],
  ["\u202B", { name: "right-to-left embedding", isolate: false }],
  ["\u202D", { name: "left-to-right override", isolate: false }],
  ["\u202E", { name: "right-to-left override", isolate: false }],
  ["\u2066", { name: "left-to-right isolate", isolate: true }],
  ["\u2067", { name: "right-to-left isolate", isolate: true }],
  ["\u2068", { name: "first strong isolate", isolate: true }],
]);
const DIRECTION_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * The first embedding, override or isolate (U+202A–U+202E, U+2066–U+2068) a text opens and never
 * closes, or undefined. A browser closes one only at the end of a paragraph: one left open in a
 * headline turned around the text after it there, the site's name in the page's title and the date
 * beside it in a listing, which no editor wrote. Closed as the Unicode bidirectional algorithm closes
 * them: a pop (U+202C) closes the last embedding or override, unless an isolate was opened after it; a
 * pop isolate (U+2069) closes the last isolate and all opened inside it. A closing control with
 * nothing open does nothing, and is let be.
 */
export function unclosedDirection(text: string): UnclosedDirection | undefined {
  if (!/[\u202A-\u202E\u2066-\u2068]/.test(text)) return undefined;
  const open: { index: number; isolate: boolean; character: string }[] = [];
  for (const control of text.matchAll(DIRECTION_CONTROLS)) {
    const character = control[0];
    const opener = DIRECTION_OPENERS.get(character);
    if (opener) open.push({ index: control.index, isolate: opener.isolate, character });
    else if (character === "\u202C" && open.length > 0 && !open.at(-1)!.isolate) open.pop();
    else if (character === "\u2069") {
      const isolate = open.findLastIndex((entry) => entry.isolate);
      if (isolate >= 0) open.length = isolate;
    }
  }
  const first = open[0];
  if (!first) return undefined;
  const opener = DIRECTION_OPENERS.get(first.character)!;
  return {
    index: first.index,
    name: `U+${first.character.charCodeAt(0).toString(16).toUpperCase()} (${opener.name})`,
    closer: opener.isolate ? "U+2069 (pop directional isolate)" : "U+202C (pop directional formatting)",
  };
}
