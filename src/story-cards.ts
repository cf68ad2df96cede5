import { createHash } from "node:crypto";
import type { Article } from "./article.ts";
import type { ListingPage } from "./listings.ts";

// A listing page (the front page, a section, a tag, an author, a month of the archive) shows each of its
// stories as a card (templates/_includes/partials/story-card.njk), never the body. So a correction to a
// story's body alone leaves every listing that lists it as it was, and neither the page cache
// (src/page-digests.ts) nor the preview's rebuilds (src/preview-delta.ts) render those again: both ask
// here whether a card changed. Feeds carry the body, and go on comparing the whole story. Only the lead card
// (the first story of a listing's top page) shows the bullets: an edit of them alone renders again the
// pages a story leads, not the others that list it.

/**
 * Whether a story's card shows each of its fields, itself or through a filter (`publicationStatus` reads
 * `draft` and `published`; `updated` is shown as `modified`, the later of the two dates). Every field is
 * named, so a field added to Article does not compile until it is placed here; nothing derived from the
 * body (`bodyMedia`, `bodyFileLinks`) is shown. test/story-cards.test.ts reads the listing templates for
 * any other field of a story they use. `"lead"`: the lead card alone shows it (isLeadCard).
 */
const ON_CARD = {
  sourcePath: false,
  archiveFolder: false,
  slug: false,
  url: true,
  headline: true,
  bullets: "lead",
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
} as const satisfies Record<keyof Article, boolean | "lead">;

const FIELDS = Object.keys(ON_CARD) as (keyof Article)[];

/** The fields of a story every card of it shows. */
export const CARD_FIELDS: readonly (keyof Article)[] = FIELDS.filter((field) => ON_CARD[field] === true);

/** The fields of a story its lead card shows: every card's, and the summary. */
export const LEAD_CARD_FIELDS: readonly (keyof Article)[] = FIELDS.filter((field) => ON_CARD[field] !== false);

/** Whether a listing page shows its story at `index` as the lead card (`lead` in story-card.njk): the top page's first. */
export function isLeadCard(page: Pick<ListingPage<unknown>, "top">, index: number): boolean {
  return page.top && index === 0;
}

/** What a story's card shows, as text that is the same exactly when the card is (the body is not read). */
function cardText(story: Article, lead: boolean): string {
  return JSON.stringify((lead ? LEAD_CARD_FIELDS : CARD_FIELDS).map((field) => story[field]));
}

/** A digest of what a story's card shows, the lead card's (`lead`) or any other's. */
export function cardDigest(story: Article, lead: boolean): string {
  return createHash("sha256").update(cardText(story, lead)).digest("hex");
}

/** Whether two stories (most often one story before and after a save) have the same card, as the lead card (`lead`) or any other. */
export function sameCard(a: Article, b: Article, lead: boolean): boolean {
  return a === b || cardText(a, lead) === cardText(b, lead);
}
