import { closeSync, openSync, readSync } from "node:fs";
import path from "node:path";
import type { Article } from "./article.ts";
import { storyPlaceSchema } from "./article-schema.ts";
import { MAX_ARTICLE_BYTES } from "./article-text.ts";
import { wallClockTime, type Timestamp } from "./dates.ts";
import { FrontMatterSyntaxError, frontMatterFields } from "./front-matter.ts";
import { displayPath } from "./problems.ts";
import type { SiteSettings } from "./settings.ts";
import { deriveShortCode, shortCodeFrom } from "./short-url.ts";
import { storyPath } from "./site-urls.ts";
import { storySlug } from "./slugs.ts";

// A shard of a sharded build (src/build-shards.ts) writes one folder's article pages, and each of them
// takes three things from the rest of the archive: its short code, lengthened when an earlier story
// anywhere derived the same one; its links to other stories' files, which become their addresses; and
// its search parts' numbers, counted among the other folders' published stories (src/search-shards.ts).
// None of them needs a body, a headline, tags, pictures or a date's display text, so the rest of the
// archive is read as places: the front matter block alone (the body is never read from disk), and of
// it the five fields that place a story. Every file must still be read, since any story may derive a
// code one of the shard's derives; a manifest from the global job would spare that, but the jobs run
// at the same time. A file these fields cannot be read from is left out, as a whole read leaves out a
// story with problems: the global job, which reads every story in full, reports it and fails the build.

/** What a shard's pages take from a story in another folder of the archive: its address, its short code and whether it is out. */
export type StoryPlace = Pick<Article, "sourcePath" | "archiveFolder" | "slug" | "url" | "draft" | "shortCode" | "shortCodePinned" | "shortUrl"> & {
  published: Pick<Timestamp, "wallClock" | "epochMs">;
};

/** The places of the stories in `files`, in their order, each read from its front matter alone. */
export function readStoryPlaces(files: readonly string[], archiveDir: string, settings: SiteSettings): StoryPlace[] {
  const schema = storyPlaceSchema(settings);
  const places: StoryPlace[] = [];
  for (const file of files) {
    const place = readStoryPlace(file, archiveDir, schema, settings);
    if (place) places.push(place);
  }
  return places;
}

function readStoryPlace(file: string, archiveDir: string, schema: ReturnType<typeof storyPlaceSchema>, settings: SiteSettings): StoryPlace | undefined {
  let fields: Record<string, unknown>;
  try {
    fields = frontMatterFields(frontMatterText(file));
  } catch (error) {
    if (error instanceof FrontMatterSyntaxError) return undefined;
    throw error;
  }
  const parsed = schema.safeParse(fields);
  if (!parsed.success) return undefined;
  const { date, slug: slugField, shortUrl, section, draft } = parsed.data;
  const sourcePath = displayPath(file);
  const slug = storySlug(slugField, file, sourcePath);
  const published = wallClockTime(date, settings.timeZone);
  const pinnedCode = shortUrl ? shortCodeFrom(shortUrl, settings.shortUrlBase) : undefined;
  const shortCode = pinnedCode ?? deriveShortCode(published.wallClock, slug);
  return {
    sourcePath,
    archiveFolder: archiveFolderOf(file, archiveDir),
    slug,
    url: storyPath(section, slug, settings),
    draft,
    published,
    shortCode,
    shortCodePinned: pinnedCode !== undefined,
    shortUrl: `${settings.shortUrlBase}/${shortCode}`,
  };
}

/** Bytes read at first: a story's front matter is well under a kilobyte or two. */
const FIRST_READ = 4096;
/** A closing --- line, found after the opening one; any line ending, as frontMatterFields reads them all as one. */
const CLOSING_FENCE = /[\r\n]---[ \t]*[\r\n]/;

/**
 * A file's text up to its front matter's closing --- line, or the whole file when it has none: what
 * frontMatterFields reads the fields from, without the body. Read a few kilobytes at a time, so a story
 * costs one read of its first kilobytes rather than of its whole text (about 4.7 KB in the bench's corpus).
 */
function frontMatterText(file: string): string {
  const fd = openSync(file, "r");
  try {
    let buffer = Buffer.allocUnsafe(FIRST_READ);
    let length = 0;
    for (;;) {
      if (length === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(buffer.length)]);
      const read = readSync(fd, buffer, length, buffer.length - length, length);
      length += read;
      // A character cut at the end of a read decodes as U+FFFD, beyond the fence or read again whole with the next bytes.
      const text = buffer.toString("utf8", 0, length);
      if (read === 0 || length >= MAX_ARTICLE_BYTES) return text;
      const fence = CLOSING_FENCE.exec(text);
      if (fence) return text.slice(0, fence.index + fence[0].length);
    }
  } finally {
    closeSync(fd);
  }
}

/** The top-level folder of the archive `root` that `file` (a path in it) is in, or "" for a file at its top. */
export function archiveFolderOf(file: string, root: string): string {
  const relative = path.relative(root, file);
  const end = relative.indexOf(path.sep);
  return end < 0 ? "" : relative.slice(0, end);
}
