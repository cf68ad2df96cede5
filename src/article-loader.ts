import { readFileSync, statSync, type Dirent } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { createHash } from "node:crypto";
import type { DateTime } from "luxon";
import type { z } from "zod";
import { articleSchema, mayLeaveOut, type ArticleFrontMatter } from "./article-schema.ts";
import { hasImageExtension, IMAGE_EXTENSIONS, isInside } from "./contained-path.ts";
import { compareArticles, type Article, type LeadImage, type NamedLink } from "./article.ts";
import { MAX_ARTICLE_BYTES, notUtf8, uncarriedInBody } from "./article-text.ts";
import { toTimestamp } from "./dates.ts";
import { emptyStoryProblem } from "./empty-story.ts";
import { publicationStatus } from "./publication-status.ts";
import { closingMissingHintForField, FrontMatterSyntaxError, lineOfField, readFrontMatter, type FrontMatterFile } from "./front-matter.ts";
import { fieldMeant, fieldNamedOtherwise } from "./field-suggestions.ts";
import { pairForTextProblem } from "./unquoted-text.ts";
import { lookAlikesIn } from "./message-text.ts";
import { textDirection } from "./languages.ts";
import { BodyTooDeepError, mayLoseMarkup, mayNestTooDeep, renderStory, type DroppedFromStory } from "./markdown.ts";
import { ArticleValidationError, describeValue, displayPath, lineOfFieldInFile, onFieldLine, type Problem } from "./problems.ts";
import { movedEntries, type SiteSettings } from "./settings.ts";
import { fileOfSetting, type BuildOptions } from "./build-options.ts";
import { movedProblems } from "./moved-addresses.ts";
import { readArticlesInWorkers, workerThreadCount } from "./article-workers.ts";
import type { ReadCache } from "./article-cache.ts";
import { hasArticleFileLinks, linkArticleFiles } from "./article-file-links.ts";
import { changedArticle, keptArticle } from "./compact-html.ts";
import { storiesPerFolder, type StoriesPerFolder } from "./search-shards.ts";
import { byShortCode, deriveShortCode, settleDerivedShortCodes, shortCodeFrom } from "./short-url.ts";
import { nameSlug, shortHash, storySlug } from "./slugs.ts";
import { storyPath } from "./site-urls.ts";
import { imageCandidates, mediaUrl, placesLookedAt } from "./image-sources.ts";
import { FILE_TAG } from "./raw-html.ts";
import { KeptGroups, KeptOrder } from "./incremental.ts";
import { findNameClashes, NamesByAddress, sameAddressInOneList } from "./subject-names.ts";
import { isArticleFile, linkedStoryProblems, storyLikeName, strayStoryProblems } from "./stray-stories.ts";
import { archiveFolderOf, readStoryPlaces, type StoryPlace } from "./story-places.ts";

export interface LoadOptions extends Partial<Pick<BuildOptions, "settingsOverrides" | "settingsFile">> {
  /** The settings, with what was laid over them (settingsOverrides, from settingsFile): a problem with one names the file it came from. */
  settings: SiteSettings;
  /** The folder of Markdown articles. */
  articlesDir: string;
  /** The folder of static files; lead images may live there. */
  publicDir: string;
  /** The build's notion of the present: stories dated after it are scheduled, not published. */
  now: DateTime;
  /** Include drafts and scheduled stories (the preview server shows them). */
  includeUnpublished?: boolean;
  /** Render bodies to HTML (a check of the front matter alone can skip it). */
  renderBodies?: boolean;
  /**
   * Without rendering bodies, still find the markup the HTML policy would drop from them (the check:
   * the build refuses such a story, so the check must too). Only bodies that could lose any are rendered.
   */
  findDroppedMarkup?: boolean;
  /** Called with each file's text as it is read (the check scans the bodies' links without reading twice). */
  onSource?: (sourcePath: string, text: string) => void;
  /** Results kept from the last load (the preview server's): unchanged files are not read again. */
  cache?: ReadCache;
  /**
   * The whole archive, when `articlesDir` is one folder of it (a shard of a sharded build,
   * src/build-shards.ts): images beside the stories may come from anywhere in it, and its other stories
   * are read as places (src/story-places.ts), for what this folder's pages take from them.
   */
  archiveDir?: string;
}

// Kept beside the rules for the names that are not read (src/stray-stories.ts), which a link's problem needs too.
export { isArticleFile };

