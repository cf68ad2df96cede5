// Characters XML 1.0 forbids outright (most C0 controls, lone surrogates, U+FFFE/U+FFFF). YAML lets an
// editor write one ("\u0007" in a quoted headline; front-matter text refuses the controls, src/article-schema.ts,
// a story's body does not); left in a feed or sitemap, it makes the whole file unreadable.
const XML_FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text safe to place in an XML document (after escaping): the characters XML cannot carry are dropped. */
export function xmlText(text: string): string {
  return text.replace(XML_FORBIDDEN, "");
}
