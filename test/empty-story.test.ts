import { test } from "node:test";
import assert from "node:assert/strict";
import { emptyStoryProblem } from "../src/empty-story.ts";

const story = (body: string, more: { draft?: boolean; hasLeadImage?: boolean } = {}) => emptyStoryProblem({ body, bodyLine: 8, draft: false, hasLeadImage: false, ...more });
const EMPTY = {
  line: 7,
  message: "the story has no text: expected it below the --- line that closes the front matter (line 7); until it is written, set draft: true to keep it unpublished",
};

test("a story with nothing below its front matter is refused on the closing --- line, saying what to do", () => {
  for (const body of ["", "\n", "\n\n", "  \n\t\n", "\r\n\r\n", "<!-- the story goes here -->\n", "\n<!-- one -->\n\n<!--\ntwo\n-->\n"]) {
    assert.deepEqual(story(body), EMPTY, JSON.stringify(body));
  }
});

test("a draft may be empty, and a picture story may be its lead image alone", () => {
  assert.equal(story("", { draft: true }), undefined);
  assert.equal(story("\n\n", { hasLeadImage: true }), undefined);
});

test("any text, however short, is a story: a word, a picture, an embed, a comment left open", () => {
  for (const body of ["Short.", "\n\nOK\n", "![The harbour](harbour.jpg)", '<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>', "<!-- not closed", "## Latest"]) {
    assert.equal(story(body), undefined, body);
  }
});
