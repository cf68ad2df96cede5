import { test } from "node:test";
import assert from "node:assert/strict";
import nunjucks from "nunjucks";
import { escapeHtml } from "../src/html-escape.ts";

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
