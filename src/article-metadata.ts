import type { Article } from "./article.ts";
import type { ImageFacts } from "./image-facts.ts";
import { joinSentences } from "./punctuation.ts";
import { likelySubtags } from "./languages.ts";
import type { SiteSettings } from "./settings.ts";
import type { SharePicture } from "./share-image.ts";
import { sharedPicture } from "./shared-picture.ts";
import { absoluteUrl } from "./site-urls.ts";

/** One `<meta>` tag: Open Graph and article:* use `property`, Twitter uses `name`. */
export interface MetaTag {
  attribute: "property" | "name";
  key: string;
  content: string;
}

export interface ArticleMetadata {
  canonical: string;
  /** The page's meta description (articleDescription), which the cards and the structured data give too. */
  description: string;
  meta: MetaTag[];
  /** NewsArticle structured data, ready to place inside `<script type="application/ld+json">`. */
  jsonLd: string;
}

/** A picture as the cards name it: its absolute URL, its alternative text and what is known of it. */
export interface CardImage {
  absolute: string;
  alt: string;
  facts?: ImageFacts;
}

/** The card's picture (src/shared-picture.ts says which), with its absolute URL. */
function cardImage(image: NonNullable<Article["image"]>, settings: SiteSettings, images: ReadonlyMap<string, ImageFacts>) {
  const { url, facts } = sharedPicture(image, images);
  return { ...image, absolute: absoluteUrl(url, settings), facts };
}

/** The site's share picture (src/share-image.ts) as the cards name it. */
export function sharePictureCard(picture: SharePicture, settings: SiteSettings): CardImage {
  const { url, width, height, bytes, alt } = picture;
  return { absolute: absoluteUrl(url, settings), alt, facts: { type: "image/jpeg", width, height, bytes } };
}

/** The Open Graph and X tags that name a card's picture. */
export function cardImageTags(image: CardImage): MetaTag[] {
  const tags: MetaTag[] = [];
  const property = (key: string, content: string | number | undefined) => {
    if (content !== undefined && content !== "") tags.push({ attribute: "property", key, content: String(content) });
  };
  property("og:image", image.absolute);
  property("og:image:type", image.facts?.type);
  property("og:image:width", image.facts?.width);
  property("og:image:height", image.facts?.height);
  property("og:image:alt", image.alt);
  return tags;
}

/**
 * X's large-image card takes a picture of at least 300 × 157 pixels (its card documentation); a smaller
 * lead image, as an editor may give a story, is left a thumbnail in the summary card rather than named
 * for a card X will not show. A picture of unknown size is taken to be large enough: the build reads
 * the size of every lead image it publishes.
 */
const LARGE_CARD_MIN = { width: 300, height: 157 };

export function twitterCard(image: CardImage | undefined): "summary" | "summary_large_image" {
  if (!image) return "summary";
  const { width, height } = image.facts ?? {};
  if (width === undefined || height === undefined) return "summary_large_image";
  return width >= LARGE_CARD_MIN.width && height >= LARGE_CARD_MIN.height ? "summary_large_image" : "summary";
}

/** A story's meta description: its bullets run together as its language runs sentences together, or its headline when it has none. */
export function articleDescription(article: Pick<Article, "bullets" | "headline" | "lang">): string {
  return article.bullets.length ? joinSentences(article.bullets, article.lang) : article.headline;
}

/**
 * What search engines and social networks read about an article: canonical URL, Open Graph, Twitter card,
 * schema.org NewsArticle. A story without a lead image gives the site's share picture, when it has one, to
 * the cards alone: the structured data's image is the story's own, which that picture is not.
 */