/** Every Markdown file under the folder, in a stable order, skipping hidden files and folders. */
export async function findArticleFiles(articlesDir: string): Promise<string[]> {
  return (await listArchive(articlesDir)).stories;
}

/** What the articles folder holds: its stories, and the other files that may be stories under another name (src/stray-stories.ts). */
export interface ArchiveListing {
  /** Every Markdown file, in a stable order. */
  stories: string[];
  /** The files whose names alone make them look like stories (`storyLikeName`); nearly always none. */
  storyLike: string[];
  /** Every symbolic link, whatever its name (linkedStoryProblems tells which is refused), since none is read through; nearly always none. */
  links: string[];
}

/** The archive's stories and story-like files from one listing, skipping hidden files and folders. */
export async function listArchive(articlesDir: string): Promise<ArchiveListing> {
  const entries = await readdir(articlesDir, { recursive: true, withFileTypes: true });
  // Each folder is looked at once (hidden or not, and its path as a prefix) rather than once per file:
  // the preview lists the archive on every save, and at 100,000 stories a path.relative per file was a
  // tenth of a second of it, and a path.join per file nearly as much.
  const prefixes = new Map<string, string | undefined>();
  const prefixOf = (folder: string) => {
    if (prefixes.has(folder)) return prefixes.get(folder);
    const hidden = path.relative(articlesDir, folder).split(path.sep).some((part) => part.startsWith("."));
    const prefix = hidden ? undefined : path.join(folder, path.sep);
    prefixes.set(folder, prefix);
    return prefix;
  };
  const stories: string[] = [];
  const storyLike: string[] = [];
  const links: string[] = [];
  const listOf = (entry: Dirent): string[] | undefined => {
    if (entry.name.startsWith(".")) return undefined;
    // Neither a story's link nor a folder's is read through (src/stray-stories.ts, linkedStoryProblems): a
    // folder's may have any name.
    if (entry.isSymbolicLink()) return links;
    const story = isArticleFile(entry.name);
    if (!story && !storyLikeName(entry.name)) return undefined;
    if (!entry.isFile()) return undefined;
    return story ? stories : storyLike;
  };
  for (const entry of entries) {
    const list = listOf(entry);
    if (!list) continue;
    const prefix = prefixOf(entry.parentPath);
    if (prefix !== undefined) list.push(prefix + entry.name);
  }
  return { stories: stories.sort(), storyLike: storyLike.sort(), links: links.sort() };
}

/**
 * Reads, validates and renders every article once. Throws an ArticleValidationError listing every
 * problem in every file when any file is wrong: nothing is published from a partly broken archive.
 * Returns the published articles, newest first.
 */
export async function loadArticles(options: LoadOptions): Promise<Article[]> {
  return (await loadArchive(options)).articles;
}

/** What a load of the archive gives: its stories, and for a shard, how many the archive holds elsewhere. */
export interface LoadedArchive {
  /** The published stories (every story, for the preview), newest first. */
  articles: Article[];
  /** A shard's (`archiveDir`): how many published stories each of the archive's other top-level folders holds. */
  storiesElsewhere?: StoriesPerFolder;
}

/** loadArticles, and what a shard learns of the rest of the archive as it reads. */
export async function loadArchive(options: LoadOptions): Promise<LoadedArchive> {
  const { articles, problems, storiesElsewhere } = await readArticles(options);
  if (problems.length > 0) throw new ArticleValidationError(problems);

  const newestFirst = options.cache?.memory ? options.cache.memory.newestFirst.sort(articles) : articles.sort(compareArticles);
  return { articles: options.includeUnpublished ? newestFirst : newestFirst.filter(isPublished(options.now)), storiesElsewhere };
}

/** Whether a story is out by `now`: neither a draft nor scheduled for later. */
function isPublished(now: DateTime): (story: Pick<Article, "draft"> & Pick<StoryPlace, "published">) => boolean {
  const nowMs = now.toMillis();
  return (article) => publicationStatus(article, nowMs) === "published";
}

/**
 * What the loads of one archive keep for the next (the preview's, one a save): the stories grouped by
 * short code and by address, and in order, each changed by what the save changed (src/incremental.ts).
 */
export class LoadMemory {
  readonly shortCodes = new KeptGroups<Article>(byShortCode);
  readonly collisions = collisionGroups<Article>();
  readonly names = new NamesByAddress<Article>();
  readonly newestFirst = new KeptOrder<Article>(compareArticles);
}

