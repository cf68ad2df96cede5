import yaml from "js-yaml";
import { commentCutProblem, itemInTextProblem, type AnchoredText } from "./unquoted-text.ts";

// Where js-yaml found each field of the front matter, and what it read otherwise than written, from its
// listener (src/front-matter.ts reads the file and words the refusals).

/** A key YAML reads as something other than a name, where it was written. */
export interface KeyNotAName {
  /** Offset of the key in the YAML text. */
  start: number;
  /** The key as written (`~`, `TRUE`, `[a, b]`), after the fields it is nested in: `image.~`, `tags.1.~`. */
  field: string;
  /** What YAML read it as. */
  read: unknown;
}

/** Text YAML read otherwise than the editor wrote it: where (an offset in the YAML text), its field, and the refusal. */
interface Misread {
  at: number;
  field: string;
  message: string;
}

/** A node js-yaml is reading, where it starts, and which of its own entries is being read. */
interface OpenNode {
  /** Offset in the YAML text, before any space or comment ahead of a field's value. */
  start: number;
  /** 0-based line of the YAML text `start` is on. */
  line: number;
  /** Whether the node is a list (written `- ` or `[`), whose entries are items. */
  list: boolean;
  /** Where a list's entries start, after its `- ` or `[`. */
  entriesFrom: number;
  /** Whether the node is a key written after `?`, whose colon may be on a later line. */
  explicitKey: boolean;
  /**
   * The field whose value is being read, once the node is known to be a group of fields; in a list, the
   * key of the single-pair group (`[a: b]`) that is the item being read.
   */
  key?: string;
  /** The last key read in the node, kept after its value is read: the field js-yaml finds given twice. */
  lastKey?: string;
  /** In a list, the items read so far: the index of the one being read. */
  items: number;
}

