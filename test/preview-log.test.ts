import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { isBuildSummary, withoutBuildSummary, type LogTarget } from "../src/preview-log.ts";

describe("Eleventy's lines in the preview", () => {
  test("its build summary is told apart, in colour or not, with or without copied files", () => {
    assert.ok(isBuildSummary("[11ty] Copied 8 Wrote 0 files in 0.03 seconds (v3.1.2)"));
    assert.ok(isBuildSummary("\u001b[90m[11ty]\u001b[39m Wrote \u001b[1m1\u001b[22m file in \u001b[1m0.40\u001b[22m seconds"));
    assert.ok(!isBuildSummary("[11ty] File changed: articles/story.md"));
    assert.ok(!isBuildSummary("[11ty] Watching…"));
  });

  test("everything else reaches the console: the other lines, the warnings and the errors", () => {
    const seen: string[] = [];
    const target: LogTarget = { log: (line) => seen.push(`log ${line}`), warn: (line) => seen.push(`warn ${line}`), error: (line) => seen.push(`error ${line}`) };
    const log = withoutBuildSummary(() => target);
    log.log("[11ty] Copied 8 Wrote 0 files in 0.03 seconds");
    log.log("[11ty] File changed: a.md");
    log.warn("[11ty] Wrote 1 file in a warning");
    log.error("[11ty] Problem writing Eleventy templates");
    assert.deepEqual(seen, ["log [11ty] File changed: a.md", "warn [11ty] Wrote 1 file in a warning", "error [11ty] Problem writing Eleventy templates"]);
  });
});
