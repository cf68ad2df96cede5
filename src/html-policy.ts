import { Parser } from "htmlparser2";
import sanitizeHtml from "sanitize-html";
import { describeCharacter, uncarriedCharacter } from "./article-text.ts";
import { writesCharacter } from "./character-references.ts";
import { escapeUnseen } from "./message-text.ts";

/**
 * How raw HTML written inside an article's Markdown reaches readers (the `htmlPolicy` setting):
 * - `sanitized` (the default): kept, but through an allow-list, so embeds and simple markup survive
 *   while scripts, event handlers, dangerous URLs, forms and page-escaping styles do not;
 * - `trusted`: passed as written, for newsrooms whose every editor may publish code (but for a comment
 *   left open, which src/markdown.ts refuses under either policy);
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
const ALLOWED_TAGS = [
  ...["h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "pre", "code", "div", "span"],
  ...["a", "strong", "b", "em", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "abbr", "cite", "q", "kbd", "samp", "var", "time", "wbr"],
  ...["ul", "ol", "li", "dl", "dt", "dd", "details", "summary"],
  ...["table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"],
  ...["figure", "figcaption", "img", "picture", "source", "video", "audio", "track", "iframe"],
];

/**
 * The class of a link whose text is its address (src/address-links.ts), one markdown-it made from an
 * address written bare or one an editor wrote: the print stylesheet (public/css/site.css) does not print
 * the address a second time after it.
 */
export const ADDRESS_LINK_CLASS = "autolink";

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: {
    "*": ["title", "lang", "dir"],
    a: ["href", "name", "target", "rel", "hreflang", "class"],
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
    a: [ADDRESS_LINK_CLASS],
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
    // A table or block of code written as HTML scrolls sideways as a Markdown one does, so it is made
    // focusable as src/markdown.ts makes those. An editor's own value is left for the allow-list to judge
    // (and the telling pass to report), never overwritten unseen.
    table: focusable,
    pre: focusable,
  },
  exclusiveFilter: (frame) => frame.tag === "iframe" && !frame.attribs.src,
};

function focusable(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  return { tagName, attribs: Object.hasOwn(attribs, "tabindex") ? attribs : { ...attribs, tabindex: "0" } };
}

/** Cleans article HTML through the allow-list above. Pure: the same input always gives the same output. */
export function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE_OPTIONS);
}

/** Something an editor wrote that the allow-list removes: an element, an attribute, a URL or a class. */
export interface DroppedMarkup {
  /** The source marker (`sourceMarker`) last seen before it: the Markdown it came from. */
  source?: number;
  /** The element it is, or is on, and how many elements of that name came before it since that marker. */
  tag: string;
  ordinal: number;
  /** The element or attribute as written, shortened: `<iframe src="https://evil.example/v">`. */
  markup: string;
  /** The element, or the attribute's name, to find it in the Markdown by. */
  name: string;
  /** Why the policy removes it, in words for the editor. */
  reason: string;
  /** What to do, when it is not the policy's choice. */
  fix?: string;
}

/**
 * An element the Markdown renderer writes before each piece of the editor's raw HTML (and each image
 * or unusual link), so that what the sanitiser removes can be traced to the Markdown's line. It is no
 * element a story may hold, so the sanitiser removes it too, and nothing of it reaches the page.
 * Its name is one the story's Markdown does not hold (`sourceMarkerName`): an element an editor wrote
 * is never taken for a marker, which would send the lines after it astray and drop it untold.
 */
const SOURCE_MARKER = "x-story-source";
export function sourceMarkerName(markdown: string): string {
  const written = markdown.toLowerCase();
  let name = SOURCE_MARKER;
  for (let suffix = 2; written.includes(name); suffix++) name = `${SOURCE_MARKER}-${suffix}`;
  return name;
}
export function sourceMarker(index: number, name = SOURCE_MARKER): string {
  return `<${name} n="${index}"></${name}>`;
}

