// Limits: very large or very deep input finishes quickly and builds, never crashes the build.
// (A 10,000-character headline, 500 tags and nesting past markdown-it's limit are refused with a
// clear message: see bad-input.test.ts.)
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { article, buildFixture, makeFixtureSite, type FixtureSite } from "./helpers/site.ts";
import { renderArticleBody } from "../src/markdown.ts";

const TWO_MB = 2 * 1024 * 1024;

const PARAGRAPH =
  "The harbour authority said on Tuesday that the **northern berths** would reopen to _container traffic_ after dredging, " +
  "with [the full statement](https://example.com/statement) published online and figures “expected within weeks”.\n\n";
const PARAGRAPHS = Math.ceil(TWO_MB / PARAGRAPH.length);

function bigBody(): string {
  return PARAGRAPH.repeat(PARAGRAPHS);
}

function nestedList(depth: number): string {
  return Array.from({ length: depth }, (_, level) => `${"  ".repeat(level)}- level ${level}`).join("\n");
}

function table(rows: number): string {
  const lines = ["| Row | Name | Value |", "|---:|:---|:---:|"];
  for (let i = 1; i <= rows; i++) lines.push(`| ${i} | item ${i} | ${i * 7} |`);
  return lines.join("\n");
}

describe("limits", () => {
  let site: FixtureSite;
  let buildMs: number;
  let result: Awaited<ReturnType<typeof buildFixture>>;

  before(async () => {
    site = await makeFixtureSite({
      "big.md": article({ headline: "A two-megabyte story" }, bigBody()),
      "nested.md": article(
        { headline: "Deep nesting", date: "2026-01-04T10:00:00+05:00" },
        `${nestedList(450)}\n\n${">".repeat(900)} deep quote\n\n${"<div>".repeat(5000)}deep markup${"</div>".repeat(5000)}\n\nThe end.`,
      ),
      "table.md": article({ headline: "A long table", date: "2026-01-03T10:00:00+05:00" }, table(5000)),
    });
    const started = Date.now();
    result = await buildFixture(site, ["--now", "2026-11-30T12:00:00Z"]);
    buildMs = Date.now() - started;
  });
  after(() => site.remove());

  test("a 2 MB article, deeply nested lists, quotes and markup and a 5,000-row table build quickly", () => {
    assert.equal(result.code, 0, result.stderr);
    // Generous for a shared, slow machine; a runaway parser would take minutes or never end.
    assert.ok(buildMs < 90_000, `the build took ${buildMs} ms`);
  });

  test("the 2 MB article is published whole", async () => {
    const html = await readFile(path.join(site.outputDir, "world/big/index.html"), "utf8");
    assert.ok(html.length > TWO_MB, `${html.length} characters`);
    assert.equal(html.match(/northern berths/g)?.length, PARAGRAPHS);
  });

  test("the 5,000-row table has every row", async () => {
    const html = await readFile(path.join(site.outputDir, "world/table/index.html"), "utf8");
    assert.equal(html.match(/<tr>/g)?.length, 5001);
    assert.match(html, /<td class="align-right">5000<\/td>/);
  });

  test("the deeply nested story keeps its text and its ending", async () => {
    const html = await readFile(path.join(site.outputDir, "world/nested/index.html"), "utf8");
    assert.match(html, /level 0/);
    assert.match(html, /level 449/);
    assert.match(html, /deep quote/);
    assert.match(html, /deep markup/);
    assert.match(html, /The end\./);
  });

  test("rendering alone is fast under every policy", () => {
    const body = bigBody();
    for (const htmlPolicy of ["sanitized", "trusted", "none"] as const) {
      const started = Date.now();
      renderArticleBody(body, { htmlPolicy });
      renderArticleBody(table(5000), { htmlPolicy });
      renderArticleBody(`${"<div>".repeat(20_000)}x${"</div>".repeat(20_000)}`, { htmlPolicy });
      const ms = Date.now() - started;
      assert.ok(ms < 30_000, `${htmlPolicy}: ${ms} ms`);
    }
  });
});
