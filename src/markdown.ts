import MarkdownIt from "markdown-it";
import type StateBlock from "markdown-it/lib/rules_block/state_block.mjs";
import type StateCore from "markdown-it/lib/rules_core/state_core.mjs";
import type Token from "markdown-it/lib/token.mjs";
import { escapeHtml } from "./html-escape.ts";
import { escapeUnseen } from "./message-text.ts";
import anchor from "markdown-it-anchor";
import { htmlComments } from "./raw-html.ts";
import { readReference } from "./character-references.ts";
import { markAddressLinks, showsOwnAddress } from "./address-links.ts";
import { ADDRESS_LINK_CLASS, closingTagsFor, isSafeLinkDestination, referencedControls, sanitizeArticleHtmlTelling, sourceMarker, sourceMarkerName, unseenDrops, type DroppedMarkup, type HtmlPolicy } from "./html-policy.ts";
import { punctuationIn, spaceAfterPunctuation } from "./punctuation.ts";
import { slugify } from "./slugs.ts";

export type { HtmlPolicy } from "./html-policy.ts";

/**
 * How deep lists and quotes may nest. markdown-it silently drops everything after the point where
 * its limit is reached, so reaching it is an error. The limit (a list nested 500 deep, a quote 1,000
 * deep) is far above any real story, yet stays clear of the call stack's: 2,000 quotes overflow it.
 */
export const MAX_NESTING = 1000;

/** The body nests too deep to render whole; thrown rather than publishing a story with its end cut off. */
export class BodyTooDeepError extends Error {
  override name = "BodyTooDeepError";
  /** `line`: of the body, where the nesting goes too deep; the loader names the file's line. */
  constructor(readonly line: number | undefined) {
    super(`the story nests lists, quotes or emphasis more than ${MAX_NESTING} levels deep; everything after would be lost: expected fewer levels`);
  }
}

/** Marks the dateline's own markup, which is not the editor's raw HTML. */
const DATELINE = Symbol("dateline");
/** Marks the closing tags added for raw-text elements left open, which are not the editor's either. */
const ADDED_CLOSE = Symbol("added close");

function createRenderer(policy: HtmlPolicy): MarkdownIt {
  // Under `none`, markdown-it escapes raw HTML; otherwise it keeps it (and `sanitized` cleans the result).
  const md = new MarkdownIt({ html: policy !== "none", linkify: true, typographer: true });
  passOverTextWithoutAddresses(md.linkify);
  // markdown-it reads maxNesting from its options, but its type declarations leave it out.
  Object.assign(md.options, { maxNesting: MAX_NESTING });
  // Applies to Markdown links and images under every policy: [x](javascript:…) stays text.
  md.validateLink = isSafeLinkDestination;
  // Cross-heads get ids from their text, so a link to #may-9-protests keeps working across rebuilds.
  md.use(anchor, { slugify: (text: string) => slugify(text) || "section", tabIndex: false });
  md.core.ruler.push("dateline", (state) => {
    const dateline = (state.env as RenderEnv).dateline;
    if (!dateline) return;
    const open = state.tokens.findIndex((token) => token.type === "paragraph_open");
    const inline = open >= 0 ? state.tokens[open + 1] : undefined;
    if (!inline?.children) return;
    (state.env as RenderEnv).datelinePlaced = true;
    const markup = new state.Token("html_inline", "", 0);
    // The space is part of the text after it. Before an element (a story that opens with emphasis or a link) it
    // is a space alone between two elements, which a page drawn as far as it has come may end with: collapsed at
    // the line's end, Chromium put it at the top of the line and moved it to the text's when the element came (a
    // layout shift of 0.0043 on a phone in the sample's Urdu story). A no-break space there is not collapsed, and
    // is as wide; the dateline is not broken from the first word after it.
    const space = spaceAfterPunctuation((state.env as RenderEnv).lang);
    const beforeText = inline.children[0]?.type === "text";
    markup.content = `${datelineHtml(dateline, (state.env as RenderEnv).lang)}${beforeText ? space : space.replaceAll(" ", "\u00a0")}`;
    markup.meta = DATELINE;
    inline.children.unshift(markup);
  });
  // Before text_join, which merges each reference's token into the text around it.
  md.core.ruler.before("text_join", "numeric_references", numericReferences);
  md.core.ruler.before("text_join", "image_alt_text", imageAltText);
  md.core.ruler.push("table_alignment_classes", alignmentClasses);
  md.core.ruler.push("address_link_classes", addressLinkClasses);
  // A wide table or block of code scrolls sideways on a phone; a reader with a keyboard scrolls it by
  // focusing it (tabindex="0"), which Safari does not do for them. Which ones scroll is known only in the
  // browser: public/js/scroll-boxes.js takes one that fits its box out of the tab order, and names one that scrolls.
  md.core.ruler.push("scrollable_blocks", (state) => {
    for (const token of state.tokens) if (token.type === "table_open") token.attrSet("tabindex", "0");
  });
  for (const rule of ["fence", "code_block"] as const) {
    const render = md.renderer.rules[rule]!;
    md.renderer.rules[rule] = (tokens, index, options, env, self) => render(tokens, index, options, env, self).replace(/^<pre>/, '<pre tabindex="0">');
  }
  if (policy === "sanitized") {
    md.block.ruler.before("html_block", "unclosed_raw_text_block", unclosedRawTextBlock);
    md.core.ruler.push("close_raw_text", closeRawTextElements);
    md.core.ruler.push("inline_source_lines", inlineSourceLines);
    markSources(md);
  }
  return md;
}