// js-yaml turns every key into text when it stores it, so `~:` became the field "null", `TRUE:` "true" and
// `[a, b]:` "a,b": refused as unknown fields under names nobody wrote, on no line (no line holds them as
// written). Its listener sees each node as read, where it was written, before that; a node followed by a
// colon is a key.
const KEY_ENDS = /[ \t]*:/y;
// After `?`, js-yaml reads the key up to a `:` on any later line, past space and comments.
const EXPLICIT_KEY_ENDS = /(?:\s|#[^\n]*)*:/y;
// Space, line breaks and comments js-yaml passes over after opening a field's value, before the value.
const BEFORE_VALUE = /(?:\s|#[^\n]*)*/y;
// A list's start, after any tag or anchor: js-yaml also opens a node inside a scalar it reads as a
// possible key, so a node's entries are items only when it is written as a list.
const LIST_STARTS = /(?:\s|#[^\n]*)*(?:[!&]\S*\s+)*(?:-(?:\s|$)|\[)/y;
// A value written without quotes, past any tag or anchor: not in quotes, a block of text, or a flow.
const PLAIN_VALUE_STARTS = /[ \t]*(?:[!&]\S*[ \t]+)*(?![ \t"'|>[{])/y;
// A comment whose # has no space after it, after the space that ends a value (or on an empty value's line).
const COMMENT_WITHOUT_SPACE = /([ \t]*)(#[^\s#][^\n]*)/y;
// An anchor ahead of a value, after any tag: `&name`, its name all up to the next space.
const ANCHOR_BEFORE_TEXT = /[ \t]*(?:![^\s]*[ \t]+)?(&[^\s]+)/y;
// A list item holding only such a comment.
const EMPTY_ITEM_COMMENT = /^[ \t]*-[ \t]+(#[^\s#][^\n]*)$/gm;
// A key as written on its line, before its colon: for a node whose reading failed before it was known to be one.
const KEY_ON_LINE = /([^\n]*?)[ \t]*:(?:[ \t]|$)/my;

/** A field's or list item's path as a key of FrontMatterFile.fieldLines: names and indexes alike as text. */
export const pathKey = (path: readonly PropertyKey[]) => JSON.stringify(path.map(String));

/**
 * Where each field and list item of the front matter was written, as js-yaml reads them, from its
 * listener: the one source of a field's line, so a key written with a tag or anchor (`!!str ~:`, `&a
 * foo:`) or in quotes is found as surely as a plain one. Also collects the keys YAML reads as something
 * other than a name, and places a node js-yaml refused while reading it.
 */
export class FieldPlaces {
  /** File lines (1-based) by pathKey. */
  readonly lines = new Map<string, number>();
  readonly notNames: KeyNotAName[] = [];
  /**
   * Text YAML read otherwise than as written, with where (an offset in the YAML text): a value a comment cut
   * short, a list item that took in a `- ` line below it.
   */
  readonly misread: Misread[] = [];
  /** Text values written after an anchor (`&name text`), where the anchor is: it read as text only if an alias repeats it. */
  readonly anchoredTexts: { at: number; field: string; anchored: AnchoredText }[] = [];
  private readonly open: OpenNode[] = [];

  readonly listener: NonNullable<yaml.LoadOptions["listener"]> = (event, state) => {
    if (event === "open") {
      LIST_STARTS.lastIndex = state.position;
      const list = LIST_STARTS.test(state.input);
      const entriesFrom = LIST_STARTS.lastIndex;
      const questionMark = questionMarkBefore(state.input, state.position);
      // js-yaml opens a node just after the `?`, then, reading it, one where the key is written: the first is the key.
      const explicitKey = questionMark !== undefined && (this.open.at(-1)?.start ?? -1) <= questionMark;
      this.open.push({ start: state.position, line: state.line, list, entriesFrom, explicitKey, items: 0 });
      return;
    }
    const node = this.open.pop()!;
    const parent = this.open.at(-1);
    if (!parent) return;
    // The YAML starts with the rest of the opening --- line: its line 0 is the file's line 1.
    const fileLine = node.line + 1;
    const keyEnds = node.explicitKey ? EXPLICIT_KEY_ENDS : KEY_ENDS;
    keyEnds.lastIndex = state.position;
    if (keyEnds.test(state.input)) {
      // A group of fields whose first key is a list (`[a, b]: c`) starts as a list does.
      if (parent.list && node.start < parent.entriesFrom) parent.list = false;
      // A key read in a list is that of a group of one field (`[a: b]`), which is the list's item.
      const around = parent.list ? [...this.pathOfOpen(), parent.items] : this.pathOfOpen();
      if (parent.list) this.lines.set(pathKey(around), fileLine);
      const asRead = state.input.slice(node.start, state.position);
      const written = asRead.trim();
      const read: unknown = state.result;
      const isName = typeof read === "string" && read !== "";
      const start = node.start + asRead.length - asRead.trimStart().length;
      if (!isName) this.notNames.push({ start, field: [...around, written].join("."), read });
      const key = isName ? read : written;
      this.lines.set(pathKey([...around, key]), fileLine);
      parent.key = parent.lastKey = key;
    } else if (parent.key !== undefined) {
      const lead = `${parent.key}:`;
      this.noteCommentCut(node, state, this.valuePath, lead);
      this.noteAnchoredText(node, state, this.valuePath, lead);
      parent.key = undefined;
      if (parent.list) parent.items++;
    } else if (parent.list) {
      this.lines.set(pathKey([...this.pathOfOpen(), parent.items]), fileLine);
      this.noteCommentCut(node, state, this.valuePath, "-");
      this.noteAnchoredText(node, state, this.valuePath, "-");
      this.noteItemInText(node, state, this.valuePath);
      parent.items++;
    }
  };

  /**
   * Notes a value written without quotes that YAML cut short at a comment whose # has no space
   * after it (`We're #1 again`, `#MeToo`): the text after it would be left out without a word.
   */
  private noteCommentCut(node: OpenNode, state: { input: string; position: number; result: unknown }, pathOf: () => PropertyKey[], lead: string): void {
    const { input, position, result: kept } = state;
    if (Array.isArray(kept) && node.list) return this.noteEmptyItemComment(node, input, position, kept.indexOf(null), pathOf);
    if (!(typeof kept === "string" || kept === null)) return;
    PLAIN_VALUE_STARTS.lastIndex = node.start;
    if (!PLAIN_VALUE_STARTS.test(input)) return;
    // Plain text ends before the space ahead of a comment's #; an empty value's comment follows its colon or dash.
    COMMENT_WITHOUT_SPACE.lastIndex = kept === null ? node.start : position;
    const found = COMMENT_WITHOUT_SPACE.exec(input);
    if (!found) return;
    const hash = found.index + found[1]!.length;
    if (input[hash - 1] !== " " && input[hash - 1] !== "\t") return;
    this.misread.push({ at: hash, field: pathOf().join("."), message: commentCutProblem({ kept, comment: found[2]!.trimEnd(), lead }) });
  }

  /**
   * Notes a list item written without quotes whose text goes on to a line starting with `- `:
   * YAML reads that line as more of the text (`- Talks go on` then, indented, `- in Doha` is "Talks go on -
   * in Doha"), where the editor wrote a list inside the list.
   */
  private noteItemInText(node: OpenNode, state: { input: string; position: number; result: unknown }, pathOf: () => PropertyKey[]): void {
    const { input, position, result: kept } = state;
    if (typeof kept !== "string") return;
    PLAIN_VALUE_STARTS.lastIndex = node.start;
    if (!PLAIN_VALUE_STARTS.test(input)) return;
    if (!input.slice(node.start, position).includes("\n")) return;
    const dash = /\n[ \t]*-[ \t]/.exec(input.slice(node.start, position));
    if (dash) this.misread.push({ at: node.start + dash.index + dash[0].indexOf("-"), field: pathOf().join("."), message: itemInTextProblem(kept) });
  }

  /** Notes a text value written after an anchor (`headline: &more rise`), whose name YAML takes from the text. */
  private noteAnchoredText(node: OpenNode, state: { input: string; position: number; result: unknown }, pathOf: () => PropertyKey[], lead: string): void {
    const { input, position, result: kept } = state;
    if (!(typeof kept === "string" || kept === null)) return;
    ANCHOR_BEFORE_TEXT.lastIndex = node.start;
    const found = ANCHOR_BEFORE_TEXT.exec(input);
    if (!found || found.index + found[0].length > position) return;
    const at = found.index + found[0].length - found[1]!.length;
    this.anchoredTexts.push({ at, field: pathOf().join("."), anchored: { anchor: found[1]!, written: input.slice(at, position).trim(), kept, lead } });
  }

  /**
   * For a list whose item `index` is empty (-1 for none), the first `- #comment` among its lines: js-yaml
   * reads an item that holds only a comment without opening a node for it.
   */
  private noteEmptyItemComment(list: OpenNode, input: string, end: number, index: number, pathOf: () => PropertyKey[]): void {
    if (index < 0) return;
    EMPTY_ITEM_COMMENT.lastIndex = list.start;
    const found = EMPTY_ITEM_COMMENT.exec(input);
    if (!found || found.index >= end) return;
    const comment = found[1]!.trimEnd();
    this.misread.push({ at: found.index + found[0].length - found[1]!.length, field: [...pathOf(), index].join("."), message: commentCutProblem({ kept: null, comment, lead: "-" }) });
  }

  /**
   * For an error js-yaml threw inside a list or group of fields written in brackets, the outermost
   * such flow still open: where its bracket is, and its field.
   */
  openFlow(input: string): { start: number; field: string } | undefined {
    for (const [index, node] of this.open.entries()) {
      BEFORE_VALUE.lastIndex = node.start;
      BEFORE_VALUE.test(input);
      const start = BEFORE_VALUE.lastIndex;
      if (input[start] === "[" || input[start] === "{") return { start, field: pathThrough(this.open.slice(0, index)).join(".") };
    }
    return undefined;
  }

  /** The path of the value just read (a field's or a list item's), asked only for one refused. */
  private readonly valuePath = (): PropertyKey[] => pathThrough(this.open);

  /** The path of the innermost node open, as the fields and items around it name it. */
  private pathOfOpen(): PropertyKey[] {
    return pathThrough(this.open.slice(0, -1));
  }

  /**
   * For an error js-yaml threw while reading a node (an explicit tag it refuses), where that node
   * starts and the field it is, or is the value of; undefined when no node was open.
   */
  failedNode(input: string): { start: number; field: string } | undefined {
    const node = this.open.at(-1);
    if (!node) return undefined;
    BEFORE_VALUE.lastIndex = node.start;
    BEFORE_VALUE.test(input);
    const start = BEFORE_VALUE.lastIndex;
    const parent = this.open.at(-2);
    const around = pathThrough(this.open.slice(0, -2));
    if (!parent || parent.key !== undefined || parent.list) return { start, field: pathThrough(this.open.slice(0, -1)).join(".") };
    KEY_ON_LINE.lastIndex = start;
    const key = KEY_ON_LINE.exec(input)?.[1];
    return { start, field: [...around, ...(key === undefined ? [] : [key])].join(".") };
  }

  /** The top-level field whose value is being read, where js-yaml stopped; undefined when none is. */
  fieldBeingRead(): string | undefined {
    const [field] = pathThrough(this.open.slice(0, -1));
    return typeof field === "string" ? field : undefined;
  }

  /**
   * For js-yaml's "duplicated mapping key", thrown once the second value is read, the field given twice:
   * the last key read in the group of fields still open, after the fields and items it is nested in.
   */
  fieldGivenTwice(): string | undefined {
    const group = this.open.at(-1);
    if (group?.lastKey === undefined) return undefined;
    return [...pathThrough(this.open.slice(0, -1)), group.lastKey].join(".");
  }
}

/** The path to the node read inside the last of `nodes`, each open inside the one before. */
function pathThrough(nodes: readonly OpenNode[]): PropertyKey[] {
  return nodes.flatMap((node): PropertyKey[] => {
    if (node.list) return node.key !== undefined ? [node.items, node.key] : [node.items];
    return node.key !== undefined ? [node.key] : [];
  });
}

/**
 * The offset of the `?` that makes a node opened at `position` an explicit key, if one does: js-yaml
 * opens the key just after its `?` in a block, and after the space and line breaks that follow it in a
 * flow (`[? a]`). A `?` ending text (`Why?`) is none, having no space before it.
 */
function questionMarkBefore(input: string, position: number): number | undefined {
  let at = position - 1;
  while (at >= 0 && (input[at] === " " || input[at] === "\t" || input[at] === "\n")) at--;
  if (input[at] !== "?") return undefined;
  const before = input[at - 1];
  return before === undefined || /[\s[{,]/.test(before) ? at : undefined;
}
