import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { escapeHtml } from "../src/html-escape.ts";

/** The Nunjucks Eleventy renders the templates with (Eleventy's dependency, not the project's), as far as this test uses it. */
interface Nunjucks {
  Environment: new (loaders: null, options: { autoescape: boolean }) => { renderString(template: string, context: object): string };
}
const nunjucks = createRequire(import.meta.resolve("@11ty/eleventy"))("nunjucks") as Nunjucks;

// Pages and fragments written outside a template must come out as a template would write them.
test("escapes text as Nunjucks' autoescape does, every character a template escapes", () => {
  const environment = new nunjucks.Environment(null, { autoescape: true });
  const text = `Tom & "Jerry" <b>'s</b> C:\\path ’ ٹ`;
  assert.equal(escapeHtml(text), environment.renderString("{{ text }}", { text }));
  assert.equal(escapeHtml(text), "Tom &amp; &quot;Jerry&quot; &lt;b&gt;&#39;s&lt;/b&gt; C:&#92;path ’ ٹ");
});

test("leaves text with nothing to escape as it is", () => {
  assert.equal(escapeHtml("Example Bay — ایگزیمپل"), "Example Bay — ایگزیمپل");
});
