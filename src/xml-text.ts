// Characters XML 1.0 forbids outright (most C0 controls, lone surrogates, U+FFFE/U+FFFF). A story may hold
// none (src/article-text.ts refuses them in its fields and its body), but left in a feed or sitemap by any
// other way, one makes the whole file unreadable.
const XML_FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text safe to place in an XML document (after escaping): the characters XML cannot carry are dropped. */
export function xmlText(text: string): string {
  return text.replace(XML_FORBIDDEN, "");
}
