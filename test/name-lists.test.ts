// Lists of names a reader reads (src/name-lists.ts), joined as their language joins them: in a byline,
// on the search page, and in what Pagefind shows of a story.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { parseHTML } from "linkedom";
import { joinLinks, joinNames } from "../src/name-lists.ts";
import { article, assertBuildAndCheckRefuse, buildFixture, makeFixtureSite, readPage, runCli, textOf, type FixtureSite } from "./helpers/site.ts";

describe("joinNames", () => {
  test("joins as the language does", () => {
    assert.equal(joinNames(["Amélie Roux", "Jean Dupont"], "fr"), "Amélie Roux et Jean Dupont");
    assert.equal(joinNames(["A", "B", "C"], "fr"), "A, B et C");
    assert.equal(joinNames(["A", "B"], "en"), "A and B");
    assert.equal(joinNames(["A", "B", "C"], "en-GB"), "A, B and C");
    assert.equal(joinNames(["A", "B", "C"], "ur"), "A، B، اور C");
    assert.equal(joinNames(["Sana Q"], "ur"), "Sana Q");
  });

  test("a language Node does not know gets commas, not the machine's word for and", () => {
    assert.equal(joinNames(["A", "B", "C"], "skr"), "A, B, C");
    assert.equal(joinNames(["A", "B"], "qaa"), "A, B");
  });
});

describe("joinLinks", () => {
  test("links each name to its page, in order, escaped, with the joining words between", () => {
    const html = joinLinks([{ name: "R&D <desk>", url: "/authors/r-d/" }, { name: `"Jo"`, url: "/authors/jo/?a=1&b=2" }, { name: "Lu", url: "/authors/lu/" }], "fr", "author");
    const { document } = parseHTML(`<p>${html}</p>`);
    const links = [...document.querySelectorAll("a")];
    assert.deepEqual(links.map((link) => [link.textContent, link.getAttribute("href"), link.getAttribute("rel")]), [
      ["R&D <desk>", "/authors/r-d/", "author"],
      [`"Jo"`, "/authors/jo/?a=1&b=2", "author"],
      ["Lu", "/authors/lu/", "author"],
    ]);
    assert.equal(document.querySelector("p")?.textContent, `R&D <desk>, "Jo" et Lu`);
    assert.equal(joinLinks([{ name: "A", url: "/a/" }], "en"), '<a href="/a/">A</a>');
  });
});

describe("a French site's lists", () => {
  let site: FixtureSite;
  before(async () => {
    site = await makeFixtureSite(
      {
        "2026/01/maire.md": article({ headline: "Le maire parle", slug: "maire", author: "[Amélie Roux, Jean Dupont]", dateline: "Saint-Aubin" }, "Le maire a parlé."),
        "2026/01/harbour.md": article({ headline: "Harbour reopens", slug: "harbour", lang: "en", author: "[Sana Q, Ali R, Jo K]", dateline: "London" }, "The harbour reopened."),
        // One credit with "et" in it, written as an item of a list, as a text alone would be refused.
        "2026/01/port.md": article({ headline: "Le port rouvre", slug: "port", author: "[La rédaction et l’AFP]" }, "Le port a rouvert."),
      },
      { language: "fr", words: { by: "Par", searchNeedsScript: "La recherche demande JavaScript. Toutes les rubriques :" } },
    );
    const built = await buildFixture(site, ["--now", "2026-01-10T00:00:00Z"]);
    assert.equal(built.code, 0, built.stderr);
  });
  after(() => site.remove());

  test("a French story's byline is joined in French, an English story's in English", async () => {
    const french = (await readPage(site.outputDir, "/world/maire/")).querySelector(".byline");
    assert.equal(textOf(french), "Par Amélie Roux et Jean Dupont");
    assert.deepEqual([...(french?.querySelectorAll("a[rel=author]") ?? [])].map((link) => link.getAttribute("href")), ["/authors/amelie-roux/", "/authors/jean-dupont/"]);
    const english = (await readPage(site.outputDir, "/world/harbour/")).querySelector(".byline");
    assert.equal(textOf(english), "Par Sana Q, Ali R, and Jo K");
    assert.equal(english?.querySelectorAll("a[rel=author]").length, 3);
  });

  test("a shared credit written as an item of the list is one author, with one page", async () => {
    const byline = (await readPage(site.outputDir, "/world/port/")).querySelector(".byline");
    assert.equal(textOf(byline), "Par La rédaction et l’AFP");
    assert.deepEqual([...(byline?.querySelectorAll("a[rel=author]") ?? [])].map((link) => link.getAttribute("href")), ["/authors/la-redaction-et-l-afp/"]);
    const page = await readPage(site.outputDir, "/authors/la-redaction-et-l-afp/");
    assert.equal(textOf(page.querySelector("h1")), "La rédaction et l’AFP");
  });

  test("the search page's sections, without JavaScript, are joined in French, with French spacing before the semicolon", async () => {
    const note = (await readPage(site.outputDir, "/search/")).querySelector(".search-noscript");
    // Not textOf, which would make the narrow no-break space (a space to \s) a plain one.
    assert.match(note?.textContent?.replace(/[ \n]+/g, " ") ?? "", /: Pakistan, Middle East, World, Business, Sport, Opinion, Lifestyle et Science & Technology\u202F; or search the whole web for/);
    assert.deepEqual([...(note?.querySelectorAll("a") ?? [])].map((link) => link.getAttribute("href")), ["/pakistan/", "/middle-east/", "/world/", "/business/", "/sport/", "/opinion/", "/lifestyle/", "/science-technology/"]);
  });

  test("the dateline's colon is spaced as the story's language spaces it", async () => {
    assert.equal((await readPage(site.outputDir, "/world/maire/")).querySelector(".dateline")?.textContent, "SAINT-AUBIN\u202F:");
    assert.equal((await readPage(site.outputDir, "/world/harbour/")).querySelector(".dateline")?.textContent, "LONDON:");
  });
});

