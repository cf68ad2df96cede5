import { test } from "node:test";
import assert from "node:assert/strict";
import siteConfig from "../site.config.ts";
import { buildOptionsFromEnv, settingsForBuild } from "../src/build-options.ts";
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
  assert.throws(() => resolveSettings(siteConfig, { listingPages: 0 }), (error: unknown) => error instanceof SettingsError && /^ {2}listingPages: expected number to be >=1 \(in the settings laid over it\)$/m.test(error.message));
});

test("a bad setting names where it was set: site.config.ts, the --settings file or --pathprefix", () => {
  const options = { ...buildOptionsFromEnv({}), settingsOverrides: { search: "yes" as unknown as boolean }, settingsFile: "one-off.json" };
  assert.throws(() => settingsForBuild(siteConfig, options), /^ {2}search: expected boolean, received string \(in one-off\.json\)$/m);
  assert.throws(() => settingsForBuild(siteConfig, { ...options, settingsOverrides: {}, pathPrefix: "/../up/" }), /^ {2}pathPrefix: .* \(in --pathprefix\)$/m);
  assert.throws(() => settingsForBuild({ ...siteConfig, perPage: 0 }, { ...options, settingsOverrides: {} }), /^ {2}perPage: .* \(in site\.config\.ts\)$/m);
});
