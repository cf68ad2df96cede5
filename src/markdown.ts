import MarkdownIt from "markdown-it";
import anchor from "markdown-it-anchor";
import { slugify } from "./slugs.ts";

/**
 * How raw HTML written inside an article's Markdown is treated. The one place this is decided:
 * `escape` shows it as text, so nothing an editor pastes can reach a reader as markup.
 */
export type HtmlPolicy = "escape";

function createRenderer(): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: true });
  // Cross-heads get ids from their text, so a link to #may-9-protests keeps working across rebuilds.
  md.use(anchor, { slugify: (text: string) => slugify(text) || "section", tabIndex: false });
  md.core.ruler.push("dateline", (state) => {
    const dateline = (state.env as RenderEnv).dateline;
    if (!dateline) return;
    const open = state.tokens.findIndex((token) => token.type === "paragraph_open");
    const inline = open >= 0 ? state.tokens[open + 1] : undefined;
    if (!inline?.children) return;
    (state.env as RenderEnv).datelinePlaced = true;
    const markup = new state.Token("html_inline", "", 0);
    markup.content = `<span class="dateline">${state.md.utils.escapeHtml(dateline.toUpperCase())}:</span> `;
    inline.children.unshift(markup);
  });
  return md;
}

interface RenderEnv {
  dateline?: string;
  datelinePlaced?: boolean;
}

const renderer = createRenderer();

/** Renders an article body; the dateline, when given, opens the first paragraph in capitals. */
export function renderArticleBody(markdown: string, options: { dateline?: string } = {}): string {
  const env: RenderEnv = { dateline: options.dateline };
  const html = renderer.render(markdown, env);
  if (!options.dateline || env.datelinePlaced) return html;
  // A story that opens with a heading or a list still shows its dateline, in a paragraph of its own.
  return `<p><span class="dateline">${renderer.utils.escapeHtml(options.dateline.toUpperCase())}:</span></p>\n${html}`;
}
