import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import { CARD_FIELDS, cardDigest, sameCard } from "../src/story-cards.ts";
import { makeArticle } from "./helpers/articles.ts";
import { PROJECT_ROOT } from "./helpers/site.ts";

const TEMPLATES = path.join(PROJECT_ROOT, "templates");
const LISTINGS = new Set(["news.frontPages", "news.sectionPages", "news.tagPages", "news.authorPages", "news.monthPages"]);

/** The text of every listing template and of every template it includes, imports or extends, by file. */
function listingTemplates(): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    const text = readFileSync(file, "utf8");
    files.set(file, text);
    for (const [, name] of text.matchAll(/\{%-?\s*(?:include|import|from|extends)\s+"([^"]+)"/g)) visit(path.join(TEMPLATES, "_includes", name!));
  };
  for (const name of ["index.njk", "listings/section.njk", "listings/tag.njk", "listings/author.njk", "listings/archive-month.njk"]) {
    const file = path.join(TEMPLATES, name);
    const data = (matter(readFileSync(file, "utf8")).data as { pagination?: { data?: string } }).pagination?.data;
    assert.ok(data && LISTINGS.has(data), `${name} paginates over a listing (${data})`);
    visit(file);
  }
  return files;
}

describe("story cards", () => {
  const story = makeArticle({ slug: "alpha", headline: "Alpha", published: "2026-01-06T10:00:00+05:00", section: "world", tags: ["Harbour"] });

  test("a card is the same after a correction to the body, or an edit of what no card shows, and not after an edit of what it shows", () => {
    for (const edited of [{ ...story }, { ...story, html: "<p>Corrected.</p>" }, { ...story, tags: [] }, { ...story, dateline: "KARACHI" }]) {
      assert.ok(sameCard(story, edited));
      assert.equal(cardDigest(edited), cardDigest(story));
    }
    for (const edited of [{ ...story, headline: "Alpha, retitled" }, { ...story, bullets: ["One"] }, { ...story, lang: "ur" }, { ...story, draft: true }]) {
      assert.ok(!sameCard(story, edited));
      assert.notEqual(cardDigest(edited), cardDigest(story));
    }
  });

  test("the listing templates read no field of a story that the card's fields leave out", () => {
    const read = new Set<string>();
    const filters = new Set<string>();
    for (const [file, text] of listingTemplates()) {
      for (const [, field] of text.matchAll(/\bstory\.(\w+)/g)) read.add(field!);
      for (const [, filter] of text.matchAll(/\bstory\s*\|\s*(\w+)/g)) filters.add(filter!);
      // A listing's stories reach a template only as `story`: nothing else reads them.
      for (const [use] of text.matchAll(/listing\.items[^%}]*/g)) assert.match(use, /^listing\.items\s*$/, `${path.relative(TEMPLATES, file)}: ${use}`);
      for (const [, loop] of text.matchAll(/\{%-?\s*for\s+(\w+)\s+in\s+listing\.items/g)) assert.equal(loop, "story", path.relative(TEMPLATES, file));
    }
    assert.ok(read.has("headline"), "the card template was found");
    assert.deepEqual([...read].filter((field) => !(CARD_FIELDS as readonly string[]).includes(field)), []);
    // publicationStatus reads `draft` and `published` (src/publication-status.ts).
    assert.deepEqual([...filters], ["publicationStatus"]);
    for (const field of ["draft", "published"]) assert.ok((CARD_FIELDS as readonly string[]).includes(field), field);
  });
});