/**
 * What every address linkify-it finds holds: an "@" (mailto: and bare e-mail addresses), a dot before a
 * letter or digit (a domain's ending, www., an IP address), or "//" (links with a scheme, which
 * markdown-it's inline rule links before this test is asked; kept so that one it leaves is not missed).
 */
const MAY_HOLD_ADDRESS = /@|\/\/|\.[\p{L}\p{N}]/u;

/**
 * linkify-it's own quick test tries its schemes at every space and punctuation mark of a paragraph, and
 * its full test runs again on each piece of text: together 40% of rendering a story, though most
 * paragraphs hold no address. Text without any of MAY_HOLD_ADDRESS's marks is passed over; for the rest
 * linkify-it decides, so the links are the ones it would make (markdown-it uses the quick test only to
 * skip a paragraph, and a paragraph's pieces of text are parts of it).
 */
export function passOverTextWithoutAddresses(linkify: MarkdownIt["linkify"]): void {
  const fullPretest = linkify.pretest.bind(linkify);
  const fullTest = linkify.test.bind(linkify);
  // linkify-it's own pretest still has the last word: markdown-it asks it of a paragraph's whole text, and its
  // test of each piece of text after; "_a_//host.example" passes a test of "//host.example" alone, not the pretest.
  linkify.pretest = (text) => MAY_HOLD_ADDRESS.test(text) && fullPretest(text);
  linkify.test = (text) => MAY_HOLD_ADDRESS.test(text) && fullTest(text);
}

/**
 * Before each piece of Markdown the sanitiser judges (raw HTML, an image, an unusual link), a marker
 * naming it (src/html-policy.ts), so that what the sanitiser removes is told with its line.
 */
function markSources(md: MarkdownIt): void {
  for (const rule of ["html_block", "html_inline", "image", "link_open"] as const) {
    const render = md.renderer.rules[rule] ?? ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));
    md.renderer.rules[rule] = (tokens, index, options, env: RenderEnv, self) => {
      const token = tokens[index]!;
      const html = render(tokens, index, options, env, self);
      if (!token.map || !judgedBySanitiser(token)) return html;
      env.sources ??= [];
      env.markerName ??= sourceMarkerName(env.markdown);
      env.sources.push({ line: token.map[0], text: token.type === "html_block" || token.type === "html_inline" ? token.content : "" });
      return sourceMarker(env.sources.length - 1, env.markerName) + html;
    };
  }
}

