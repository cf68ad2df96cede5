// A numeric character reference (`&#147;`, `&#x1b;`) in a story's Markdown text, read as a browser reads
// it. markdown-it publishes U+FFFD (�) for every reference to a control character, where a browser reads
// `&#147;` as Windows-1252 did (“), as the sanitiser's parser does for the same reference in raw HTML; and it
// publishes a form feed or carriage return as the character itself, which the story typed in is refused for.
import { replaceCodePoint } from "entities/decode";
import { describeCharacter, uncarriedCharacter } from "./article-text.ts";

/** What a reference publishes: markdown-it's reading, a browser's in its place, or nothing: the story is refused. */
export type ReferenceReading =
  | { kind: "as read" }
  | { kind: "as a browser reads it"; text: string }
  | { kind: "refused"; reason: string; fix: string };

const NUMERIC_REFERENCE = /^&#(?:[xX]([0-9a-fA-F]+)|(\d+));?$/;

/**
 * How a reference written `markup` that markdown-it read as `read` is published. A reference to a character
 * the story's text may not hold is refused as the character typed in would be (src/article-text.ts).
 */
export function readReference(markup: string, read: string): ReferenceReading {
  const digits = NUMERIC_REFERENCE.exec(markup);
  if (!digits) return { kind: "as read" };
  const code = digits[1] ? Number.parseInt(digits[1], 16) : Number.parseInt(digits[2]!, 10);
  if (read !== "\uFFFD" || code === 0xfffd) {
    const uncarried = uncarriedCharacter(read);
    return uncarried ? { kind: "refused", reason: writesCharacter(uncarried.name, uncarried.why), fix: "remove it" } : { kind: "as read" };
  }
  // The C1 controls: the sanitiser's parser, like a browser, reads most as Windows-1252's characters, and keeps the rest.
  if (code >= 0x80 && code <= 0x9f) return { kind: "as a browser reads it", text: String.fromCodePoint(replaceCodePoint(code)) };
  return { kind: "refused", reason: `it spells ${characterName(code)}, which a story may not hold: markdown-it would publish � in its place`, fix: "remove it" };
}

/** Why a reference that publishes a character the story may not hold is refused, in raw HTML or in Markdown. */
export function writesCharacter(name: string, why: string): string {
  return `it writes ${name}, ${why}: the page would carry the character itself, as if it were typed in`;
}

function characterName(code: number): string {
  const codePoint = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  if (code > 0x10ffff) return `no character (${codePoint} is past the last, U+10FFFF)`;
  if ((code >= 0xfdd0 && code <= 0xfdef) || (code & 0xfffe) === 0xfffe) return `the noncharacter ${codePoint}`;
  // What is left is a control character or half of a surrogate pair, both of one UTF-16 unit.
  return describeCharacter(String.fromCharCode(code)).name;
}