/**
 * Every article that is valid and every problem found, without throwing: `npm run check` goes on
 * to check the links between the valid ones and reports everything in one run.
 */
export async function readArticles(options: LoadOptions): Promise<{ articles: Article[]; problems: Problem[]; storiesElsewhere?: StoriesPerFolder }> {
  const list = () => listArchive(options.articlesDir);
  const { stories: files, storyLike, links } = await (options.cache?.listing ? options.cache.listing(list) : list());
  const schema = articleSchema(options.settings);
  const problems: Problem[] = [];
  const articles: Article[] = [];

  const remembered = options.cache ? await options.cache.reuse(files) : undefined;
  const toRead = remembered ? files.filter((_, index) => !remembered.results[index]) : files;
  // Large archives are read on every core (src/article-workers.ts runs this same readArticle there);
  // a caller that wants each file's text (the check) is served in this thread, as text stays here.
  const threads = options.onSource ? 1 : workerThreadCount(toRead.length);
  const read =
    threads > 1
      ? await readArticlesInWorkers(toRead, { settings: options.settings, articlesDir: options.articlesDir, archiveDir: options.archiveDir, publicDir: options.publicDir, renderBodies: options.renderBodies }, threads, { spoolDir: options.cache?.spoolDir })
      : await readArticleFiles(toRead, schema, options);
  // Bodies read in this thread are kept as bytes too (workers' already are), in a copy of the article
  // made before the cache remembers it: see compact-html.ts.
  for (const result of read) if ("article" in result) result.article = keptArticle(result.article);
  let results = read;
  if (remembered) {
    let next = 0;
    results = files.map((file, index) => {
      if (remembered.results[index]) return remembered.results[index];
      const result = read[next++]!;
      options.cache!.remember(file, remembered.stamps[index]!, result);
      return result;
    });
  }
  for (const result of results) {
    if ("problems" in result) problems.push(...result.problems);
    else {
      articles.push(result.article);
    }
  }

  shareNamedLinks(articles);
  problems.push(...strayStoryProblems(storyLike), ...linkedStoryProblems(links));
  if (options.archiveDir) return readShard(articles, problems, files, options.archiveDir, options);
  const memory = options.cache?.memory;
  const everyStory = settleDerivedShortCodes(articles, options.settings.shortUrlBase, changedArticle, memory?.shortCodes);
  const settled = linkArticleFiles(everyStory);
  problems.push(...[...findCollisions(settled, memory?.collisions), ...findNameClashes(settled, memory?.names)].map(onFieldLine));
  // A story's old addresses are judged against every story, drafts too: one that is not out yet will have its address.
  // A shard leaves them to the global job, which reads the whole archive and writes their pages (readShard).
  problems.push(...movedProblems(movedEntries(options.settings), everyStory, { articlesDir: options.articlesDir, publicDir: options.publicDir, settingsFile: fileOfSetting(options, "moved") }));
  return { articles: settled, problems: sortProblems(problems), storiesElsewhere: undefined };
}

/**
 * A shard's stories, settled among the rest of its archive as a whole build settles them: a story's short
 * code against every other story's, and a link to another story's file to that story's address. The rest
 * is read as places (src/story-places.ts); their problems are the global job's to report, and so are
 * the moved entries, which it judges against the whole archive.
 */
async function readShard(own: Article[], problems: Problem[], ownFiles: readonly string[], archiveDir: string, options: LoadOptions) {
  const mine = new Set(ownFiles);
  const others = readStoryPlaces((await findArticleFiles(archiveDir)).filter((file) => !mine.has(file)), archiveDir, options.settings);
  const copy = (story: Article | StoryPlace, changes: Pick<Article, "shortCode" | "shortUrl">) => (isArticle(story) ? changedArticle(story, changes) : { ...story, ...changes });
  const settledOwn = settleDerivedShortCodes<Article | StoryPlace>([...own, ...others], options.settings.shortUrlBase, copy).slice(0, own.length).filter(isArticle);
  const settled = linkArticleFiles(settledOwn, others);
  problems.push(...[...findCollisions(settled), ...findNameClashes(settled)].map(onFieldLine));
  // Counted now, while the other stories are at hand: a shard's search parts are numbered among theirs (src/search-shards.ts).
  const storiesElsewhere = storiesPerFolder(options.includeUnpublished ? others : others.filter(isPublished(options.now)));
  return { articles: settled, problems: sortProblems(problems), storiesElsewhere };
}

