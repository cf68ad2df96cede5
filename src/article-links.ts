import { readFileSync } from "node:fs";
import path from "node:path";
import MarkdownIt from "markdown-it";
import { displayPath, type Problem } from "./problems.ts";
import { safeDecode } from "./site-urls.ts";
import { isInsideSync } from "./contained-path.ts";
import { fileNotFound, fileOutside, hasExtensionOf, imageCandidates, isLocalFile, notOfKind } from "./image-sources.ts";
import { bodyImageUnreadable } from "./image-facts.ts";
import { htmlComments, OPENING_TAG } from "./raw-html.ts";
import { referencesIn } from "./link-check.ts";
import { fileAddressesIn, type FileKind } from "./media-tags.ts";
import { MAX_NESTING } from "./markdown.ts";
import type { HtmlPolicy } from "./html-policy.ts";

/** A link, image, video or audio written in an article's Markdown body. */
export interface BodyLink {
  target: string;
  /** 1-based line in the article file. */
  line: number;
  /** A link to a page (or anything else the build's link check reads), or the kind of file the build publishes for it. */
  kind: "link" | FileKind;
}

/** A paragraph's line break: a link's text and its target may be on different lines, but not across a blank one. */
const WITHIN_PARAGRAPH = String.raw`\n(?![ \t]*\n)`;
const INLINE = new RegExp(String.raw`(!?)\[(?:[^\]\\\n]|\\.|${WITHIN_PARAGRAPH})*\]\([ \t]*(?:\n[ \t]*)?(<[^>\n]*>|[^\s)]+)`, "g");
const REFERENCE = /^ {0,3}\[((?:[^\]\\\n]|\\.)+)\]:[ \t]*(?:\n[ \t]*)?(<[^>\n]*>|\S+)/gm;
/** An image that takes its address from a reference definition: `![alt][label]`, `![label][]` or `![label]`. */
const IMAGE_REFERENCE = /!\[((?:[^\]\\\n]|\\.)*)\](?:\[((?:[^\]\\\n]|\\.)*)\])?/g;
const BARE_URL = /<https?:\/\/[^>\s]+>|\bhttps?:\/\/[^\s<>()[\]]+/g;
const CODE_SPAN = new RegExp(String.raw`(\`+)(?:[^\`\n]|${WITHIN_PARAGRAPH})*?\1`, "g");

/**
 * Every inline link, image and reference definition in a Markdown body, and every address in its raw
 * HTML (`<a href>`, `<img src>`, …), with its line: the line of the target, where a link runs over two.
 * Blocks of code (fenced or indented), code spans and HTML comments are skipped: a link shown as code
 * is an example, and one in a comment is not published. Comments are read as the site's `htmlPolicy`
 * publishes them (`withoutComments`). A scan of the text rather than a full Markdown parse, because
 * `npm run check` must stay fast on a large archive.
 */
