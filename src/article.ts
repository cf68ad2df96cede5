import type { Timestamp } from "./dates.ts";
import type { TextDirection } from "./languages.ts";

/** A name with the path segment of its page (tags and authors). */
export interface NamedLink {
  name: string;
  slug: string;
  url: string;
}

/** One published image file and its size in pixels. */
export interface ImageFile {
  url: string;
  width: number;
  height: number;
}

/** The JPEG made for social cards, and its size in bytes, which an RSS enclosure must give. */
export interface SocialImage extends ImageFile {
  bytes: number;
}

export interface LeadImage {
  /**
   * Site-relative URL of the image's own file: its address under public/, or for one beside the article
   * the /media/ address the file would have. The build publishes the variants it makes (picture, social),
   * not a file beside the article itself (src/news-loader.ts): this names the image, as facts are kept by it.
   */
  url: string;
  /** The file on disk it is published from. */
  file: string;
  alt: string;
  caption?: string;
  credit?: string;
  /** The responsive <picture> markup, made during a build by src/images.ts. */
  picture?: string;
  /** A 1200px-wide JPEG for social cards (Open Graph, X), made during a build by src/images.ts. */
  social?: SocialImage;
}

/** An article as the templates see it: validated, rendered and ready to print. */
export interface Article {
  /** The Markdown file, relative to the working folder (for error messages). */
  sourcePath: string;
  /**
   * The top-level folder of the archive the file is in (a year, in a dated archive), or "" for a file at
   * its top: a search index never spans two, so each job of a sharded build indexes its own (src/search-shards.ts).
   */
  archiveFolder: string;
  slug: string;
  /** Site-relative URL of the article page, e.g. /pakistan/washington-shared-interest/. */
  url: string;
  headline: string;
  bullets: string[];
  dateline?: string;
  section?: { slug: string; name: string; url: string };
  tags: NamedLink[];
  authors: NamedLink[];
  published: Timestamp;
  updated?: Timestamp;
  /** The later of published and updated: when the story last changed. */
  modified: Timestamp;
  shortCode: string;
  /** Whether the code was written in front matter (`shortUrl`) rather than derived: a pinned code is never changed. */
  shortCodePinned: boolean;
  /** The short link as readers see and share it. */
  shortUrl: string;
  image?: LeadImage;
  lang: string;
  dir: TextDirection;
  draft: boolean;
  /** The rendered body. */
  html: string;
  /**
   * Whether the body has images, video or audio of its own, which a build makes responsive or publishes
   * (src/images.ts). Known when the body is rendered, so that a build need not read every kept body back to look.
   */
  bodyMedia: boolean;
  /** Whether the body links to another story's Markdown file, which the loader points at its address (src/article-file-links.ts). */
  bodyFileLinks: boolean;
}

/** Newest first by publication time; a later update breaks a tie; the URL makes the order total. */
export function compareArticles(a: Article, b: Article): number {
  return (
    b.published.epochMs - a.published.epochMs ||
    (b.updated?.epochMs ?? 0) - (a.updated?.epochMs ?? 0) ||
    (a.url < b.url ? -1 : a.url > b.url ? 1 : 0)
  );
}
