import { DateTime } from "luxon";
import type { Article } from "./article.ts";
import { machineIso, rfc822Date, type Timestamp } from "./dates.ts";
import posthtml from "posthtml";
import urls from "@11ty/posthtml-urls";
import { escapeHtml } from "./html-escape.ts";
import { imageTypeOf, type ImageFacts } from "./image-facts.ts";
import { srcsetCandidates } from "./media-tags.ts";
import { joinSentences } from "./punctuation.ts";
import type { SiteSettings } from "./settings.ts";
import type { SharePicture } from "./share-image.ts";
import { sharedPicture } from "./shared-picture.ts";
import { absoluteUrl, resolveContentUrl, type SiteLocation } from "./site-urls.ts";
import { fillIn, titleWithSite, wordsFor } from "./site-words.ts";
import { xmlText } from "./xml-text.ts";

/** The number of stories each feed carries. */
export const FEED_LENGTH = 50;
/**
 * A tag's or author's feed: its newest stories' headlines and summaries, without their bodies. An archive
 * has thousands of tags and bylines; with 50 full bodies each, their feeds would hold its text many times
 * over (about 26 MB of a 64 MB site at 1,000 stories), where a reader following a topic wants what is new.
 */
export const SUBJECT_FEED_LENGTH = 20;

/** A moment as both feed formats write it. */
export interface FeedDate {
  /** RFC 3339 with the newsroom's offset (Atom, and `atom:updated` in RSS). */
  rfc3339: string;
  /** RFC 822 with a numeric offset (RSS). */
  rfc822: string;
}

export interface FeedImage {
  /** Absolute. */
  url: string;
  type: string;
  width?: number;
  height?: number;
  bytes?: number;
  alt: string;
  credit?: string;
}

export interface FeedEntry {
  /** The article's absolute URL, also its permanent id. */
  url: string;
  /** Site-relative URL of the article, for resolving links in its content. */
  path: string;
  title: string;
  /** The bullets as plain text; empty when the article has none. */
  summary: string;
  /**
   * The same as HTML, for RSS's item `<description>`, which feed readers show as HTML (RSS 2.0: "entity-encoded
   * HTML is allowed"): a bullet's `<img onerror>` there, escaped for XML alone, reached a reader's screen as markup.
   */
  summaryHtml: string;
  /** The rendered body with site-relative links; the feed templates make every URL in it absolute. */
  html: string;
  published: FeedDate;
  updated: FeedDate;
  /** The bylines, or the newsroom's name for a story without one. */
  authors: string[];
  /** The section's name first, then the tags. */
  categories: string[];
  image?: FeedImage;
  lang: string;
}

export interface Feed {
  /** Site-relative path of the feed file. */
  path: string;
  /** Absolute URL of the feed itself (Atom `self`). */
  selfUrl: string;
  /** Absolute URL of the page the feed follows. */
  homeUrl: string;
  title: string;
  /** As text, for Atom's `<subtitle>` (type text). */
  description: string;
  /**
   * The same (or the title, for a feed without one) as HTML, for RSS's channel `<description>`: readers may
   * show it as HTML, as they do an item's (Universal Feed Parser reads it as the feed's subtitle, HTML when
   * it holds markup), and a tag's feed describes itself with the tag's name, an editor's text.
   */
  descriptionHtml: string;
  language: string;
  /**
   * When the newest entry last changed; none for a feed without stories (a section with none yet), which
   * RSS lets leave out its `lastBuildDate`: nothing of the site's input dates it, and dated by the build's
   * now it was written afresh by every build, and uploaded by every deploy, though nothing in it changed.
   */
  updated?: FeedDate;
  entries: FeedEntry[];
  /**
   * The stories the entries are made from, in order: the page cache's digest (src/page-digests.ts) and the
   * preview's rebuilds (src/preview-delta.ts) know by them that a feed changed.
   */
  stories: readonly Article[];
}

