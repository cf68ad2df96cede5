import { Parser } from "htmlparser2";

/**
 * An <img> tag of raw HTML with its addresses changed: the build publishes the file of a raw <img>
 * kept beside the article under /media/ and points the tag there (src/images.ts). The tag's addresses
 * are read as the link check reads them (referencesIn, src/link-check.ts).
 */

/**
 * The tag written again with each address of its `src` and `srcset` passed through `change`, and every
 * other attribute as it was (names lower-cased and values quoted, which means the same to a browser).
 */
export function withImageAddresses(tag: string, change: (address: string) => string): string {
  const attributes: string[] = [];
  const parser = new Parser(
    {
      onattribute(name, value) {
        const changed = name === "src" ? change(value.trim()) : name === "srcset" ? changeSrcset(value, change) : value;
        attributes.push(` ${name}="${escapeAttribute(changed)}"`);
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true },
  );
  parser.end(tag);
  return `<img${attributes.join("")}>`;
}

/** A srcset's candidates (`url descriptor`, comma-separated), each with its address changed. */
function changeSrcset(srcset: string, change: (address: string) => string): string {
  return srcset
    .split(",")
    .map((candidate) => candidate.trim())
    .filter(Boolean)
    .map((candidate) => {
      const [address = "", ...descriptors] = candidate.split(/\s+/);
      return [change(address), ...descriptors].join(" ");
    })
    .join(", ");
}

/** Text for a double-quoted attribute value. */
export function escapeAttribute(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
