import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Article } from "./article.ts";
import type { Feed } from "./feeds.ts";
import { addFolder, codeVersion } from "./code-version.ts";
import { fieldsBesideBody, htmlDigest } from "./compact-html.ts";
import type { ImageFacts } from "./image-facts.ts";
import type { ListingPage } from "./listings.ts";
import type { Redirect } from "./redirects.ts";
import type { SitemapFile } from "./sitemaps.ts";
import { cardDigest, isLeadCard } from "./story-cards.ts";
import { SETTINGS_MODULE, type SiteSettings } from "./settings.ts";
import { PAGE_LISTS, type PageLists, type SiteData } from "./site-data.ts";

// What a page of the page lists (article pages, short links, listing pages, feeds, sitemap files) is made from, as a
// digest: the page cache (src/page-cache.ts) takes a kept page instead of rendering it when its digest
// is the same, so this is what decides whether a page is rendered again.
//
// A page is made from its item of the list (an article with its body and its image's facts; a listing
// page with what the cards of the stories it lists show, src/story-cards.ts, so that a correction to a
// body alone renders none of them again, and one to the bullets only the pages the story leads; a feed,
// which carries the bodies, with the digests of the stories it lists; a short link; a sitemap file's
// lines), and from what every such page shares: the templates, our code and locked dependencies,
// Eleventy's and the site's configuration files, the static files (the fingerprinted CSS and JavaScript),
// the settings, the path prefix, the logo and Node's version. Templates that paginate over these lists read nothing else (the `news` they are
// given is cut to one run's window anyway); a template that starts to must add what it reads here.

/** What the shared inputs of every paginated page are (see the top of this file). */
export interface SiteInputs {
  settings: SiteSettings;
  templatesDir: string;
  publicDir: string;
  includeUnpublished: boolean;
  /** The build's now, in milliseconds: with includeUnpublished, a story's page and cards say whether it is out by then. */
  nowMs?: number;
  images: ReadonlyMap<string, ImageFacts>;
}

/** The digest of what every page shares. */
export function siteDigest(inputs: SiteInputs, root = process.cwd()): string {
  const hash = createHash("sha256").update(codeVersion(root));
  // Eleventy's configuration can add filters and transforms; the site's configuration is read into the settings too.
  for (const name of ["eleventy.config.ts", SETTINGS_MODULE]) {
    try {
      hash.update(`${name}\n`).update(readFileSync(path.join(root, name)));
    } catch {
      // Not there (a test's own folder): nothing to add.
    }
  }
  addFolder(hash, path.resolve(root, inputs.templatesDir));
  addFolder(hash, inputs.publicDir);
  hash.update(
    JSON.stringify({
      settings: inputs.settings,
      includeUnpublished: inputs.includeUnpublished,
      // A published site's pages do not depend on the moment it is built at (its stories are all out).
      ...(inputs.includeUnpublished ? { nowMs: inputs.nowMs } : {}),
      logo: (inputs.settings.logo !== false && inputs.images.get(inputs.settings.logo)) || null,
      // Dates are formatted through ICU and its time-zone data, which come with Node.
      node: [process.versions.node, process.versions.icu, process.versions.tz],
    }),
  );
  return hash.digest("hex");
}

/**
 * The digest of each page the lists write, by its URL. Each story's own digest (its fields, body and
 * image facts, without what the site shares) is kept in `stories`, for each story whose page or feed
 * the lists hold, for whoever else needs to know whether a story changed (src/search-index.ts).
 */
export function pageDigests(data: PageLists & Pick<SiteData, "images">, site: string, stories = new Map<Article, string>()): Map<string, string> {
  const ofArticle = stories;
  const articleDigest = (article: Article): string => {
    let digest = ofArticle.get(article);
    if (digest === undefined) {
      const hash = createHash("sha256");
      // The body by its digest (src/compact-html.ts): a stored body is not read back to be hashed.
      hash.update(JSON.stringify(fieldsBesideBody(article))).update("\n").update(htmlDigest(article));
      if (article.image) hash.update(JSON.stringify(data.images.get(article.image.url) ?? null));
      digest = hash.digest("hex");
      ofArticle.set(article, digest);
    }
    return digest;
  };
  // A story is listed by several listings (its section, tags, authors, month, the front page), and leads some.
  const cards = new Map<Article, string>();
  const leadCards = new Map<Article, string>();
  const cardDigestOf = (article: Article, lead: boolean): string => {
    const known = lead ? leadCards : cards;
    let digest = known.get(article);
    if (digest === undefined) known.set(article, (digest = cardDigest(article, lead)));
    return digest;
  };
  const payload = (list: keyof PageLists, item: unknown): string => {
    if (list === "articlePages") return articleDigest(item as Article);
    // A sitemap file's lines are its whole text: a story's body, which no line shows, does not change it.
    if (list === "redirectPages" || list === "sitemapFiles") return JSON.stringify(item);
    if (FEED_LISTS.has(list)) {
      // The entries are made from the stories alone (and the settings every page shares). The rest is
      // the feed's own: its title, its Atom logo, and its date (none for an RSS feed without stories, and
      // NO_ENTRY_DATE for the Atom feed of a site without any).
      const { entries: _entries, stories, ...feed } = item as Feed;
      return JSON.stringify({ ...feed, stories: stories.map(articleDigest) });
    }
    const page = item as ListingPage<Article>;
    return JSON.stringify({ ...page, items: page.items.map((story, index) => cardDigestOf(story, isLeadCard(page, index))) });
  };
  const digests = new Map<string, string>();
  for (const list of PAGE_LISTS) {
    for (const item of data[list] as unknown[]) {
      const url = urlOf(list, item);
      digests.set(url, createHash("sha256").update(`${site}\n${list}\n${url}\n`).update(payload(list, item)).digest("hex").slice(0, 32));
    }
  }
  return digests;
}

/** The lists of feeds: the tags' and authors', the site's and sections' RSS, the site's Atom. */
const FEED_LISTS: ReadonlySet<keyof PageLists> = new Set(["subjectFeeds", "rssFeeds", "atomFeeds"] satisfies (keyof PageLists)[]);

/** The URL a list's item is written at (its template's permalink). */
function urlOf(list: keyof PageLists, item: unknown): string {
  if (list === "articlePages") return (item as Article).url;
  if (list === "redirectPages") return (item as Redirect).from;
  if (FEED_LISTS.has(list)) return (item as Feed).path;
  if (list === "sitemapFiles") return (item as SitemapFile).path;
  return (item as ListingPage<unknown>).url;
}

/** The site data without the pages at these URLs: they are taken from the cache, not rendered. */
export function withoutPages<Data extends PageLists>(data: Data, urls: ReadonlySet<string>): Data {
  if (urls.size === 0) return data;
  const lists = Object.fromEntries(PAGE_LISTS.map((list) => [list, (data[list] as unknown[]).filter((item) => !urls.has(urlOf(list, item)))]));
  return { ...data, ...lists };
}
