import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import siteConfig from "../site.config.ts";
import { buildOptionsFromEnv, ENV, settingsForBuild } from "../src/build-options.ts";
import { logoFileProblem } from "../src/settings-images.ts";
import { settingsProblem } from "../src/preview-settings.ts";
import { SettingsError } from "../src/settings.ts";
import { article, assertBuildAndCheckRefuse, buildFixture, makeFixtureSite, makeTempDir, PROJECT_ROOT, readPage, type FixtureSite } from "./helpers/site.ts";

describe("logoFileProblem", () => {
  let root = "";
  let publicDir = "";
  let shownPublic = "";
  before(async () => {
    root = await makeTempDir("news-logo-");
    publicDir = path.join(root, "public");
    shownPublic = path.relative(process.cwd(), publicDir);
    await mkdir(path.join(publicDir, "images"), { recursive: true });
    await writeFile(path.join(publicDir, "images", "logo.svg"), '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="60"/>');
    await writeFile(path.join(publicDir, "images", "notes.svg"), "not a drawing");
    await writeFile(path.join(root, "outside.svg"), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  });
  after(() => rm(root, { recursive: true, force: true }));

  test("an image under public/ is fine", () => {
    assert.equal(logoFileProblem("/images/logo.svg", publicDir), undefined);
  });

  test("a path that names no file says what was expected and the file it looked for", () => {
    assert.equal(
      logoFileProblem("/images/lgo.svg", publicDir),
      `expected the path of an image under ${shownPublic}/ (${shownPublic}/images/logo.svg is /images/logo.svg); there is no file ${shownPublic}/images/lgo.svg`,
    );
  });

  test("a folder, or a file outside public/, is no file there", () => {
    assert.match(logoFileProblem("/images", publicDir) ?? "", /; there is no file .*public\/images$/);
    assert.match(logoFileProblem("/../outside.svg", publicDir) ?? "", /; there is no file .*outside\.svg$/);
  });

  test("a file that is not an image is named with why", () => {
    assert.match(logoFileProblem("/images/notes.svg", publicDir) ?? "", /; .*public\/images\/notes\.svg is not one: it holds no <svg> element/);
  });
});

describe("a logo setting that names no file", () => {
  const options = buildOptionsFromEnv({}, PROJECT_ROOT);

  test("stops the settings, naming the field, the file looked for and where the setting was made", () => {
    const refused = (error: unknown, source: string) =>
      error instanceof SettingsError &&
      error.message === `The site settings are not valid:\n  logo: expected the path of an image under public/ (public/images/logo.svg is /images/logo.svg); there is no file public/images/lgo.svg (in ${source})`;
    assert.throws(() => settingsForBuild({ ...siteConfig, logo: "/images/lgo.svg" }, options), (error) => refused(error, "site.config.ts"));
    assert.throws(() => settingsForBuild(siteConfig, { ...options, settingsOverrides: { logo: "/images/lgo.svg" }, settingsFile: "one-off.json" }), (error) => refused(error, "one-off.json"));
    assert.equal(settingsForBuild(siteConfig, options).logo, "/images/logo.svg");
  });

  let site: FixtureSite | undefined;
  after(() => site?.remove());

  test("npm run build and npm run check refuse it, and publish nothing", async () => {
    site = await makeFixtureSite({ "story.md": article() }, { logo: "/images/lgo.svg" });
    await assertBuildAndCheckRefuse(
      site,
      "2026-11-30T12:00:00Z",
      /^ {2}logo: expected the path of an image under public\/ \(public\/images\/logo\.svg is \/images\/logo\.svg\); there is no file public\/images\/lgo\.svg \(in .*settings\.json\)$/m,
    );
  });

  test("the preview names it as it names any setting it cannot start with", async () => {
    site ??= await makeFixtureSite({ "story.md": article() }, { logo: "/images/lgo.svg" });
    const before = process.env[ENV.settings];
    process.env[ENV.settings] = site.settingsFile;
    try {
      assert.match((await settingsProblem(PROJECT_ROOT)) ?? "", /^ {2}logo: expected .*; there is no file public\/images\/lgo\.svg \(in .*settings\.json\)$/m);
    } finally {
      if (before === undefined) delete process.env[ENV.settings];
      else process.env[ENV.settings] = before;
    }
  });
});

describe("the default logo, where public/ has no such file", () => {
  let root = "";
  before(async () => {
    root = await makeTempDir("news-no-logo-");
    await mkdir(path.join(root, "public"));
  });
  after(() => rm(root, { recursive: true, force: true }));
  const { logo: _set, ...withoutLogo } = siteConfig;

  test("is refused as the default, with how to set a logo or none, not blamed on site.config.ts", () => {
    const options = buildOptionsFromEnv({}, root);
    assert.throws(
      () => settingsForBuild(withoutLogo, options),
      (error) =>
        error instanceof SettingsError &&
        /^ {2}logo: expected .*; there is no file \S*public\/images\/logo\.svg \(the default logo; set logo in site\.config\.ts to your image's path, or logo: false for none\)$/m.test(error.message) &&
        !error.message.includes("(in site.config.ts)"),
    );
  });

  test("logo: false means none, and needs no file", () => {
    const options = buildOptionsFromEnv({}, root);
    assert.equal(settingsForBuild({ ...withoutLogo, logo: false }, options).logo, false);
    assert.equal(settingsForBuild(withoutLogo, { ...options, settingsOverrides: { logo: false } }).logo, false);
  });
});

describe("a site built with logo: false", () => {
  let site: FixtureSite | undefined;
  after(() => site?.remove());

  test("names no logo in a story's structured data", async () => {
    site = await makeFixtureSite({ "story.md": article() }, { logo: false });
    const result = await buildFixture(site, ["--now", "2026-11-30T12:00:00Z"]);
    assert.equal(result.code, 0, result.stderr);
    const page = await readPage(site.outputDir, "/world/story/");
    const data = JSON.parse(page.querySelector('script[type="application/ld+json"]')?.textContent ?? "{}") as { publisher?: Record<string, unknown> };
    assert.equal(data.publisher?.name, siteConfig.name);
    assert.equal(data.publisher?.logo, undefined);
  });
});
