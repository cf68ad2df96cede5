/**
 * What YAML makes of an editor's text written without quotes, in the editor's words: the characters that
 * mean something to YAML where an editor means text (a `#` after a space, `&` and a word, a colon and a
 * space, a quote, bracket or `*` at the start, a `- ` line inside a list item, the words true and false),
 * and the value as it would read in quotes. src/field-places.ts, src/front-matter.ts and src/article-loader.ts
 * find where they stand; this module says what went wrong and what to write instead.
 */

/** Text as YAML reads it in quotes: single quotes, which take every character as it is, unless it holds an apostrophe. */
export function inQuotes(text: string): string {
  return text.includes("'") ? JSON.stringify(text) : `'${text}'`;
}

/** A value YAML cut short at a comment, where it was written. */
export interface CommentCut {
  /** What YAML read: the text before the comment, or null when the comment is all there is. */
  kept: string | null;
  /** The comment, from its # to the end of its line. */
  comment: string;
  /** How the field or list item is written before its value: `headline:`, `-`. */
  lead: string;
}

/**
 * The refusal of a value cut short by a `#` with no space after it, which starts a YAML comment after a
 * space (`headline: We're #1 again`, `tags: #MeToo`): the rest of the line was left out of the page without
 * a word. A comment with a space after its # (`# optional`, as the format's own example writes them) is taken
 * to be one.
 */
export function commentCutProblem({ kept, comment, lead }: CommentCut): string {
  const written = kept === null ? comment : `${kept} ${comment}`;
  const would = kept === null ? "empty" : JSON.stringify(kept);
  return `YAML reads ${JSON.stringify(comment)} as a comment, which is not published, so this would be ${would}: write the text in quotes (${lead} ${inQuotes(written)}), or, for a comment, put a space after the #`;
}

/** A text value written after an anchor (`&name`), which no alias repeats. */
export interface AnchoredText {
  /** The anchor as written, with its &. */
  anchor: string;
  /** The anchor and the text after it, as written. */
  written: string;
  /** What YAML read: the text after the anchor, or null when there is none. */
  kept: string | null;
  /** How the field or list item is written before its value: `headline:`, `-`. */
  lead: string;
}

/**
 * The refusal of text that starts with `&` and a word (`headline: &more rise`, `credit: &copy; AP`): YAML
 * reads the word as the name of an anchor, for an alias (`*more`) to repeat, and publishes the rest alone.
 */
export function anchoredTextProblem({ anchor, written, kept, lead }: AnchoredText): string {
  const would = kept === null ? "empty" : JSON.stringify(kept);
  return `YAML reads ${JSON.stringify(anchor)} at the start of a value as the name of an anchor, for an alias (*) to repeat, not as text, so this would be ${would}: write the text in quotes (${lead} ${inQuotes(written)})`;
}

/**
 * For text expected where YAML read a group of one field, `name: text` (a bullet `- PM: talks go on`, a tag
 * `[Star Wars: Andor]`), or true or false, the refusal saying why, with the text in quotes; undefined for
 * any other value.
 */
export function pairForTextProblem(found: unknown): string | undefined {
  // A word YAML reads as true or false (a tag "true", a headline "False") is text in quotes.
  if (typeof found === "boolean") return `expected text; found ${found}, which YAML reads as true or false, not as text: write it in quotes, '${found}'`;
  if (typeof found !== "object" || found === null || Array.isArray(found)) return undefined;
  const entries = Object.entries(found);
  if (entries.length !== 1) return undefined;
  const [[name, value]] = entries as [[string, unknown]];
  if (!(typeof value === "string" || value === null)) return undefined;
  const text = value === null ? `${name}:` : `${name}: ${value}`;
  return `expected text; found ${JSON.stringify(text)}, which YAML reads as a field named ${JSON.stringify(name)}, for the colon and space in it: write the text in quotes, ${inQuotes(text)}`;
}

/**
 * The refusal of a list item whose text YAML read on into a more indented line starting with `- `, which an
 * editor wrote as a list inside the list: published as one text, its dash in the middle.
 */
export function itemInTextProblem(kept: string): string {
  return `YAML reads this - line, indented under the item above it, as more of that item's text, so the item would be ${JSON.stringify(kept)}: the format's lists hold text, one level deep; write it as an item of its own, at the indent of the others, or join it to the line above`;
}