const ALLOWED = new Set(ALLOWED_TAGS);
const allowedAttributes = SANITIZE_OPTIONS.allowedAttributes as Record<string, Array<string | { name: string; values: string[] }>>;
const allowedClasses = SANITIZE_OPTIONS.allowedClasses as Record<string, string[]>;
const MEDIA_TAGS = new Set(Object.keys(SANITIZE_OPTIONS.allowedSchemesByTag ?? {}).filter((tag) => tag !== "iframe"));
const URL_ATTRIBUTES = new Set(SANITIZE_OPTIONS.allowedSchemesAppliedToAttributes);

const ELEMENT_REASONS: Array<[readonly string[], string]> = [
  [["script"], "scripts never run in a story (the Content Security Policy would block them too); an embed's quote and link are published without its script"],
  [["style"], "a story takes the site's styles: a <style> element is not published"],
  [["form", "input", "button", "select", "option", "optgroup", "textarea", "label", "fieldset", "legend", "datalist", "output"], "forms are not published in a story"],
  [["object", "embed", "applet", "param"], "plug-in content is not published in a story"],
  [["base", "meta", "link", "head", "html", "body", "title"], "elements that belong to the page, not the story, are not published"],
  [["svg", "math"], "inline SVG and MathML are not published; show a drawing as an image file instead, ![…](drawing.svg)"],
  [["frame", "frameset", "noframes"], "frames other than <iframe> players are not published"],
];

function elementReason(tag: string): string {
  const known = ELEMENT_REASONS.find(([tags]) => tags.includes(tag));
  if (known) return known[1];
  // The sanitiser keeps the text inside an element it removes, but not inside these.
  return SANITIZE_OPTIONS.nonTextTags?.includes(tag) ? `<${tag}> is not an element a story may use, nor what it holds` : `<${tag}> is not an element a story may use (the text inside it is kept)`;
}

function isAllowedAttribute(tag: string, name: string): boolean {
  const named = (list: ReadonlyArray<string | { name: string }> | undefined) => (list ?? []).some((entry) => (typeof entry === "string" ? entry : entry.name) === name);
  return named(allowedAttributes[tag]) || named(allowedAttributes["*"]);
}

function isAllowedClass(tag: string, name: string): boolean {
  return (allowedClasses[tag] ?? []).some((allowed) => (allowed.endsWith("*") ? name.startsWith(allowed.slice(0, -1)) : allowed === name));
}

function attributeReason(tag: string, name: string, value: string): string {
  if (name.startsWith("on")) return "event handlers never run in a story";
  if (name === "style") return "a story takes the site's styles: style attributes are not published";
  if (name === "class") return "the site keeps only the classes Markdown and the common embed codes use, so that a story cannot dress itself as the site's own page";
  if (!isAllowedAttribute(tag, name)) return `the attribute ${name} is not kept on <${tag}>`;
  if (tag === "iframe" && name === "src") return `frames may only come from ${EMBED_HOSTS.join(", ")}, over https`;
  if (MEDIA_TAGS.has(tag) || name === "poster" || name === "srcset") return "images, video and audio may only come over https or from the site";
  if (URL_ATTRIBUTES.has(name)) return `links may only use ${LINK_SCHEMES.join(", ")} or an address on the site${/^\s*[/\\]{2}/.test(value) ? " (not //host)" : ""}`;
  return `the value of ${name} is not kept on <${tag}>`;
}

/**
 * Empty values the sanitiser removes whose absence a reader would notice, and why. Any other empty
 * value of an attribute the allow-list has (width="", class="", target="") means what no attribute at
 * all means, so removing it only spells the markup another way and is not told.
 */
const EMPTY_VALUES_TOLD: Record<string, string> = {
  href: 'a link with an empty address is not kept, so its text would not be a link: give it its address, or remove the <a>',
  lang: "an empty lang (a language unknown) is not kept, so its text would be read as the story's language",
  title: "an empty title is not kept, so the title of the element around it would show instead",
};

/**
 * An element or attribute as written, short enough for a message, and safe to print: a value's entities
 * are decoded by now (`&#x1b;`, `java&#x0A;script:`), so its control and invisible characters are escaped.
 */