/** Gives raw HTML, images and links inside a paragraph the line they are on (markdown-it maps only blocks). */
function inlineSourceLines(state: StateCore): void {
  for (const token of state.tokens) {
    if (token.type !== "inline" || !token.children || !token.map) continue;
    let line = token.map[0];
    for (const child of token.children) {
      if (!child.map && child.meta !== ADDED_CLOSE && child.meta !== DATELINE) child.map = [line, line + 1];
      if (child.type === "softbreak" || child.type === "hardbreak") line++;
      else if (child.content.includes("\n")) line += child.content.split("\n").length - 1;
    }
  }
}

/**
 * Each numeric reference in the Markdown's text, published as a browser reads it (src/character-references.ts);
 * one that spells a character a story may not hold is told on its line, under every policy.
 */
function numericReferences(state: StateCore): void {
  const env = state.env as RenderEnv;
  if (!env.markdown.includes("&#")) return;
  const read = (children: readonly Token[], firstLine: number) => {
    let line = firstLine;
    for (const child of children) {
      if (child.children) read(child.children, line);
      if (child.type === "text_special" && child.info === "entity") {
        const reading = readReference(child.markup, child.content);
        if (reading.kind === "as a browser reads it") child.content = reading.text;
        else if (reading.kind === "refused") (env.refusedReferences ??= []).push({ line: line + 1, markup: child.markup, reason: reading.reason, fix: reading.fix });
      }
      if (child.type === "softbreak" || child.type === "hardbreak") line++;
      else if (child.content.includes("\n")) line += child.content.split("\n").length - 1;
    }
  };
  for (const token of state.tokens) if (token.type === "inline" && token.children && token.map) read(token.children, token.map[0]);
}

/**
 * An entity or a backslash escape in an image's description (`![Fish &amp; chips](…)`, `![\*](…)`) stays in
 * its alt text: markdown-it writes alt from its text tokens only, and text_join, which turns the others
 * into text, does not look inside an image, so "Fish &amp; chips" was published as "Fish  chips".
 */
function imageAltText(state: StateCore): void {
  if (!(state.env as RenderEnv).markdown.includes("![")) return;
  const asText = (children: readonly Token[], inImage: boolean) => {
    for (const child of children) {
      if (inImage && child.type === "text_special") child.type = "text";
      if (child.children) asText(child.children, inImage || child.type === "image");
    }
  };
  for (const token of state.tokens) if (token.type === "inline" && token.children) asText(token.children, false);
}

/** markdown-it aligns table columns with style="text-align:…", which the Content Security Policy refuses; a class does the same. */
function alignmentClasses(state: StateCore): void {
  for (const token of state.tokens) {
    if (token.type !== "th_open" && token.type !== "td_open") continue;
    const align = /^text-align:(left|right|center)$/.exec(token.attrGet("style") ?? "");
    if (!align) continue;
    token.attrs = (token.attrs ?? []).filter(([name]) => name !== "style");
    token.attrJoin("class", `align-${align[1]}`);
  }
}

/**
 * A link whose text is its own address: one markdown-it made from an address written bare (linkify's
 * https://example.com or www.example.com, an autolink's <https://…>), or one written [https://…](https://…)
 * or [x.example](https://x.example/) (src/address-links.ts). Its class tells the print stylesheet not to
 * print the address again after it; the editor's raw HTML links are marked once the body is rendered.
 */
function addressLinkClasses(state: StateCore): void {
  for (const token of state.tokens) {
    const children = token.children ?? [];
    children.forEach((child, index) => {
      if (child.type === "link_open" && (child.info === "auto" || isOwnAddress(child, children[index + 1], children[index + 2]))) child.attrJoin("class", ADDRESS_LINK_CLASS);
    });
  }
}

function isOwnAddress(open: Token, text: Token | undefined, close: Token | undefined): boolean {
  return text?.type === "text" && close?.type === "link_close" && showsOwnAddress(text.content, open.attrGet("href") ?? "");
}

