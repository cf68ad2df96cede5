import { Parser } from "htmlparser2";

/**
 * The tags of raw HTML that show an image, and their addresses: the build publishes the file of one
 * kept beside the article under /media/ and points the tag there (src/images.ts), and `npm run check`
 * looks for the same files (src/article-links.ts).
 */

/**
 * The attributes that name an image's file, by tag. A <source>'s srcset is a <picture>'s; its src is
 * a <video>'s or an <audio>'s, which is a link like any other.
 */
const IMAGE_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = { img: ["src", "srcset"], source: ["srcset"] };

/** Whether an opening tag is one IMAGE_ATTRIBUTES knows: cheap, before any tag is parsed. */
const MAY_SHOW_IMAGE = /^<(?:img|source)[\s/>]/i;

/** The image addresses in an opening tag, as written (character references decoded), each candidate of a srcset apart. */
export function imageAddressesIn(tag: string): string[] {
  if (!MAY_SHOW_IMAGE.test(tag)) return [];
  const addresses: string[] = [];
  readTag(tag, (name, value, isImage) => {
    if (!isImage) return;
    if (name === "srcset") addresses.push(...srcsetCandidates(value).map(([address = ""]) => address));
    else addresses.push(value.trim());
  });
  return addresses;
}

/**
 * The tag written again with each of its image addresses passed through `change`, and every other
 * attribute as it was (names lower-cased and values quoted, which means the same to a browser).
 */
export function withImageAddresses(tag: string, change: (address: string) => string): string {
  const attributes: string[] = [];
  const tagName = readTag(tag, (name, value, isImage) => {
    const changed = !isImage ? value : name === "srcset" ? changeSrcset(value, change) : change(value.trim());
    attributes.push(` ${name}="${escapeAttribute(changed)}"`);
  });
  return `<${tagName}${attributes.join("")}>`;
}

/** Reads an opening tag's attributes in order, saying of each whether it names an image; returns the tag's name, lower-cased. */
function readTag(tag: string, onAttribute: (name: string, value: string, isImage: boolean) => void): string {
  let tagName = "";
  const parser = new Parser(
    {
      onopentagname(name) {
        tagName = name;
      },
      onattribute(name, value) {
        onAttribute(name, value, IMAGE_ATTRIBUTES[tagName]?.includes(name) ?? false);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(tag);
  return tagName;
}

/** A srcset's candidates (`url descriptor`, comma-separated), each as its address and descriptors. */
export function srcsetCandidates(srcset: string): string[][] {
  return srcset
    .split(",")
    .map((candidate) => candidate.trim())
    .filter(Boolean)
    .map((candidate) => candidate.split(/\s+/));
}

/** A srcset's candidates, each with its address changed. */
function changeSrcset(srcset: string, change: (address: string) => string): string {
  return srcsetCandidates(srcset)
    .map(([address = "", ...descriptors]) => [change(address), ...descriptors].join(" "))
    .join(", ");
}

/** Text for a double-quoted attribute value. */
export function escapeAttribute(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