function isArticle(story: Article | StoryPlace): story is Article {
  return "html" in story;
}

/** The tag, author and section objects stories share, kept for the loads that follow (the preview's). */
const sharedLinks = new Map<string, NamedLink>();
const linksShared = new WeakSet<Article>();

/**
 * One object for each tag, author and section, shared by every story that names it. Each story read,
 * or taken from the article cache, comes with copies of its own: at 100,000 stories, most of 600,000
 * objects of three strings each, about 0.1 GB held for the whole build.
 */
function shareNamedLinks(articles: Article[]): void {
  const one = <Link extends NamedLink>(link: Link): Link => {
    if (Object.keys(link).length !== 3) return link;
    const key = `${link.slug}\n${link.name}\n${link.url}`;
    const found = sharedLinks.get(key);
    if (found) return found as Link;
    sharedLinks.set(key, link);
    return link;
  };
  for (const article of articles) {
    // The preview's read cache hands back the same story for an unchanged file: its links are shared already
    // (at 100,000 stories, doing them all again was 0.6 s of every save).
    if (linksShared.has(article)) continue;
    linksShared.add(article);
    article.tags = article.tags.map(one);
    article.authors = article.authors.map(one);
    if (article.section) article.section = one(article.section);
  }
}

/** One file's outcome; an article carries a hash of its file's text (src/article-disk-cache.ts keeps it by that). */
export type ReadResult = { article: Article; sourceHash?: string } | { problems: Problem[] };

/** What reading one article needs; plain data, so it can be sent to a worker thread. */
export type ReadOptions = Pick<LoadOptions, "settings" | "articlesDir" | "archiveDir" | "publicDir" | "renderBodies" | "findDroppedMarkup" | "onSource">;

/** Reads the files in this thread, a few at a time; results in the order of `files`. */
export async function readArticleFiles(files: readonly string[], schema: ReturnType<typeof articleSchema>, options: ReadOptions): Promise<ReadResult[]> {
  const results: ReadResult[] = new Array(files.length);
  await forEachLimited(
    files.map((file, index) => ({ file, index })),
    32,
    async ({ file, index }) => {
      results[index] = await readArticle(file, schema, options);
    },
  );
  return results;
}

export async function readArticle(file: string, schema: ReturnType<typeof articleSchema>, options: ReadOptions): Promise<ReadResult> {
  const sourcePath = displayPath(file);
  let frontMatter;
  const size = statSync(file).size;
  if (size > MAX_ARTICLE_BYTES) {
    return { problems: [{ file: sourcePath, message: `the file is ${(size / 1048576).toFixed(1)} MB: expected at most ${MAX_ARTICLE_BYTES / 1048576} MB (is it an article, or a data file saved as .md?)` }] };
  }
  // Synchronous, as the stat above: for thousands of small files it costs a fifth of the CPU time of fs/promises.
  const bytes = readFileSync(file);
  const text = bytes.toString("utf8");
  options.onSource?.(sourcePath, text);
  const encoding = notUtf8(bytes, text);
  if (encoding) return { problems: [{ file: sourcePath, line: encoding.line, message: encoding.message }] };
  try {
    frontMatter = readFrontMatter(text);
  } catch (error) {
    if (!(error instanceof FrontMatterSyntaxError)) throw error;
    return { problems: [{ file: sourcePath, line: error.line, column: error.column, field: error.field, message: error.message }] };
  }

  const problems: Problem[] = [];
  // Looked at whether or not the body is rendered (the check does not), so the build, the check and the preview refuse alike.
  const uncarried = uncarriedInBody(frontMatter.body, frontMatter.bodyLine);
  if (uncarried) problems.push({ file: sourcePath, ...uncarried });
  const strayField = fieldOpeningBody(frontMatter.body, frontMatter.bodyLine);
  if (strayField) problems.push({ file: sourcePath, ...strayField });
  const parsed = schema.safeParse(frontMatter.data, { reportInput: true });
  if (!parsed.success) {
    return { problems: [...wrongTypesOnce(parsed.error.issues).flatMap((issue) => describeIssue(issue, sourcePath, frontMatter, schema)), ...problems] };
  }
  const data = parsed.data;
  const empty = emptyStoryProblem({ body: frontMatter.body, bodyLine: frontMatter.bodyLine, draft: data.draft, hasLeadImage: data.image !== undefined });
  if (empty) problems.push({ file: sourcePath, ...empty });
  const image = data.image ? await resolveLeadImage(data.image, file, options) : undefined;
  if (image && "problem" in image) {
    problems.push({ file: sourcePath, line: lineOfField(frontMatter, ["image", "src"]), field: "image.src", message: image.problem, ...(image.missing && { missingFile: image.missing }) });
    return { problems };
  }
  const body = options.renderBodies === false ? "" : frontMatter.body;
  try {
    const archiveFolder = archiveFolderOf(file, options.archiveDir ?? options.articlesDir);
    const { article, dropped, sameAddress } = buildArticle(data, { sourcePath, archiveFolder, file, image, body, settings: options.settings });
    if (options.renderBodies === false && options.findDroppedMarkup && (mayLoseMarkup(frontMatter.body) || mayNestTooDeep(frontMatter.body))) {
      dropped.push(...renderStory(frontMatter.body, { dateline: data.dateline, lang: article.lang, htmlPolicy: options.settings.htmlPolicy }).dropped);
    }
    problems.push(...sameAddress.map(({ field, message }) => ({ file: sourcePath, line: lineOfField(frontMatter, [field]), field, message })));
    problems.push(...droppedMarkupProblems(dropped, sourcePath, frontMatter.bodyLine));
    if (problems.length > 0) return { problems };
    return { article, sourceHash: sourceHash(bytes) };
  } catch (error) {
    if (!(error instanceof BodyTooDeepError)) throw error;
    const line = error.line === undefined ? undefined : frontMatter.bodyLine + error.line - 1;
    return { problems: [...problems, { file: sourcePath, line, message: error.message }] };
  }
}

