import { test } from "node:test";
import assert from "node:assert/strict";
import { open, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { setFlagsFromString } from "node:v8";
import type { Article } from "../src/article.ts";
import { changedArticle, encodeHtml, fieldsBesideBody, htmlDigest, keepHtmlCompact, keptBody, KeptBody } from "../src/compact-html.ts";
import { makeArticle } from "./helpers/articles.ts";
import { makeTempDir } from "./helpers/site.ts";

// Typographic quotes and Urdu: the bodies that are two-byte strings, which keeping them as bytes is for.
const BODY = "<p>“Ferries run again,” said the harbour master. بچوں کے لیے مفت داخلہ 🚢</p>\n";

const kept = () => keepHtmlCompact(makeArticle({ slug: "harbour", published: "2026-01-01T10:00:00Z", html: BODY }));
const isStoredString = (article: Article) => Object.getOwnPropertyDescriptor(article, "html")?.get === undefined;

test("a kept body reads back as it was, and is still one of the article's fields", () => {
  const story = kept();
  assert.equal(story.html, BODY);
  assert.ok(!isStoredString(story));
  assert.ok(Object.keys(story).includes("html"), "templates and JSON.stringify still see the body");
});

test("a changed copy shares its original's kept body rather than holding a decoded string", () => {
  const story = kept();
  const copy = changedArticle(story, { headline: "Ferries run again" });
  assert.equal(copy.headline, "Ferries run again");
  assert.notEqual(story.headline, copy.headline, "the original is not changed");
  assert.equal(copy.html, BODY);
  assert.ok(!isStoredString(copy));
  assert.equal(keptBody(copy), keptBody(story));
  assert.deepEqual(Object.keys(copy), Object.keys(story), "the same fields, in the same order");
});

test("a copy given a new body keeps that one, and the original its own", () => {
  const story = kept();
  const copy = changedArticle(story, { html: "<p>Corrected.</p>\n" });
  assert.equal(copy.html, "<p>Corrected.</p>\n");
  assert.ok(!isStoredString(copy));
  assert.equal(story.html, BODY);
  assert.notEqual(htmlDigest(copy), htmlDigest(story));
});

test("the fields beside the body are read without the body", () => {
  const story = kept();
  Object.defineProperty(story, "html", {
    get: () => assert.fail("the body was read"),
    enumerable: true,
  });
  const fields = fieldsBesideBody(story);
  assert.equal(fields.headline, story.headline);
  assert.deepEqual(Object.keys(fields), Object.keys(story).filter((key) => key !== "html"));
});

test("a body's digest is the same for the same text however it is held, and a given one is trusted without reading", () => {
  const plain = makeArticle({ slug: "harbour", published: "2026-01-01T10:00:00Z", html: BODY });
  assert.equal(htmlDigest(plain), htmlDigest(kept()));
  assert.notEqual(htmlDigest(plain), htmlDigest({ ...plain, html: BODY.replace("🚢", "⛴") }));
  // A body the cache stored comes with its digest: finding whether it changed must not read the file.
  const stored = keepHtmlCompact(makeArticle({ slug: "harbour", published: "2026-01-01T10:00:00Z" }), new KeptBody({ file: "gone.v8", fd: -1, offset: 0, length: 10 }, "stored-digest"));
  assert.equal(htmlDigest(stored), "stored-digest");
});

test("a body moved to a file is read from there by every copy of its article", async () => {
  const dir = await makeTempDir("news-compact-html-");
  const file = path.join(dir, "bodies");
  const bytes = encodeHtml(BODY);
  await writeFile(file, Buffer.concat([Buffer.from("head"), bytes]));
  const handle = await open(file, "r");
  try {
    const story = kept();
    const copy = changedArticle(story, { headline: "Ferries run again" });
    keptBody(story).moveTo({ file, fd: handle.fd, offset: 4, length: bytes.length });
    assert.equal(keptBody(copy).held, false, "the bytes are let go");
    assert.equal(copy.html, BODY);
    assert.equal(story.html, BODY);
  } finally {
    await handle.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test("a body that cannot be read back from a damaged cache file stops with the file's name and what to do", async () => {
  const dir = await makeTempDir("news-compact-html-");
  const file = path.join(dir, "damaged.v8");
  await writeFile(file, "ten bytes!");
  const handle = await open(file, "r");
  try {
    const body = new KeptBody({ file, fd: handle.fd, offset: 5, length: 20, story: "articles/rowing.md" }, "digest");
    assert.throws(() => body.bytes(), (error: Error) => error.message.includes("articles/rowing.md") && error.message.includes(file) && /delete the file and build again/.test(error.message));
  } finally {
    await handle.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test("a kept article is a copy with its fields in order, whose properties V8 keeps in its fast layout rather than as a dictionary", () => {
  // At 100,000 stories an article turned into a dictionary held about 1.5 KB of property table (docs/performance-history.md, forty-second round).
  setFlagsFromString("--allow-natives-syntax");
  const hasFastProperties = new Function("object", "return %HasFastProperties(object)") as (object: object) => boolean;
  const story = makeArticle({ slug: "harbour", published: "2026-01-01T10:00:00Z", html: BODY });
  assert.ok(hasFastProperties(story), "the plain article is not a dictionary to begin with");
  const compact = keepHtmlCompact(story);
  assert.equal(compact.html, BODY);
  assert.deepEqual(Object.keys(compact), Object.keys(story), "the same fields, in the same order");
  assert.ok(hasFastProperties(compact), "the kept article is not a dictionary");
  assert.ok(hasFastProperties(changedArticle(compact, { headline: "Ferries run again" })), "nor a changed copy of it");
});
