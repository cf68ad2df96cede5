import matter from "gray-matter";
import yaml from "js-yaml";
import { describeCharacter, LONE_SURROGATE } from "./article-text.ts";
import { holdsWideSpace, misplacedSpace } from "./yaml-spaces.ts";
import { anchoredTextProblem, inQuotes, unquotedValueProblem } from "./unquoted-text.ts";
import { FieldPlaces, pathKey, type KeyNotAName } from "./field-places.ts";

export interface FrontMatterFile {
  data: Record<string, unknown>;
  body: string;
  /** The YAML between the fences, as written. */
  yamlText: string;
  /** The file line (1-based) of each field and list item, by its path (lineOfField reads it). */
  fieldLines: ReadonlyMap<string, number>;
  /** The file line (1-based) the body starts on. */
  bodyLine: number;
}

/** A problem in a file's structure or YAML, with the 1-based line and column where one is known. */
export class FrontMatterSyntaxError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
    /** The front-matter field, e.g. `image.src`, when the problem is one field's. */
    readonly field?: string,
  ) {
    super(message);
  }
}

// Every value the editor wrote stays the text written, but for true/false and empty values: js-yaml's
// default schema would turn `2024-07-08T18:30:00` into a UTC Date and lose both the offset and the
// newsroom-zone rule, and its core schema reads numbers, so `tags: [007, 3.10]` published the tags 7
// and 3.1, `headline: 1e3` the headline 1000 and `shortUrl: 01234` the code 1234. No field is a number.
// (js-yaml exports its types, which its type declarations leave out.)
const { types: yamlTypes } = yaml as unknown as { types: Record<"null" | "bool", yaml.Type> };
const FRONT_MATTER_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({ implicit: [yamlTypes.null, yamlTypes.bool] });

function parseYaml(text: string, places: FieldPlaces): object {
  return (yaml.load(text, { schema: FRONT_MATTER_SCHEMA, listener: places.listener }) ?? {}) as object;
}

/** A file's text with a UTF-8 BOM dropped and CRLF line endings made LF, once it is known to open and close its front matter. */
function fencedText(source: string): string {
  const text = source.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  if (text.trim() === "") throw new FrontMatterSyntaxError("the file is empty: expected front matter between --- lines, then the story", 1);
  if (!/^---[ \t]*\n/.test(text)) {
    throw new FrontMatterSyntaxError("no front matter: expected the file to start with a --- line, the fields, and a closing --- line", 1);
  }
  if (!/\n---[ \t]*(?:\n|$)/.test(text.slice(3))) {
    throw new FrontMatterSyntaxError("the front matter is not closed: expected a --- line after the last field", 1);
  }
  return text;
}

/**
 * The fields of a file's front matter, as readFrontMatter reads them from a file without problems, but
 * without their lines or the body: for a reader that reports nothing (a shard's read of the rest of
 * its archive, src/story-places.ts), where gray-matter and the lines' listener were most of the cost.
 * Throws a FrontMatterSyntaxError, without a line, where readFrontMatter would throw one.
 */
