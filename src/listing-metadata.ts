import { cardImageTags, openGraphLocale, sharePictureCard, twitterCard, type MetaTag } from "./article-metadata.ts";
import type { SiteSettings } from "./settings.ts";
import type { SharePicture } from "./share-image.ts";
import { absoluteUrl } from "./site-urls.ts";

/** What a page that is not a story says about itself: the front page, a listing, an index, the search page. */
export interface ListingPageFacts {
  /** The page's own title, without the site's name (which og:site_name carries): "World", "World: Page 2". */
  title: string;
  /** The page's meta description; empty when the site has none to give. */
  description: string;
  /** Its site path, as Eleventy's page.url: /world/. */
  url: string;
}

export interface ListingMetadata {
  canonical: string;
  meta: MetaTag[];
}

/**
 * What a link preview (a social network's card, a chat app's unfurl) reads from a page that is not a story.
 *
 * Its picture is the site's share picture (the `shareImage` setting, src/share-image.ts), or none: the logo
 * is an SVG that previews do not show. The lead story's card JPEG was considered for the front page and
 * sections and left out: it is one story's picture, not the page's, and networks keep a preview for days,
 * so a shared /world/ would go on showing a photograph of a story the page no longer leads with (or a
 * grave story's picture under a cheerful one's link).
 */
export function listingMetadata(page: ListingPageFacts, settings: SiteSettings, sharePicture?: SharePicture): ListingMetadata {
  const canonical = absoluteUrl(page.url, settings);
  const meta: MetaTag[] = [];
  const property = (key: string, content: string) => {
    if (content !== "") meta.push({ attribute: "property", key, content });
  };
  property("og:type", "website");
  property("og:site_name", settings.name);
  property("og:title", page.title);
  property("og:description", page.description);
  property("og:url", canonical);
  property("og:locale", openGraphLocale(settings.language));
  const card = sharePicture ? sharePictureCard(sharePicture, settings) : undefined;
  if (card) meta.push(...cardImageTags(card));
  // X reads the title and description from the og: tags when it has no twitter:* of its own.
  meta.push({ attribute: "name", key: "twitter:card", content: twitterCard(card) });
  if (card) {
    meta.push({ attribute: "name", key: "twitter:image", content: card.absolute });
    meta.push({ attribute: "name", key: "twitter:image:alt", content: card.alt });
  }
  return { canonical, meta };
}
