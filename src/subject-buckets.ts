import { compareArticles, type Article } from "./article.ts";
import { identityDiff, sharedEnds } from "./identity-diff.ts";
import { resorted } from "./incremental.ts";
import { localFormats } from "./local-formats.ts";

/** What a listing is about, as its stories name it: a tag, an author or an archive month. */
export interface SubjectLink {
  name: string;
  slug: string;
  url: string;
}

/** The stories a subject lists, newest first. The list is never changed once made. */
export interface Filled {
  link: SubjectLink;
  items: readonly Article[];
}

/** Which stories each section, tag, author and month lists, by slug, and the newest changes the indexes show. */
export interface Buckets {
  /** By the settings' section slugs; a section with no stories has an empty list. */
  sections: Map<string, readonly Article[]>;
  tags: Map<string, Filled>;
  authors: Map<string, Filled>;
  months: Map<string, Filled>;
  /** The story changed last among those with a tag, with a byline, and among all (each story has a month). */
  lastChanged: { tags?: Article; authors?: Article; all?: Article };
  /** The archive month of a story. */
  monthOf: (article: Article) => SubjectLink;
  /** Whether the stories came in the order compareArticles gives, so the next call may place its changes by it. */
  inOrder: boolean;
}

/** Above this many stories saved, added or deleted, the buckets are filled afresh. */
const CHANGED_AT_MOST = 64;

/**
 * Puts the stories, newest first, into their buckets in one pass; or, given the buckets of the last
 * call and the stories they were filled from (the preview's last save), changes only the buckets of
 * the stories that differ. At 100,000 stories, filling 600,000 places again was a fifth of a second of
 * every save. The stories come in the order `compareArticles` gives (the loader's), so a changed
 * bucket keeps that order with its stories found and placed by it; stories in any other order are
 * filled afresh.
 */
export function fillBuckets(articles: readonly Article[], sectionSlugs: readonly string[], language: string, previous?: { articles: readonly Article[]; buckets: Buckets }): Buckets {
  if (previous?.buckets.inOrder) {
    const { removed, added } = identityDiff(previous.articles, articles);
    // The stories the two lists share at their start and end were in order before: only those between are looked at.
    const { start, endAfter } = sharedEnds(previous.articles, articles);
    if (removed.length + added.length <= CHANGED_AT_MOST && inOrder(articles, start - 1, endAfter + 1)) return refill(previous.buckets, articles, removed, added);
  }
  const monthOf = monthsIn(language);
  const buckets: Buckets = {
    sections: new Map(sectionSlugs.map((slug) => [slug, []])),
    tags: new Map(),
    authors: new Map(),
    months: new Map(),
    lastChanged: {},
    monthOf,
    inOrder: inOrder(articles),
  };
  const add = (bucket: Map<string, Filled>, link: SubjectLink, article: Article) => {
    const filled = bucket.get(link.slug);
    if (filled) (filled.items as Article[]).push(article);
    else bucket.set(link.slug, { link, items: [article] });
  };
  // The tags and authors whose stories spell them more than one way, named once all are in.
  const spelledApart = { tags: new Set<string>(), authors: new Set<string>() };
  for (const article of articles) {
    if (article.section) (buckets.sections.get(article.section.slug) as Article[] | undefined)?.push(article);
    add(buckets.months, monthOf(article), article);
    for (const kind of NAMED_KINDS) {
      for (const link of article[kind]) {
        const named = buckets[kind].get(link.slug)?.link.name;
        if (named !== undefined && named !== link.name) spelledApart[kind].add(link.slug);
        add(buckets[kind], link, article);
      }
    }
    noteChange(buckets.lastChanged, article);
  }
  for (const kind of NAMED_KINDS) {
    for (const slug of spelledApart[kind]) {
      const filled = buckets[kind].get(slug)!;
      buckets[kind].set(slug, { link: mostWritten(filled.items, kind, slug), items: filled.items });
    }
  }
  return buckets;
}

type Kind = "sections" | "tags" | "authors" | "months";

