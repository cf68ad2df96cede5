import { Parser } from "htmlparser2";

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