/**
 * The editor's markup that the `sanitized` policy removes, one problem each: a story is not published
 * without what was written in it, and nobody told (src/html-policy.ts says what goes and why).
 */
function droppedMarkupProblems(dropped: readonly DroppedFromStory[], file: string, bodyLine: number): Problem[] {
  const problems = new Map<string, Problem>();
  for (const { line, markup, reason, fix } of dropped) {
    const problem: Problem = {
      file,
      line: line === undefined ? undefined : bodyLine + line - 1,
      message: `${markup}: ${reason}; ${fix ?? `htmlPolicy "sanitized" would drop it from the page: remove it from the story, or, if every editor may publish code, set htmlPolicy to "trusted" in the site settings`}`,
    };
    problems.set(`${problem.line} ${problem.message}`, problem);
  }
  return [...problems.values()];
}

/** What names a file's bytes in the build's article cache. */
export function sourceHash(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("base64url");
}

function buildArticle(
  data: ArticleFrontMatter,
  context: { sourcePath: string; archiveFolder: string; file: string; image?: LeadImage; body: string; settings: SiteSettings },
): { article: Article; dropped: DroppedFromStory[]; sameAddress: { field: string; message: string }[] } {
  const { settings } = context;
  const slug = storySlug(data.slug, context.file, context.sourcePath);
  const sectionSettings = settings.sections.find((section) => section.slug === data.section);
  const published = toTimestamp(data.date, settings.timeZone, settings.timeZoneAbbreviation, settings.language);
  const updated = data.updated ? toTimestamp(data.updated, settings.timeZone, settings.timeZoneAbbreviation, settings.language) : undefined;
  const pinnedCode = data.shortUrl ? shortCodeFrom(data.shortUrl, settings.shortUrlBase) : undefined;
  const shortCode = pinnedCode ?? deriveShortCode(published.wallClock, slug);
  const lang = data.lang ?? settings.language;
  const { html, dropped } = renderStory(context.body, { dateline: data.dateline, lang, htmlPolicy: settings.htmlPolicy });
  const sameAddress: { field: string; message: string }[] = [];
  const article: Article = {
    sourcePath: context.sourcePath,
    archiveFolder: context.archiveFolder,
    slug,
    url: storyPath(sectionSettings?.slug, slug, settings),
    headline: data.headline,
    bullets: data.bullets,
    dateline: data.dateline,
    section: sectionSettings ? { ...sectionSettings, url: `/${sectionSettings.slug}/` } : undefined,
    tags: namedLinks(data.tags, "tags", (message) => sameAddress.push({ field: "tags", message })),
    authors: namedLinks(data.author, "authors", (message) => sameAddress.push({ field: "author", message })),
    published,
    updated,
    modified: updated ?? published,
    shortCode,
    shortCodePinned: pinnedCode !== undefined,
    shortUrl: `${settings.shortUrlBase}/${shortCode}`,
    image: context.image,
    lang,
    dir: textDirection(lang),
    draft: data.draft,
    html,
    bodyMedia: html.search(FILE_TAG) >= 0,
    bodyFileLinks: hasArticleFileLinks(html),
  };
  return { article, dropped, sameAddress };
}