export function frontMatterFields(source: string): Record<string, unknown> {
  const text = fencedText(source);
  // The YAML as gray-matter takes it: from after the opening --- to the first line that starts with ---.
  const afterOpening = text.slice(3);
  const yamlText = afterOpening.slice(0, afterOpening.indexOf("\n---"));
  if (yamlText.replace(/^\s*#[^\n]+/gm, "").trim() === "") return {};
  let data: unknown;
  try {
    data = yaml.load(yamlText, { schema: FRONT_MATTER_SCHEMA }) ?? {};
  } catch (error) {
    if (error instanceof yaml.YAMLException) throw new FrontMatterSyntaxError(`YAML syntax error: ${error.reason}`);
    throw error;
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw new FrontMatterSyntaxError("the front matter must be fields (key: value), not a list or a single value");
  return data as Record<string, unknown>;
}

/** Splits a Markdown article into front matter and body. Tolerates a UTF-8 BOM and CRLF line endings. */
export function readFrontMatter(source: string): FrontMatterFile {
  const text = fencedText(source);
  let parsed: matter.GrayMatterFile<string>;
  const places = new FieldPlaces();
  let yamlRead = "";
  try {
    // Passing options also stops gray-matter caching every file's text for the life of the process.
    parsed = matter(text, { engines: { yaml: (yamlText) => parseYaml((yamlRead = yamlText), places) } });
  } catch (error) {
    if (error instanceof yaml.YAMLException) {
      const unreadable = unreadableCharacter(text, error.reason);
      if (unreadable) throw unreadable;
      const documents = secondDocument(text, error.reason);
      if (documents) throw documents;
      // js-yaml counts from 0 inside the YAML, and the YAML gray-matter hands it starts with the rest of
      // the opening --- line (a line break): its line 0 is the file's line 1.
      const line = error.mark ? error.mark.line + 1 : undefined;
      const column = error.mark ? error.mark.column + 1 : undefined;
      const lines = text.split("\n");
      const field = error.reason === "duplicated mapping key" ? places.fieldGivenTwice() : undefined;
      const tag = tagNotRead(error.reason);
      if (tag) throw tagRefused(tag, places, yamlRead);
      // js-yaml stops at 100 lists or groups inside one another (a stack that deep is no story's), in its own words.
      const depth = /^nesting exceeded maxDepth \((\d+)\)$/.exec(error.reason)?.[1];
      if (depth) {
        const message = `lists or groups of fields nested more than ${depth} deep: expected text, a list of text, or fields holding them`;
        throw new FrontMatterSyntaxError(message, line, column, places.fieldBeingRead());
      }
      const reason = field ? "the field is given twice; expected each field once" : error.reason;
      const hint = line === undefined ? "" : closingMissingHint(lines, line);
      if (!field && !hint) {
        const misread =
          spaceRefused(lines, line) ?? flowCutByComment(places, yamlRead) ?? notClosed(places, yamlRead, error.reason) ?? unknownEscape(lines, line, column, error.reason) ?? unquotedValueOnLine(lines, line);
        if (misread) throw misread;
      }
      throw new FrontMatterSyntaxError(`YAML syntax error: ${reason}${hint}`, line, column, field);
    }
    throw error;
  }
  // A key holding a no-break space took it from the shape of a line: `headline\u00A0:`, or an indent of them.
  if ([...places.lines.keys()].some(holdsWideSpace)) {
    const space = spaceRefused(text.split("\n"));
    if (space) throw space;
  }
  const notName = places.notNames[0];
  if (notName) throw keyNotAName(notName, parsed.matter);
  // An anchor repeated by an alias is YAML written on purpose (README: Writing an article); one never repeated took its name from the text.
  const anchorsAsText = places.anchoredTexts
    .filter(({ anchored }) => !isAliased(parsed.matter, anchored.anchor.slice(1)))
    .map(({ at, field, anchored }) => ({ at, field, message: anchoredTextProblem(anchored) }));
  const [misread] = [...places.misread, ...anchorsAsText].sort((a, b) => a.at - b.at);
  if (misread) {
    const { line, column } = placeIn(parsed.matter, misread.at);
    throw new FrontMatterSyntaxError(misread.message, line, column, misread.field);
  }
  const data: unknown = parsed.data;
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new FrontMatterSyntaxError("the front matter must be fields (key: value), not a list or a single value", 2);
  }
  // gray-matter's content is the end of the text, from the line after the closing ---.
  const bodyLine = text.slice(0, text.length - parsed.content.length).split("\n").length;
  return { data: data as Record<string, unknown>, body: parsed.content, yamlText: parsed.matter, fieldLines: places.lines, bodyLine };
}

/**
 * The 1-based file line of a field such as `["image", "caption"]` or a list item such as `["tags", 2]`;
 * the line of the nearest enclosing field or item written otherwise (a field left out is placed on the
 * group it belongs in), or undefined.
 */
export function lineOfField(frontMatter: Pick<FrontMatterFile, "fieldLines">, path: readonly PropertyKey[]): number | undefined {
  for (let length = path.length; length > 0; length--) {
    const line = frontMatter.fieldLines.get(pathKey(path.slice(0, length)));
    if (line !== undefined) return line;
  }
  return undefined;
}

/** A line that starts a field (`key:`), as YAML would read it at the top level. */
const FIELD_LINE = /^(["']?)[^"':#\s][^"':#]*\1\s*:(?:\s|$)/;
/**
 * A line shaped as a field whose name begins with a capital letter, as no field of the article format's
 * does: `Source: Reuters`, `Note: updated on Tuesday`, `UPDATE: …`. After a blank line, it is taken to
 * be the story's first line, as a paragraph is.
 */
const LABEL_LINE = /^\p{Lu}[^"':#]*:(?:\s|$)/u;
const isField = (line: string) => FIELD_LINE.test(line) && !LABEL_LINE.test(line);

/**
 * "; is the closing --- missing? …", naming where the fields seem to end and the story to start, when
 * a problem on the 1-based file line `line` seems to come of a story read as YAML (storyInFrontMatter);
 * "" otherwise. `lines` are the file's, or "---" and the front matter's.
 */
function closingMissingHint(lines: readonly string[], line: number): string {
  const story = storyInFrontMatter(lines, line);
  return story ? `; is the closing --- missing? The front matter seems to end on line ${story.fieldsEnd}, and the story to start on line ${story.start}` : "";
}

/**
 * closingMissingHint for a field the article format does not have, on its file line, in the front
 * matter as read (FrontMatterFile.yamlText): a story whose first lines are shaped as fields (`Source:
 * Reuters`) has them read as fields when no line after them is prose, down to a thematic break.
 */
export function closingMissingHintForField(yamlText: string, line: number): string {
  return closingMissingHint(`---${yamlText}`.split("\n"), line);
}

/**
 * Where the story seems to start inside what was read as front matter: a story whose closing --- is
 * missing has its body read as YAML up to its first --- line (a Markdown thematic break), which fails on
 * the prose. Taken to be so only when the YAML error is at or after a paragraph, heading or label (a line
 * at the margin, after a blank line, that is no field or list item; LABEL_LINE) and no field follows it:
 * a mistake inside real front matter (a field missing its colon) has fields after it, or no blank line
 * before it.
 */
function storyInFrontMatter(lines: readonly string[], errorLine: number): { fieldsEnd: number; start: number } | undefined {
  const closing = lines.findIndex((line, index) => index > 0 && /^---[ \t]*$/.test(line));
  const yamlEnd = closing < 0 ? lines.length : closing;
  const blank = (index: number) => (lines[index] ?? "").trim() === "";
  const start = lines.findIndex((line, index) => index > 1 && index < yamlEnd && blank(index - 1) && /^[^\s-]/.test(line) && !isField(line));
  if (start < 0 || errorLine < start + 1) return undefined;
  if (lines.slice(start + 1, yamlEnd).some(isField)) return undefined;
  let fieldsEnd = start - 1;
  while (fieldsEnd > 1 && blank(fieldsEnd - 1)) fieldsEnd--;
  return { fieldsEnd, start: start + 1 };
}

/**
 * The field named on a 0-based line of the file, with the fields it is nested in (`image.src`), read
 * from the indentation; undefined when the line holds no `key:`. Used only for a character YAML cannot
 * read: js-yaml refuses a null byte before reading any node, so the listener has placed none.
 */
function fieldOnLine(lines: readonly string[], index: number): string | undefined {
  const keyOf = (text: string) => /^(\s*)(["']?)([^"':#\s][^"':#]*)\2\s*:(?:\s|$)/.exec(text);
  const match = keyOf(lines[index] ?? "");
  if (!match) return undefined;
  const path = [match[3]!.trim()];
  let indent = match[1]!.length;
  for (let i = index - 1; i > 0 && indent > 0; i--) {
    const outer = keyOf(lines[i] ?? "");
    if (outer && outer[1]!.length < indent) {
      // A field with a value of its own holds no fields: a line indented under it (with a tab) is out of line, not inside it.
      if (!/^\s*(?:#.*)?$/.test(lines[i]!.slice(outer[0].length))) break;
      path.unshift(outer[3]!.trim());
      indent = outer[1]!.length;
    }
  }
  return path.join(".");
}

/** The refusal of a key YAML reads as no name, on its line and column in the file; `yamlText` is the front matter as read. */
function keyNotAName({ start, field, read }: KeyNotAName, yamlText: string): FrontMatterSyntaxError {
  const { line, column } = placeIn(yamlText, start);
  const found =
    read === null
      ? "YAML reads this key as null (no value), not as a name"
      : typeof read === "boolean"
        ? `YAML reads this key as the value ${read}, not as a name`
        : Array.isArray(read)
          ? "this key is a list, not a name"
          : typeof read === "object"
            ? "this key is a group of fields, not a name"
            : "this key is empty";
  return new FrontMatterSyntaxError(`${found}: expected a field's name before the colon`, line, column, field);
}

// What js-yaml refuses to read in a file, which it names only as "non-printable characters" at the end
// of the value holding one (a null byte, on no line at all): the controls but tab and line break, DEL and
// most C1 controls, U+FFFE, U+FFFF and lone surrogates.
const NOT_YAML = new RegExp(`[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u0084\\u0086-\\u009F\\uFFFE\\uFFFF]|${LONE_SURROGATE.source}`);

/** For js-yaml's refusal of a character it cannot read, the character named on its own line and column, and its field; undefined for any other error. */
function unreadableCharacter(text: string, reason: string): FrontMatterSyntaxError | undefined {
  if (reason !== "the stream contains non-printable characters" && reason !== "null byte is not allowed in input") return undefined;
  const found = NOT_YAML.exec(text);
  if (!found) return undefined;
  const before = text.slice(0, found.index);
  const lines = text.split("\n");
  const line = before.split("\n").length;
  const column = [...before.slice(before.lastIndexOf("\n") + 1)].length + 1;
  const { name } = describeCharacter(found[0]);
  const message = `the front matter holds ${name}, which YAML cannot read (pasted from another program, perhaps): remove it`;
  return new FrontMatterSyntaxError(message, line, column, fieldOnLine(lines, line - 1));
}

/**
 * For a YAML error inside a list or group of fields in brackets that a comment left open (`tags:
 * [#MeToo, US]`, where the comment runs to the end of the line, past the closing bracket), the comment
 * named on its line, with the item in quotes; undefined for any other error. js-yaml placed it where
 * it stopped reading, on the line after the brackets or the closing ---.
 */
function flowCutByComment(places: FieldPlaces, yamlText: string): FrontMatterSyntaxError | undefined {
  const flow = places.openFlow(yamlText);
  if (!flow) return undefined;
  const lineEnd = yamlText.indexOf("\n", flow.start);
  const comment = /(?<=[\s[{,])#[^\n]*/.exec(yamlText.slice(flow.start, lineEnd < 0 ? undefined : lineEnd));
  if (!comment) return undefined;
  const item = /^#[^,\]}]*/.exec(comment[0])![0].trimEnd();
  const { line, column } = placeIn(yamlText, flow.start + comment.index);
  const message = `YAML reads ${JSON.stringify(comment[0].trimEnd())} as a comment, to the end of the line, so the bracket on this line is never closed: write the item in quotes, ${inQuotes(item)}`;
  return new FrontMatterSyntaxError(message, line, column, flow.field);
}

/** A tab or a no-break space where YAML takes only spaces, or a colon that only looks like one, up to the 1-based file line `upTo` (src/yaml-spaces.ts), refused on its line and column. */
function spaceRefused(lines: readonly string[], upTo?: number): FrontMatterSyntaxError | undefined {
  const found = misplacedSpace(lines, upTo);
  return found && new FrontMatterSyntaxError(found.message, found.line, found.column, found.field ?? fieldOnLine(lines, found.line - 1));
}

/**
 * For js-yaml's refusal of a quote or bracket never closed, which it placed where it stopped reading (the
 * closing ---, or the field after a list), the quote or bracket on its own line, naming its field; undefined
 * for any other error.
 */
function notClosed(places: FieldPlaces, yamlText: string, reason: string): FrontMatterSyntaxError | undefined {
  const quoted = /^unexpected end of the stream within a (?:double|single) quoted scalar$/.test(reason);
  const bracketed = /^(?:missed comma between flow collection entries|unexpected end of the stream within a flow collection)$/.test(reason);
  const opened = quoted ? places.failedNode(yamlText) : bracketed ? places.openFlow(yamlText) : undefined;
  if (!opened) return undefined;
  const mark = yamlText[opened.start]!;
  const closer = { '"': '"', "'": "'", "[": "]", "{": "}" }[mark];
  if (closer === undefined) return undefined;
  const { line, column } = placeIn(yamlText, opened.start);
  const message = quoted
    ? `the ${mark} that opens this text is never closed, so YAML read on to the end of the front matter: expected a ${closer} at the end of the text`
    : `the ${mark} that opens this ${mark === "[" ? "list" : "group of fields"} is never closed: expected a ${closer} after its last item, and a comma between items`;
  return new FrontMatterSyntaxError(message, line, column, opened.field || undefined);
}

/**
 * For js-yaml's "unknown escape sequence", a backslash in double quotes that starts no escape (`"AC\DC"`,
 * `"Price \$5"`): the backslash named on its line and column, with what to write instead.
 */
function unknownEscape(lines: readonly string[], line: number | undefined, column: number | undefined, reason: string): FrontMatterSyntaxError | undefined {
  if (reason !== "unknown escape sequence" || line === undefined || column === undefined) return undefined;
  const text = lines[line - 1] ?? "";
  // js-yaml marks the character after the backslash.
  const backslash = text.lastIndexOf("\\", column - 1);
  if (backslash < 0) return undefined;
  const escape = text.slice(backslash, backslash + 2);
  const message = `a backslash in double quotes starts an escape (\\n for a line break, \\" for a quote), and ${escape} is none: write \\\\ for a backslash, or put the text in single quotes, which read every character as it is`;
  return new FrontMatterSyntaxError(message, line, [...text.slice(0, backslash)].length + 1, fieldOnLine(lines, line - 1) ?? fieldAbove(lines, line - 1));
}

/** For a YAML error on a line whose value, written without quotes, YAML reads as something other than text, that refusal (src/unquoted-text.ts); undefined otherwise. */
function unquotedValueOnLine(lines: readonly string[], line: number | undefined): FrontMatterSyntaxError | undefined {
  const problem = line === undefined ? undefined : unquotedValueProblem(lines[line - 1] ?? "");
  return problem && new FrontMatterSyntaxError(problem.message, line, problem.column, fieldOnLine(lines, line! - 1) ?? fieldAbove(lines, line! - 1));
}

/** For a 0-based line holding no `key:` (a list item), the field it is in: the nearest line above it, less indented, that holds one. */
function fieldAbove(lines: readonly string[], index: number): string | undefined {
  const indent = /^[ \t]*/.exec(lines[index] ?? "")![0].length;
  for (let above = index - 1; above > 0; above--) {
    if (/^[ \t]*/.exec(lines[above]!)![0].length < indent) return fieldOnLine(lines, above);
  }
  return undefined;
}

/** Whether an alias (`*name`) repeats the anchor of that name somewhere in the YAML text. */
function isAliased(yamlText: string, name: string): boolean {
  return yamlText.split(`*${name}`).slice(1).some((after) => /^(?:$|[\s,\]}])/.test(after));
}

/** The 1-based file line and column (in characters) of an offset in the front matter as read. */
function placeIn(yamlText: string, offset: number): { line: number; column: number } {
  // The YAML starts with the rest of the opening --- line: its line breaks before the offset count the file's lines before it.
  const before = yamlText.slice(0, offset);
  return { line: before.split("\n").length, column: [...before.slice(before.lastIndexOf("\n") + 1)].length + 1 };
}

/**
 * The refusal of an explicit tag on the line and column where the tagged key or value starts, naming
 * its field: js-yaml places it where it stopped reading, which for a key such as `!!null: value` (a tag
 * ending in a colon, then a value read as the key) is the line after it, or the closing ---.
 */
function tagRefused(reason: string, places: FieldPlaces, yamlText: string): FrontMatterSyntaxError {
  const failed = places.failedNode(yamlText);
  const place = failed ? placeIn(yamlText, failed.start) : undefined;
  const hint = place ? closingMissingHint(`---${yamlText}`.split("\n"), place.line) : "";
  return new FrontMatterSyntaxError(`YAML syntax error: ${reason}${hint}`, place?.line, place?.column, failed?.field || undefined);
}

/**
 * js-yaml's refusal of an explicit tag (`!!binary`, `!!js/function`, `!custom`; `!!null` on a value that
 * is not empty) in words an editor can act on: it names the tag as `!<tag:yaml.org,2002:binary>`, and
 * says nothing of what to do. Undefined for any other error.
 */
function tagNotRead(reason: string): string | undefined {
  const tag = /^(?:unknown tag !<(.*)>|cannot resolve a node with !<(.*)> explicit tag)$/.exec(reason);
  if (!tag) return undefined;
  const name = (tag[1] ?? tag[2] ?? "").replace(/^tag:yaml\.org,2002:/, "!!");
  return `the tag ${name} is not read: front matter holds text, true or false, lists and fields; remove the tag, or put a value that begins with ! in quotes`;
}

/**
 * For js-yaml's "expected a single document in the stream, but found more", on no line: a `...` line
 * (YAML's end of a document) with more after it. The second --- closes the front matter, so it is
 * never the cause.
 */
function secondDocument(text: string, reason: string): FrontMatterSyntaxError | undefined {
  if (reason !== "expected a single document in the stream, but found more") return undefined;
  const index = text.split("\n").findIndex((line, at) => at > 0 && /^\.\.\.(?:\s|$)/.test(line));
  const line = index < 0 ? undefined : index + 1;
  return new FrontMatterSyntaxError("a ... line, which ends a YAML document, has more after it: expected the fields alone between the two --- lines; remove the ... line", line, line === undefined ? undefined : 1);
}