export function findBodyLinks(body: string, firstLine: number, htmlPolicy: HtmlPolicy = "sanitized"): BodyLink[] {
  const found: Array<BodyLink & { at: number }> = [];
  // What is not scanned, and each link once found, is blanked to spaces: the lines stay where they were.
  const blank = (text: string) => text.replace(/[^\n]/g, " ");
  let text = withoutCodeBlocks(body).replace(CODE_SPAN, blank);
  const places = new CommentPlaces(body, text);
  text = withoutComments(text, blank, htmlPolicy, places);
  // Under `none` a block of HTML is a paragraph of text, whose Markdown is read.
  if (htmlPolicy !== "none") text = tagsAloneInHtmlBlocks(text, places);
  const lineOf = lineCounter(text, firstLine);
  const add = (target: string, at: number, kind: BodyLink["kind"]) => found.push({ target, line: lineOf(at), kind, at });
  const targetAt = (match: RegExpMatchArray, target: string) => match.index! + match[0].length - target.length;
  // A definition an image takes its address from is that image's: its file is looked for as any image's is.
  const imageLabels = new Set([...text.matchAll(IMAGE_REFERENCE)].map((match) => referenceLabel(match[2] || match[1]!)));
  text = text.replace(REFERENCE, (...args) => {
    const [whole, label, target, at] = args as [string, string, string, number];
    add(unbracket(target), at + whole.length - target.length, imageLabels.has(referenceLabel(label)) ? "image" : "link");
    return blank(whole);
  });
  for (const match of text.matchAll(INLINE)) add(unbracket(match[2]!), targetAt(match, match[2]!), match[1] === "!" ? "image" : "link");
  text = text.replace(INLINE, blank);
  // Under `none` raw HTML is shown as text: its tags link to nothing, and an address in one is written out.
  const tags = htmlPolicy === "none" ? [] : text.matchAll(OPENING_TAG);
  for (const match of tags) {
    // The files of an <img>, a <picture>'s <source>, a <video>, an <audio> and a <track> are looked for as a Markdown image's are (src/images.ts does the same in the build).
    const files = new Map(fileAddressesIn(match[0]).map(({ address, kind }) => [address, kind]));
    for (const target of referencesIn(match[0])) {
      const within = match[0].indexOf(target);
      add(target, match.index! + Math.max(within, 0), files.get(target) ?? "link");
    }
  }
  // Addresses written out (<https://…> or bare; the renderer turns both into links), outside the links above.
  for (const match of (htmlPolicy === "none" ? text : text.replace(OPENING_TAG, blank)).matchAll(BARE_URL)) {
    add(match[0].replace(/^<|>$/g, "").replace(/[.,;:!?'"]+$/, ""), match.index!, "link");
  }
  // In the order of their lines; on one line, links, then addresses in HTML, then addresses written out.
  return found.sort((a, b) => a.line - b.line).map(({ target, line, kind }) => ({ target, line, kind }));
}

/** The Markdown after the front matter and the file line it starts on; undefined when there is no closed front matter. */
export function markdownBody(source: string): { body?: string; firstLine: number } {
  const text = source.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const match = /^---[ \t]*\n(?:[\s\S]*?\n)?---[ \t]*(?:\n|$)/.exec(text);
  if (!match) return { firstLine: 1 };
  const firstLine = match[0].split("\n").length - (match[0].endsWith("\n") ? 0 : 1);
  return { body: text.slice(match[0].length), firstLine };
}

/** The links written in an article file's body, with their lines, its comments read as `htmlPolicy` publishes them; none when the file can no longer be read. */
export function linksInArticleFile(file: string, htmlPolicy: HtmlPolicy): BodyLink[] {
  let text: string;
  try {
    text = readFileSync(path.resolve(file), "utf8");
  } catch {
    return [];
  }
  const { body, firstLine } = markdownBody(text);
  return body === undefined ? [] : findBodyLinks(body, firstLine, htmlPolicy);
}

/**
 * Reads only where a body's blocks are, not what their text says: markdown-it's block rules alone, as the
 * renderer reads them (raw HTML on, its nesting limit), are a small part of its parse.
 */
const blockReader = new MarkdownIt({ html: true }).disable(["inline", "linkify", "replacements", "smartquotes", "text_join"], true);
Object.assign(blockReader.options, { maxNesting: MAX_NESTING });
/** A body's blocks as markdown-it reads them; undefined when nested past what the stack holds (the story is refused for it, src/markdown.ts, and its links are read as they are). */
function blockTokens(body: string): ReturnType<MarkdownIt["parse"]> | undefined {
  try {
    return blockReader.parse(body, {});
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** Whether a body may hold a block of code: a fence, or a line indented four columns (after any quote marks). */
const MAY_HOLD_CODE = /`{3}|~{3}|^[ \t>]*(?: {4}|\t)/m;

/**
 * The body with the lines of its blocks of code emptied: fenced (fences included) and indented, exactly
 * where markdown-it finds them (an indented line that goes on a list item's paragraph is no code). Most
 * stories hold neither, and are not parsed.
 */
function withoutCodeBlocks(body: string): string {
  if (!MAY_HOLD_CODE.test(body)) return body;
  const tokens = blockTokens(body);
  if (!tokens) return body;
  const lines = body.split("\n");
  for (const token of tokens) {
    if ((token.type !== "code_block" && token.type !== "fence") || !token.map) continue;
    for (let line = token.map[0]; line < token.map[1]; line++) lines[line] = "";
  }
  return lines.join("\n");
}

/**
 * The text with its HTML comments (closed or left open) blanked, each read as the page publishes it:
 * under `sanitized` to the next `-->`, as the sanitiser removes it; under `trusted` to a `--!>` first, as a
 * browser ends it, so a link between that and a later `-->` is live on the page and checked
 * (`tagsAfterBang`); under `none` not at all, as a comment is shown as text there and a link inside it is a link.
 */
function withoutComments(text: string, blank: (text: string) => string, htmlPolicy: HtmlPolicy, places: CommentPlaces): string {
  if (htmlPolicy === "none") return text;
  let kept = "";
  let from = 0;
  for (const { start, end } of htmlComments(text, { endsAtBang: htmlPolicy === "trusted", opens: places.opens })) {
    kept += text.slice(from, start) + blank(text.slice(start, end));
    from = end;
  }
  kept += text.slice(from);
  return htmlPolicy === "trusted" ? tagsAfterBang(text, kept, places) : kept;
}

/**
 * Where markdown-it's blocks lie in a body, for its comments: `text` is the body with its code blanked, line
 * for line. The blocks are read only for a comment inside a line whose `-->` is not on that line, or one a `--!>` ends.
 */
class CommentPlaces {
  #lineStarts: number[] | undefined;
  #blocks: { html: LineRange[]; inline: LineRange[] } | undefined;

  constructor(
    readonly body: string,
    readonly text: string,
  ) {}

  /**
   * Whether a `<!--` opens a comment as markdown-it publishes it: in a block of HTML, always; in a paragraph (a
   * heading, a table's cell), only when its `-->` comes before the paragraph ends, or it is text.
   */
  readonly opens = (at: number): boolean => {
    const close = this.text.indexOf("-->", at + 2);
    // Ended on its own line: inside whichever paragraph or block that line is in.
    if (close >= 0 && this.text.lastIndexOf("\n", close) < at) return true;
    // Opening its line (after at most three spaces): a block of HTML, which interrupts even a paragraph.
    if (/^ {0,3}$/.test(this.text.slice(this.text.lastIndexOf("\n", at - 1) + 1, at))) return true;
    const block = this.blockAt(at);
    return !block || block.html || (close >= 0 && close < block.end);
  };

  /** Where each block of HTML lies, as offsets in the text; none parsed for a body with no line that may open one. */
  htmlBlocks(): { start: number; end: number }[] {
    if (!MAY_OPEN_HTML_BLOCK.test(this.text)) return [];
    const starts = (this.#lineStarts ??= lineStarts(this.text));
    const blocks = (this.#blocks ??= blockLines(this.body));
    return blocks.html.map(([from, to]) => ({ start: starts[from] ?? this.text.length, end: starts[to] ?? this.text.length }));
  }

  /** The paragraph (a heading, a cell) or block of HTML that holds `at`: which, and where it ends, as an offset in the text. */
  blockAt(at: number): { html: boolean; end: number } | undefined {
    const starts = (this.#lineStarts ??= lineStarts(this.text));
    const line = lineIndex(starts, at);
    const blocks = (this.#blocks ??= blockLines(this.body));
    const holds = ([from, to]: LineRange) => from <= line && line < to;
    const html = blocks.html.find(holds);
    const range = html ?? blocks.inline.find(holds);
    return range && { html: html !== undefined, end: starts[range[1]] ?? this.text.length };
  }
}

/** Lines `from` to before `to`, counted from 0. */
type LineRange = [from: number, to: number];

/** The lines of a body's blocks of HTML, and of its text markdown-it reads inline (paragraphs, headings, cells). */
function blockLines(body: string): { html: LineRange[]; inline: LineRange[] } {
  const lines = { html: [] as LineRange[], inline: [] as LineRange[] };
  for (const token of blockTokens(body) ?? []) {
    if (token.map && token.type === "html_block") lines.html.push([token.map[0], token.map[1]]);
    if (token.map && token.type === "inline") lines.inline.push([token.map[0], token.map[1]]);
  }
  return lines;
}

/** An opening tag, or any other character but a line break. */
const TAG_OR_CHARACTER = new RegExp(`${OPENING_TAG.source}|[^\\n]`, "g");

/** A line that may open a block of HTML: a `<` after at most the marks of quotes and list items, and spaces. */
const MAY_OPEN_HTML_BLOCK = /^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*<[A-Za-z/!?]/m;

/**
 * The text with only the tags kept inside each block of HTML: markdown-it publishes such a block as written,
 * reading no Markdown in it, so `[x](/a/)` or a bare address there is text on the page, not a link, and only a
 * tag's address is one (as the build's link check reads the page).
 */
function tagsAloneInHtmlBlocks(text: string, places: CommentPlaces): string {
  let kept = "";
  let from = 0;
  for (const { start, end } of places.htmlBlocks()) {
    kept += text.slice(from, start) + text.slice(start, end).replace(TAG_OR_CHARACTER, (match) => (match.length > 1 ? match : " "));
    from = end;
  }
  return kept + text.slice(from);
}

/**
 * `scanned` (the text, its comments blanked as a browser ends them) with only the tags kept after each comment
 * a `--!>` ends, to the end of markdown-it's piece of raw HTML: a block of HTML's end (a blank line, or for one
 * a comment opens, the line holding a `-->`), or in a paragraph the `-->`. Markdown is not read there, so a
 * browser shows its tags' links and the rest as text (`[x](/a/)` there is no link).
 */
function tagsAfterBang(text: string, scanned: string, places: CommentPlaces): string {
  let kept = "";
  let from = 0;
  for (const { start, end } of htmlComments(text, { endsAtBang: true, opens: places.opens })) {
    if (start < from || !text.startsWith("--!>", end - 4)) continue;
    const block = places.blockAt(start);
    const close = text.indexOf("-->", start + 2);
    const to = block?.html ? block.end : Math.min(close < 0 ? text.length : close + 3, block?.end ?? text.length);
    kept += scanned.slice(from, end) + scanned.slice(end, to).replace(TAG_OR_CHARACTER, (match) => (match.length > 1 ? match : " "));
    from = to;
  }
  return kept + scanned.slice(from);
}

/** The 1-based file line of an offset in the text, for offsets asked in any order. */
function lineCounter(text: string, firstLine: number): (at: number) => number {
  const starts = lineStarts(text);
  return (at) => firstLine + lineIndex(starts, at);
}

/** Where each line of a text starts. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) starts.push(at + 1);
  return starts;
}

/** The line, counted from 0, that holds an offset, given where each line starts. */
function lineIndex(starts: readonly number[], at: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= at) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** A reference's label as Markdown matches it: case and runs of white space do not count. */
function referenceLabel(label: string): string {
  return label.trim().replace(/\s+/g, " ").toLowerCase();
}

function unbracket(target: string): string {
  return target.startsWith("<") && target.endsWith(">") ? target.slice(1, -1) : target;
}

/** What the link checker knows about the site and the archive. */
export interface LinkContext {
  /** The site's address, e.g. https://news.example.com (links to it are checked like /paths). */
  baseUrl: string;
  /** Where short links live, e.g. https://news.example.com/s. */
  shortUrlBase: string;
  /** The first path segments under which articles are published: the section slugs and the `noSectionSlug` setting's. */
  articleFolders: ReadonlySet<string>;
  /** Article URL (/pakistan/slug/) → whether that article is published, and when. */
  articleUrls: ReadonlyMap<string, LinkedStory>;
  /** Short code → whether its article is published, and when. */
  shortCodes: ReadonlyMap<string, LinkedStory>;
  /** The moment the build is made at, in milliseconds; without it, a scheduled story counts as published. */
  now?: number;
  /** Absolute paths of the article files, for relative links to another article's .md file. */
  articleFiles: ReadonlySet<string>;
  /** Whether a static file exists (for images); given the absolute path. */
  fileExists: (file: string) => boolean;
  publicDir: string;
  /**
   * The articles folder: an image beside an article must lie inside it (and one under public/ inside
   * public/) once `..` and symbolic links are followed, as the build requires. Without it, not checked.
   */
  articlesDir?: string;
  /** Why an image file found is not a readable image (src/image-facts.ts), or undefined; without it, not asked. */
  imageProblem?: (file: string) => string | undefined;
  /** Why a drawing found may not be published, in the build's words (src/svg-safety.ts), or undefined; without it, not asked. */
  drawingProblem?: (file: string) => string | undefined;
}

/** A story a link may lead to: a draft is never published, a scheduled story only once its time has come. */
export interface LinkedStory {
  draft: boolean;
  /** When it is published; absent, long ago. */
  published?: { iso: string; epochMs: number };
}

export interface LinkingArticle {
  /** As shown in messages: articles/2026/11/x.md. */
  sourcePath: string;
  /** Absolute path of the file. */
  file: string;
  draft: boolean;
  /** When it is published, in milliseconds; absent, long ago. */
  published?: number;
}

/** The links in one article that point nowhere: to no article, no short code, no file. */
export function checkBodyLinks(from: LinkingArticle, links: readonly BodyLink[], context: LinkContext): Problem[] {
  const problems: Problem[] = [];
  const problem = (link: BodyLink, message: string) => problems.push({ file: from.sourcePath, line: link.line, message });
  for (const link of links) {
    const target = link.target;
    if (link.kind !== "link") {
      const missing = missingFile(target, link.kind, from.file, context);
      if (missing) problem(link, missing);
      continue;
    }
    const relative = /^[^/:?#]+(?:\/[^:?#]*)?\.(?:md|markdown)(?:#.*)?$/i.exec(target) && !/^[a-z][a-z0-9+.-]*:/i.test(target);
    if (relative) {
      const file = path.resolve(path.dirname(from.file), safeDecode(target.replace(/#.*$/, "")));
      if (!context.articleFiles.has(file)) problem(link, `the link to ${target} points to no article: there is no article file at ${displayPath(file)}`);
      continue;
    }
    const sitePath = pathOnSite(target, context);
    if (sitePath === undefined) continue;
    const shortCode = shortCodeOf(target, sitePath, context);
    if (shortCode !== undefined) {
      const story = context.shortCodes.get(shortCode);
      if (!story) problem(link, `the short link ${target} points to no article: no article has the short code ${shortCode}`);
      else {
        const unpublished = notPublishedWith(story, from, context.now);
        if (unpublished) problem(link, `the short link ${target} points to ${unpublished}`);
      }
      continue;
    }
    // A story's old address (the moved setting) is the story's, a file's (/news/2019/05/story-123.html) too.
    const atAddress = context.articleUrls.get(sitePath);
    const segments = sitePath.split("/").filter(Boolean);
    if (!atAddress && (segments.length < 2 || !context.articleFolders.has(segments[0]!))) continue;
    if (!atAddress && (segments.length > 3 || (segments.length === 3 && segments[2] !== "index.html"))) continue;
    const url = atAddress ? sitePath : `/${segments[0]}/${segments[1]}/`;
    const article = atAddress ?? context.articleUrls.get(url);
    if (!article) problem(link, `the link to ${target} points to no article: no article is published at ${url}`);
    else {
      const unpublished = notPublishedWith(article, from, context.now);
      if (unpublished) problem(link, `the link to ${target} points to ${unpublished}`);
    }
  }
  return problems;
}

/**
 * Why a story linked to is not on the site whenever the linking story is (a build would find the link
 * broken), or undefined. A draft is never published; a scheduled story is missing from every build made
 * from the later of now and the linking story's own time until its time comes. A draft may link to either.
 */
function notPublishedWith(story: LinkedStory, from: LinkingArticle, now: number | undefined): string | undefined {
  if (from.draft) return undefined;
  if (story.draft) return "a draft, which is never published; publish it first or remove the link";
  const after = Math.max(now ?? -Infinity, from.published ?? -Infinity);
  if (story.published && story.published.epochMs > after) {
    return `a story scheduled for ${story.published.iso}, which is not published until then, after this one; link to it once it is out, or schedule this story after it`;
  }
  return undefined;
}

/** The path on this site a link points to, or undefined for a link elsewhere (or a bare #fragment). */
function pathOnSite(target: string, context: LinkContext): string | undefined {
  const withoutExtras = target.replace(/[?#].*$/, "");
  if (withoutExtras.startsWith("/") && !withoutExtras.startsWith("//")) return safeDecode(withoutExtras);
  for (const base of [context.baseUrl, context.shortUrlBase]) {
    if (withoutExtras === base || withoutExtras.startsWith(`${base}/`)) {
      const basePath = new URL(context.baseUrl).pathname.replace(/\/+$/, "");
      const url = new URL(withoutExtras);
      return safeDecode(url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || "/" : url.pathname);
    }
  }
  return undefined;
}

function shortCodeOf(target: string, sitePath: string, context: LinkContext): string | undefined {
  const plain = target.replace(/[?#].*$/, "").replace(/\/+$/, "");
  if (plain.startsWith(`${context.shortUrlBase}/`)) return plain.slice(context.shortUrlBase.length + 1);
  const match = /^\/s\/([^/]+)\/?$/.exec(sitePath);
  return match ? match[1] : undefined;
}

function missingFile(target: string, kind: FileKind, articleFile: string, context: LinkContext): string | undefined {
  if (!isLocalFile(target)) return undefined;
  // Without the articles folder, containment is not checked; the article's own folder stands in for it.
  const candidates = imageCandidates(target, articleFile, { publicDir: context.publicDir, articlesDir: context.articlesDir ?? path.dirname(articleFile) });
  const found = candidates.find((candidate) => context.fileExists(candidate.file));
  if (!found) return fileNotFound(kind, target, candidates);
  if (context.articlesDir !== undefined && !isInsideSync(found.root, found.file)) return fileOutside(kind, target, found.root);
  if (!hasExtensionOf(kind, found.file)) return notOfKind(kind, target);
  // Only an image is opened: a video's, an audio's or a text track's extension is all the check asks, as the build.
  if (kind !== "image") return undefined;
  const unreadable = context.imageProblem?.(found.file);
  return unreadable === undefined ? context.drawingProblem?.(found.file) : bodyImageUnreadable(target, unreadable);
}