function describeMarkup(tag: string, attributes: ReadonlyArray<[string, string]>): string {
  const shown = attributes.map(([name, value]) => (value === "" && !Object.hasOwn(EMPTY_VALUES_TOLD, name) ? ` ${name}` : ` ${name}="${shortenedValue(escapeUnseen(value))}"`));
  return escapeUnseen(`<${tag}${shown.join("")}>`);
}

const shortenedValue = (value: string) => (value.length > 60 ? `${value.slice(0, 57)}…` : value);

function hasAny(attributes: Record<string, string>): boolean {
  for (const _ in attributes) return true;
  return false;
}

/**
 * The control characters an attribute's value may not publish: the C0 controls but tab and line break,
 * DEL, and the C1 controls. The sanitiser's parser decodes a reference (`&#x1b;`, `&#1;`, `&#x81;`) into
 * the character itself and writes it back as it is, so `<a title="&#x1b;[2J">` published a raw ESC that no
 * reader sees and feeds cannot hold; the story's text may hold none of the C0 controls as written either
 * (src/article-text.ts), and front matter none of them at all.
 */
// eslint-disable-next-line no-control-regex
const ATTRIBUTE_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
// eslint-disable-next-line no-control-regex
const ATTRIBUTE_CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

interface SeenElement {
  tag: string;
  source?: number;
  ordinal: number;
  /** The attributes as written, before the allow-list removed any (the sanitiser deletes from `kept`). */
  written: Record<string, string>;
  kept: Record<string, string>;
  /** Inside an element the allow-list removes whole: reported with it, not again. */
  insideDropped: boolean;
  /** The first control character of each attribute that held one, taken out before the sanitiser kept it. */
  controls?: Map<string, string>;
}

/**
 * sanitizeArticleHtml, telling what it removed: each element the allow-list does not have, each
 * attribute it removes (for its name, or for its URL), each class and tabindex value it leaves out.
 * Watched from inside the sanitiser's own pass (its tag hooks), not by parsing the HTML again; what it
 * merely spells another way (quotes, `<br>` for `<br />`, entities) is not removal and is not told.
 */
