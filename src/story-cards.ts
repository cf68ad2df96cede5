import { createHash } from "node:crypto";
import type { Article } from "./article.ts";

// A listing page (the front page, a section, a tag, an author, a month of the archive) shows each of its
// stories as a card (templates/_includes/partials/story-card.njk), never the body. So a correction to a
// story's body alone leaves every listing that lists it as it was, and neither the page cache
// (src/page-digests.ts) nor the preview's rebuilds (src/preview-delta.ts) render those again: both ask
// here whether a card changed. Feeds carry the body, and go on comparing the whole story.

/**
 * Whether a story's card shows each of its fields, itself or through a filter (`publicationStatus` reads
 * `draft` and `published`; `updated` is shown as `modified`, the later of the two dates). Every field is
 * named, so a field added to Article does not compile until it is placed here; nothing derived from the
 * body (`bodyMedia`, `bodyFileLinks`) is shown. test/story-cards.test.ts reads the listing templates for
 * any other field of a story they use.
 */
const ON_CARD = {
  sourcePath: false,
  archiveFolder: false,
  slug: false,
  url: true,
  headline: true,
  bullets: true,
  dateline: false,
  section: true,
  tags: false,
  authors: false,
  published: true,
  updated: false,
  modified: true,
  shortCode: false,
  shortCodePinned: false,
  shortUrl: false,
  image: false,
  lang: true,
  dir: true,
  draft: true,
  html: false,
  bodyMedia: false,
  bodyFileLinks: false,
} as const satisfies Record<keyof Article, boolean>;

/** The fields of a story its card shows. */
export const CARD_FIELDS: readonly (keyof Article)[] = (Object.keys(ON_CARD) as (keyof Article)[]).filter((field) => ON_CARD[field]);

/** What a story's card shows, as text that is the same exactly when the card is (the body is not read). */
function cardText(story: Article): string {
  return JSON.stringify(CARD_FIELDS.map((field) => story[field]));
}

/** A digest of what a story's card shows. */
export function cardDigest(story: Article): string {
  return createHash("sha256").update(cardText(story)).digest("hex");
}

/** Whether two stories (most often one story before and after a save) have the same card. */
export function sameCard(a: Article, b: Article): boolean {
  return a === b || cardText(a) === cardText(b);
}
