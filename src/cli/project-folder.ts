import { existsSync } from "node:fs";
import path from "node:path";

// Every command finds the project's files from the working folder, as npm scripts run them: Eleventy
// reads templates/, and articles/, public/ and a --settings file are found there. Run from elsewhere (a CI
// step or an editor calling the script directly), the build stopped on Eleventy's word that its
// "templates" input must exist, the check found no articles, and npm run new wrote the story into an
// articles/ folder of its own making there.

/** The folder of the project's layouts, which only the project's own folder holds. */
const TEMPLATES_DIR = "templates";

/** Ends the command, saying where to run it, unless the working folder is the project's. */
export function requireProjectFolder(): void {
  if (existsSync(path.resolve(TEMPLATES_DIR))) return;
  console.error(`There is no ${TEMPLATES_DIR}/ folder in ${process.cwd()}: run this from the project's folder (the one with package.json and ${TEMPLATES_DIR}/), as npm run does.`);
  process.exit(1);
}

/** Why there are no articles to read at `articlesDir` (an --articles or --archive given wrong), if so. */
export function missingArticlesFolder(articlesDir: string): string | undefined {
  if (existsSync(articlesDir)) return undefined;
  return `There is no articles folder at ${articlesDir}: expected a folder of Markdown articles.`;
}

/** Ends the command, saying so, when a folder of articles it was given is not there. */
export function requireArticlesFolders(...folders: readonly string[]): void {
  const missing = folders.map(missingArticlesFolder).find((problem) => problem !== undefined);
  if (!missing) return;
  console.error(missing);
  process.exit(1);
}
