import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import { CARD_FIELDS, cardDigest, isLeadCard, LEAD_CARD_FIELDS, sameCard } from "../src/story-cards.ts";
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
    for (const lead of [false, true]) {
      for (const edited of [{ ...story }, { ...story, html: "<p>Corrected.</p>" }, { ...story, tags: [] }, { ...story, dateline: "KARACHI" }]) {
        assert.ok(sameCard(story, edited, lead));
        assert.equal(cardDigest(edited, lead), cardDigest(story, lead));
      }
      for (const edited of [{ ...story, headline: "Alpha, retitled" }, { ...story, lang: "ur" }, { ...story, draft: true }]) {
        assert.ok(!sameCard(story, edited, lead));
        assert.notEqual(cardDigest(edited, lead), cardDigest(story, lead));
      }
    }
  });

  test("the bullets change the lead card alone, the top page's first, which shows them", () => {
    const edited = { ...story, bullets: ["One"] };
    assert.ok(!sameCard(story, edited, true));
    assert.notEqual(cardDigest(edited, true), cardDigest(story, true));
    assert.ok(sameCard(story, edited, false));
    assert.equal(cardDigest(edited, false), cardDigest(story, false));
    assert.deepEqual([isLeadCard({ top: true }, 0), isLeadCard({ top: true }, 1), isLeadCard({ top: false }, 0)], [true, false, false]);
  });

  test("the listing templates read no field of a story that the card's fields leave out, and the lead card's own only for the lead", () => {
    const read = new Set<string>();
    const readBesideLead = new Set<string>();
    let cards = 0;
    const filters = new Set<string>();
    for (const [file, text] of listingTemplates()) {
      for (const [, field] of text.matchAll(/\bstory\.(\w+)/g)) read.add(field!);
      // What is read outside the card's `{% if lead ... %}` blocks (up to the first endif, so a block holding another if ends early, and reads more here).
      const besideLead = text.replace(/\{%-?\s*if\s+lead\b[\s\S]*?\{%-?\s*endif\s*-?%\}/g, "");
      for (const [, field] of besideLead.matchAll(/\bstory\.(\w+)/g)) readBesideLead.add(field!);
      // The card is the lead exactly where isLeadCard says: the top page's first story.
      for (const [, args] of text.matchAll(/\{\{\s*storyCard\(([^)]*)\)/g)) {
        assert.equal(args!.split(",")[1]?.trim(), "listing.top and loop.first", path.relative(TEMPLATES, file));
        cards++;
      }
      for (const [, filter] of text.matchAll(/\bstory\s*\|\s*(\w+)/g)) filters.add(filter!);
      // A listing's stories reach a template only as `story`: nothing else reads them.
      for (const [use] of text.matchAll(/listing\.items[^%}]*/g)) assert.match(use, /^listing\.items\s*$/, `${path.relative(TEMPLATES, file)}: ${use}`);
      for (const [, loop] of text.matchAll(/\{%-?\s*for\s+(\w+)\s+in\s+listing\.items/g)) assert.equal(loop, "story", path.relative(TEMPLATES, file));
    }
    assert.ok(read.has("headline") && read.has("bullets"), "the card template was found");
    assert.equal(cards, 2, "the front page's and the listings' cards were found");
    assert.deepEqual([...read].filter((field) => !(LEAD_CARD_FIELDS as readonly string[]).includes(field)), []);
    assert.deepEqual([...readBesideLead].filter((field) => !(CARD_FIELDS as readonly string[]).includes(field)), []);
    // publicationStatus reads `draft` and `published` (src/publication-status.ts).
    assert.deepEqual([...filters], ["publicationStatus"]);
    for (const field of ["draft", "published"]) assert.ok((CARD_FIELDS as readonly string[]).includes(field), field);
  });
});