/** A line of front matter holding a field or a list item and its value, as written. */
const VALUE_LINE = /^([ \t]*)((?:- +)*(?:[^\s"'#:-][^:#]*?|"[^"]*"|'[^']*')[ \t]*:|-)[ \t]+(\S.*?)[ \t]*$/;

/**
 * For a YAML error on a line holding `field: value` or `- value` written without quotes, what in the
 * value YAML read as something other than text, with the line as it would read in quotes; undefined
 * when the value is not the cause. `column` is the 1-based column of the value.
 */
export function unquotedValueProblem(line: string): { message: string; column: number } | undefined {
  // A list item written as Markdown writes one: YAML reads `* one` as an alias with no name.
  const starred = /^([ \t]*)\*[ \t]+(\S.*?)[ \t]*$/.exec(line);
  if (starred) {
    const message = `a list item written with * (as Markdown writes one), which YAML reads as the name of an anchor to repeat: YAML's list items start with - and a space, - ${starred[2]}`;
    return { message, column: starred[1]!.length + 1 };
  }
  const match = VALUE_LINE.exec(line);
  if (!match) return undefined;
  const [, indent = "", lead = "", value = ""] = match;
  const cause = whatYamlReads(value);
  if (!cause) return undefined;
  const column = [...line.slice(0, line.indexOf(value, indent.length + lead.length))].length + 1;
  return { message: `${cause.reads}: write the text in quotes, ${lead} ${inQuotes(cause.text)}`, column };
}

/** What YAML reads in a value, and the text the editor meant; undefined when YAML reads the value as the text it is. */
function whatYamlReads(value: string): { reads: string; text: string } | undefined {
  const quote = value[0];
  if (quote === '"' || quote === "'") {
    const closing = closingQuote(value);
    if (closing === undefined || closing === value.length - 1 || /^[ \t]*#/.test(value.slice(closing + 1))) return undefined;
    const apostrophe = quote === "'" && /\p{L}/u.test(value[closing - 1] ?? "") && /\p{L}/u.test(value[closing + 1] ?? "");
    const reads = apostrophe
      ? `the apostrophe after ${JSON.stringify(value.slice(0, closing))} closes the single quotes the text opens with (in single quotes, an apostrophe is written twice, '')`
      : `the quote at the start of the text closes at ${JSON.stringify(value.slice(0, closing + 1))}, and YAML reads nothing after a closing quote`;
    return { reads, text: apostrophe ? value.slice(1, value.endsWith("'") ? -1 : undefined) : value };
  }
  const special = SPECIAL_START.find(({ start }) => start.test(value));
  if (special) return { reads: `YAML reads ${special.reads}`, text: value };
  if (/:(?:[ \t]|$)/.test(value)) return { reads: `YAML reads a colon followed by a space (or ending the line) as the end of a field's name`, text: value };
  return undefined;
}

/** The index of the quote that closes a quoted value, as YAML reads it; undefined when it is not closed on the line. */
function closingQuote(value: string): number | undefined {
  for (let at = 1; at < value.length; at++) {
    if (value[0] === '"' && value[at] === "\\") at++;
    else if (value[at] === value[0]) {
      if (value[0] === "'" && value[at + 1] === "'") at++;
      else return at;
    }
  }
  return undefined;
}

/** The characters that mean something to YAML at the start of a value written without quotes. */
const SPECIAL_START: readonly { start: RegExp; reads: string }[] = [
  { start: /^\*/, reads: "a * at the start of a value as the name of an anchor to repeat (an alias), not as text" },
  // Only with text after the closing bracket: a list with a mistake inside (`[US, , TTP]`) is no text.
  { start: /^(?:\[[^\]]*\]|\{[^}]*\})[ \t]*[^\s#]/, reads: "a value that starts with [ or { as a list or a group of fields, which ends at its closing bracket" },
  { start: /^[@`%]/, reads: "@, ` and % at the start of a value as characters it keeps for itself" },
  { start: /^[|>]/, reads: "| and > at the start of a value as the start of a block of text on the lines below" },
  { start: /^[-?](?:[ \t]|$)/, reads: "- or ? and a space at the start of a value as the start of a list or a key" },
];