export interface AtomFeed extends Feed {
  /**
   * Atom requires a feed's `<updated>`: the newest entry's, or on a site with no story out yet (the only one
   * whose Atom feed has none) NO_ENTRY_DATE.
   */
  updated: FeedDate;
  /**
   * Absolute URL of the share picture's JPEG (src/share-image.ts), as Atom's <logo>, which sets no size;
   * none when the site names no share picture. RSS has no such element: its channel <image> may be at most
   * 144 pixels wide, and the picture is 1200 (the site's sizes are made for pages and cards, not for that one slot).
   */
  logo?: string;
}

export interface Feeds {
  /** /feed.xml: the latest stories site-wide, in Atom. */
  atom: AtomFeed;
  /** /rss.xml site-wide, then /<section>/rss.xml for each section. */
  rss: Feed[];
}

export interface FeedSection {
  subject: { name: string; slug: string; url: string; feedUrl?: string };
  items: readonly Article[];
}

/** What a tag's or author's feed follows: its subject, with the stories filed under it, newest first. */
export interface FeedSubject {
  kind: "tag" | "author";
  subject: { name: string; url: string; feedUrl: string };
  items: readonly Article[];
}

export interface FeedContext {
  images?: ReadonlyMap<string, ImageFacts>;
  sharePicture?: Pick<SharePicture, "url">;
  /** Entries per feed. */
  length?: number;
  /** Each article's entry, made once however many feeds carry it (feedEntries). */
  entryOf?: (article: Article) => FeedEntry;
}

/** Each article's entry, made on first asking and then the same object for every feed that carries it. */
export function feedEntries(settings: SiteSettings, images?: ReadonlyMap<string, ImageFacts>): (article: Article) => FeedEntry {
  const entries = new Map<Article, FeedEntry>();
  return (article) => {
    let entry = entries.get(article);
    if (!entry) {
      entry = feedEntry(article, settings, images);
      entries.set(article, entry);
    }
    return entry;
  };
}

/**
 * The `<updated>` of an Atom feed without entries: the Unix epoch, a date that says "never" and that every
 * story's is later than, so the feed's date only moves forward when the first story comes out. Not the
 * build's now: nothing of the input dates an empty feed, and dated by the clock it came out different from
 * every build (the site of drafts and scheduled stories too), against "the same input, the same bytes",
 * and against `npm run check -- --next-change`, which says when a build would next differ.
 */
export const NO_ENTRY_DATE: FeedDate = feedDate(DateTime.fromMillis(0), "UTC");

/** The site's feeds from newest-first articles. Each article's entry is built once however many feeds carry it. */
export function buildFeeds(data: { articles: readonly Article[]; sections: readonly FeedSection[] }, settings: SiteSettings, context: FeedContext): Feeds {
  const words = wordsFor(settings, settings.language);
  const entryOf = context.entryOf ?? feedEntries(settings, context.images);
  const feed = (path: string, homePath: string, title: string, description: string, articles: readonly Article[]): Feed =>
    feedOf(path, homePath, title, description, articles, settings, { ...context, entryOf });
  const atom = feed("/feed.xml", "/", settings.name, settings.description, data.articles);
  return {
    atom: {
      ...atom,
      updated: atom.updated ?? NO_ENTRY_DATE,
      ...(context.sharePicture ? { logo: absoluteUrl(context.sharePicture.url, settings) } : {}),
    },
    rss: [
      feed("/rss.xml", "/", settings.name, settings.description, data.articles),
      ...data.sections.map(({ subject, items }) =>
        feed(subject.feedUrl ?? `${subject.url}rss.xml`, subject.url, titleWithSite(words, subject.name, settings.name), fillIn(words.text.sectionDescription, { section: subject.name, site: settings.name }), items),
      ),
    ],
  };
}

/** A tag's or author's RSS feed: its newest SUBJECT_FEED_LENGTH stories, summaries without bodies (subject-rss.njk). */
export function subjectFeed({ kind, subject, items }: FeedSubject, settings: SiteSettings, context: FeedContext): Feed {
  const words = wordsFor(settings, settings.language);
  const { tagDescription, authorDescription } = words.text;
  const description =
    kind === "tag" ? fillIn(tagDescription, { tag: subject.name, site: settings.name }) : fillIn(authorDescription, { author: subject.name, site: settings.name });
  // The name is an editor's, from front matter, where a section's is the settings'.
  return feedOf(subject.feedUrl, subject.url, xmlText(titleWithSite(words, subject.name, settings.name)), xmlText(description), items, settings, { length: SUBJECT_FEED_LENGTH, ...context });
}