export function sanitizeArticleHtmlTelling(html: string, markerName = SOURCE_MARKER): { html: string; dropped: DroppedMarkup[] } {
  const seen: SeenElement[] = [];
  let source: number | undefined;
  // Elements of each name since the last marker: the second <img> of a block of HTML is found on its own line.
  const ordinals = new Map<string, number>();
  let depth = 0;
  // Depths of the elements being removed whole that are still open.
  const droppedOpen: number[] = [];
  const clean = sanitizeHtml(html, {
    ...SANITIZE_OPTIONS,
    onOpenTag: () => void depth++,
    onCloseTag: () => {
      depth--;
      while (droppedOpen.length > 0 && droppedOpen.at(-1)! >= depth) droppedOpen.pop();
    },
    transformTags: {
      ...SANITIZE_OPTIONS.transformTags,
      // Called for every element the sanitiser looks at, with the attributes object it then prunes.
      "*": (tagName, attribs) => {
        if (tagName === markerName) {
          source = Number(attribs.n);
          ordinals.clear();
          return { tagName, attribs };
        }
        const ordinal = ordinals.get(tagName) ?? 0;
        ordinals.set(tagName, ordinal + 1);
        // Most elements are allowed and bare (<p>, <em>): nothing of them can be dropped, nothing to keep.
        if (ALLOWED.has(tagName) && tagName !== "iframe" && !hasAny(attribs)) return { tagName, attribs };
        const element: SeenElement = { tag: tagName, source, ordinal, written: { ...attribs }, kept: attribs, insideDropped: droppedOpen.length > 0 };
        for (const [name, value] of Object.entries(attribs)) {
          const control = ATTRIBUTE_CONTROL.exec(value);
          if (!control) continue;
          (element.controls ??= new Map()).set(name, control[0]);
          // Never published, even by a render whose problems nobody reads.
          attribs[name] = value.replace(ATTRIBUTE_CONTROLS, "");
        }
        seen.push(element);
        if (!ALLOWED.has(tagName)) droppedOpen.push(depth - 1);
        return { tagName, attribs };
      },
    },
  });
  const dropped: DroppedMarkup[] = [];
  for (const element of seen) {
    const { tag, written, kept } = element;
    const report = (name: string, attributes: ReadonlyArray<[string, string]>, reason: string, fix?: string) =>
      dropped.push({ source: element.source, tag, ordinal: element.ordinal, markup: describeMarkup(tag, attributes), name, reason, ...(fix && { fix }) });
    if (!ALLOWED.has(tag)) {
      if (!element.insideDropped) report(tag, Object.entries(written).slice(0, 2), elementReason(tag));
      continue;
    }
    for (const [name, value] of Object.entries(written)) {
      // An attribute the allow-list keeps (or one that held nothing else), but not with a control character in it.
      const control = element.controls?.get(name);
      if (control && isAllowedAttribute(tag, name) && (Object.hasOwn(kept, name) || value.replace(ATTRIBUTE_CONTROLS, "") === "")) {
        report(name, [[name, value]], `the value of ${name} holds ${describeCharacter(control).name}, which no reader sees and the page would carry as it is`, CONTROL_FIX);
        continue;
      }
      // Own keys only: an attribute named as an object's property (constructor, __proto__) is found `in` any object.
      if (Object.hasOwn(kept, name)) continue;
      const emptyTold = value === "" && isAllowedAttribute(tag, name) ? EMPTY_VALUES_TOLD[name] : undefined;
      if (emptyTold) report(name, [[name, value]], emptyTold);
      else if (value !== "" || !isAllowedAttribute(tag, name)) report(name, [[name, value]], attributeReason(tag, name, value));
    }
    if (tag === "iframe" && !written.src) report(tag, Object.entries(written).slice(0, 2), `a frame needs a src from ${EMBED_HOSTS.join(", ")}, over https`);
    if (kept.class !== undefined && written.class !== undefined) {
      const refused = written.class.split(/\s+/).filter((name) => name !== "" && !isAllowedClass(tag, name));
      if (refused.length > 0 && refused.length < written.class.split(/\s+/).filter(Boolean).length) report("class", [["class", refused.join(" ")]], attributeReason(tag, "class", ""));
    }
    if (kept.tabindex !== undefined && kept.tabindex !== "0") report("tabindex", [["tabindex", kept.tabindex]], 'only tabindex="0" is kept (on tables and blocks of code), so a keyboard moves through the page in its order');
    if (kept.srcset !== undefined && written.srcset !== undefined && kept.srcset.split(",").length < written.srcset.split(",").length) {
      report("srcset", [["srcset", written.srcset]], attributeReason(tag, "srcset", written.srcset));
    }
  }
  return { html: clean, dropped };
}

const CONTROL_FIX = "remove it from the value (a reference such as &#x1b; writes one as surely as the character itself)";

/** Something of a piece of raw HTML that the sanitiser's parser removes before its tag hooks see it. */
export interface UnseenDrop {
  /** Where it starts in the piece. */
  index: number;
  markup: string;
  reason: string;
  /** What to do, when removing it is not the policy's choice. */
  fix?: string;
}

/**
 * What the sanitiser's parser (htmlparser2, read here the same way) takes out of a piece of raw HTML
 * where a browser would not, so that sanitizeArticleHtmlTelling's hooks never see it:
 * - a comment holding `--!>`: a browser ends it there and shows what follows; the parser reads on to
 *   `-->` and the markup between is lost (`<!-- a --!><img src="…">`);
 * - a CDATA section, XML's and not HTML's: the parser takes it whole for a comment, a browser only up to
 *   its first `>`, so what it holds is published by neither as written;
 * - a processing instruction (`<?php … ?>`, `<?xml …?>`) or a declaration (`<!DOCTYPE html>`): the
 *   parser ends each where a browser does, at its first `>`, and the sanitiser drops it, as a browser
 *   hides it; but an editor who pasted one meant something by it, and is told that nothing of it shows;
 * - an attribute named `__proto__`, which the parser cannot store in its attributes object.
 * A well-formed comment is an editor's note and is not told.
 */
