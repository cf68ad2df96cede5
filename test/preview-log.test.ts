import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { finishedBuilds, finishedLine } from "../src/preview-log.ts";

describe("the preview's line once a build has finished", () => {
  test("says what was rebuilt, how long it took, how it ended and how many pages were written", () => {
    assert.equal(finishedLine({ changed: [], seconds: 2.314, outcome: "valid", pages: 67 }), "✓ Preview built in 2.31 s: all articles are valid. 67 pages written.");
    assert.equal(finishedLine({ changed: ["./articles/story.md"], seconds: 0.1, outcome: "valid", pages: 1 }), "✓ Preview rebuilt for articles/story.md in 0.10 s: all articles are valid. 1 page written.");
    assert.equal(finishedLine({ changed: ["./articles/a.md", "./articles/b.md"], seconds: 0.05, outcome: "valid", pages: 0 }), "✓ Preview rebuilt for articles/a.md and 1 other file in 0.05 s: all articles are valid. 0 pages written.");
    assert.equal(finishedLine({ changed: ["./articles/a.md", "./templates/x.njk", "./public/css/site.css"], seconds: 0.05, outcome: "problems", pages: 0 }), "✗ Preview rebuilt for articles/a.md and 2 other files in 0.05 s, with the problems above.");
    assert.equal(finishedLine({ changed: ["./templates/x.njk"], seconds: 0.061, outcome: "failed", pages: 3 }), "✗ Preview rebuild for templates/x.njk failed after 0.06 s, with Eleventy's error above. Fix it and save: the preview rebuilds by itself.");
    assert.equal(
      finishedLine({ changed: ["./eleventy.config.ts"], seconds: 0.02, outcome: "failed", problem: 'eleventy.config.ts:20:22: ERROR: Unexpected ";"', pages: 0 }),
      `✗ Preview rebuild for eleventy.config.ts failed after 0.02 s (eleventy.config.ts:20:22: ERROR: Unexpected ";"), with Eleventy's error above. Fix it and save: the preview rebuilds by itself.`,
    );
  });

  test("each of them counts as a finished build, and nothing else the preview says does", () => {
    const lines = [
      finishedLine({ changed: [], seconds: 1, outcome: "valid", pages: 2 }),
      finishedLine({ changed: [], seconds: 1, outcome: "failed", pages: 2 }),
      finishedLine({ changed: ["a.md"], seconds: 1, outcome: "valid", pages: 2 }),
      finishedLine({ changed: ["a.md"], seconds: 1, outcome: "problems", pages: 2 }),
      finishedLine({ changed: ["a.md"], seconds: 1, outcome: "failed", pages: 2 }),
    ];
    const others = [
      "\n✗ The preview is NOT up to date. 1 problem in 1 article file:\n  a.md:3: date: expected …",
      "[11ty] File changed: ./articles/a.md",
      "↻ site.config.ts changed: the preview is restarting with the new settings.",
      "\n✗ The preview is NOT what npm run build would publish. A symbolic link …",
      "[11ty] Server at http://localhost:8080/",
    ];
    assert.equal(finishedBuilds([...others, ...lines, ...others].join("\n")), lines.length);
  });
});