function feedOf(path: string, homePath: string, title: string, description: string, articles: readonly Article[], settings: SiteSettings, context: FeedContext): Feed {
  const entryOf = context.entryOf ?? feedEntries(settings, context.images);
  const stories = articles.slice(0, context.length ?? FEED_LENGTH);
  const entries = stories.map(entryOf);
  return {
    path,
    selfUrl: absoluteUrl(path, settings),
    homeUrl: absoluteUrl(homePath, settings),
    title,
    description,
    descriptionHtml: escapeHtml(description || title),
    language: settings.language,
    updated: newestUpdate(entries),
    entries,
    stories,
  };
}

export function feedEntry(article: Article, settings: SiteSettings, images?: ReadonlyMap<string, ImageFacts>): FeedEntry {
  // A reader shows the enclosure (and media:content) as the story's picture: the one social cards show.
  const picture = article.image ? sharedPicture(article.image, images) : undefined;
  const facts = picture?.facts;
  const summary = xmlText(joinSentences(article.bullets, article.lang));
  const entry = {
    url: absoluteUrl(article.url, settings),
    path: article.url,
    title: xmlText(article.headline),
    summary,
    summaryHtml: escapeHtml(summary),
    html: "",
    published: feedDateOfTimestamp(article.published, settings.timeZone),
    updated: feedDateOfTimestamp(article.modified, settings.timeZone),
    // A story without a byline is the newsroom's own, as its structured data says too.
    authors: (article.authors.length ? article.authors.map((author) => author.name) : [settings.name]).map(xmlText),
    categories: [...(article.section ? [article.section.name] : []), ...article.tags.map((tag) => tag.name)].map(xmlText),
    image: article.image
      ? {
          url: absoluteUrl(picture!.url, settings),
          type: facts?.type ?? imageTypeOf(picture!.url),
          width: facts?.width,
          height: facts?.height,
          bytes: facts?.bytes,
          alt: xmlText(article.image.alt),
          credit: article.image.credit === undefined ? undefined : xmlText(article.image.credit),
        }
      : undefined,
    lang: article.lang,
  };
  // `html` is read from the article's kept body (src/compact-html.ts) as a feed is written, not held by
  // the entry: the tags' and authors' feeds between them carry most of an archive's stories. Through the
  // one getter every entry shares, on a copy made with its fields in order: a `get html()` of the entry's
  // own (a closure each) made every entry a dictionary, about 800 bytes (forty-fourth round).
  const fields = Object.getOwnPropertyDescriptors(entry);
  fields.html = ENTRY_HTML;
  const kept = Object.defineProperties({}, fields) as FeedEntry;
  entryArticles.set(kept, article);
  return kept;
}

/** The article each entry's `html` is read from. */
const entryArticles = new WeakMap<FeedEntry, Article>();

/** The `html` of every feed entry. */
const ENTRY_HTML: PropertyDescriptor = {
  get(this: FeedEntry): string {
    const article = entryArticles.get(this);
    if (!article) throw new Error("Internal error: a feed entry's body was read from an object that is not an entry");
    return xmlText(article.html);
  },
  enumerable: true,
  configurable: true,
};

/**
 * Plain text (a headline, a byline, a tag) as an RSS feed writes it: `&`, `<` and `>` as the hexadecimal
 * references `&#x26;`, `&#x3C;` and `&#x3E;`, which the RSS Advisory Board's Best Practices Profile found
 * to show as written in the most readers. RSS 2.0 does not say whether an item's `<title>` is text or
 * HTML, and readers differ: read as XML, this is the text as written (`Fish & chips <3`), where escaping it
 * for HTML as well (as a `<description>` is) would show `&amp;` to every reader that takes it for text.
 * A reader that takes a title for HTML reads markup in it (`<b>`) as markup whatever the escape, as it
 * would in the text itself. Atom has no such doubt: its titles are `type="text"`, escaped for XML alone.
 */
