import { test } from "node:test";
import assert from "node:assert/strict";
import siteConfig from "../site.config.ts";
import { resolveSettings, SettingsError } from "../src/settings.ts";
import { article, makeFixtureSite, runCli } from "./helpers/site.ts";

test("the shipped settings are valid and give the seed site's sections", () => {
  const settings = resolveSettings(siteConfig);
  assert.deepEqual(
    settings.sections.map((section) => section.slug),
    ["pakistan", "middle-east", "world", "business", "sport", "opinion", "lifestyle", "science-technology"],
  );
  assert.equal(settings.shortUrlBase, `${settings.baseUrl}/s`);
  assert.equal(settings.perPage, 20);
  assert.equal(settings.listingPages, 10);
});

test("overrides are laid over the settings, and a separate short domain is kept", () => {
  const settings = resolveSettings(siteConfig, { shortUrlBase: "https://arab.news/", perPage: 3 });
  assert.equal(settings.shortUrlBase, "https://arab.news");
  assert.equal(settings.perPage, 3);
});

test("bad settings are refused with the field named", () => {
  assert.throws(() => resolveSettings(siteConfig, { timeZone: "Mars/Olympus" }), (error: unknown) => error instanceof SettingsError && /timeZone: expected an IANA time zone/.test(error.message));
  assert.throws(() => resolveSettings(siteConfig, { sections: [{ slug: "tags", name: "Tags" }] }), /sections\.0\.slug/);
  assert.throws(() => resolveSettings(siteConfig, { sections: [{ slug: "a", name: "A" }, { slug: "a", name: "Again" }] }), /section "a" twice/);
  // The build's own folders: the image variants' and the search indexes'.
  for (const slug of ["img", "pagefind", "pagefind-3"]) assert.throws(() => resolveSettings(siteConfig, { sections: [{ slug, name: "Pictures" }] }), /sections\.0\.slug: expected a slug the site does not already use for its own pages/, slug);
  assert.equal(resolveSettings(siteConfig, { sections: [{ slug: "pagefinder", name: "Finder" }] }).sections[0]!.slug, "pagefinder");
  // A number out of range says what was expected, without zod's own heading.
  assert.throws(() => resolveSettings(siteConfig, { listingPages: 0 }), (error: unknown) => error instanceof SettingsError && /^ {2}listingPages: expected number to be >=1 \(in the settings laid over it\)$/m.test(error.message));
  // Shaped like a language tag, but Intl reads none (a region twice): every page's words would throw.
  assert.throws(() => resolveSettings(siteConfig, { language: "en-US-US" }), (error: unknown) => error instanceof SettingsError && /language: expected a BCP 47 language tag such as en or ur/.test(error.message));
});

test("the site's address and the short links' base must be http or https: a short link is its base in an href, and a script URL there runs", () => {
  for (const address of ["javascript:alert(1)%0A//", "JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "ftp://news.example.com"]) {
    assert.throws(() => resolveSettings(siteConfig, { shortUrlBase: address }), /^ {2}shortUrlBase: expected an http:\/\/ or https:\/\/ address \(in the settings laid over it\)$/m, address);
    assert.throws(() => resolveSettings(siteConfig, { baseUrl: address }), /^ {2}baseUrl: expected an http:\/\/ or https:\/\/ address/m, address);
  }
  assert.equal(resolveSettings(siteConfig, { baseUrl: "http://localhost:8080/news/" }).baseUrl, "http://localhost:8080/news");
  // No address at all: the same message, not the TypeError of reading the moved setting's addresses against it.
  for (const address of ["news.example.com", ""]) {
    assert.throws(() => resolveSettings(siteConfig, { baseUrl: address, moved: { "/world/old/": "/world/new/" } }), (error: unknown) => error instanceof SettingsError && /^ {2}baseUrl: expected an http:\/\/ or https:\/\/ address/m.test(error.message), address);
  }
});

test("the folder of stories with no section is news unless the site names its own, which no section or page of the site may share", () => {
  assert.equal(resolveSettings(siteConfig).noSectionSlug, "news");
  assert.equal(resolveSettings(siteConfig, { noSectionSlug: "actualites" }).noSectionSlug, "actualites");
  assert.throws(() => resolveSettings(siteConfig, { noSectionSlug: "Actualités" }), /^ {2}noSectionSlug: expected a slug of the Latin letters a to z in lower case, digits and single hyphens, such as middle-east \(in the settings laid over it\)$/m);
  // Arabic letters are letters, and have no case: the message must not leave an Arabic newsroom guessing.
  assert.throws(() => resolveSettings(siteConfig, { sections: [{ slug: "مصر", name: "مصر" }] }), /^ {2}sections\.0\.slug: expected a slug of the Latin letters a to z in lower case, digits and single hyphens, such as middle-east \(in the settings laid over it\)$/m);
  assert.throws(() => resolveSettings(siteConfig, { noSectionSlug: "tags" }), /^ {2}noSectionSlug: expected a slug the site does not already use for its own pages/m);
  const clash = /^ {2}sections\.1\.slug: expected a slug the site does not already use for its own pages \(noSectionSlug gives "actualites" to the stories with no section\) \(in the settings laid over it\)$/m;
  assert.throws(() => resolveSettings(siteConfig, { noSectionSlug: "actualites", sections: [{ slug: "communes", name: "Communes" }, { slug: "actualites", name: "Actualités" }] }), clash);
  // The default's folder is taken from sections as before; once the site names another, a section may be "news".
  assert.throws(() => resolveSettings(siteConfig, { sections: [{ slug: "news", name: "News" }] }), /sections\.0\.slug: expected a slug the site does not already use/);
  assert.equal(resolveSettings(siteConfig, { noSectionSlug: "actualites", sections: [{ slug: "news", name: "News" }] }).sections[0]!.slug, "news");
});

test("logo: false means no logo; a logo that is neither a path nor false says both are allowed", () => {
  assert.equal(resolveSettings(siteConfig, { logo: false }).logo, false);
  assert.equal(resolveSettings({ ...siteConfig, logo: undefined }).logo, "/images/logo.svg");
  assert.throws(() => resolveSettings(siteConfig, { logo: true as never }), /logo: expected a path under public\/ starting with \/, such as \/images\/logo\.svg, or false for no logo/);
});

test("an Arabic newsroom's section slug in Arabic letters is refused by npm run check, saying the slug is in Latin letters", async () => {
  const site = await makeFixtureSite({ "story.md": article({ section: "egypt" }) }, { language: "ar", sections: [{ slug: "مصر", name: "مصر" }] });
  try {
    const checked = await runCli("check", ["--articles", site.articlesDir, "--settings", site.settingsFile]);
    assert.equal(checked.code, 1);
    assert.match(checked.stderr + checked.stdout, /sections\.0\.slug: expected a slug of the Latin letters a to z in lower case, digits and single hyphens, such as middle-east \(in .*settings\.json\)/);
  } finally {
    await site.remove();
  }
});

test("the tags' and authors' feeds are on unless tagAndAuthorFeeds turns them off; a value other than true or false is refused, named", () => {
  assert.equal(resolveSettings(siteConfig).tagAndAuthorFeeds, true);
  assert.equal(resolveSettings(siteConfig, { tagAndAuthorFeeds: false }).tagAndAuthorFeeds, false);
  assert.throws(
    () => resolveSettings(siteConfig, { tagAndAuthorFeeds: "no" as unknown as boolean }),
    (error: unknown) => error instanceof SettingsError && /^ {2}tagAndAuthorFeeds: expected boolean, received string \(in the settings laid over it\)$/m.test(error.message),
  );
});
