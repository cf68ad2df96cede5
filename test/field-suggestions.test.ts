import { test } from "node:test";
import assert from "node:assert/strict";
import { editDistance, fieldMeant, fieldNamedOtherwise } from "../src/field-suggestions.ts";

const FIELDS = ["headline", "bullets", "date", "updated", "shortUrl", "dateline", "section", "tags", "author", "image", "lang", "slug", "draft", "src", "alt", "caption", "credit"];

test("a typo of a field is offered the field: a letter missing, added, changed or two swapped, in any case", () => {
  const typos: Record<string, string> = {
    headine: "headline",
    headlne: "headline",
    dateine: "dateline",
    tag: "tags",
    tgas: "tags",
    sectoin: "section",
    Headline: "headline",
    imgae: "image",
    drfat: "draft",
    data: "date",
    slgu: "slug",
    captoin: "caption",
    updatd: "updated",
    short_url: "shortUrl",
    bullet: "bullets",
    authors: "author",
    datline: "dateline",
  };
  for (const [typo, field] of Object.entries(typos)) assert.equal(fieldMeant(typo, FIELDS), field, typo);
});

// At two edits these were offered src, date, lang, slug and tags: half of a short word is no typo.
test("a short word two edits from a field is offered none", () => {
  for (const word of ["url", "name", "Note", "link", "cat", "page", "day", "sub", "tail", "flag", "state", "id", "title", "photo"]) {
    assert.equal(fieldMeant(word, FIELDS), undefined, word);
  }
});

test("the nearest field is offered, not the first within reach", () => {
  // Two edits from date, which comes first; one from updated.
  assert.equal(fieldMeant("UPDATE", FIELDS), "updated");
  assert.equal(fieldMeant("dateline", FIELDS), "dateline");
});

test("a smaller reach can be asked for", () => {
  assert.equal(fieldMeant("headlien", FIELDS, 1), "headline");
  assert.equal(fieldMeant("hedlien", FIELDS, 1), undefined);
  assert.equal(fieldMeant("hedlien", FIELDS), "headline");
});

test("edits are counted in characters, a swap of neighbours as one", () => {
  assert.equal(editDistance("tags", "tgas"), 1);
  assert.equal(editDistance("date", "dtea"), 2);
  assert.equal(editDistance("kitten", "sitting"), 3);
  assert.equal(editDistance("", "alt"), 3);
  assert.equal(editDistance("café", "cafe"), 1);
  assert.equal(editDistance("📷a", "a📷"), 1, "an emoji is one character");
});

test("a field's name in other tools stands for the field, in any case; other words and an object's own names stand for none", () => {
  assert.equal(fieldNamedOtherwise("summary"), "bullets");
  assert.equal(fieldNamedOtherwise("Title"), "headline");
  assert.equal(fieldNamedOtherwise("LASTMOD"), "updated");
  for (const word of ["url", "note", "constructor", "toString", "__proto__"]) assert.equal(fieldNamedOtherwise(word), undefined, word);
});
