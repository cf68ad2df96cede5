import { existsSync } from "node:fs";
import path from "node:path";
import { readArticles, type LoadOptions } from "./article-loader.ts";
import { checkBodyLinks, findBodyLinks, markdownBody, type BodyLink, type LinkContext } from "./article-links.ts";
import { leadImageUnreadable, readImageHeaderProblemSync } from "./image-facts.ts";
import { readDrawingProblemSync } from "./svg-safety.ts";
import type { DateTime } from "luxon";
import type { Article } from "./article.ts";
import { nextChange } from "./next-change.ts";
import { onALine, type Problem } from "./problems.ts";
import { movedStories, oldShortCode } from "./moved-addresses.ts";
import { movedEntries } from "./settings.ts";

export interface CheckResult {
  /** How many article files were read. */
  checked: number;
  /** Every problem, in file and line order. */
  problems: Problem[];
  /** When a build of these articles made at the check's now would next come out different (src/next-change.ts). */
  nextChange?: DateTime;
}

/**
 * Everything `npm run check` verifies, without rendering a page: the front matter of every article
 * (schema, dates, lead images, clashing addresses and short codes), every link and image in the
 * bodies that points nowhere (or to a story not out whenever the linking one is), every image whose
 * first bytes are not a readable image, every drawing that holds script, raw HTML the `sanitized`
 * policy would drop and bodies nested too deep, each in the build's words and on its line
 * (test/check-build-agreement.test.ts). Drafts and scheduled stories are checked like the rest.
 */
export async function checkSite(options: Omit<LoadOptions, "includeUnpublished" | "renderBodies">): Promise<CheckResult> {
  // The links are picked out as each file is read, so the archive's text is not all held at once.
  const bodyLinks = new Map<string, BodyLink[]>();
  const { settings } = options;
  const onSource = (sourcePath: string, text: string) => {
    const { body, firstLine } = markdownBody(text);
    bodyLinks.set(sourcePath, body === undefined ? [] : findBodyLinks(body, firstLine, settings.htmlPolicy));
  };
  const { articles, problems } = await readArticles({ ...options, includeUnpublished: true, renderBodies: false, findDroppedMarkup: true, onSource });
  // Each image's header, and each drawing, is read once, however many stories show it.
  const imageProblem = readOnce(readImageHeaderProblemSync);
  const drawingProblem = readOnce(readDrawingProblemSync);
  // A lead image that is not a readable image, or a drawing that holds script, fails the build (src/images.ts); here in the same words.
  for (const article of articles) {
    if (!article.image) continue;
    const unreadable = imageProblem(article.image.file);
    const message = unreadable ? leadImageUnreadable(unreadable) : drawingProblem(article.image.file);
    if (message) problems.push({ file: article.sourcePath, field: "image.src", message });
  }
  // A link to a story's old address, or its old short link, still leads to it (the `moved` setting), as the story's own would.
  const articleUrls = new Map<string, Article>(articles.map((article) => [article.url, article]));
  const shortCodes = new Map<string, Article>(articles.map((article) => [article.shortCode, article]));
  for (const { entry, story } of movedStories(movedEntries(settings), articles, options.archiveDir ?? options.articlesDir)) {
    const code = oldShortCode(entry.from);
    if (code !== undefined) shortCodes.set(code, story);
    else articleUrls.set(entry.from, story);
  }
  const context: LinkContext = {
    // With its path prefix: https://example.github.io/news links to the site's home page.
    baseUrl: settings.siteUrl,
    shortUrlBase: settings.shortUrlBase,
    articleFolders: new Set([settings.noSectionSlug, ...settings.sections.map((section) => section.slug)]),
    articleUrls,
    shortCodes,
    now: options.now.toMillis(),
    articleFiles: new Set(articles.map((article) => path.resolve(article.sourcePath))),
    fileExists: existsSync,
    publicDir: options.publicDir,
    articlesDir: options.articlesDir,
    imageProblem,
    drawingProblem,
  };
  const bySource = new Map(articles.map((article) => [article.sourcePath, article]));
  // Files whose front matter failed are checked too, so their broken links are reported in the same run.
  for (const [sourcePath, links] of bodyLinks) {
    const article = bySource.get(sourcePath);
    const from = { sourcePath, file: path.resolve(sourcePath), draft: article?.draft ?? false, published: article?.published.epochMs };
    problems.push(...checkBodyLinks(from, links, context));
  }
  return { checked: bodyLinks.size, problems: sortByPlace(problems.map(onALine)), nextChange: nextChange(articles, options.now) };
}

/** A reading of a file, made once per file. */
function readOnce(read: (file: string) => string | undefined): (file: string) => string | undefined {
  const done = new Map<string, string | undefined>();
  return (file) => {
    if (!done.has(file)) done.set(file, read(file));
    return done.get(file);
  };
}

function sortByPlace(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));
}