export function articleMetadata(article: Article, settings: SiteSettings, images: ReadonlyMap<string, ImageFacts> = new Map(), sharePicture?: SharePicture): ArticleMetadata {
  const canonical = absoluteUrl(article.url, settings);
  const description = articleDescription(article);
  const image = article.image ? cardImage(article.image, settings, images) : undefined;
  const card = image ?? (sharePicture ? sharePictureCard(sharePicture, settings) : undefined);
  const logo = settings.logo === false ? undefined : images.get(settings.logo);

  const meta: MetaTag[] = [];
  const property = (key: string, content: string | number | undefined) => {
    if (content !== undefined && content !== "") meta.push({ attribute: "property", key, content: String(content) });
  };
  const name = (key: string, content: string | undefined) => {
    if (content !== undefined && content !== "") meta.push({ attribute: "name", key, content });
  };

  property("og:type", "article");
  property("og:site_name", settings.name);
  property("og:title", article.headline);
  property("og:description", description);
  property("og:url", canonical);
  // The story's own language, which may not be the site's (an Urdu story on an English site).
  property("og:locale", openGraphLocale(article.lang));
  if (card) meta.push(...cardImageTags(card));
  property("article:published_time", article.published.iso);
  property("article:modified_time", article.modified.iso);
  property("article:section", article.section?.name);
  for (const author of article.authors) property("article:author", absoluteUrl(author.url, settings));
  for (const tag of article.tags) property("article:tag", tag.name);
  name("twitter:card", twitterCard(card));
  name("twitter:title", article.headline);
  name("twitter:description", description);
  if (card) {
    name("twitter:image", card.absolute);
    name("twitter:image:alt", card.alt);
  }

  const structured = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: article.headline,
    description,
    url: canonical,
    mainEntityOfPage: { "@type": "WebPage", "@id": canonical },
    datePublished: article.published.iso,
    dateModified: article.modified.iso,
    inLanguage: article.lang,
    ...(article.section ? { articleSection: article.section.name } : {}),
    ...(article.tags.length ? { keywords: article.tags.map((tag) => tag.name) } : {}),
    author: article.authors.length
      ? article.authors.map((author) => ({ "@type": "Person", name: author.name, url: absoluteUrl(author.url, settings) }))
      : [{ "@type": "Organization", name: settings.name, url: absoluteUrl("/", settings) }],
    publisher: {
      "@type": "NewsMediaOrganization",
      name: settings.name,
      url: absoluteUrl("/", settings),
      // None with logo: false. A logo file missing or no image is refused with the settings (src/settings-images.ts),
      // so its facts are absent only where the caller read none: then no logo, rather than a URL nothing checked.
      ...(settings.logo !== false && logo ? { logo: { "@type": "ImageObject", url: absoluteUrl(settings.logo, settings), ...(logo.width ? { width: logo.width, height: logo.height } : {}) } } : {}),
    },
    ...(image
      ? {
          image: [
            {
              "@type": "ImageObject",
              url: image.absolute,
              ...(image.facts?.width ? { width: image.facts.width, height: image.facts.height } : {}),
              ...(image.caption ? { caption: image.caption } : {}),
              ...(image.credit ? { creditText: image.credit } : {}),
            },
          ],
        }
      : {}),
  };
  return { canonical, description, meta, jsonLd: jsonForScript(structured) };
}

/**
 * JSON that can sit inside a `<script>` element whatever its strings hold. `<` is written as \u003c,
 * so "</script>" or "<!--" in a headline cannot end or upset the block; `>` and `&` likewise, and
 * U+2028/U+2029, which older JavaScript parsers took for line ends. JSON.parse reads them back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(SCRIPT_UNSAFE, (character) => SCRIPT_ESCAPES[character]!);
}

const SCRIPT_UNSAFE = /[<>&\u2028\u2029]/g;
const SCRIPT_ESCAPES: Record<string, string> = { "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029" };

/**
 * Open Graph asks for language_TERRITORY (en_GB). A story's or a site's language is a BCP 47 tag, often
 * without a region ("en", "ur"): the region is the one the language is most likely to mean (CLDR's likely
 * subtags, as Intl.Locale.maximize gives them: en → en_US, ur → ur_PK), and a language with none
 * known stays bare rather than being given one at random.
 */
export function openGraphLocale(language: string): string {
  const likely = likelySubtags(language);
  return likely.region ? `${likely.language}_${likely.region}` : likely.language;
}