/** A link for each name; a name that makes the address of one before it is the same link, or, when it is another name, `onClash`'s. */
function namedLinks(names: string[], folder: string, onClash: (message: string) => void): NamedLink[] {
  const seen = new Map<string, NamedLink>();
  for (const name of names) {
    const slug = nameSlug(name) || shortHash(name);
    const first = seen.get(slug);
    if (!first) seen.set(slug, { name, slug, url: `/${folder}/${slug}/` });
    else {
      const clash = sameAddressInOneList(first.name, name, first.url);
      if (clash) onClash(clash);
    }
  }
  return [...seen.values()];
}

/** Finds the lead image on disk by the rule every image follows (src/image-sources.ts), its path a file name as written. Returns a message when it cannot be used, and where it was looked for when that is because it is missing. */
async function resolveLeadImage(
  image: NonNullable<ArticleFrontMatter["image"]>,
  articleFile: string,
  { publicDir, articlesDir, archiveDir }: Pick<LoadOptions, "publicDir" | "articlesDir" | "archiveDir">,
): Promise<LeadImage | { problem: string; missing?: string[] }> {
  if (/^[a-z][a-z0-9+.-]*:/i.test(image.src)) {
    return { problem: `expected a file beside the article or under public/, found the address ${describeValue(image.src)}` };
  }
  if (!hasImageExtension(image.src)) {
    return { problem: `expected an image file (${IMAGE_EXTENSIONS.join(", ")}); found ${describeValue(image.src)}` };
  }
  const candidates = imageCandidates(image.src, articleFile, { publicDir, articlesDir: archiveDir ?? articlesDir }, { asWritten: true });
  for (const candidate of candidates) {
    if (!(await isFile(candidate.file))) continue;
    if (!(await isInside(candidate.root, candidate.file))) {
      return { problem: `expected a file inside ${displayPath(candidate.root)}/; ${describeValue(image.src)} leads out of it` };
    }
    const url = candidate.inPublic ? (image.src.startsWith("/") ? image.src : `/${image.src}`) : mediaUrl(candidate.file);
    return { url, file: candidate.file, alt: image.alt, caption: image.caption, credit: image.credit };
  }
  return { problem: `expected an image file beside the article or under public/; found no file at ${candidates.map((c) => displayPath(c.file)).join(" or ")}`, missing: placesLookedAt(candidates) };
}

type Placed = Pick<Article, "sourcePath" | "url" | "shortCode">;

/** The groupings findCollisions keeps for a caller that checks the same archive again (the preview's loads). */
export function collisionGroups<T extends Placed>(): { addresses: KeptGroups<T>; codes: KeptGroups<T> } {
  // Codes that differ only in case are one page on a disk or host that ignores case (macOS, Windows,
  // some S3 set-ups), where one story's short link would silently lead to the other.
  return { addresses: new KeptGroups((article) => article.url), codes: new KeptGroups<T>(byShortCode) };
}

/**
 * Two articles may not share a URL or a short code: one would silently replace the other. `groups` is
 * what the last call grouped, for a caller that checks the same archive again.
 */
export function findCollisions<T extends Placed>(articles: readonly T[], groups = collisionGroups<T>(), slugLine: (sourcePath: string) => number | undefined = (file) => lineOfFieldInFile(file, "slug")): Problem[] {
  // Of the stories that share an address or a short code, the first by file keeps it and each other is reported.
  const reported = (same: T[][], problem: (article: T, first: T) => Problem) =>
    same.flatMap((group) => {
      const [first, ...others] = group.sort((a, b) => (a.sourcePath < b.sourcePath ? -1 : 1));
      return others.map((article) => problem(article, first!));
    });
  return [
    ...reported(groups.addresses.shared(articles), (article, first) => addressClash(article, first, slugLine)),
    ...reported(groups.codes.shared(articles), (article, first) => {
      const spelled = first.shortCode === article.shortCode ? "" : ` as ${first.shortCode} (codes that differ only in case are one page where case is ignored)`;
      return {
        file: article.sourcePath,
        field: "shortUrl",
        message: `the short code ${article.shortCode} is already used by ${first.sourcePath}${spelled}; give one of them another shortUrl`,
      };
    }),
  ];
}

