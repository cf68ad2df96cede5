/**
 * Characters of an editor's text that a message must not print as they are, shown as escapes
 * (`\u001B`) instead:
 * - control characters (C0, DEL, C1): in a terminal ESC starts an escape sequence that can recolour or
 *   rewrite what the editor sees, and a line break splits one problem's line in two; an entity
 *   (`&#x1b;`) in an attribute's value, or a YAML escape ("\e"), carries one into a message;
 * - characters that show as nothing: zero-width spaces and joiners, soft hyphens, byte-order marks,
 *   direction marks and controls, line and paragraph separators. A zero-width space pasted into a
 *   short code made a good-looking value wrong with nothing to see in the message, and a right-to-left
 *   override turned the rest of it around.
 */
export const UNSEEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** A character as a message writes it: `\u200B`, or `\u{E0001}` past the Basic Multilingual Plane. */
export function escapeOf(character: string): string {
  const code = character.codePointAt(0)!.toString(16).toUpperCase();
  return code.length > 4 ? `\\u{${code}}` : `\\u${code.padStart(4, "0")}`;
}

/** Text an editor wrote, safe to print in a message: every UNSEEN character as its escape. */
export function escapeUnseen(text: string): string {
  return text.replace(UNSEEN, escapeOf);
}
