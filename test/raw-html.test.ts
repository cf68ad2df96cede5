import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { htmlComments } from "../src/raw-html.ts";

describe("htmlComments", () => {
  test("finds each comment, closed or left open, with where it starts and ends", () => {
    const text = "a <!-- one --> b <!--> c <!-- open";
    assert.deepEqual(
      htmlComments(text).map(({ start, end, closed }) => [text.slice(start, end), closed]),
      [["<!-- one -->", true], ["<!-->", true], ["<!-- open", false]],
    );
  });

  test("reads a tag past whole: a <!-- in an attribute's value is no comment, nor a --> ends one there", () => {
    assert.deepEqual(htmlComments('<a title="a <!-- b" href="/x">x</a> <img\n alt=\'<!--\'>'), []);
    const text = '<!-- <a title="-->"> still a note? no: ended -->';
    assert.deepEqual(htmlComments(text).map(({ start, end }) => text.slice(start, end)), ['<!-- <a title="-->']);
  });

  test("as a browser reads them, ends a comment at --!> too, but not at one that takes the dashes of its <!--", () => {
    const text = "a <!-- one --!> b <!--> c <!---> d <!-- two ---!> e <!--!> f --> g <!---!> open";
    const read = (endsAtBang: boolean) => htmlComments(text, { endsAtBang }).map(({ start, end, closed }) => [text.slice(start, end), closed]);
    assert.deepEqual(read(true), [["<!-- one --!>", true], ["<!-->", true], ["<!--->", true], ["<!-- two ---!>", true], ["<!--!> f -->", true], ["<!---!> open", false]]);
    // The sanitiser's reading, which `sanitized` publishes: on to the first -->.
    assert.deepEqual(read(false), [["<!-- one --!> b <!-->", true], ["<!--->", true], ["<!-- two ---!> e <!--!> f -->", true], ["<!---!> open", false]]);
  });
});