/** Whether the editor's raw HTML in a body opens a link (`<a …>`), which only a pass over the rendered HTML can mark as showing its address. */
function holdsRawLink(tokens: readonly Token[]): boolean {
  for (const token of tokens) {
    if ((token.type === "html_block" || token.type === "html_inline") && token.meta !== DATELINE && token.meta !== ADDED_CLOSE && /<a[\s/>]/i.test(token.content)) return true;
    if (token.children && holdsRawLink(token.children)) return true;
  }
  return false;
}

/**
 * markdown-it runs a `<script>`, `<style>` or `<textarea>` block to its closing tag across blank lines,
 * or to the end of the story when there is none. With no closing tag anywhere, the block ends at the
 * next blank line instead, like any other HTML block, and the story after it stays a story.
 */
function unclosedRawTextBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  const start = state.bMarks[startLine]! + state.tShift[startLine]!;
  const open = /^<(script|style|textarea)(?=\s|>|$)/i.exec(state.src.slice(start, state.eMarks[startLine]));
  if (!open) return false;
  if (new RegExp(`</${open[1]}\\s*>`, "i").test(state.src.slice(start))) return false;
  if (silent) return true;
  let next = startLine + 1;
  while (next < endLine && !state.isEmpty(next)) next++;
  const token = state.push("html_block", "", 0);
  token.map = [startLine, next];
  token.content = state.getLines(startLine, next, state.blkIndent, true);
  state.line = next;
  return true;
}

/**
 * A `<style>` or `<noscript>` left open would swallow the rest of the story (the sanitiser drops what
 * such an element holds). Each HTML block, and the raw HTML of each paragraph, is closed where it ends,
 * so a stray tag costs at most its own block.
 */
function closeRawTextElements(state: StateCore): void {
  for (const token of state.tokens) {
    if (token.type === "html_block") token.content += closingTagsFor(token.content);
    if (token.type !== "inline" || !token.children) continue;
    const raw = token.children.filter((child) => child.type === "html_inline").map((child) => child.content).join("");
    const closing = closingTagsFor(raw);
    if (closing === "") continue;
    const markup = new state.Token("html_inline", "", 0);
    markup.content = closing;
    markup.meta = ADDED_CLOSE;
    token.children.push(markup);
  }
}