export function rssText(text: string): string {
  return text.replace(/[&<>]/g, (character) => RSS_TEXT_REFERENCES[character]!);
}

const RSS_TEXT_REFERENCES: Record<string, string> = { "&": "&#x26;", "<": "&#x3C;", ">": "&#x3E;" };

/** Both date forms for a moment, in the newsroom's zone so the offset is the one its readers live in. */
export function feedDate(moment: DateTime, timeZone: string): FeedDate {
  const local = moment.setZone(timeZone);
  return feedDateOf(machineIso(local), local.toMillis(), timeZone);
}

// Each feed date is formatted twice (ISO and RFC 822) for every feed a story is in, its section's, tags' and
// authors' as well as the site's; an unchanged article keeps its Timestamp objects between the preview's
// rebuilds, so their dates are made once.
const feedDates = new WeakMap<Timestamp, { timeZone: string; date: FeedDate }>();

function feedDateOfTimestamp(moment: Timestamp, timeZone: string): FeedDate {
  const known = feedDates.get(moment);
  if (known?.timeZone === timeZone) return known.date;
  const date = feedDateOf(moment.iso, moment.epochMs, timeZone);
  feedDates.set(moment, { timeZone, date });
  return date;
}

function feedDateOf(iso: string, epochMs: number, timeZone: string): FeedDate {
  return { rfc3339: iso, rfc822: rfc822Date(epochMs, timeZone) };
}

function newestUpdate(entries: readonly FeedEntry[]): FeedDate | undefined {
  let newest: FeedEntry | undefined;
  for (const entry of entries) if (!newest || Date.parse(entry.updated.rfc3339) > Date.parse(newest.updated.rfc3339)) newest = entry;
  return newest?.updated;
}

/**
 * Makes every URL in an article's HTML absolute, as feed readers need: links, images, srcsets.
 * (@11ty/eleventy-plugin-rss's htmlToAbsoluteUrls resolves /x against the domain, dropping a path prefix.)
 */
export async function absolutizeHtml(html: string, pagePath: string, location: Pick<SiteLocation, "siteUrl">): Promise<string> {
  const pageUrl = absoluteUrl(pagePath, location);
  const resolve = (url: string) => resolveContentUrl(url, pageUrl, location);
  try {
    const result = await posthtml().use(urls({ eachURL: resolve })).process(html);
    return result.html;
  } catch (error) {
    // posthtml walks the tree recursively, and a story nested hundreds of levels deep (which the
    // schema allows) exhausts the stack; the attributes are then rewritten where they stand.
    if (!(error instanceof RangeError)) throw error;
    return absolutizeAttributes(html, resolve);
  }
}

const URL_ATTRIBUTE = /(\s(?:href|src|poster|cite|action)\s*=\s*)(?:"([^"]*)"|'([^']*)')/gi;
const SRCSET_ATTRIBUTE = /(\ssrcset\s*=\s*)(?:"([^"]*)"|'([^']*)')/gi;

/**
 * The flat fallback of absolutizeHtml: quoted URL attributes and srcset candidates, found by pattern. Each
 * value is written back in double quotes, so a quotation mark that a single-quoted value held becomes
 * &quot; rather than ending the attribute there.
 */
export function absolutizeAttributes(html: string, resolve: (url: string) => string): string {
  const quoted = (name: string, value: string) => `${name}"${value.replaceAll('"', "&quot;")}"`;
  return html
    .replace(URL_ATTRIBUTE, (_whole, name: string, double?: string, single?: string) => quoted(name, resolve(double ?? single ?? "")))
    .replace(SRCSET_ATTRIBUTE, (_whole, name: string, double?: string, single?: string) => {
      const candidates = srcsetCandidates(double ?? single ?? "").map(([url, ...descriptors]) => [resolve(url), ...descriptors].join(" "));
      return quoted(name, candidates.join(", "));
    });
}
