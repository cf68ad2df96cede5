import { Parser } from "htmlparser2";
import { escapeHtml } from "./html-escape.ts";

/**
 * The tags of raw HTML that show or play a file, and their addresses: the build publishes the file of
 * one kept beside the article under /media/ and points the tag there (src/images.ts), and `npm run
 * check` looks for the same files (src/article-links.ts).
 */

/** What a tag's file must be: an image (shown, or a video's poster), a video or audio file (played), or a text track (a video's captions). */
export type FileKind = "image" | "media" | "track";

/**
 * The attributes that name a file, by tag, and the kind of file each names. A <source>'s srcset is a
 * <picture>'s; its src is a <video>'s or an <audio>'s. Maps, so that no attribute's name (a
 * `constructor`) finds something an object holds of its own.
 */
const FILE_ATTRIBUTES: ReadonlyMap<string, ReadonlyMap<string, FileKind>> = new Map([
  ["img", new Map<string, FileKind>([["src", "image"], ["srcset", "image"]])],
  ["source", new Map<string, FileKind>([["srcset", "image"], ["src", "media"]])],
  ["video", new Map<string, FileKind>([["src", "media"], ["poster", "image"]])],
  ["audio", new Map<string, FileKind>([["src", "media"]])],
  ["track", new Map<string, FileKind>([["src", "track"]])],
]);

/** The names of the tags FILE_ATTRIBUTES knows, for the pattern that finds them in a body (src/raw-html.ts). */
export const FILE_TAG_NAMES: readonly string[] = [...FILE_ATTRIBUTES.keys()];

/** Whether an opening tag is one FILE_ATTRIBUTES knows: cheap, before any tag is parsed. */
const MAY_NAME_FILE = new RegExp(`^<(?:${FILE_TAG_NAMES.join("|")})[\\s/>]`, "i");

/** An address a tag gives for a file, and what kind of file it must be. */
export interface FileAddress {
  address: string;
  kind: FileKind;
}

/** The file addresses in an opening tag, as written (character references decoded), each candidate of a srcset apart. */
export function fileAddressesIn(tag: string): FileAddress[] {
  if (!MAY_NAME_FILE.test(tag)) return [];
  const addresses: FileAddress[] = [];
  readTag(tag, (name, value, kind) => {
    if (!kind) return;
    if (name === "srcset") addresses.push(...srcsetCandidates(value).map(([address = ""]) => ({ address, kind })));
    else addresses.push({ address: value.trim(), kind });
  });
  return addresses;
}

/** The alternative text of an opening tag (an <img>'s alt), as a reader's screen reader says it (character references decoded); "" for none. */
export function altTextOf(tag: string): string {
  let alt = "";
  readTag(tag, (name, value) => {
    if (name === "alt") alt = value.trim();
  });
  return alt;
}

/**
 * The tag written again with each of its file addresses passed through `change`, and every other
 * attribute as it was (names lower-cased and values quoted, which means the same to a browser).
 */
export function withFileAddresses(tag: string, change: (address: string) => string): string {
  const attributes: string[] = [];
  const tagName = readTag(tag, (name, value, kind) => {
    const changed = !kind ? value : name === "srcset" ? changeSrcset(value, change) : change(value.trim());
    attributes.push(` ${name}="${escapeHtml(changed)}"`);
  });
  return `<${tagName}${attributes.join("")}>`;
}

/** Reads an opening tag's attributes in order, saying of each what kind of file it names, if any; returns the tag's name, lower-cased. */
function readTag(tag: string, onAttribute: (name: string, value: string, kind: FileKind | undefined) => void): string {
  let tagName = "";
  const parser = new Parser(
    {
      onopentagname(name) {
        tagName = name;
      },
      onattribute(name, value) {
        onAttribute(name, value, FILE_ATTRIBUTES.get(tagName)?.get(name));
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(tag);
  return tagName;
}

/** One candidate of a srcset: its address, then its descriptors (`480w`, `2x`), none or more. */
export type SrcsetCandidate = [address: string, ...descriptors: string[]];

/** The HTML standard's ASCII whitespace: tab, line feed, form feed, carriage return, space. */
const SRCSET_SPACE = /[\t\n\f\r ]/;

/**
 * A srcset's candidates, read as a browser reads them (the HTML standard's "parse a srcset attribute"): an
 * address runs to the next whitespace, commas and all (/img/a,b-800.jpeg, data:image/png;base64,…), but for
 * commas at its end, which close a candidate without descriptors; descriptors then run to a comma outside
 * parentheses. A descriptor is not checked, so a candidate a browser would drop for a bad one is still read.
 */
export function srcsetCandidates(srcset: string): SrcsetCandidate[] {
  const candidates: SrcsetCandidate[] = [];
  let position = 0;
  const at = (index: number) => srcset.charAt(index);
  while (true) {
    while (position < srcset.length && (SRCSET_SPACE.test(at(position)) || at(position) === ",")) position++;
    if (position >= srcset.length) return candidates;
    const start = position;
    while (position < srcset.length && !SRCSET_SPACE.test(at(position))) position++;
    const address = srcset.slice(start, position);
    if (address.endsWith(",")) {
      candidates.push([address.replace(/,+$/, "")]);
      continue;
    }
    const descriptors: string[] = [];
    let descriptor = "";
    let inParentheses = false;
    const endDescriptor = () => {
      if (descriptor) descriptors.push(descriptor);
      descriptor = "";
    };
    for (; position < srcset.length; position++) {
      const char = at(position);
      if (inParentheses) {
        descriptor += char;
        if (char === ")") inParentheses = false;
      } else if (char === ",") {
        position++;
        break;
      } else if (SRCSET_SPACE.test(char)) endDescriptor();
      else {
        descriptor += char;
        if (char === "(") inParentheses = true;
      }
    }
    endDescriptor();
    candidates.push([address, ...descriptors]);
  }
}

/** A srcset's candidates, each with its address changed. */
function changeSrcset(srcset: string, change: (address: string) => string): string {
  return srcsetCandidates(srcset)
    .map(([address = "", ...descriptors]) => [change(address), ...descriptors].join(" "))
    .join(", ");
}