/** Link addresses the sanitiser keeps as they are: web, mail and phone links, and paths on the site. */
const PLAIN_HREF = /^(?:https?:\/\/|mailto:|tel:|#|\/(?![/\\]))/i;

/**
 * Whether the sanitiser could change a rendered body, read from its tokens. Markdown on its own
 * renders only elements, attributes and classes the allow-list keeps (src/html-policy.ts), so only
 * three things need it: the editor's raw HTML, an image (its address must be https or the site's),
 * and a link to anything but the plain addresses above (`//host` is refused there). Everything else
 * would come back the same, but for spelling (`<br>` for `<br />`, `&quot;` for `"` in text), and the
 * sanitiser was nearly half of rendering a body (a test compares the two as parsed documents).
 */
function needsSanitizing(tokens: readonly Token[]): boolean {
  for (const token of tokens) {
    if (judgedBySanitiser(token)) return true;
    if (token.children && needsSanitizing(token.children)) return true;
  }
  return false;
}

function judgedBySanitiser(token: Token): boolean {
  if (token.type === "html_block" || token.type === "image") return true;
  if (token.type === "html_inline") return token.meta !== DATELINE && token.meta !== ADDED_CLOSE;
  return token.type === "link_open" && !PLAIN_HREF.test(token.attrGet("href") ?? "");
}

interface RenderEnv {
  /** The body as written, for a marker name it does not hold (src/html-policy.ts). */
  markdown: string;
  markerName?: string;
  dateline?: string;
  /** The story's language, which capitalises the dateline and spaces its colon. */
  lang: string;
  datelinePlaced?: boolean;
  /** The pieces the sanitiser judges, by their markers' numbers: their 0-based line in the body, and raw HTML's text. */
  sources?: Array<{ line: number; text: string }>;
  /** The numeric references in the Markdown's text that spell a character a story may not hold. */
  refusedReferences?: DroppedFromStory[];
}

/** Markup in a story that the HTML policy removes, with its 1-based line in the body. */
export interface DroppedFromStory {
  line?: number;
  markup: string;
  reason: string;
  /** What to do, when it is not the policy's choice (remove it, or publish code as written). */
  fix?: string;
}

const renderers = new Map<HtmlPolicy, MarkdownIt>();

function rendererFor(policy: HtmlPolicy): MarkdownIt {
  let renderer = renderers.get(policy);
  if (!renderer) renderers.set(policy, (renderer = createRenderer(policy)));
  return renderer;
}

export interface StoryOptions {
  dateline?: string;
  /** The story's language (a BCP 47 tag); English when not given. */
  lang?: string;
  htmlPolicy?: HtmlPolicy;
}

/**
 * The dateline in capitals as the story's language writes them (Turkish "İSTANBUL", with the dot an
 * English capital would lose), with its colon, spaced as the story's language spaces it ("SAINT-AUBIN :" in
 * French; "東京：", full width and with no space after it, in Japanese). The place's name is isolated
 * (dir="auto"), the colon outside it: an English "NEW YORK (AP)" in an Urdu story would otherwise have its
 * closing bracket drawn at its start, and the colon at the wrong end of the name.
 */
function datelineHtml(dateline: string, lang: string): string {
  return `<span class="dateline"><span dir="auto">${escapeHtml(dateline.toLocaleUpperCase(lang))}</span>${punctuationIn(":", lang)}</span>`;
}

/**
 * Renders an article body; the dateline, when given, opens the first paragraph in capitals.
 * Raw HTML in the Markdown is treated as the policy says (src/html-policy.ts); `sanitized` cleans
 * the whole rendered body, so markup split across Markdown blocks is judged as the browser sees it.
 */
export function renderArticleBody(markdown: string, options: StoryOptions = {}): string {
  return renderStory(markdown, options).html;
}

/**
 * renderArticleBody, telling what the `sanitized` policy removed from the editor's markup and where:
 * the loader refuses a story that loses anything that way, rather than publish it without a word.
 */
export function renderStory(markdown: string, options: StoryOptions = {}): { html: string; dropped: DroppedFromStory[] } {
  const policy = options.htmlPolicy ?? "sanitized";
  const renderer = rendererFor(policy);
  const env: RenderEnv = { markdown, dateline: options.dateline, lang: options.lang ?? "en" };
  let tokens: ReturnType<MarkdownIt["parse"]>;
  try {
    tokens = renderer.parse(markdown, env);
  } catch (error) {
    // A construct nested deeper than the stack allows, whichever rule recursed: the same answer. Only the
    // stack's own RangeError: Intl throws one too, for a language it cannot read.
    if (error instanceof RangeError && /call stack/i.test(error.message)) throw new BodyTooDeepError(undefined);
    throw error;
  }
  const tooDeep = tokens.find((token) => token.level >= MAX_NESTING - 1);
  if (tooDeep) throw new BodyTooDeepError(tooDeep.map ? tooDeep.map[0] + 1 : undefined);
  let html = renderer.renderer.render(tokens, renderer.options, env);
  if (options.dateline && !env.datelinePlaced) {
    // A story that opens with a heading or a list still shows its dateline, in a paragraph of its own.
    html = `<p>${datelineHtml(options.dateline, env.lang)}</p>\n${html}`;
  }
  const withAddressLinks = (rendered: string) => (holdsRawLink(tokens) ? markAddressLinks(rendered) : rendered);
  const refused = env.refusedReferences ?? [];
  if (policy !== "sanitized" || !needsSanitizing(tokens)) return { html: withAddressLinks(html), dropped: [...unclosedMarkup(tokens, policy), ...refused] };
  const sanitized = sanitizeArticleHtmlTelling(html, env.markerName);
  const dropped: DroppedFromStory[] = sanitized.dropped.map((markup) => {
    const from = markup.source === undefined ? undefined : env.sources?.[markup.source];
    return { line: from ? from.line + lineWithin(from.text, markup) + 1 : undefined, markup: markup.markup, reason: markup.reason, ...(markup.fix && { fix: markup.fix }) };
  });
  return { html: withAddressLinks(sanitized.html), dropped: [...dropped, ...droppedUnseen(tokens), ...unclosedMarkup(tokens, policy), ...refused] };
}

/**
 * What the sanitiser's parser removes from the editor's raw HTML before its hooks could tell of it
 * (src/html-policy.ts, unseenDrops), on its line: each block of HTML and each piece inside a paragraph.
 */
function droppedUnseen(tokens: readonly Token[]): DroppedFromStory[] {
  const dropped: DroppedFromStory[] = [];
  for (const token of tokens) {
    if (token.children) dropped.push(...droppedUnseen(token.children));
    if ((token.type !== "html_block" && token.type !== "html_inline") || !token.map) continue;
    for (const { index, ...drop } of [...unseenDrops(token.content), ...referencedControls(token.content)]) dropped.push({ line: token.map[0] + lineAt(token.content, index) + 1, ...drop });
  }
  return dropped;
}

/**
 * Each HTML comment left open, and each `<?…` or `<!DOCTYPE …` no `>` ends (unclosedInstruction), on its
 * line: refused under every policy that publishes raw HTML, as it is not the policy's doing: a browser
 * hides everything after it, under `trusted` the rest of the page too.
 * A comment that is closed is an editor's note: the sanitiser removes it, and a reader misses nothing (nor
 * reads the note in the page's source). Only a block of HTML can hold one left open: markdown-it takes a
 * comment inside a paragraph for HTML only when it is closed there.
 */
function unclosedMarkup(tokens: readonly Token[], policy: HtmlPolicy): DroppedFromStory[] {
  const unclosed: DroppedFromStory[] = [];
  for (const token of tokens) {
    if (token.type !== "html_block" || !token.map) continue;
    // A browser ends one at a --!> too, as `trusted` publishes it; the sanitiser does not, and droppedUnseen tells of that instead.
    const open = htmlComments(token.content, { endsAtBang: policy !== "sanitized" }).find((comment) => !comment.closed);
    if (open && policy === "sanitized" && token.content.slice(open.start, open.end).includes("--!>")) continue;
    if (open) unclosed.push({ line: token.map[0] + lineAt(token.content, open.start) + 1, markup: "<!--", ...UNCLOSED_COMMENT });
    else if (policy !== "sanitized" && runsOnPastBang(token.content)) unclosed.push({ line: token.map[0] + 1, markup: "<!-- … --!>", ...BLOCK_RUNS_ON });
    // A comment left open hides whatever it holds; told once.
    const instruction = open ? undefined : unclosedInstruction(token.content);
    if (instruction) {
      const fix = `end it with ${instruction.opening.startsWith("<?") ? "?>" : ">"}, or remove it`;
      unclosed.push({ line: token.map[0] + lineAt(token.content, instruction.index) + 1, markup: `${escapeUnseen(instruction.opening)} …`, reason: UNCLOSED_INSTRUCTION, fix });
    }
  }
  return unclosed;
}

/**
 * A `<?…` or `<!DOCTYPE …` (a letter after `<!`) that no `>` ends: markdown-it reads the block it opens to
 * the end of the story, so nothing after it is Markdown; a browser hides everything up to the next `>`,
 * under `trusted` the page's own markup after the story; the sanitiser publishes what follows as text, the
 * `<?` or `<!` taken out. (One that is ended is told by droppedUnseen, under `sanitized`.)
 */
function unclosedInstruction(html: string): { index: number; opening: string } | undefined {
  // The first that opens after the last ">" (any before it is ended by that one, at the latest).
  const opening = new RegExp(String.raw`<(?:\?|![A-Za-z])[^\s>?]*`, "g");
  opening.lastIndex = html.lastIndexOf(">") + 1;
  const found = opening.exec(html);
  return found ? { index: found.index, opening: found[0] } : undefined;
}

/**
 * A block of HTML opened by a comment that only a `--!>` ends, with more of the story after its first line:
 * a browser ends the comment there, but markdown-it ends such a block only at a line holding `-->`, so the
 * rest of the story (to the end of its container) is published as it was written, its Markdown unread.
 */
function runsOnPastBang(html: string): boolean {
  const firstLineEnd = html.indexOf("\n");
  return /^ {0,3}<!--/.test(html) && !html.includes("-->") && firstLineEnd >= 0 && html.slice(firstLineEnd).trim() !== "";
}

const BLOCK_RUNS_ON = {
  reason: "a browser ends this comment at --!>, but Markdown reads on to a line holding -->, so nothing after it is read as Markdown",
  fix: "end the comment with --> instead",
};

const UNCLOSED_COMMENT = { reason: "a comment with no --> to end it hides everything after it, to the end of the story", fix: "end the comment with --> where the note ends" };
const UNCLOSED_INSTRUCTION = "with no > to end it, nothing after it is read as Markdown, and a browser hides everything after it to the next >";

/**
 * The line, counted from 0, of an element (or an attribute of it) that the sanitiser removed, in the
 * piece of raw HTML it came from: the element is the nth of its name there, as the sanitiser counted
 * since that piece's marker. 0 when the piece is one line, or the element is not found in it.
 */
function lineWithin(text: string, { tag, ordinal, name }: Pick<DroppedMarkup, "tag" | "ordinal" | "name">): number {
  if (!text.includes("\n")) return 0;
  let seen = 0;
  for (const opening of text.matchAll(new RegExp(`<${escapeRegExp(tag)}(?=[\\s/>]|$)`, "gi"))) {
    if (seen++ < ordinal) continue;
    if (name === tag) return lineAt(text, opening.index);
    // An attribute: its own line, when the element's tag runs over several.
    const attribute = new RegExp(`\\s${escapeRegExp(name)}(?=[\\s=/>]|$)`, "gi");
    attribute.lastIndex = opening.index;
    const found = attribute.exec(text);
    const end = text.indexOf(">", opening.index);
    return lineAt(text, found && (end < 0 || found.index < end) ? found.index + 1 : opening.index);
  }
  return 0;
}

function lineAt(text: string, index: number): number {
  let lines = 0;
  for (let at = text.indexOf("\n"); at >= 0 && at < index; at = text.indexOf("\n", at + 1)) lines++;
  return lines;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Whether a body could lose anything to the `sanitized` policy at all, for the check, which renders only
 * those: raw HTML (and autolinks), an image, a link to //host, or an entity or escape that could spell
 * one. Markdown's other links are to web, mail and phone addresses or the site, which the policy keeps.
 */
export function mayLoseMarkup(markdown: string): boolean {
  return /[<\\]|!\[|&[#A-Za-z]|\]\(\s*<?\/\/|\]:\s*<?\/\//.test(markdown);
}

/**
 * A line that opens blocks that deep begins with their marks: a `>` for each quote, and for each list
 * at least a marker and a space, or as many columns of indentation, of which a tab gives four. So no
 * body is nested past MAX_NESTING without a line that begins with an eighth as many such characters;
 * the check renders only those bodies to find it (the build refuses such a story, src/article-loader.ts).
 */
const MAY_NEST_TOO_DEEP = new RegExp(String.raw`^[ \t>*+\-\d.)]{${Math.floor(MAX_NESTING / 8)},}`, "m");

/** Whether a body could be nested too deep to publish (BodyTooDeepError), for the check, which renders only those. */
export function mayNestTooDeep(markdown: string): boolean {
  return MAY_NEST_TOO_DEEP.test(markdown);
}
