import { Parser } from "htmlparser2";
import { escapeHtml } from "./html-escape.ts";
import { ADDRESS_LINK_CLASS } from "./html-policy.ts";

/**
 * Links whose text is their own address (https://x.example/ linking to https://x.example/): the print
 * stylesheet (public/css/site.css) does not print the address a second time after them, which it knows
 * by their class, ADDRESS_LINK_CLASS. The Markdown renderer marks the links it makes (src/markdown.ts);
 * markAddressLinks marks those in an editor's raw HTML.
 */

/** A scheme at the start of an address: "https:", "mailto:". */
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * An address as a reader reads it: with the link's scheme where its text has none ("x.example/" for
 * https://x.example/, "desk@x.example" for mailto:desk@x.example), the scheme and host in any case,
 * http as https, and with or without a slash at its end: what is printed after the text would tell the
 * reader nothing more. Undefined for text that is no address.
 */
function addressAsRead(address: string, linkScheme: string): string | undefined {
  const written = address.trim();
  if (written === "" || /\s/.test(written)) return undefined;
  let url: URL;
  try {
    url = new URL(SCHEME.test(written) ? written : `${linkScheme}${linkScheme === "mailto:" || linkScheme === "tel:" ? "" : "//"}${written}`);
  } catch {
    return undefined;
  }
  // A mail address's domain has no case, and the part before it is given none in practice; the URL parser leaves both as written.
  const read = url.protocol === "mailto:" ? url.href.toLowerCase() : url.href;
  return read.replace(/^http:/, "https:").replace(/\/$/, "");
}

/** Whether a link's text is its own address, `href`, as a reader would read the two (addressAsRead). */
export function showsOwnAddress(text: string, href: string): boolean {
  const scheme = SCHEME.exec(href.trim())?.[0].toLowerCase();
  if (!scheme) return false;
  const read = addressAsRead(text, scheme);
  return read !== undefined && read === addressAsRead(href, scheme);
}

interface OpenLink {
  /** Where its opening tag starts, and where its ">" is, in the HTML. */
  tagStart: number;
  tagEnd: number;
  attributes: Record<string, string>;
  text: string;
}

/** A change to a piece of HTML: what replaces the characters from `start` up to `end`. */
interface Splice {
  start: number;
  end: number;
  markup: string;
}

/**
 * The links in a piece of HTML whose text is their own address given ADDRESS_LINK_CLASS; nothing else
 * in it changes, byte for byte. For bodies holding an editor's raw HTML, whose links are not Markdown's.
 */
export function markAddressLinks(html: string): string {
  const splices: Splice[] = [];
  let link: OpenLink | undefined;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === "a") link = { tagStart: parser.startIndex, tagEnd: parser.endIndex, attributes, text: "" };
      },
      ontext(text) {
        if (link) link.text += text;
      },
      onclosetag(name) {
        if (name !== "a" || !link) return;
        const opened = link;
        link = undefined;
        if (showsOwnAddress(opened.text, opened.attributes.href ?? "")) splices.push(...addressClass(html, opened));
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  let marked = html;
  for (const { start, end, markup } of splices.reverse()) marked = `${marked.slice(0, start)}${markup}${marked.slice(end)}`;
  return marked;
}

/**
 * ADDRESS_LINK_CLASS added to a link's opening tag: as an attribute of its own where it has no class
 * (the sanitiser keeps no other on a link), or else in the tag written again with its classes and that one.
 */
function addressClass(html: string, { tagStart, tagEnd, attributes }: OpenLink): Splice[] {
  if (attributes.class === undefined) {
    // Before the ">", or before the "/" of a "/>", which HTML reads as ">" alone.
    const at = html[tagEnd - 1] === "/" ? tagEnd - 1 : tagEnd;
    return [{ start: at, end: at, markup: ` class="${ADDRESS_LINK_CLASS}"` }];
  }
  const classes = attributes.class.split(/\s+/).filter(Boolean);
  if (classes.includes(ADDRESS_LINK_CLASS)) return [];
  const written = { ...attributes, class: [...classes, ADDRESS_LINK_CLASS].join(" ") };
  const markup = `<a${Object.entries(written).map(([name, value]) => ` ${name}="${escapeHtml(value)}"`).join("")}>`;
  return [{ start: tagStart, end: tagEnd + 1, markup }];
}
