import { test } from "node:test";
import assert from "node:assert/strict";
import siteConfig from "../site.config.ts";
import { resolveSettings, SettingsError } from "../src/settings.ts";

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
  // A number out of range says what was expected, without zod's own heading.
  assert.throws(() => resolveSettings(siteConfig, { listingPages: 0 }), (error: unknown) => error instanceof SettingsError && /^ {2}listingPages: expected number to be >=1$/m.test(error.message));
});
