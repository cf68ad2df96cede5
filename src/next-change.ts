import { DateTime } from "luxon";
import type { Article } from "./article.ts";
import { NEWS_WINDOW_HOURS } from "./sitemaps.ts";

// A site built from the same articles comes out the same until one of two moments, whatever the clock
// says in between: a scheduled story's time comes and it is published, or a story's days in the Google
// News sitemap end (src/sitemaps.ts). A timed CI run that starts before the first of them would publish
// the site already published, so the workflow asks for this moment and skips such runs.

/**
 * The first moment after `now` at which a build of these articles differs from one made at `now`;
 * undefined when none will come until the articles change (drafts never publish by themselves).
 */
export function nextChange(articles: Iterable<Pick<Article, "draft" | "published">>, now: DateTime, newsWindowHours = NEWS_WINDOW_HOURS): DateTime | undefined {
  const nowMs = now.toMillis();
  const windowMs = newsWindowHours * 3_600_000;
  let next = Infinity;
  for (const article of articles) {
    if (article.draft) continue;
    const published = article.published.epochMs;
    // Published at its time; leaves the news sitemap once the window no longer reaches back to it.
    const change = published > nowMs ? published : published + windowMs;
    if (change > nowMs && change < next) next = change;
  }
  return Number.isFinite(next) ? DateTime.fromMillis(next, { zone: "utc" }) : undefined;
}

/** How `npm run check -- --next-change FILE` writes it: an instant in UTC, or "never". */
export function nextChangeText(moment: DateTime | undefined): string {
  return moment ? moment.toUTC().toISO({ suppressMilliseconds: true })! : "never";
}
