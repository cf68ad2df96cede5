import sanitizeHtml from "sanitize-html";

/**
 * How raw HTML written inside an article's Markdown reaches readers (the `htmlPolicy` setting):
 * - `sanitized` (the default): kept, but through an allow-list, so embeds and simple markup survive
 *   while scripts, event handlers, dangerous URLs, forms and page-escaping styles do not;
 * - `trusted`: passed as written, for newsrooms whose every editor may publish code;
 * - `none`: shown as text, so nothing an editor pastes reaches a reader as markup.
 * Front-matter text is never HTML, whatever the policy: templates always escape it.
 */
export const HTML_POLICIES = ["sanitized", "trusted", "none"] as const;
export type HtmlPolicy = (typeof HTML_POLICIES)[number];

/**
 * The hosts whose players may be embedded in an article as iframes. The Content Security Policy's
 * frame-src is built from the same list, so the sanitiser and the browser agree on what may frame.
 */
export const EMBED_HOSTS = [
  "www.youtube.com",
  "youtube.com",
  "www.youtube-nocookie.com",
  "player.vimeo.com",
  "platform.twitter.com",
  "www.instagram.com",
  "instagram.com",
] as const;

/** URL schemes a link may use; anything else (javascript:, data:, vbscript:, file:, …) is dropped. */
const LINK_SCHEMES = ["http", "https", "mailto", "tel"];
/**
 * Media may only come from the site or over https: a data: or blob: image or video is how payloads
 * hide, and plain http would be blocked as mixed content (and by the Content Security Policy) anyway.
 */
const MEDIA_SCHEMES = ["https"];

/**
 * A body of Markdown alone is published without this pass (`needsSanitizing` in src/markdown.ts),
 * because everything markdown-it renders from Markdown is allowed here. A new markdown-it plugin or rule
 * that writes other elements, attributes or classes must be allowed here too, or sent through this
 * pass there; the property-based test's Markdown should then include it.
 */
const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    ...["h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "pre", "code", "div", "span"],
    ...["a", "strong", "b", "em", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "abbr", "cite", "q", "kbd", "samp", "var", "time", "wbr"],
    ...["ul", "ol", "li", "dl", "dt", "dd", "details", "summary"],
    ...["table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"],
    ...["figure", "figcaption", "img", "picture", "source", "video", "audio", "track", "iframe"],
  ],
  allowedAttributes: {
    "*": ["title", "lang", "dir"],
    a: ["href", "name", "target", "rel", "hreflang"],
    // Cross-heads keep the ids markdown-it-anchor gives them, so links to #a-heading still work.
    h1: ["id"],
    h2: ["id"],
    h3: ["id"],
    h4: ["id"],
    h5: ["id"],
    h6: ["id"],
    img: ["src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"],
    source: ["src", "srcset", "sizes", "type", "media", "width", "height"],
    video: ["src", "poster", "controls", "width", "height", "preload", "muted", "loop", "playsinline"],
    audio: ["src", "controls", "preload", "muted", "loop"],
    track: ["src", "kind", "srclang", "label", "default"],
    iframe: ["src", "width", "height", "title", "allow", "allowfullscreen", "loading", "referrerpolicy", "frameborder"],
    blockquote: ["cite", "class", "data-instgrm-permalink", "data-instgrm-version", "data-lang", "data-theme"],
    ol: ["start", "reversed", "type"],
    li: ["value"],
    // Focusable so that a reader with a keyboard can scroll a wide one (src/markdown.ts); never another
    // value, which would change the order a keyboard moves through the page.
    table: [{ name: "tabindex", multiple: false, values: ["0"] }],
    pre: [{ name: "tabindex", multiple: false, values: ["0"] }],
    td: ["colspan", "rowspan", "class"],
    th: ["colspan", "rowspan", "scope", "class"],
    col: ["span"],
    colgroup: ["span"],
    time: ["datetime"],
    span: ["class"],
    code: ["class"],
    abbr: ["title"],
    q: ["cite"],
    del: ["cite", "datetime"],
    ins: ["cite", "datetime"],
  },
  // Classes could dress an article's markup as the site's own (a fake masthead, a fake login box),
  // so only the ones Markdown and the common embed codes use are kept.
  allowedClasses: {
    span: ["dateline"],
    code: ["language-*"],
    blockquote: ["twitter-tweet", "instagram-media", "tiktok-embed"],
    td: ["align-left", "align-center", "align-right"],
    th: ["align-left", "align-center", "align-right"],
  },
  // No style attribute survives: a fixed, full-screen box could cover the page, and the Content
  // Security Policy refuses inline styles anyway. Markdown tables align their columns with classes.
  allowedStyles: {},
  allowedSchemes: LINK_SCHEMES,
  allowedSchemesByTag: { img: MEDIA_SCHEMES, source: MEDIA_SCHEMES, video: MEDIA_SCHEMES, audio: MEDIA_SCHEMES, track: MEDIA_SCHEMES, iframe: ["https"] },
  allowedSchemesAppliedToAttributes: ["href", "src", "cite", "poster", "srcset"],
  allowProtocolRelative: false,
  allowedIframeHostnames: [...EMBED_HOSTS],
  allowIframeRelativeUrls: false,
  // What a removed script or style held must not reappear as text on the page.
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "template", "title", "xmp", "noembed", "noframes", "plaintext"],
  disallowedTagsMode: "discard",
  transformTags: {
    // A link that opens a new window must not hand the new page a handle on this one.
    a: (tagName, attribs) => ({
      tagName,
      attribs: attribs.target ? { ...attribs, rel: "noopener noreferrer" } : attribs,
    }),
  },
  exclusiveFilter: (frame) => frame.tag === "iframe" && !frame.attribs.src,
};

/** Cleans article HTML through the allow-list above. Pure: the same input always gives the same output. */
export function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE_OPTIONS);
}

/** Elements whose content the browser reads as raw text up to their closing tag, whatever it holds. */
const RAW_TEXT_ELEMENTS = ["script", "style", "noscript", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "template"];
/** An opening tag of any of them. No name is another's prefix, so one pattern finds each where it starts. */
const RAW_TEXT_OPENING = new RegExp(`<(${RAW_TEXT_ELEMENTS.join("|")})(?=[\\s/>]|$)`, "gi");

/**
 * Closing tags for every raw-text element a fragment of HTML opens, innermost first. Closes already
 * in the fragment are not counted: one may sit inside an attribute (`<p title="</noscript>">`), where
 * the sanitiser's parser and a browser's disagree; a surplus closing tag is simply dropped.
 * (It runs on every paragraph of every story: one pattern compiled once, not one per element per call.)
 */
export function closingTagsFor(html: string): string {
  if (!html.includes("<")) return "";
  return Array.from(html.matchAll(RAW_TEXT_OPENING), (open) => `</${open[1]!.toLowerCase()}>`)
    .reverse()
    .join("");
}

/**
 * Whether a Markdown link or image destination may be published. Stricter than markdown-it's own
 * check: only web, mail and phone links, and addresses on the site itself. Control characters and
 * spaces are ignored when reading the scheme, as browsers ignore them ("java\tscript:").
 */
export function isSafeLinkDestination(url: string): boolean {
  // eslint-disable-next-line no-control-regex
  const compact = url.replace(/[\u0000-\u0020\u007f-\u009f]+/g, "").toLowerCase();
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(compact);
  if (!scheme) return true;
  return LINK_SCHEMES.includes(scheme[1]!);
}
