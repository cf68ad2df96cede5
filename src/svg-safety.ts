import { readFileSync, type BigIntStats } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { Parser } from "htmlparser2";
import { displayPath } from "./problems.ts";

/**
 * SVG drawings are published as they are (src/images.ts), and a reader who opens one on its own (its
 * address, "open image in new tab") gets it as a document of the site's origin: a <script> in it, an
 * event handler or a javascript: link runs there. On a host that sends the site's Content Security
 * Policy as a header the browser refuses it; on one that sends none (GitHub Pages) nothing did. A
 * drawing needs none of these, so an SVG that holds one is refused with what was found.
 */

/** A drawing refused for what it holds: not a file that could not be read, and reported as such. */
export class UnsafeDrawingError extends Error {
  override name = "UnsafeDrawingError";
}

/** Whether an image file is a drawing, published as it is rather than drawn again at each size. */
export function isDrawing(file: string): boolean {
  return path.extname(file).toLowerCase() === ".svg";
}

/** Why a drawing may not be published, in the words the build and `npm run check` both use; undefined when it holds nothing that runs. */
export function drawingProblem(file: string, bytes: Uint8Array): string | undefined {
  const text = drawingText(bytes);
  if (typeof text !== "string") return `the drawing ${displayPath(file)} is encoded as ${text.encoding}, which a browser reads otherwise than the build's check for script: save it as UTF-8`;
  const active = svgActiveContent(text);
  return active && `the drawing ${displayPath(file)} holds ${active}, which runs as script when the drawing is opened on its own; a drawing needs none: remove it`;
}

/**
 * Encodings whose first 128 characters are ASCII's, one byte each: every character of markup (`<`, a
 * quotation mark, a tag's name) is the same byte in them as in UTF-8, so the check sees the tags a browser does.
 */
const ASCII_ALIKE = /^(?:utf-8|windows-\d+|iso-8859-\d+(?:-i)?|ibm866|koi8-[ru]|macintosh|x-mac-cyrillic)$/;

/**
 * A drawing's text as a browser reads it, or the encoding it is in when that is one whose markup the check
 * could not read as the browser does. A browser decodes a drawing as its byte-order mark or its XML
 * declaration says: a UTF-16 drawing's <script>, read as UTF-8, was letters and NULs to the check, and an
 * ISO-2022-JP one could hide a tag from it inside what the browser reads as a kanji (`ESC $ B <! ESC ( B`).
 * No drawing a tool exports needs more than UTF-8 or a one-byte encoding, so only those are read.
 */
function drawingText(bytes: Uint8Array): string | { encoding: string } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return { encoding: "UTF-16" };
  // XML holds no NUL: one is a UTF-16 or UTF-32 drawing without its byte-order mark, which a browser still detects.
  if (bytes.includes(0)) return { encoding: "UTF-16 or UTF-32" };
  const hasUtf8Mark = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  // The declaration is ASCII in every encoding left; a byte-order mark outranks it, in a browser as here.
  const declared = hasUtf8Mark ? undefined : /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*(["'])([^"']*)\1/.exec(Buffer.from(bytes.subarray(0, 1024)).toString("latin1"))?.[2];
  let encoding = "utf-8";
  if (declared !== undefined) {
    try {
      encoding = new TextDecoder(declared.trim()).encoding;
    } catch {
      return { encoding: `"${declared}"` };
    }
  }
  if (!ASCII_ALIKE.test(encoding)) return { encoding: declared ?? encoding };
  return new TextDecoder(encoding).decode(bytes);
}

/**
 * drawingProblem for a file on disk, synchronously (the check asks while it walks the bodies' links);
 * undefined for a file that is no drawing, or cannot be read, which the check names by its header.
 */
export function readDrawingProblemSync(file: string): string | undefined {
  if (!isDrawing(file)) return undefined;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  return drawingProblem(file, bytes);
}

/**
 * drawingProblem for a drawing on disk, with the stat of the file it read: what the build refused is that
 * version of it (src/image-requests.ts keeps it for the preview). Throws when the file cannot be read.
 */
export async function readDrawing(file: string): Promise<{ problem?: string; stats: BigIntStats }> {
  const handle = await open(file, "r");
  try {
    const stats = await handle.stat({ bigint: true });
    return { problem: drawingProblem(file, await handle.readFile()), stats };
  } finally {
    await handle.close();
  }
}

/** Elements that run script or carry a document of their own. */
const ACTIVE_ELEMENTS = new Set(["script", "foreignobject", "iframe", "object", "embed", "handler", "listener"]);

/** What in the SVG could run script when it is opened on its own, described for the editor; undefined when nothing. */
export function svgActiveContent(svg: string): string | undefined {
  // The browser's XML parser expands entities a DOCTYPE declares, and applies an XSLT stylesheet, either of which can write a script.
  if (/<!ENTITY/i.test(svg)) return "an entity declaration (<!ENTITY …>)";
  // An attribute-list declaration gives each element of a kind an attribute it does not show: <!ATTLIST svg onload CDATA "…"> runs.
  if (/<!ATTLIST/i.test(svg)) return "an attribute-list declaration (<!ATTLIST …>)";
  if (/<\?xml-stylesheet/i.test(svg)) return "a stylesheet instruction (<?xml-stylesheet …?>)";
  let found: string | undefined;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (found) return;
        const element = localName(name);
        if (ACTIVE_ELEMENTS.has(element)) {
          found = `a <${name}> element`;
          return;
        }
        for (const [attribute, value] of Object.entries(attributes)) {
          if (localName(attribute).startsWith("on")) found = `an event handler (${attribute} on <${name}>)`;
          // Browsers ignore spaces and control characters in a scheme ("java\tscript:"); <set> and <animate> can put a value into an href.
          // eslint-disable-next-line no-control-regex
          else if (/(?:javascript|vbscript):/.test(value.replace(/[\u0000-\u0020\u007f-\u009f]+/g, "").toLowerCase())) found = `a script address (${attribute} on <${name}>)`;
          if (found) return;
        }
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(svg);
  parser.end();
  return found;
}

function localName(name: string): string {
  return (name.split(":").pop() ?? name).toLowerCase();
}
