/**
 * Spaces that YAML does not take as the spaces that shape front matter: a tab in a line's indent, and a
 * no-break or other wide space (pasted from a word processor or a web page) in the indent or beside a
 * field's colon; and a colon that only looks like YAML's (`headline：`, typed with a Chinese or Japanese
 * keyboard), on which YAML failed a line later. YAML reads `headline:\u00A0Harbour` as one word, not a field, and failed a line or two
 * later, or took `\u00A0\u00A0src` for a field of the story's own; the editor, seeing a space, could not
 * tell why. src/front-matter.ts asks here when YAML failed, or read a key holding such a space.
 */

/** Spaces that are not YAML's: the no-break spaces and the typographic ones. */
const NOT_YAML_SPACE = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/u;

/** Where a line's shape holds a space YAML does not take as one: the offset in the line, or -1. */
function misplacedIn(line: string): number {
  const indent = /^[ \t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]*/u.exec(line)![0];
  // A tab in the indent, or a wide space; only ahead of text, as a line of spaces alone is blank to YAML.
  const inIndent = indent.length < line.length ? indent.search(/[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/u) : -1;
  if (inIndent >= 0) return inIndent;
  const key = /^([ ]*(?:-[ ]+)?[^\s:#'"[{][^:#]*?)([\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]*):([\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]?)/u.exec(line);
  if (!key) return -1;
  if (key[2]) return key[1]!.length;
  return key[3] ? key[0].length - 1 : -1;
}

/** Colons that look like YAML's but are not: full-width (Chinese, Japanese), small, ratio, modifier letter, Armenian. */
const LOOK_ALIKE_COLON = /^([ \t]*(?:-[ \t]+)?[\p{L}\p{N}_-]+)[ \t]*([\uFF1A\uFE55\uFE13\u2236\uA789\u02F8\u0589])/u;

/** A space YAML does not take as one, named for an editor. */
function spaceName(character: string): string {
  if (character === "\t") return "a tab";
  const code = `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
  return character === "\u00A0" ? `a no-break space (${code})` : `the space character ${code}`;
}

/**
 * The first space YAML does not take as one in the shape of the front matter's lines (`lines`, the
 * file's), up to the 1-based file line `upTo`: its line, column and what to do; undefined when none.
 */
export function misplacedSpace(lines: readonly string[], upTo = lines.length): { line: number; column: number; message: string; field?: string } | undefined {
  for (let index = 1; index < Math.min(upTo, lines.length); index++) {
    const text = lines[index]!;
    if (/^---[ \t]*$/.test(text)) return undefined;
    const colon = LOOK_ALIKE_COLON.exec(text);
    if (colon && !text.slice(colon[0].length).includes(": ") && !/:$/.test(text)) {
      const code = `U+${colon[2]!.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
      const message = `the character ${code} after ${colon[1]!.trim()} looks like a colon, but YAML takes only the colon : between a field's name and its value: retype it as :`;
      return { line: index + 1, column: [...text.slice(0, colon[0].length - 1)].length + 1, message, field: colon[1]!.replace(/^[ \t]*(?:-[ \t]+)?/, "") };
    }
    const at = misplacedIn(text);
    if (at < 0) continue;
    const character = text[at]!;
    const message =
      character === "\t"
        ? "a tab in the indent of a line, where YAML takes only spaces: indent with spaces"
        : `${spaceName(character)}, pasted from a word processor or a web page perhaps, ${at < text.search(/\S|$/u) ? "in the indent of a line" : "beside a field's colon"}, where YAML takes only an ordinary space: retype it as a space`;
    return { line: index + 1, column: [...text.slice(0, at)].length + 1, message };
  }
  return undefined;
}

/** Whether a key holds a space YAML does not take as one (`headline\u00A0`, `\u00A0\u00A0src`), as only such a space puts there. */
export function holdsWideSpace(key: string): boolean {
  return NOT_YAML_SPACE.test(key);
}
