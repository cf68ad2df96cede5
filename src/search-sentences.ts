import { Parser } from "htmlparser2";
import { escapeHtml } from "./html-escape.ts";
import { primaryLanguage } from "./languages.ts";
import { blockEnding, fullStopIn, writtenWithoutSpaces } from "./punctuation.ts";

// A search result's excerpt is Pagefind's text of the story, which it makes by running the blocks of the
// document it is given (headline, bullets, paragraphs, cross-heads, tags) into one: after each block it
// adds a space, and a Latin full stop when the block ends on a letter or digit. That reads right in
// English; in Japanese it gave "…会議を開いた. 今後の課題. 会議では…", a Latin stop and a space where
// Japanese has "。" and nothing. So a story whose full stop is another (Japanese, Chinese, Urdu, Hindi…)
// has its blocks ended with its own before Pagefind sees them, and Pagefind then adds none of its own.

/** The elements Pagefind's parser treats as blocks (its SENTENCE_SELECTORS, pagefind/src/fossick/parser.rs, 1.6.0). */
const PAGEFIND_BLOCKS = new Set(["h1", "h2", "h3", "h4", "h5", "h6", "p", "td", "div", "ul", "li", "article", "section"]);

/** The weight Pagefind gives a heading's words by itself, which a heading given as a span keeps by saying it. */
const HEADING_WEIGHTS: Readonly<Record<string, number>> = { h1: 7, h2: 6, h3: 5, h4: 4, h5: 3, h6: 2 };

/** Elements without content or end tag, written as they were opened. */
const VOID_ELEMENTS = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);

/** Index languages Pagefind cuts into words itself (pagefind/src/fossick/mod.rs): in the others, a space is what divides words. */
const SEGMENTED_INDEX_LANGUAGES = new Set(["ja", "zh", "th"]);

/**
 * A line break between two characters of text written without spaces: a Markdown paragraph wrapped in
 * its source. Browsers show it as nothing (CSS Text: a segment break between East Asian wide characters
 * is removed); Pagefind would show it as a space, and cut a word in two at it.
 */
const LINE_BREAK_BETWEEN_WIDE = /(?<=[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u3000-\u303F\uFF00-\uFFEF])[^\S\n]*\n\s*(?=[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u3000-\u303F\uFF00-\uFFEF])/gu;

/** How the searched HTML of a story is given to Pagefind: whether its blocks are ended, and whether they run on without a space. */
export interface SentenceShape {
  /** The full stop each block is ended with, where it has no end of its own; none to leave the blocks to Pagefind. */
  fullStop?: string;
  /** Whether the blocks are given as spans, so that Pagefind puts no space between them. */
  runOn: boolean;
}

/**
 * How a story in `storyLanguage` is given to an index in `indexLanguage`. A language with the Latin full
 * stop is left to Pagefind, which writes it so; Thai and Lao, which end a sentence with a space alone,
 * too. A story written without spaces runs its blocks on only in an index that cuts such text into words
 * itself: in another (a Japanese story on an English site), the spaces between its blocks are all that
 * divide it into words a reader can find.
 */
export function sentenceShape(storyLanguage: string, indexLanguage: string): SentenceShape {
  const fullStop = fullStopIn(storyLanguage);
  if (fullStop === "." || fullStop === "") return { runOn: false };
  return { fullStop, runOn: writtenWithoutSpaces(storyLanguage) && SEGMENTED_INDEX_LANGUAGES.has(primaryLanguage(indexLanguage)) };
}

/**
 * `html` (a story's searched text: the headline, bullets and body as searchDocument writes them) with
 * each of Pagefind's blocks ended as a sentence of `storyLanguage` where it has no end of its own, and,
 * when the shape runs them on, given as spans (a heading with its weight) with no space between them.
 * Text is as it was, escaped again; comments go, as Pagefind drops them.
 */
export function asSentences(html: string, storyLanguage: string, shape: SentenceShape): string {
  if (shape.fullStop === undefined) return html;
  const { runOn } = shape;
  let out = "";
  // The end of the text written so far, for whether a block ends as a sentence; and how much text there was.
  let lastText = "";
  let written = 0;
  // The text written when each open block opened: a block with none of its own gets no full stop.
  const openBlocks: number[] = [];
  // Running on, whitespace is held until text follows: at a block's edge it goes, as the block's space would.
  let heldSpace = "";
  let atBlockEdge = true;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const attributeText = Object.entries(attributes)
          .map(([key, value]) => ` ${key}="${escapeHtml(value)}"`)
          .join("");
        if (PAGEFIND_BLOCKS.has(name)) {
          openBlocks.push(written);
          if (runOn) {
            heldSpace = "";
            atBlockEdge = true;
            const weight = HEADING_WEIGHTS[name];
            out += `<span${weight === undefined ? "" : ` data-pagefind-weight="${weight}"`}${attributeText}>`;
            return;
          }
        } else {
          out += heldSpace;
          heldSpace = "";
        }
        out += `<${name}${attributeText}>`;
      },
      ontext(raw) {
        let text = runOn ? raw.replace(LINE_BREAK_BETWEEN_WIDE, "") : raw;
        if (runOn) {
          if (atBlockEdge) text = text.trimStart();
          const words = text.trimEnd();
          if (words === "") return void (heldSpace += text);
          out += heldSpace;
          heldSpace = text.slice(words.length);
          text = words;
          atBlockEdge = false;
        }
        out += escapeHtml(text);
        lastText = `${lastText}${text}`.trimEnd().slice(-16);
        written += text.trim().length;
      },
      onclosetag(name) {
        if (VOID_ELEMENTS.has(name)) return;
        if (!PAGEFIND_BLOCKS.has(name)) return void (out += `</${name}>`);
        const opened = openBlocks.pop() ?? 0;
        const ending = written > opened ? blockEnding(lastText, storyLanguage) : "";
        out += ending;
        lastText += ending;
        if (!runOn) return void (out += `</${name}>`);
        heldSpace = "";
        atBlockEdge = true;
        out += "</span>";
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return out;
}
