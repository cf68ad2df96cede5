// What the `sanitized` policy's parser removes before its hooks could tell of it (a comment a browser ends
// at --!>, a CDATA section, a processing instruction or DOCTYPE, a __proto__ attribute), and a control
// character in a value it keeps, refuse the story, as every other drop does, with the
// file and line; and what a message quotes of an attribute's value is printed as escapes, one line each.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { article, assertBuildAndCheckRefuse, buildFixture, makeFixtureSite, runCli, type FixtureSite } from "./helpers/site.ts";

const NOW = "2026-11-30T12:00:00Z";
const sites: FixtureSite[] = [];
after(() => Promise.all(sites.map((site) => site.remove())));

const BODY = [
  "Intro.", // line 7 of the file: the front matter takes six
  "",
  '<!-- note --!><img src="https://cdn.example/a.png" alt="A quay"> -->',
  "",
  "<![CDATA[<b>kept?</b>]]>",
  "",
  '<p __proto__="y">z</p>',
  "",
  '<a href="java&#x0A;script:x">a</a> <b onclick="&#x1b;[2J">b</b>',
  "",
  "<!-- a well-formed note, which is not told -->",
  "",
  '<?php echo "x"; ?>',
  "",
  "<!DOCTYPE html>",
  "",
  'A <a href="https://example.com/" title="Fish&#x1b;[2J">link</a>.',
  "",
  "The end.",
].join("\n");

test("the build and the check refuse each with its line; a message quotes control characters as escapes, on one line", async () => {
  const site = await makeFixtureSite({ "2026/story.md": article({}, BODY) });
  sites.push(site);
  await assertBuildAndCheckRefuse(site, NOW, [
    /story\.md:9: <!-- … --!>: a browser ends a comment at --!>, but the sanitiser reads on to the next -->.*; end the comment with --> where the note ends/,
    /story\.md:11: <!\[CDATA\[: a CDATA section belongs in XML.*; write what it holds without <!\[CDATA\[ and \]\]>, or remove it/,
    /story\.md:13: <p __proto__="y">: the attribute __proto__ is not kept on <p>; htmlPolicy "sanitized" would drop it/,
    /story\.md:15: <a href="java\\u000Ascript:x">: links may only use/,
    /story\.md:15: <b onclick="\\u001B\[2J">: event handlers never run in a story/,
    /story\.md:19: <\?php …>: a processing instruction .*; remove it, or, to show it to readers as written, put it between backticks as code/,
    /story\.md:21: <!DOCTYPE …>: a <!DOCTYPE> opens a whole page.*; remove it \(paste only what the page's <body> holds\)/,
    /story\.md:23: <a title="Fish\\u001B\[2J">: the value of title holds the control character U\+001B \(escape\).*; remove it from the value/,
  ]);
  const checked = await runCli("check", ["--articles", site.articlesDir, "--settings", site.settingsFile, "--now", NOW]);
  const built = await buildFixture(site, ["--now", NOW]);
  for (const output of [checked.stderr + checked.stdout, built.stderr]) {
    // No control character of the story's reaches the terminal, and every problem is on its own line.
    assert.doesNotMatch(output, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
    assert.deepEqual(output.match(/story\.md:\d+/g)?.map((where) => where.slice(9)), ["9", "11", "13", "15", "15", "19", "21", "23"]);
  }
});
