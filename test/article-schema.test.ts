import { test } from "node:test";
import assert from "node:assert/strict";
import { articleSchema } from "../src/article-schema.ts";
import { testSettings } from "./helpers/articles.ts";

const schema = articleSchema(testSettings());
const story = { headline: "Harbour reopens", date: "2026-01-05T10:00:00+05:00" };

/** The messages the schema refuses front matter with, by field; none when it takes it. */
function refusals(frontMatter: Record<string, unknown>): string[] {
  const result = schema.safeParse({ ...story, ...frontMatter });
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

test("five bullets are taken, a sixth is refused", () => {
  const bullets = (count: number) => Array.from({ length: count }, (_, index) => `Point ${index + 1}`);
  assert.deepEqual(refusals({ bullets: bullets(5) }), []);
  assert.deepEqual(refusals({ bullets: bullets(6) }), ["bullets: expected at most 5 bullets"]);
});

test("a story updated at the moment it was published is taken; one updated before it is refused", () => {
  assert.deepEqual(refusals({ updated: "2026-01-05T10:00:00+05:00" }), []);
  assert.deepEqual(refusals({ updated: "2026-01-05T05:00:00Z" }), [], "the same moment, written in another offset");
  assert.equal(refusals({ updated: "2026-01-05T09:59:59+05:00" }).length, 1);
});

// luxon's ISO form, which the message printed, wrote 1900-01-15T10:00:00.000+04:28 in Karachi's local mean time
// (+04:28:12): a moment 12 seconds off. The editor reads both times on the newsroom's clocks, as front matter writes them.
test("an update before the date is refused naming both times in the newsroom's zone, as front matter writes them", () => {
  const karachi = articleSchema({ ...testSettings(), timeZone: "Asia/Karachi" });
  const refusal = (date: string, updated: string) => {
    const result = karachi.safeParse({ headline: "Harbour reopens", date, updated });
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  };
  assert.deepEqual(refusal("2026-01-05T10:00:00+05:00", "2026-01-05T04:00:00Z"), ["updated: expected a time at or after date (2026-01-05T10:00:00+05:00); found 2026-01-05T09:00:00+05:00"]);
  assert.deepEqual(refusal("1900-01-15T10:00:00", "1900-01-15T09:59:50"), ["updated: expected a time at or after date (1900-01-15T10:00:00); found 1900-01-15T09:59:50"], "local mean time");
  assert.deepEqual(refusal("1900-01-15T10:00:00Z", "1900-01-15T09:00:00Z"), ["updated: expected a time at or after date (1900-01-15T14:28:12); found 1900-01-15T13:28:12"], "written in UTC");
});

test("a slug is lower-case letters of any script, digits and single hyphens", () => {
  for (const slug of ["harbour-reopens", "2026-budget", "کراچی-بندرگاہ"]) assert.deepEqual(refusals({ slug }), [], slug);
  for (const slug of ["Harbour", "harbour-Reopens", "harbour--reopens", "-harbour", "harbour_reopens", "../outside"]) {
    assert.deepEqual(refusals({ slug }), ["slug: expected a slug of lower-case letters, digits and single hyphens, such as pakistan-rejects-claims"], slug);
  }
});

test("a language is a BCP 47 tag: two or three letters, then subtags", () => {
  for (const lang of ["en", "ur", "fil", "zh-Hant-TW", "en-GB"]) assert.deepEqual(refusals({ lang }), [], lang);
  // The last three have the shape but name no language Intl can read (a region twice, a variant twice, no such region).
  for (const lang of ["english", "e", "en_GB", "en-", "en-US-US", "de-1996-1996", "xx-12"]) assert.deepEqual(refusals({ lang }), ["lang: expected a BCP 47 language tag such as en, ur or ar"], lang);
});

test("text that is only spaces is empty, and a headline is counted after its spaces are trimmed", () => {
  assert.deepEqual(refusals({ headline: "   " }), ["headline: headline: expected text, found an empty value"]);
  assert.deepEqual(refusals({ headline: ` ${"x".repeat(200)} ` }), []);
});

test("a field the image does not have is refused, not dropped", () => {
  assert.deepEqual(refusals({ image: { src: "lead.jpg", alt: "The quay" } }), []);
  const refused = refusals({ image: { src: "lead.jpg", alt: "The quay", captoin: "The quay at dawn" } });
  assert.equal(refused.length, 1);
  assert.match(refused[0]!, /^image: .*captoin/);
});

test("a control character in any text field is refused, naming it and where it is; tab and line break are text", () => {
  const said = (field: string, character: string, at: number, why = "which feeds and sitemaps cannot hold") =>
    `${field}: expected text without control characters; found the control character ${character} at character ${at}, ${why}: remove it`;
  assert.deepEqual(refusals({ headline: "Harbour\u0007 reopens" }), [`headline: ${said("headline", "U+0007 (bell)", 8)}`]);
  assert.deepEqual(refusals({ headline: "Harbour reopens\u007f" }), [`headline: ${said("headline", "U+007F (delete)", 16, "which no page shows")}`]);
  assert.deepEqual(refusals({ headline: "\u0000Harbour" }), [`headline: ${said("headline", "U+0000 (null)", 1)}`]);
  assert.deepEqual(refusals({ headline: "Café\u001f" }), [`headline: ${said("headline", "U+001F", 5)}`], "counted in characters");
  assert.deepEqual(refusals({ headline: "Harbour\u000breopens" }), [`headline: ${said("headline", "U+000B (vertical tab)", 8)}`]);
  for (const [field, value] of [
    ["bullets", ["One\u0008"]],
    ["dateline", "KARACHI\u001b"],
    ["tags", ["Ports\u0001"]],
    ["author", ["Ayesha\u0002 Khan"]],
    ["image", { src: "lead.jpg", alt: "The quay", caption: "Ships\u0003" }],
  ] as const) {
    assert.equal(refusals({ [field]: value }).length, 1, field);
    assert.match(refusals({ [field]: value })[0]!, /found the control character U\+00[01][0-9A-F](?: \([a-z ]+\))? at character \d+, which feeds and sitemaps cannot hold: remove it$/, field);
  }
  assert.deepEqual(refusals({ headline: "Harbour\treopens", bullets: ["One line\nand the next"], image: { src: "lead.jpg", alt: "The quay\u0085 at dawn" } }), [], "tab, line break and C1 characters are text");
});

// XML 1.0 forbids them too: YAML's "\uFFFE" and "\uD800" make them, where feeds dropped them and the page kept them.
test("U+FFFE, U+FFFF and a lone surrogate in a text field are refused, naming them; a pair that makes one character is text", () => {
  assert.deepEqual(refusals({ headline: "Harbour \uFFFE reopens" }), ["headline: headline: expected text without noncharacters; found the noncharacter U+FFFE at character 9, which feeds and sitemaps cannot hold: remove it"]);
  assert.match(refusals({ tags: ["Ports\uFFFF"] })[0]!, /^tags\.0: tag: expected text without noncharacters; found the noncharacter U\+FFFF at character 6/);
  assert.deepEqual(refusals({ dateline: "KARACHI \uD800" }), [
    "dateline: dateline: expected text without lone surrogates; found the lone surrogate U+D800 (half of a character written as a pair, such as an emoji, without its other half) at character 9, which feeds and sitemaps cannot hold, and a page shows as �: remove it",
  ]);
  assert.match(refusals({ headline: "\uDE00 Harbour" })[0]!, /found the lone surrogate U\+DE00 .* at character 1,/, "a low half alone");
  assert.match(refusals({ headline: "Harbour \uDE00\uD83D" })[0]!, /found the lone surrogate U\+DE00 .* at character 9,/, "halves in the wrong order");
  assert.deepEqual(refusals({ headline: "Harbour \uD83D\uDE00 reopens \uFFFD" }), [], "an emoji, and U+FFFD, are text");
});

// A misspelt field name gets "did you mean dateline?"; a misspelt section listed every section, which on a
// site of twenty left the editor to find the one meant.
test("a section a letter or two from one of the site's is refused naming it; one near none lists them all", () => {
  const sections = articleSchema({ ...testSettings(), sections: [{ slug: "pakistan", name: "Pakistan" }, { slug: "business", name: "Business" }, { slug: "sport", name: "Sport" }] });
  const refusal = (section: string) => {
    const result = sections.safeParse({ ...story, section });
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  };
  assert.deepEqual(refusal("busines"), ["section: expected one of the site's sections (did you mean business?)"]);
  assert.deepEqual(refusal("sprot"), ["section: expected one of the site's sections (did you mean sport?)"]);
  assert.deepEqual(refusal("weather"), ["section: expected one of the site's sections: pakistan, business, sport"]);
  assert.deepEqual(refusal("business"), []);
});

test("tags and authors are a list, or one name alone; one text with a comma of any script is refused, as it may be either", () => {
  assert.deepEqual(refusals({ tags: "Economy", author: "Arab News" }), []);
  assert.deepEqual(refusals({ tags: ["Washington, D.C."], author: ["Smith, Jr."] }), []);
  for (const tags of ["US, Afghanistan", "پاکستان، افغانستان", "経済、政治", "经济，政治"]) assert.match(refusals({ tags })[0] ?? "", /^tags: expected a list of tags; found one text with a comma/, tags);
  assert.deepEqual(refusals({ author: "Jane Doe, John Roe" }), [
    'author: expected a list of authors; found one text with a comma, "Jane Doe, John Roe": write [Jane Doe, John Roe] for 2 authors, or ["Jane Doe, John Roe"] for one author with a comma in its name (in quotes, or brackets read the comma as the end of an item)',
  ]);
  // Each list written as YAML would read it back: quoted where it would read another thing.
  assert.match(refusals({ tags: "true, [x], C++" })[0] ?? "", /write \["true", "\[x\]", "C\+\+"\] for 3 tags/);
  assert.match(refusals({ tags: "US," })[0] ?? "", /write \[US\] without the comma, or \["US,"\]/);
});

test("an author written as one text joining names with and or & is refused, with the list of its names and the list of it as one credit", () => {
  assert.deepEqual(refusals({ author: "Jane Doe and John Roe" }), [
    'author: expected a list of authors; found one text joining names with "and", "Jane Doe and John Roe": write [Jane Doe, John Roe] for 2 authors, or [Jane Doe and John Roe] for one author credited so (a shared byline such as Staff and agencies)',
  ]);
  assert.match(refusals({ author: "Reuters & AFP" })[0] ?? "", /joining names with "&", "Reuters & AFP": write \[Reuters, AFP\] for 2 authors, or \[Reuters & AFP\] for one author/);
  // With commas too, every name is parted, the Oxford comma's "and" with them.
  assert.match(refusals({ author: "Jane Doe, John Roe and Ann Poe" })[0] ?? "", /found one text with a comma, "Jane Doe, John Roe and Ann Poe": write \[Jane Doe, John Roe, Ann Poe\] for 3 authors, or \["Jane Doe, John Roe and Ann Poe"\] for one author/);
  assert.match(refusals({ author: "Jane Doe, John Roe, and Ann Poe" })[0] ?? "", /write \[Jane Doe, John Roe, Ann Poe\] for 3 authors/);
  // An item of a list is a name as written: a shared credit stands so.
  assert.deepEqual(refusals({ author: ["Staff and agencies"] }), []);
  assert.deepEqual(refusals({ author: ["Reuters & AFP", "Jane Doe"] }), []);
  // "and" as a word between names alone: not in a word, nor at either end, nor AT&T's.
  for (const author of ["Alexander Anderson", "Sandy Brand", "AT&T Newsroom", "Andrea", "and more"]) assert.deepEqual(refusals({ author }), [], author);
  // A tag with "and" in it is nearly always one tag.
  assert.deepEqual(refusals({ tags: "Trade and industry" }), []);
  assert.deepEqual(refusals({ tags: "Science & Technology" }), []);
});

test("an author joining names with the site's own word for and is refused where the word is no part of names", () => {
  const refusalsIn = (language: string, author: string) => {
    const result = articleSchema({ ...testSettings(), language }).safeParse({ ...story, author });
    return result.success ? [] : result.error.issues.map((issue) => issue.message);
  };
  assert.match(refusalsIn("fr", "Amélie Roux et Jean Dupont")[0] ?? "", /joining names with "et", .*write \[Amélie Roux, Jean Dupont\] for 2 authors/);
  assert.match(refusalsIn("de", "Anna Berg und Max Kurz")[0] ?? "", /joining names with "und"/);
  assert.match(refusalsIn("ur", "ثنا قریشی اور علی رضا")[0] ?? "", /joining names with "اور", .*write \[ثنا قریشی, علی رضا\] for 2 authors/);
  assert.match(refusalsIn("fr", "Jane Doe and John Roe")[0] ?? "", /joining names with "and"/, "English's and on any site");
  // Spanish's y and Portuguese's e join one person's family names; Arabic's و is written onto the next word, as names begin (وليد).
  assert.deepEqual(refusalsIn("es", "José Ortega y Gasset"), []);
  assert.deepEqual(refusalsIn("pt", "Artur da Costa e Silva"), []);
  assert.deepEqual(refusalsIn("ar", "أحمد وليد"), []);
  // The word of another language than the site's (or, below, the story's) is not looked for.
  assert.deepEqual(refusalsIn("en", "Amélie Roux et Jean Dupont"), []);
});

test("a byline's joining word counts in lower case, and in capitals in a byline all in capitals; capitalised, or in capitals among lower-case words, it may be a name", () => {
  const refusalsIn = (language: string, author: string) => {
    const result = articleSchema({ ...testSettings(), language }).safeParse({ ...story, author });
    return result.success ? [] : result.error.issues.map((issue) => issue.message);
  };
  assert.match(refusalsIn("en", "JANE DOE AND JOHN ROE")[0] ?? "", /joining names with "AND", "JANE DOE AND JOHN ROE": write \[JANE DOE, JOHN ROE\] for 2 authors, or \[JANE DOE AND JOHN ROE\] for one author/);
  assert.match(refusalsIn("fr", "AMÉLIE ROUX ET JEAN DUPONT")[0] ?? "", /joining names with "ET", .*write \[AMÉLIE ROUX, JEAN DUPONT\] for 2 authors/);
  assert.match(refusalsIn("en", "JANE DOE, JOHN ROE AND ANN POE")[0] ?? "", /write \[JANE DOE, JOHN ROE, ANN POE\] for 3 authors/);
  // Capitalised, the words are names (the Turkish scholar Metin And; Dan, on an Indonesian site whose "and" is dan).
  for (const [language, author] of [
    ["en", "Jane Doe And John Roe"],
    ["en", "Metin And Yılmaz"],
    ["id", "Usman Dan Fodio"],
    ["en", "Jane Doe AND John Roe"],
    ["en", "Sponsored by AND Digital"],
    ["fr", "Jean Dupont ET Live"],
  ]) {
    assert.deepEqual(refusalsIn(language!, author!), [], author);
  }
  assert.match(refusalsIn("id", "Siti Rahma dan Budi Santoso")[0] ?? "", /joining names with "dan"/);
});

test("a byline in a story of another language than the site's is refused for its story's word for and too, as well as the site's", () => {
  const refusalsOf = (language: string, frontMatter: Record<string, unknown>) => {
    const result = articleSchema({ ...testSettings(), language }).safeParse({ ...story, ...frontMatter });
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  };
  assert.match(refusalsOf("en", { lang: "fr", author: "Amélie Roux et Jean Dupont" })[0] ?? "", /^author: expected a list of authors; found one text joining names with "et", .*write \[Amélie Roux, Jean Dupont\] for 2 authors/);
  assert.match(refusalsOf("en", { lang: "fr-CA", author: "AMÉLIE ROUX ET JEAN DUPONT" })[0] ?? "", /joining names with "ET"/);
  assert.match(refusalsOf("en", { lang: "ur", author: "ثنا قریشی اور علی رضا" })[0] ?? "", /joining names with "اور"/);
  assert.match(refusalsOf("fr", { lang: "en", author: "Amélie Roux et Jean Dupont" })[0] ?? "", /joining names with "et"/, "the site's word in a story of another language");
  assert.match(refusalsOf("en", { lang: "es", author: "Jane Doe and John Roe" })[0] ?? "", /joining names with "and"/, "English's and in any story");
  // A story's language whose "and" joins one person's names adds nothing; a list's item is a name as written.
  assert.deepEqual(refusalsOf("en", { lang: "es", author: "José Ortega y Gasset" }), []);
  assert.deepEqual(refusalsOf("de", { lang: "pt", author: "Artur da Costa e Silva" }), []);
  assert.deepEqual(refusalsOf("en", { lang: "fr", author: ["Amélie Roux et Jean Dupont"] }), []);
  assert.deepEqual(refusalsOf("en", { lang: "fr", tags: "Commerce et industrie" }), []);
  // A lang that is not a language tag is refused for itself; the byline is read in the site's language.
  assert.deepEqual(refusalsOf("en", { lang: "french", author: "Amélie Roux et Jean Dupont" }), ["lang: expected a BCP 47 language tag such as en, ur or ar"]);
  // The parsed byline is the text, whatever the story's language.
  const parsed = articleSchema({ ...testSettings(), language: "en" }).parse({ ...story, lang: "fr", author: "Amélie Roux" });
  assert.deepEqual(parsed.author, ["Amélie Roux"]);
});
