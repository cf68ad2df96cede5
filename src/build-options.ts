import path from "node:path";
import { readFileSync } from "node:fs";
import type { DateTime } from "luxon";
import { parseNow } from "./dates.ts";
import { unpublishedShown } from "./preview-drafts.ts";
import { logoFileProblem, shareImageFileProblem } from "./settings-images.ts";
import { OVERRIDES_SOURCE, resolveSettings, SETTINGS_MODULE, SettingsError, type SettingsInput, type SiteSettings } from "./settings.ts";

/**
 * What one build reads and how it treats unpublished stories. The command-line scripts set these (all but
 * includeUnpublished) through the environment so that eleventy.config.ts, which Eleventy loads itself, sees the same.
 */
export interface BuildOptions {
  articlesDir: string;
  publicDir: string;
  /** Settings laid over site.config.ts (used by test fixtures and one-off builds). */
  settingsOverrides: Partial<SettingsInput>;
  /** The `--settings` file the overrides were read from, which a bad setting's message names. */
  settingsFile?: string;
  now: DateTime;
  /**
   * True when `now` is the clock's, not given (--now, NEWS_NOW): the preview, which runs for hours, then
   * reads the clock again at each rebuild, so that a scheduled story it shows is flagged until its time.
   */
  nowFromClock?: boolean;
  /** Drafts and stories not yet due too: in the preview's process only, never from the environment (src/preview-drafts.ts). */
  includeUnpublished: boolean;
  /** The build's --pathprefix: the site is published under this sub-path (overrides the setting). */
  pathPrefix?: string;
  /** A shard's --archive: the whole archive, of which `articlesDir` is one folder (src/build-shards.ts). */
  archiveDir?: string;
}

export const ENV = {
  articles: "NEWS_ARTICLES_DIR",
  settings: "NEWS_SETTINGS_FILE",
  now: "NEWS_NOW",
  pathPrefix: "NEWS_PATH_PREFIX",
  archive: "NEWS_ARCHIVE_DIR",
} as const;

/** The folder of static files, copied into the site as they are: the project's public/, whatever the settings say. */
export function publicDirOf(root = process.cwd()): string {
  return path.resolve(root, "public");
}

export function buildOptionsFromEnv(env: NodeJS.ProcessEnv = process.env, root = process.cwd()): BuildOptions {
  const settingsFile = env[ENV.settings];
  const archiveDir = env[ENV.archive];
  return {
    articlesDir: path.resolve(root, env[ENV.articles] || "articles"),
    publicDir: publicDirOf(root),
    settingsOverrides: settingsFile ? readOverrides(settingsFile, root) : {},
    settingsFile: settingsFile || undefined,
    now: nowOption(env[ENV.now]),
    nowFromClock: !env[ENV.now],
    includeUnpublished: unpublishedShown(),
    pathPrefix: env[ENV.pathPrefix] || undefined,
    archiveDir: archiveDir ? path.resolve(root, archiveDir) : undefined,
  };
}

/** The build's `--now`: one that is not a date-time stops the command as a bad setting does, with its message and no stack. */
function nowOption(value: string | undefined): DateTime {
  try {
    return parseNow(value);
  } catch (error) {
    throw new SettingsError(`--now: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The settings a `--settings` file lays over site.config.ts; a file that is missing or not JSON is a problem naming it. */
function readOverrides(file: string, root: string): Partial<SettingsInput> {
  let text: string;
  try {
    text = readFileSync(path.resolve(root, file), "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "there is no such file" : error instanceof Error ? error.message : String(error);
    throw new SettingsError(`${file}: ${reason}; expected a JSON file of settings`);
  }
  try {
    return JSON.parse(text) as Partial<SettingsInput>;
  } catch (error) {
    throw new SettingsError(`${file}: expected the settings as JSON; ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The settings one build runs with: site.config.ts, the overrides, and the build's path prefix over both.
 * The logo and the share picture are checked here, where the build's public/ is known: the schema sees only their paths.
 */
export function settingsForBuild(input: SettingsInput, options: BuildOptions): SiteSettings {
  const settings = settingsWithoutFiles(input, options);
  const problems = [
    ["logo", settings.logo === false ? undefined : logoFileProblem(settings.logo, options.publicDir)],
    ["shareImage", settings.shareImage === undefined ? undefined : shareImageFileProblem(settings.shareImage, options.publicDir)],
  ] as const;
  const lines = problems.flatMap(([field, problem]) => {
    if (!problem) return [];
    const overridden = Object.hasOwn(options.settingsOverrides, field);
    // Set nowhere, the logo is the sample's file: blaming site.config.ts, which does not name it, left the editor guessing.
    if (field === "logo" && !overridden && input.logo === undefined) {
      return [`  logo: ${problem} (the default logo; set logo in ${SETTINGS_MODULE} to your image's path, or logo: false for none)`];
    }
    return [`  ${field}: ${problem} (in ${overridden ? settingsSource(options) : SETTINGS_MODULE})`];
  });
  if (lines.length) throw new SettingsError(`The site settings are not valid:\n${lines.join("\n")}`);
  return settings;
}

/**
 * The settings as settingsForBuild reads them, every problem but their files under public/ named. For
 * `npm run new`, which needs only the sections: a mistyped shareImage, or a checkout without public/, is
 * the build's and the check's to refuse, and should not stop an editor starting a story.
 */
export function settingsWithoutFiles(input: SettingsInput, options: BuildOptions): SiteSettings {
  return resolveSettings(input, { ...options.settingsOverrides, ...(options.pathPrefix ? { pathPrefix: options.pathPrefix } : {}) }, (field) =>
    field === "pathPrefix" && options.pathPrefix ? "--pathprefix" : settingsSource(options),
  );
}

/**
 * A command's options and settings, from the environment its arguments were put in. A SettingsError says
 * what stops them, naming the file or option: a --settings file missing or not JSON, a setting the schema
 * refuses, or a --now that is not a date-time.
 */
export function optionsAndSettings(input: SettingsInput, env: NodeJS.ProcessEnv = process.env, root = process.cwd()): { options: BuildOptions; settings: SiteSettings } {
  const options = buildOptionsFromEnv(env, root);
  return { options, settings: settingsForBuild(input, options) };
}

/** The file a setting was read from, for a message placed in it: the --settings file when it sets the field, else site.config.ts. */
export function fileOfSetting(options: Partial<Pick<BuildOptions, "settingsOverrides" | "settingsFile">>, field: keyof SettingsInput): string {
  return options.settingsOverrides && Object.hasOwn(options.settingsOverrides, field) ? settingsSource(options) : SETTINGS_MODULE;
}

/** Where the overrides a command was given came from, for its messages. */
function settingsSource(options: Pick<BuildOptions, "settingsFile">): string {
  return options.settingsFile ?? OVERRIDES_SOURCE;
}