export function unseenDrops(html: string): UnseenDrop[] {
  if (!/<[!?]|__proto__/i.test(html)) return [];
  const drops: UnseenDrop[] = [];
  let tag = "";
  const parser: Parser = new Parser({
    onopentagname: (name) => void (tag = name),
    onattribute: (name, value) => {
      // On an element removed whole, told with it (sanitizeArticleHtmlTelling), not again.
      if (name === "__proto__" && ALLOWED.has(tag)) drops.push({ index: parser.startIndex, markup: describeMarkup(tag, [[name, value]]), reason: attributeReason(tag, name, value) });
    },
    oncomment: (text) => {
      const index = parser.startIndex;
      if (html.startsWith("<![CDATA[", index)) drops.push({ index, markup: "<![CDATA[", ...CDATA_SECTION });
      else if (text.includes("--!>")) drops.push({ index, markup: "<!-- … --!>", ...COMMENT_ENDED_TWICE });
    },
    onprocessinginstruction: (name) => {
      const index = parser.startIndex;
      // As written, to its first space: `<?php`, `<!DOCTYPE`.
      const opening = escapeUnseen(/^<[!?][^\s>?]*/.exec(html.slice(index))![0]);
      const told = name.startsWith("?") ? PROCESSING_INSTRUCTION : name === "!doctype" ? DOCTYPE : DECLARATION;
      drops.push({ index, markup: `${opening} …>`, ...told });
    },
  });
  parser.end(html);
  return drops;
}

/**
 * Each character reference in a piece of raw HTML's text that spells a character the story's text may not
 * hold as written (uncarriedCharacter, src/article-text.ts: `&#x1b;`, `&#7;`, `&#xFFFE;`): the sanitiser's
 * parser decodes it and wrote it back raw, so `<p>a&#x1b;b</p>` published an ESC that the same story with the
 * character typed in was refused for. (One in an attribute's value is told by sanitizeArticleHtmlTelling; one
 * in Markdown's text, src/character-references.ts.) A character typed raw is the loader's to tell, not again here.
 */
export function referencedControls(html: string): UnseenDrop[] {
  if (!html.includes("&#")) return [];
  const drops: UnseenDrop[] = [];
  const parser: Parser = new Parser({
    ontext: (text) => {
      const found = uncarriedCharacter(text);
      if (!found) return;
      const character = text[found.index]!;
      const raw = html.slice(parser.startIndex, parser.endIndex + 1);
      for (const reference of raw.matchAll(/&#(?:x([0-9a-f]+)|(\d+));?/gi)) {
        if (Number.parseInt(reference[1] ?? reference[2]!, reference[1] ? 16 : 10) !== character.charCodeAt(0)) continue;
        drops.push({ index: parser.startIndex + reference.index, markup: reference[0], reason: writesCharacter(found.name, found.why), fix: "remove it" });
        return;
      }
    },
  });
  parser.end(html);
  return drops;
}

const CDATA_SECTION = {
  reason: "a CDATA section belongs in XML, not in a story's HTML: nothing inside it would be published",
  fix: "write what it holds without <![CDATA[ and ]]>, or remove it",
};
const SHOW_AS_CODE = "or, to show it to readers as written, put it between backticks as code";
const PROCESSING_INSTRUCTION = {
  reason: "a processing instruction belongs to XML or a server's own language (PHP), not to a story's HTML: a browser shows nothing of it, and nothing of it would be published",
  fix: `remove it, ${SHOW_AS_CODE}`,
};
const DOCTYPE = {
  reason: "a <!DOCTYPE> opens a whole page, not a story: a browser ignores it inside one, and nothing of it would be published",
  fix: "remove it (paste only what the page's <body> holds)",
};
const DECLARATION = {
  reason: "a declaration (<!…>) belongs to XML or a document type, not to a story's HTML: a browser shows nothing of it, and nothing of it would be published",
  fix: `remove it, ${SHOW_AS_CODE}`,
};
const COMMENT_ENDED_TWICE = {
  reason: "a browser ends a comment at --!>, but the sanitiser reads on to the next -->, so what comes between would be dropped from the page",
  fix: "end the comment with --> where the note ends",
};

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
