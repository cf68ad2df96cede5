/**
 * What YAML makes of an editor's text written without quotes, in the editor's words: the characters that
 * mean something to YAML where an editor means text (a `#` after a space), and the value as it would read
 * in quotes. src/front-matter.ts finds where they stand; this module says what went wrong and what to write
 * instead.
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
