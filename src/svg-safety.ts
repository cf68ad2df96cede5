import { readFileSync } from "node:fs";
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
export function drawingProblem(file: string, svg: string): string | undefined {
  const active = svgActiveContent(svg);
  return active && `the drawing ${displayPath(file)} holds ${active}, which runs as script when the drawing is opened on its own; a drawing needs none: remove it`;
}

/**
 * drawingProblem for a file on disk, synchronously (the check asks while it walks the bodies' links);
 * undefined for a file that is no drawing, or cannot be read, which the check names by its header.
 */
export function readDrawingProblemSync(file: string): string | undefined {
  if (!isDrawing(file)) return undefined;
  let svg: string;
  try {
    svg = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  return drawingProblem(file, svg);
}

/** Elements that run script or carry a document of their own. */
const ACTIVE_ELEMENTS = new Set(["script", "foreignobject", "iframe", "object", "embed", "handler", "listener"]);

/** What in the SVG could run script when it is opened on its own, described for the editor; undefined when nothing. */
export function svgActiveContent(svg: string): string | undefined {
  // The browser's XML parser expands entities a DOCTYPE declares, and applies an XSLT stylesheet, either of which can write a script.
  if (/<!ENTITY/i.test(svg)) return "an entity declaration (<!ENTITY …>)";
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
