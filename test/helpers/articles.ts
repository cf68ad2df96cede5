import { DateTime } from "luxon";
import type { Article, NamedLink } from "../../src/article.ts";
import { readArticleDate, toTimestamp } from "../../src/dates.ts";
import { resolveSettings, type SettingsInput, type SiteSettings } from "../../src/settings.ts";
import { nameSlug } from "../../src/slugs.ts";
import siteConfig from "../../site.config.ts";

export function testSettings(overrides: Partial<SettingsInput> = {}): SiteSettings {
  return resolveSettings(siteConfig, overrides);
}

export interface ArticleSpec {
  slug: string;
  published: string;
  updated?: string;
  section?: string;
  tags?: string[];
  authors?: string[];
  headline?: string;
  bullets?: string[];
  html?: string;
  image?: { url: string; alt: string; caption?: string; credit?: string };
  lang?: string;
  /** The top-level folder of the archive its file is in: "" (the top) unless said. */
  archiveFolder?: string;
}

const links = (names: string[], folder: string): NamedLink[] => names.map((name) => ({ name, slug: nameSlug(name), url: `/${folder}/${nameSlug(name)}/` }));

/** An article as the loader would give it, for unit tests that need no files. */
export function makeArticle(spec: ArticleSpec, settings: SiteSettings = testSettings()): Article {
  const zone = settings.timeZone;
  const published = toTimestamp(DateTime.fromISO(spec.published), zone, settings.timeZoneAbbreviation, settings.language);
  const updated = spec.updated ? toTimestamp(DateTime.fromISO(spec.updated), zone, settings.timeZoneAbbreviation, settings.language) : undefined;
  const section = settings.sections.find((candidate) => candidate.slug === spec.section);
  return {
    sourcePath: `articles/${spec.slug}.md`,
    archiveFolder: spec.archiveFolder ?? "",
    slug: spec.slug,
    url: `/${section?.slug ?? settings.noSectionSlug}/${spec.slug}/`,
    headline: spec.headline ?? `Headline of ${spec.slug}`,
    bullets: spec.bullets ?? [],
    section: section ? { ...section, url: `/${section.slug}/` } : undefined,
    tags: links(spec.tags ?? [], "tags"),
    authors: links(spec.authors ?? [], "authors"),
    published,
    updated,
    modified: updated ?? published,
    shortCode: `c${spec.slug.slice(0, 5).padEnd(5, "2")}`.slice(0, 6),
    shortCodePinned: false,
    shortUrl: `${settings.shortUrlBase}/x`,
    image: spec.image ? { ...spec.image, file: `/nowhere${spec.image.url}` } : undefined,
    lang: spec.lang ?? "en",
    dir: "ltr",
    draft: false,
    html: spec.html ?? `<p>Body of ${spec.slug}.</p>\n`,
    bodyMedia: spec.html?.includes("<img ") ?? false,
    bodyFileLinks: false,
  };
}

/** Newest first, as the loader returns them. */
export function newestFirst(articles: Article[]): Article[] {
  return [...articles].sort((a, b) => b.published.epochMs - a.published.epochMs);
}

/** The moment a front-matter date names (src/dates.ts), or undefined when it names none. */
export function momentOf(value: string, timeZone: string): DateTime | undefined {
  const read = readArticleDate(value, timeZone);
  return "moment" in read ? read.moment : undefined;
}
