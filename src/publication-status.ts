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

/** The first moment after `nowMs` at which a scheduled story comes out, in milliseconds; undefined when none is scheduled. */
export function nextPublication(stories: Iterable<Dated>, nowMs: number): number | undefined {
  let next = Infinity;
  for (const story of stories) {
    if (publicationStatus(story, nowMs) === "scheduled" && story.published.epochMs < next) next = story.published.epochMs;
  }
  return Number.isFinite(next) ? next : undefined;
}

/** The stories that came out after `fromMs` and by `toMs`: scheduled at the one, published at the other. */
export function cameOutBetween<Story extends Dated>(stories: readonly Story[], fromMs: number, toMs: number): Story[] {
  if (toMs <= fromMs) return [];
  return stories.filter((story) => publicationStatus(story, fromMs) === "scheduled" && publicationStatus(story, toMs) === "published");
}
