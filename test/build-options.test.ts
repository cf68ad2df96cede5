import { test } from "node:test";
import assert from "node:assert/strict";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import siteConfig from "../site.config.ts";
import { buildOptionsFromEnv, ENV, settingsForBuild } from "../src/build-options.ts";
import { showUnpublished } from "../src/preview-drafts.ts";
import { SettingsError } from "../src/settings.ts";
import { makeTempDir } from "./helpers/site.ts";

test("with nothing set, a build reads articles/ and public/ of the project and leaves unpublished stories out", () => {
  const options = buildOptionsFromEnv({}, "/srv/news");
  assert.equal(options.articlesDir, path.resolve("/srv/news/articles"));
  assert.equal(options.publicDir, path.resolve("/srv/news/public"));
  assert.deepEqual(options.settingsOverrides, {});
  assert.equal(options.includeUnpublished, false);
  assert.equal(options.pathPrefix, undefined);
  assert.equal(options.archiveDir, undefined);
});

test("options set empty count as not set", () => {
  // A variable a CI file defines but leaves empty: read as a path, "" is the project's own folder.
  const empty = buildOptionsFromEnv({ [ENV.articles]: "", [ENV.settings]: "", [ENV.pathPrefix]: "", [ENV.archive]: "" }, "/srv/news");
  assert.equal(empty.articlesDir, path.resolve("/srv/news/articles"));
  assert.equal(empty.settingsFile, undefined);
  assert.equal(empty.pathPrefix, undefined);
  assert.equal(empty.archiveDir, undefined);
});

test("unpublished stories are included in the preview's process alone, whatever the environment says", () => {
  // The variable npm start once set, and npm run build read too (src/preview-drafts.ts).
  assert.equal(buildOptionsFromEnv({ NEWS_INCLUDE_UNPUBLISHED: "true" }).includeUnpublished, false);
  try {
    showUnpublished();
    assert.equal(buildOptionsFromEnv({}).includeUnpublished, true);
  } finally {
    showUnpublished(false);
  }
});

test("folders and the --settings file are found from the project's folder", async () => {
  const root = await makeTempDir("news-build-options-");
  try {
    await writeFile(path.join(root, "one-off.json"), JSON.stringify({ perPage: 3 }));
    const options = buildOptionsFromEnv({ [ENV.articles]: "archive/2026", [ENV.archive]: "archive", [ENV.settings]: "one-off.json" }, root);
    assert.equal(options.articlesDir, path.join(root, "archive", "2026"));
    assert.equal(options.archiveDir, path.join(root, "archive"));
    assert.deepEqual(options.settingsOverrides, { perPage: 3 });
    assert.equal(options.settingsFile, "one-off.json");
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test("a --now that is not a date-time is a bad setting, named, not a crash", () => {
  assert.throws(() => buildOptionsFromEnv({ [ENV.now]: "tomorrow" }), (error: unknown) => error instanceof SettingsError && /^--now: /.test(error.message));
});

test("--pathprefix wins over the path prefix of the settings and of the --settings file", () => {
  const options = { ...buildOptionsFromEnv({}), settingsOverrides: { pathPrefix: "/from-file/" } };
  assert.equal(settingsForBuild({ ...siteConfig, pathPrefix: "/from-config/" }, { ...options, pathPrefix: "/news/" }).pathPrefix, "/news/");
  assert.equal(settingsForBuild({ ...siteConfig, pathPrefix: "/from-config/" }, options).pathPrefix, "/from-file/");
});

test("a bad setting names where it was set: site.config.ts, the --settings file or --pathprefix", () => {
  const options = { ...buildOptionsFromEnv({}), settingsOverrides: { search: "yes" as unknown as boolean }, settingsFile: "one-off.json" };
  assert.throws(() => settingsForBuild(siteConfig, options), /^ {2}search: expected boolean, received string \(in one-off\.json\)$/m);
  assert.throws(() => settingsForBuild(siteConfig, { ...options, settingsOverrides: {}, pathPrefix: "/../up/" }), /^ {2}pathPrefix: .* \(in --pathprefix\)$/m);
  assert.throws(() => settingsForBuild({ ...siteConfig, perPage: 0 }, { ...options, settingsOverrides: {} }), /^ {2}perPage: .* \(in site\.config\.ts\)$/m);
});