/**
 * Two stories at one address (/section/slug/; neither headline nor date is part of it): placed where the
 * editor can change it, and saying what to change. A slug written in the front matter is on its line; one
 * the file's name gives is on no line, so the file's first line, with the file named as the cause.
 */
function addressClash(article: Placed, first: Placed, slugLine: (sourcePath: string) => number | undefined): Problem {
  const slug = article.url.split("/").at(-2);
  const line = slugLine(article.sourcePath);
  const firstWritten = slugLine(first.sourcePath) !== undefined;
  const causes =
    line === undefined
      ? firstWritten
        ? `that story's slug field and this file's name both give the slug ${slug}`
        : `the names of both files give the slug ${slug}`
      : firstWritten
        ? `both stories' slug fields are ${slug}`
        : `this story's slug field and that file's name both give the slug ${slug}`;
  const fix = line === undefined ? "rename this file, or give it a slug field (lower-case letters, digits and hyphens)" : "change this slug";
  // Otherwise the message names one file twice, to the eye: é saved as one character and as e and an accent (as macOS may save it).
  const lookAlike =
    article.sourcePath !== first.sourcePath && article.sourcePath.normalize("NFC") === first.sourcePath.normalize("NFC")
      ? " (the two paths look the same, but spell an accented letter with different characters)"
      : "";
  return { file: article.sourcePath, line: line ?? 1, message: `would be published at ${article.url}, the same address as ${first.sourcePath}${lookAlike}: ${causes}; ${fix}` };
}

/**
 * A field of the wrong type is one problem: zod still measures a list's length on text, so
 * `bullets: One point only` was refused as a list expected and, on the same line, as more than 5 bullets.
 */
function wrongTypesOnce(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const wrongType = new Set(issues.filter((issue) => issue.code === "invalid_type").map((issue) => issue.path.join(".")));
  return issues.filter((issue) => issue.code === "invalid_type" || !wrongType.has(issue.path.join(".")));
}

function describeIssue(issue: z.core.$ZodIssue, file: string, frontMatter: FrontMatterFile, schema: ReturnType<typeof articleSchema>): Problem[] {
  const { yamlText } = frontMatter;
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => {
      const fieldPath = [...issue.path, key].join(".");
      const written = lineOfField(frontMatter, [...issue.path, key]);
      // A key given after YAML's `?` (a list, or a group of fields) reaches here as "a,b" or "[object Object]", on no line of its own.
      const explicitKey = written === undefined ? explicitKeyLine(yamlText) : undefined;
      if (explicitKey !== undefined) {
        return { file, line: explicitKey, message: "a key written after ? is not a field's name: expected fields written as name: value" };
      }
      const line = written;
      // A story's first line read as a field (`Source: Reuters`, its closing --- missing) is said to be one, and
      // offered no field a letter or two away: "Note" is two from "date".
      const story = issue.path.length === 0 && line !== undefined && !suggestion(key, 1) ? closingMissingHintForField(yamlText, line) : "";
      const message =
        key === "<<"
          ? "a merge key (<<) is not read: expected each field written out"
          : story
            ? `unknown field; the article format has no such field${story}`
            : unknownFieldMessage(key, issue.path.length > 0);
      return { file, line, field: fieldPath, message };
    });
  }
  const field = issue.path.join(".");
  const line = lineOfField(frontMatter, issue.path);
  const found = "input" in issue ? issue.input : undefined;
  if (issue.code === "invalid_type" && found === undefined) {
    return [{ file, line, field, message: `required, but missing: expected ${typeInWords(issue.expected)}` }];
  }
  // Not where the schema says what it expects in its own words (shortUrl: a short code).
  const pair = issue.code === "invalid_type" && issue.expected === "string" && !issue.message.startsWith("expected ") ? pairForTextProblem(found) : undefined;
  if (pair) return [{ file, line, field, message: pair }];
  const expected =
    issue.code === "invalid_type" && !issue.message.startsWith("expected ") ? `expected ${typeInWords(issue.expected)}` : issue.message.replace(/^[a-zA-Z.]+: (?=expected)/, "");
  // A message that says what it found already ("expected text, found an empty value") is not told it again.
  const message = /\bfound\b/.test(expected) ? expected : `${expected}; found ${describeValue(found)}`;
  // An optional field left empty is refused all the same (a template left half-filled should be seen), saying how to leave it out.
  return [{ file, line, field, message: isEmpty(found) && mayLeaveOut(schema, issue.path) ? `${message}; fill it in, or delete the line to leave it out` : message }];
}

