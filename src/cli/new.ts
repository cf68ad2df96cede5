// npm run new -- "Headline" [--section SECTION]: starts an article file with the front matter filled in.
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import settingsInput from "../../site.config.ts";
import { findArticleFiles, loadArticles } from "../article-loader.ts";
import { buildOptionsFromEnv, ENV, settingsWithoutFiles } from "../build-options.ts";
import { ArticleValidationError } from "../problems.ts";
import { SettingsError } from "../settings.ts";
import { newShortCode, ScaffoldError, scaffoldArticle } from "../scaffold.ts";
import { shortCodeFrom } from "../short-url.ts";
import { storyPath } from "../site-urls.ts";
import { commandOptions } from "./command-options.ts";
import { requireProjectFolder } from "./project-folder.ts";

const { values, positionals } = commandOptions(
  {
    allowPositionals: true,
    options: { section: { type: "string" }, now: { type: "string" }, articles: { type: "string" }, settings: { type: "string" } },
  },
  // The sections are the newsroom's (read below, with the settings): no slug of the sample's here.
  'npm run new -- "Harbour reopens after storm" [--section SECTION]',
);
requireProjectFolder();
if (values.articles) process.env[ENV.articles] = values.articles;
if (values.settings) process.env[ENV.settings] = values.settings;
if (values.now) process.env[ENV.now] = values.now;

try {
  const options = buildOptionsFromEnv();
  const settings = settingsWithoutFiles(settingsInput, options);
  const sections = settings.sections.map((section) => section.slug);
  if (positionals.length !== 1) {
    throw new ScaffoldError(`Give the headline in quotes, e.g. npm run new -- "Harbour reopens after storm" --section ${sections[0]!} (the sections are: ${sections.join(", ")}).`);
  }
  if (values.section !== undefined && !sections.includes(values.section)) {
    throw new ScaffoldError(`There is no section "${values.section}". The sections are: ${sections.join(", ")}.`);
  }

  await mkdir(options.articlesDir, { recursive: true });
  const existing = await existingArticles(options.articlesDir, settings.shortUrlBase, () => loadArticles({ ...options, settings, includeUnpublished: true, renderBodies: false }));
  const scaffold = scaffoldArticle({
    headline: positionals[0]!,
    section: values.section,
    now: options.now,
    timeZone: settings.timeZone,
    shortCode: newShortCode(existing.codes),
  });
  const file = path.join(options.articlesDir, scaffold.relativePath);
  const shown = path.relative(process.cwd(), file) || file;
  const exists = new ScaffoldError(`${shown} already exists; it was left as it was. Choose another headline, or edit that file.`);
  if (existsSync(file)) throw exists;
  const url = storyPath(values.section, scaffold.slug, settings);
  const sameUrl = existing.urls.get(url);
  if (sameUrl) throw new ScaffoldError(`${sameUrl} already has the address ${url}. Choose another headline, or edit that file.`);

  await mkdir(path.dirname(file), { recursive: true });
  try {
    await writeFile(file, scaffold.text, { flag: "wx" });
  } catch (error) {
    // Written with "wx", so a file that appeared since the check above is not overwritten either.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw exists;
    throw error;
  }
  console.log(
    `Wrote ${shown}\nWrite the story below the closing --- line and add the bullets; npm start previews it as you write.\n` +
      "It starts as a draft (draft: true), never published while unfinished: delete that line when the story is ready, then run npm run check before you commit.",
  );
} catch (error) {
  // Settings it cannot work with are named as npm run build names them, without a stack trace.
  if (!(error instanceof ScaffoldError || error instanceof SettingsError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}

/**
 * The short codes and URLs already in use. When some article is invalid the full load fails, so the
 * codes pinned in front matter are then read line by line (a derived code can only clash by hash chance).
 */
async function existingArticles(articlesDir: string, shortUrlBase: string, load: () => ReturnType<typeof loadArticles>): Promise<{ codes: Set<string>; urls: Map<string, string> }> {
  try {
    const articles = await load();
    return { codes: new Set(articles.map((a) => a.shortCode)), urls: new Map(articles.map((a) => [a.url, a.sourcePath])) };
  } catch (error) {
    if (!(error instanceof ArticleValidationError)) throw error;
    const codes = new Set<string>();
    for (const file of await findArticleFiles(articlesDir)) {
      const match = /^shortUrl:\s*["']?([^"'#\s]+)/m.exec(await readFile(file, "utf8"));
      const code = match ? shortCodeFrom(match[1]!, shortUrlBase) : undefined;
      if (code) codes.add(code);
    }
    return { codes, urls: new Map() };
  }
}
