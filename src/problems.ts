import { readFileSync } from "node:fs";
import path from "node:path";
import { lineOfField, readFrontMatter } from "./front-matter.ts";
import { escapeOf, escapeUnseen, lookAlikesIn, UNSEEN } from "./message-text.ts";

/** One thing wrong with one article, located as precisely as the input allows. */
export interface Problem {
  /** The file, relative to the working folder, e.g. articles/2024/07/miller.md. */
  file: string;
  line?: number;
  column?: number;
  /** The front-matter field, e.g. `image.alt`; absent for problems with the file as a whole. */
  field?: string;
  /** What was expected and what was found, in words an editor can act on. */
  message: string;
  /**
   * When the article names a file that is not there yet (a lead image not yet saved), every place it was
   * looked for, as absolute paths: adding the file fixes it as well as editing the article does, and the
   * preview's advice says so; npm start rebuilds when one arrived during its first build (src/preview-rebuilds.ts).
   */
  missingFile?: readonly string[];
}

export function formatProblem(problem: Problem): string {
  const where = [problem.file, problem.line, problem.line !== undefined ? problem.column : undefined].filter((part) => part !== undefined).join(":");
  // Whatever a message quotes of an editor's text (or a file's name), printed as one line of text only.
  return escapeUnseen(`${where}: ${problem.field ? `${problem.field}: ` : ""}${problem.message}`);
}

/**
 * The articles cannot be published as they are. Carries every problem found in one pass, so an
 * editor fixes them all at once rather than one build at a time. Each is on a line, as `npm run check` places it.
 */
export class ArticleValidationError extends Error {
  // No name of its own: Eleventy ends the last line it prints of an error not named "Error" with
  // "(via ArticleValidationError)", which read as part of the editor's last problem.
  // Eleventy prints this error's message when it stops a build; the stack would only hide it.
  readonly skipOriginalStack = true;
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    const placed = problems.map(onALine);
    const files = new Set(placed.map((problem) => problem.file)).size;
    super(
      `${placed.length} problem${placed.length === 1 ? "" : "s"} in ${files} article file${files === 1 ? "" : "s"}:\n` +
        placed.map((problem) => `  ${formatProblem(problem)}`).join("\n"),
    );
    this.problems = placed;
  }
}

/**
 * A short, safe rendering of a value an editor wrote, for "found …" in messages. JSON writes the C0
 * controls as escapes; every other character that must not be printed as it is (src/message-text.ts)
 * is escaped too, and the ones JSON left are named for what they are, as nothing in the value shows
 * them: DEL and the C1 controls as control characters, the rest as invisible ones.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "an empty value";
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === "object") return "a group of fields";
  if (typeof value !== "string") return `${typeof value} ${shortened(escapeUnseen(String(value)))}`;
  const json = JSON.stringify(value);
  const unseen = [...new Set(json.match(UNSEEN))];
  const lookAlikes = lookAlikesIn(value);
  if (unseen.length === 0 && !lookAlikes) return shortened(json);
  const controls = unseen.filter((character) => CONTROL.test(character));
  const invisible = unseen.filter((character) => !CONTROL.test(character));
  const named = [namedAs(controls, "a control character", "control characters"), namedAs(invisible, "an invisible character", "invisible characters"), lookAlikes];
  return `${shortened(escapeUnseen(json))} (${named.filter(Boolean).join("; ")})`;
}

/** A control character (C0, DEL, C1): Unicode's general category Cc. */
const CONTROL = /^\p{Cc}$/u;

/** `\u007F is a control character`, `\u007F, \u0085 are control characters`; "" for none. */
function namedAs(characters: readonly string[], one: string, many: string): string {
  if (characters.length === 0) return "";
  const escapes = characters.map(escapeOf);
  return escapes.length === 1 ? `${escapes[0]} is ${one}` : `${escapes.join(", ")} are ${many}`;
}

function shortened(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

// In a module of its own, for npm run build's parent, which loads nothing else of this one (src/cli/build.ts).
export { displayPath } from "./display-path.ts";

/**
 * A problem found away from its file's text (a clash across stories, a broken link) placed on its
 * field's line, so an editor is taken to the spot; unchanged when it has a line or the field cannot be found.
 */
export function onFieldLine(problem: Problem): Problem {
  if (problem.line !== undefined || problem.field === undefined) return problem;
  const line = lineOfFieldInFile(problem.file, problem.field);
  return line === undefined ? problem : { ...problem, line };
}

/**
 * Every problem gets a line, so an editor (and a pull request annotation) is taken to the spot: the
 * field's line, or the first line for the file as a whole (or a field it lacks). The build and
 * `npm run check` both place problems so, and name the same line.
 */
export function onALine(problem: Problem): Problem {
  const placed = onFieldLine(problem);
  return placed.line === undefined ? { ...placed, line: 1 } : placed;
}

/**
 * The line of a front-matter field such as `image.src` in a story's file; undefined when it has none or
 * the file cannot be read. Such problems are few, so the file is read again only for one.
 */
export function lineOfFieldInFile(file: string, field: string): number | undefined {
  try {
    return lineOfField(readFrontMatter(readFileSync(path.resolve(file), "utf8")), field.split("."));
  } catch {
    return undefined;
  }
}