/** A field written with nothing after it (`dateline:`), or only spaces in quotes. */
function isEmpty(value: unknown): boolean {
  return value === null || (typeof value === "string" && value.trim() === "");
}

/** The file line of the first key written after YAML's `?`, in the front matter as read; undefined when it has none. */
function explicitKeyLine(yamlText: string): number | undefined {
  const index = yamlText.split("\n").findIndex((line) => /^\s*\?(?:\s|$)/.test(line));
  return index < 0 ? undefined : index + 1;
}

function typeInWords(type: string): string {
  const words: Record<string, string> = { string: "text", array: "a list", object: "a group of fields", boolean: "true or false", number: "a number" };
  return words[type] ?? type;
}

const TOP_LEVEL_FIELDS = ["headline", "bullets", "date", "updated", "shortUrl", "dateline", "section", "tags", "author", "image", "lang", "slug", "draft"];
const IMAGE_FIELDS = ["src", "alt", "caption", "credit"];
const KNOWN_FIELDS = [...TOP_LEVEL_FIELDS, ...IMAGE_FIELDS];
const TOP_LEVEL_FIELD_LINE = new RegExp(`^(${TOP_LEVEL_FIELDS.join("|")}):(?:[ \t]|$)`);

/**
 * A story whose body opens with a field of the article format, written as in front matter: a stray ---
 * line among the fields closed the front matter early, and the fields after it would be published as
 * the story's first paragraph (or, before another ---, as a heading). Only the body's first line is
 * looked at, and only the format's own names in lower case, as no story's opening words are.
 */
function fieldOpeningBody(body: string, bodyLine: number): Omit<Problem, "file"> | undefined {
  const blank = /^(?:[ \t]*\n)*/.exec(body)![0];
  const end = body.indexOf("\n", blank.length);
  const opening = body.slice(blank.length, end < 0 ? undefined : end);
  const field = TOP_LEVEL_FIELD_LINE.exec(opening)?.[1];
  if (field === undefined) return undefined;
  const closing = bodyLine - 1;
  return {
    line: bodyLine + blank.split("\n").length - 1,
    field,
    message: `this field comes after the --- line that closes the front matter (line ${closing}), so it would be published as the story's first words: expected every field above the closing --- line; is the --- on line ${closing} one too many?`,
  };
}

/**
 * "unknown field", with the field meant when one is near; a field of the other level (`caption` at the
 * margin, `headline` indented under image:) is told where it belongs, where it was offered itself ("caption:
 * unknown field (did you mean caption?)").
 */
function unknownFieldMessage(key: string, inImage: boolean): string {
  const meant = fieldMeant(key, KNOWN_FIELDS);
  // A story's field by another tool's name for it (`summary:` for bullets); not under image:, where `title` is no headline.
  const otherwise = meant === undefined && !inImage ? fieldNamedOtherwise(key) : undefined;
  if (otherwise !== undefined) return `unknown field (did you mean ${otherwise}?): the article format calls this field ${otherwise}`;
  if (meant === undefined || (inImage ? IMAGE_FIELDS : TOP_LEVEL_FIELDS).includes(meant)) return `unknown field${suggestion(key)}; the article format has no such field`;
  const named = meant === key ? "" : ` (did you mean ${meant}?)`;
  return inImage
    ? `unknown field in image${named}: ${meant} is a field of the story's own, written at the start of its line, not indented under image:`
    : `unknown field${named}: ${meant} is one of image's fields, written indented under image:`;
}

function suggestion(key: string, maxDistance?: number): string {
  const meant = fieldMeant(key, KNOWN_FIELDS, maxDistance);
  // A name that reads as the field meant, but for a letter of another script drawn the same (src/message-text.ts).
  const lookAlikes = meant ? lookAlikesIn(key) : "";
  return meant ? ` (did you mean ${meant}?${lookAlikes ? ` ${lookAlikes}` : ""})` : "";
}

function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