describe("a byline written as one text joining names", () => {
  test("is refused by the build and the check on its author line, in English and the site's language, with the list of its names and the list of it as one credit", async () => {
    const site = await makeFixtureSite(
      {
        "2026/01/maire.md": article({ headline: "Le maire parle", author: "Amélie Roux et Jean Dupont" }),
        "2026/01/wire.md": article({ headline: "Harbour reopens", lang: "en", author: "Jane Doe and John Roe" }),
        "2026/01/agencies.md": article({ headline: "Le port rouvre", author: "Reuters & AFP" }),
      },
      { language: "fr" },
    );
    try {
      await assertBuildAndCheckRefuse(site, "2026-01-10T00:00:00Z", [
        /articles\/2026\/01\/maire\.md:5: author: expected a list of authors; found one text joining names with "et", "Amélie Roux et Jean Dupont": write \[Amélie Roux, Jean Dupont\] for 2 authors, or \[Amélie Roux et Jean Dupont\] for one author credited so/,
        /articles\/2026\/01\/wire\.md:6: author: expected a list of authors; found one text joining names with "and", "Jane Doe and John Roe": write \[Jane Doe, John Roe\] for 2 authors, or \[Jane Doe and John Roe\] for one author credited so/,
        /articles\/2026\/01\/agencies\.md:5: author: expected a list of authors; found one text joining names with "&", "Reuters & AFP": write \[Reuters, AFP\] for 2 authors, or \[Reuters & AFP\] for one author credited so/,
      ]);
    } finally {
      await site.remove();
    }
  });
  test("is refused in its story's language as well as the site's, and in capitals when the byline is all capitals", async () => {
    const site = await makeFixtureSite({
      "2026/01/montreal.md": article({ headline: "Le port rouvre", lang: "fr-CA", author: "Amélie Roux et Jean Dupont" }),
      "2026/01/wire.md": article({ headline: "Harbour reopens", author: "JANE DOE AND JOHN ROE" }),
      "2026/01/scholar.md": article({ headline: "Theatre history", author: "Metin And" }),
      "2026/01/title.md": article({ headline: "Title case", author: "Jane Doe And John Roe" }),
    });
    try {
      await assertBuildAndCheckRefuse(site, "2026-01-10T00:00:00Z", [
        /articles\/2026\/01\/montreal\.md:6: author: expected a list of authors; found one text joining names with "et", "Amélie Roux et Jean Dupont": write \[Amélie Roux, Jean Dupont\] for 2 authors/,
        /articles\/2026\/01\/wire\.md:5: author: expected a list of authors; found one text joining names with "AND", "JANE DOE AND JOHN ROE": write \[JANE DOE, JOHN ROE\] for 2 authors/,
      ]);
      const checked = await runCli("check", ["--articles", site.articlesDir, "--settings", site.settingsFile, "--now", "2026-01-10T00:00:00Z"]);
      assert.doesNotMatch(checked.stdout + checked.stderr, /scholar\.md|title\.md/, "a capitalised And is left alone");
    } finally {
      await site.remove();
    }
  });
});
