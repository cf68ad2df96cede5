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

/**
 * Cyrillic and Greek letters drawn as Latin ones are (о and o, А and A): in a name or code typed with another
 * keyboard, or pasted, `wоrld` was refused as no section "(did you mean world?)", found "wоrld", and the editor
 * saw the same word twice.
 */
const LOOK_ALIKE = /[\u0430\u0435\u043E\u0440\u0441\u0443\u0445\u0456\u0458\u0455\u0501\u04BB\u0410\u0412\u0415\u041A\u041C\u041D\u041E\u0420\u0421\u0422\u0425\u0406\u0408\u0405\u03BF\u03B1\u03B9\u03BA\u03BD\u03C1\u03C4\u03C5\u0391\u0392\u0395\u0396\u0397\u0399\u039A\u039C\u039D\u039F\u03A1\u03A4\u03A5\u03A7]/gu;

/**
 * For text that mixes Latin letters with letters of another script drawn the same, those letters named
 * (`о is the Cyrillic letter U+043E`); "" for text in one script, as a Russian or Greek name is.
 */
export function lookAlikesIn(text: string): string {
  if (!/\p{Script=Latin}/u.test(text)) return "";
  const found = [...new Set(text.match(LOOK_ALIKE) ?? [])];
  if (found.length === 0) return "";
  const named = found.map((letter) => `${letter} is the ${/\p{Script=Greek}/u.test(letter) ? "Greek" : "Cyrillic"} letter ${escapeOf(letter).replace("\\u", "U+")}`);
  return `${named.join(", ")}, drawn as a Latin one is`;
}
