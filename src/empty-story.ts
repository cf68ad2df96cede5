import type { Problem } from "./problems.ts";

/** What a story may say below its front matter that no reader sees: white space and HTML comments. */
const UNSEEN = /<!--[\s\S]*?-->|\s+/g;

/** Whether a body says anything a reader sees; a body without a comment is answered without copying it. */
function hasText(body: string): boolean {
  if (!body.includes("<!--")) return /\S/.test(body);
  return body.replace(UNSEEN, "") !== "";
}

/**
 * The problem with a story that has nothing below its headline: no body and no lead image. Such a file
 * (one of `npm run new`'s with its draft line deleted too soon, or one written by hand) was published as an
 * empty page on the front page. A draft may be empty (it is never published; `npm run new` starts every
 * story as one), and a picture story may be its lead image alone; any text in the body, however short, is a story.
 */
export function emptyStoryProblem(story: { body: string; bodyLine: number; draft: boolean; hasLeadImage: boolean }): Omit<Problem, "file"> | undefined {
  if (story.draft || story.hasLeadImage || hasText(story.body)) return undefined;
  const closing = story.bodyLine - 1;
  return {
    line: closing,
    message: `the story has no text: expected it below the --- line that closes the front matter (line ${closing}); until it is written, set draft: true to keep it unpublished`,
  };
}
