import assert from "node:assert/strict";
import { XMLParser, XMLValidator } from "fast-xml-parser";

/** Elements that may repeat; the parser gives them as arrays even when there is only one. */
const REPEATED = new Set(["entry", "item", "url", "sitemap", "category", "author", "link", "dc:creator", "media:content", "enclosure"]);

export type XmlNode = Record<string, unknown>;

/** Checks the text is well-formed XML, then parses it: attributes as "@name", text beside attributes as "#text". */
export function parseXml(text: string): XmlNode {
  const valid = XMLValidator.validate(text);
  assert.equal(valid, true, `not well-formed XML: ${JSON.stringify(valid)}`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    // RSS has one <link> per item; Atom may have several.
    isArray: (name, jPath) => REPEATED.has(name) && !(name === "link" && String(jPath).startsWith("rss")),
  });
  return parser.parse(text) as XmlNode;
}

/** A parsed element's text, whether or not it has attributes. */
export function textIn(node: unknown): string {
  if (typeof node === "string") return node;
  if (node && typeof node === "object" && "#text" in node) return String((node as XmlNode)["#text"]);
  return "";
}

export const RFC_822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/;
export const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
