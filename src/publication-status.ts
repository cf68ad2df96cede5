import type { Article } from "./article.ts";

/**
 * Whether readers can see a story at a given moment. A build publishes only the published ones; the
 * preview (npm start) shows the others too, and must say which they are, on the story's page and on its
 * card in every listing, or an editor takes a draft or a story not yet due for one readers see.
 */
export type PublicationStatus = "published" | "draft" | "scheduled";

type Dated = Pick<Article, "draft"> & { published: Pick<Article["published"], "epochMs"> };

/** A story's status at `nowMs`: a draft never publishes by itself; any other is out from its `date` on. */
export function publicationStatus(story: Dated, nowMs: number): PublicationStatus {
  if (story.draft) return "draft";
  return story.published.epochMs > nowMs ? "scheduled" : "published";
}

/**
 * The stories of `newestFirst` dated after `afterMs` and by `byMs`, drafts included: a run of the list,
 * which is newest first by date (compareArticles' order, the site data's), found by two binary searches.
 * The preview asks at every save, and a story is scheduled only if it is dated after the present, so
 * this costs the few stories ahead of the clock, not a pass over the archive (at 100,000 stories, the
 * two passes a save made were about a tenth of a second).
 */
function datedBetween<Story extends Dated>(newestFirst: readonly Story[], afterMs: number, byMs: number): readonly Story[] {
  return newestFirst.slice(firstDatedBy(newestFirst, byMs), firstDatedBy(newestFirst, afterMs));
}

/** The index of the first story of `newestFirst` dated at or before `ms` (its length when none is). */
function firstDatedBy(newestFirst: readonly Dated[], ms: number): number {
  let low = 0;
  let high = newestFirst.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (newestFirst[middle]!.published.epochMs > ms) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The scheduled story of `newestFirst` (newest first by date) that comes out first after `nowMs`; undefined when none is scheduled. */
export function nextPublication<Story extends Dated>(newestFirst: readonly Story[], nowMs: number): Story | undefined {
  return datedBetween(newestFirst, nowMs, Infinity).findLast((story) => publicationStatus(story, nowMs) === "scheduled");
}

/** The stories of `newestFirst` (newest first by date) that came out after `fromMs` and by `toMs`: scheduled at the one, published at the other. */
export function cameOutBetween<Story extends Dated>(newestFirst: readonly Story[], fromMs: number, toMs: number): Story[] {
  if (toMs <= fromMs) return [];
  return datedBetween(newestFirst, fromMs, toMs).filter((story) => publicationStatus(story, fromMs) === "scheduled" && publicationStatus(story, toMs) === "published");
}
