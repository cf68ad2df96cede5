import assert from "node:assert/strict";
import { XMLParser, XMLValidator, type EntityDecoderOptions } from "fast-xml-parser";

/** Elements that may repeat; the parser gives them as arrays even when there is only one. */
const REPEATED = new Set(["entry", "item", "url", "sitemap", "category", "author", "link", "dc:creator", "media:content", "enclosure"]);

export type XmlNode = Record<string, unknown>;

/** XML's own named references: a feed or sitemap declares no others. */
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
/** XML 1.0's Char production: the characters a reference may stand for. */
const XML_CHARACTER = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]$/u;

function referenced(reference: string, name: string): string {
  const numeric = /^#(?:x([0-9a-f]+)|([0-9]+))$/i.exec(name);
  if (!numeric) {
    assert.ok(Object.hasOwn(NAMED, name), `${reference} is not one of XML's references (a reader's XML parser refuses the file)`);
    return NAMED[name]!;
  }
  const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : Number(numeric[2]);
  const character = code <= 0x10ffff ? String.fromCodePoint(code) : "";
  assert.match(character, XML_CHARACTER, `${reference} stands for a character XML may not hold`);
  return character;
}

/**
 * Reads every reference in a text or attribute value in one pass, as a reader's XML parser does: "&#x26;amp;"
 * is "&amp;" and "&amp;#x3C;" is "&#x3C;". fast-xml-parser's own decoder leaves numeric references as
 * written, and RSS writes &, < and > in plain text as &#x26; &#x3C; &#x3E; (src/feeds.ts, rssText).
 * CDATA sections are not passed to it.
 */
const XML_REFERENCES: EntityDecoderOptions = {
  decode: (text) => text.replace(/&([^&;\s]*);/g, referenced),
  setExternalEntities: () => {},
  addInputEntities: (entities) => assert.deepEqual(entities, {}, "a feed or sitemap declares no entities of its own"),
  reset: () => {},
  setXmlVersion: () => {},
};

/**
 * Checks the text is well-formed XML, then parses it: attributes as "@name", text beside attributes as "#text",
 * character references read as the characters they stand for.
 */
export function parseXml(text: string): XmlNode {
  const valid = XMLValidator.validate(text);
  assert.equal(valid, true, `not well-formed XML: ${JSON.stringify(valid)}`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    entityDecoder: XML_REFERENCES,
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
