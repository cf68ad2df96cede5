import type { LeadImage } from "./article.ts";
import type { ImageFacts } from "./image-facts.ts";

/** The picture other sites are given for a story, and what is known of it. */
export interface SharedPicture {
  /** Site-relative. */
  url: string;
  facts?: ImageFacts;
}

/**
 * The picture social networks, search engines and feed readers are given for a story: the 1200px JPEG
 * the build made for cards where it made one (they show neither SVG nor AVIF reliably, and an original
 * may be a photograph of many megabytes), otherwise the lead image's own file, with the facts the
 * build read of it. A build makes that JPEG of every lead image, and publishes the original of one beside
 * its article for nothing else (src/news-loader.ts): the link check would name a page that gave it.
 */
export function sharedPicture(image: LeadImage, images?: ReadonlyMap<string, ImageFacts>): SharedPicture {
  if (!image.social) return { url: image.url, facts: images?.get(image.url) };
  const { url, width, height, bytes } = image.social;
  return { url, facts: { type: "image/jpeg", width, height, bytes } };
}
