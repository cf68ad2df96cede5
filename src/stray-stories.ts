import { closeSync, openSync, readlinkSync, readSync, statSync } from "node:fs";
import path from "node:path";
import { displayPath, type Problem } from "./problems.ts";

// Only .md and .markdown files are read as stories, since everything else under articles/ is the
// images, clips and drawings the stories show. A story saved under another name (harbour.mdx, harbour.txt,
// harbour with no extension) would so be left out of the site and nobody told: such a file is named.
//
// It is a problem, not a warning: the build fails on it, as it does on a story with a bad field, because
// a warning scrolls past in a CI log while the story is missing from the site. Nor is a file a story links
// to let through as a download: a file beside the stories is published only when a story shows it (an
// image, a clip), so such a link is already a broken link, and a download belongs in public/.

const ARTICLE_EXTENSIONS = new Set([".md", ".markdown"]);
/** Whether a file is an article by its name: Markdown, .md or .markdown in any case. */
export function isArticleFile(file: string): boolean {
  return ARTICLE_EXTENSIONS.has(path.extname(file).toLowerCase());
}

/** Extensions editors and their tools give Markdown that are not read as stories: such a file is a story left out. */
const MARKDOWN_EXTENSIONS = new Set([".mdx", ".mkd", ".mkdn", ".mdown", ".mdwn", ".markdn", ".mdtxt", ".mdtext"]);

/**
 * Plain text, which a story may be saved as, but which beside the stories is as often a story's captions
 * (`captions.vtt.txt`, as Windows saves a WebVTT file) or notes: such a file is a story only if it begins
 * as one does, with front matter's `---`.
 */
const TEXT_EXTENSIONS = new Set([".txt", ".text"]);

/** An editor's backup or lock file, never a story of its own: `story.md~`, Emacs's `#story.md#` (Vim's `.story.md.swp` is hidden). */
export function isEditorLeftover(name: string): boolean {
  return name.endsWith("~") || (name.startsWith("#") && name.endsWith("#"));
}

/**
 * Whether a file under articles/ that is not read as a story may be one, by its name alone: a Markdown
 * extension makes it one, and plain text or no extension may be one if it begins as a story does (a
 * candidate, read by `beginsAsStory`). Hidden files are never looked at (the listing skips them).
 */
export function storyLikeName(name: string): "extension" | "candidate" | undefined {
  if (isEditorLeftover(name)) return undefined;
  const extension = path.extname(name).toLowerCase();
  if (MARKDOWN_EXTENSIONS.has(extension)) return "extension";
  return extension === "" || TEXT_EXTENSIONS.has(extension) ? "candidate" : undefined;
}

/** Whether a file's first line is front matter's `---` (after a byte-order mark; CRLF or trailing blanks allowed). Reads its first bytes only. */
function beginsAsStory(file: string): boolean {
  const bytes = Buffer.alloc(16);
  let read: number;
  try {
    const fd = openSync(file, "r");
    try {
      read = readSync(fd, bytes, 0, bytes.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false; // gone since it was listed, or unreadable: there is no story in it to lose
  }
  return /^(?:\uFEFF)?---[ \t]*(?:\r?\n|$)/.test(bytes.subarray(0, read).toString("utf8"));
}

/** A problem for each file listed as story-like (`storyLikeName`) that is a story by its name or its first line. */
export function strayStoryProblems(listed: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  for (const file of listed) {
    const name = path.basename(file);
    const byName = storyLikeName(name) === "extension";
    if (!byName && !beginsAsStory(file)) continue;
    const extension = path.extname(name);
    const stem = extension ? name.slice(0, -extension.length) : name;
    const renamed = /\.(?:md|markdown)$/i.test(stem) ? stem : `${stem}.md`;
    const looks = byName ? `its name ends in ${extension}` : `${extension ? `its name ends in ${extension} and ` : ""}it begins with front matter's --- line`;
    problems.push({
      file: displayPath(file),
      message:
        `not read as a story, though ${looks}: only .md and .markdown files under the articles folder are published as stories. ` +
        `Rename it to ${renamed} if it is one; if it is not, move it out of the articles folder (a file for readers to download belongs in public/)`,
    });
  }
  return problems;
}

/**
 * A problem for each symbolic link under articles/ that leads to a folder, that is named as a story is, or
 * that leads to a file beginning as one does. The archive's listing does not read a story through a link, and
 * left one out without a word: a newsroom that linked a shared story into its archive saw it in neither the
 * preview nor the site. Nor is it read through: the preview watches the archive's folders, not the file a link
 * leads to (src/articles-watcher.ts), so an edit there would show only in the next build, and a link may
 * lead outside the archive, where the build refuses a link in public/ to publish (src/public-folder-links.ts).
 *
 * A link to a folder is not followed either, and so is refused whatever it holds, rather than its stories
 * left out as they were until the fifty-first round: followed, a link to a folder of the archive would have
 * its stories twice (two files, one address), one to a folder above it a loop, one to a folder elsewhere its
 * stories unwatched by the preview; a folder of the archive's own is what a story is read from.
 */
export function linkedStoryProblems(links: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  for (const link of links) {
    // What the link leads to: undefined when nothing (its target gone or never there).
    const led = statSync(link, { throwIfNoEntry: false });
    const folder = led?.isDirectory() ?? false;
    if (!folder && !namedAsStory(link, led?.isFile() ?? false)) continue;
    let target: string;
    try {
      target = readlinkSync(link);
    } catch {
      continue; // gone since it was listed
    }
    problems.push({
      file: displayPath(link),
      message: folder
        ? `a symbolic link to a folder (to ${target}), which is not followed: stories are read from folders of their own under the articles folder. ` +
          `Put the folder here in place of the link, or remove the link if the folder is under the articles folder already`
        : `a symbolic link (to ${target}), which is not read as a story: a story is published from a file of its own under the articles folder. ` +
          `Put the story's file here in place of the link`,
    });
  }
  return problems;
}

/**
 * Whether a link to a file (or to nothing) is a story's, by its name or, for a name that may be a story's,
 * by the first line of the file it leads to; only a file is opened (a FIFO would never answer).
 */
function namedAsStory(link: string, toFile: boolean): boolean {
  const name = path.basename(link);
  if (isArticleFile(name)) return true;
  const byName = storyLikeName(name);
  return byName === "extension" || (byName === "candidate" && toFile && beginsAsStory(link));
}
