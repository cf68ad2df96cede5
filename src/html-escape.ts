/**
 * Text escaped for HTML exactly as Nunjucks' autoescape escapes the templates' output (its lib.escape):
 * the pages and fragments the build writes outside a template (short links' pages, the site's words, a
 * byline's links, search documents, image markup) then come out byte for byte as a template would have
 * written them, and a value is safe in text and in a quoted attribute alike.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&"'<>\\]/g, (character) => HTML_ESCAPES[character]!);
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", '"': "&quot;", "'": "&#39;", "<": "&lt;", ">": "&gt;", "\\": "&#92;" };