/** The last call's buckets less the stories removed and with those added, each changed bucket a new list. */
function refill(last: Buckets, articles: readonly Article[], removed: readonly Article[], added: readonly Article[]): Buckets {
  const buckets: Buckets = { ...last, sections: new Map(last.sections), tags: new Map(last.tags), authors: new Map(last.authors), months: new Map(last.months) };
  // Each bucket a changed story is in, before the save or after it, with the stories it loses and gains.
  const changes = new Map<string, { kind: Kind; slug: string; removed: Article[]; added: Article[] }>();
  const note = (kind: Kind, slug: string, side: "removed" | "added", article: Article) => {
    const key = `${kind}\n${slug}`;
    const change = changes.get(key) ?? { kind, slug, removed: [], added: [] };
    change[side].push(article);
    changes.set(key, change);
  };
  for (const [stories, side] of [[removed, "removed"], [added, "added"]] as const) {
    for (const article of stories) {
      if (article.section && last.sections.has(article.section.slug)) note("sections", article.section.slug, side, article);
      note("months", last.monthOf(article).slug, side, article);
      for (const tag of article.tags) note("tags", tag.slug, side, article);
      for (const author of article.authors) note("authors", author.slug, side, article);
    }
  }
  for (const { kind, slug, removed: gone, added: come } of changes.values()) {
    if (kind === "sections") {
      buckets.sections.set(slug, resorted(last.sections.get(slug)!, gone, come, compareArticles));
      continue;
    }
    const items = resorted(last[kind].get(slug)?.items ?? [], gone, come, compareArticles);
    if (items.length === 0) buckets[kind].delete(slug);
    // A subject is named as a fresh fill names it.
    else buckets[kind].set(slug, { link: kind === "months" ? last.monthOf(items[0]!) : mostWritten(items, kind, slug), items });
  }
  const stale = (newest: Article | undefined) => newest !== undefined && removed.includes(newest);
  if (stale(last.lastChanged.all) || stale(last.lastChanged.tags) || stale(last.lastChanged.authors)) {
    buckets.lastChanged = {};
    for (const article of articles) noteChange(buckets.lastChanged, article);
  } else {
    buckets.lastChanged = { ...last.lastChanged };
    for (const article of added) noteChange(buckets.lastChanged, article);
  }
  return buckets;
}

const NAMED_KINDS = ["tags", "authors"] as const;

/**
 * The link of the spelling of a tag's or author's name (src/subject-names.ts: "APEC", "ＡＰＥＣ"; "US", "us")
 * that most of its stories (`items`, newest first) write, the newest story's among spellings written
 * equally often: a page keeps the name its newsroom writes, not the one a story saved last happened to
 * (a Japanese story's "ＡＰＥＣ" on a tag of a hundred "APEC" stories).
 */
function mostWritten(items: readonly Article[], kind: (typeof NAMED_KINDS)[number], slug: string): SubjectLink {
  // In the order of each spelling's newest story.
  const spellings = new Map<string, { link: SubjectLink; stories: number }>();
  for (const article of items) {
    const link = article[kind].find((named) => named.slug === slug)!;
    const spelling = spellings.get(link.name);
    if (spelling) spelling.stories++;
    else spellings.set(link.name, { link, stories: 1 });
  }
  let most = spellings.values().next().value!;
  for (const spelling of spellings.values()) if (spelling.stories > most.stories) most = spelling;
  return most.link;
}

function noteChange(lastChanged: Buckets["lastChanged"], article: Article): void {
  lastChanged.all = later(lastChanged.all, article);
  if (article.tags.length > 0) lastChanged.tags = later(lastChanged.tags, article);
  if (article.authors.length > 0) lastChanged.authors = later(lastChanged.authors, article);
}

function later(newest: Article | undefined, article: Article): Article {
  return !newest || article.modified.epochMs > newest.modified.epochMs ? article : newest;
}

/** Whether the stories from `start` to `end` come in the order compareArticles gives. */
function inOrder(articles: readonly Article[], start = 0, end = articles.length): boolean {
  for (let index = Math.max(start, 0) + 1; index < Math.min(end, articles.length); index++) {
    if (compareArticles(articles[index - 1]!, articles[index]!) >= 0) return false;
  }
  return true;
}

/**
 * An article's wall-clock date is the newsroom's, so its first seven characters name its archive month
 * (not its ISO date's, which is in UTC where the zone's offset then had seconds): the month is worked out
 * once per month rather than per article (a tenth of a second on each of the preview's rebuilds of 10,000
 * articles).
 */
function monthsIn(language: string): (article: Article) => SubjectLink {
  const months = new Map<string, SubjectLink>();
  const formats = localFormats(language);
  return (article) => {
    const key = article.published.wallClock.slice(0, 7);
    let month = months.get(key);
    if (!month) {
      const slug = key.replace("-", "/");
      month = { name: formats.month(key), slug, url: `/archive/${slug}/` };
      months.set(key, month);
    }
    return month;
  };
}
