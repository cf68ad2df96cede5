// npm run check: validates every article without building the site, for editors and pre-commit hooks.
// Prints every problem with its file and line; on GitHub Actions also as annotations on the pull request.
import { writeFileSync } from "node:fs";
import settingsInput from "../../site.config.ts";
import { githubAnnotation, wantsAnnotations } from "../annotations.ts";
import { buildOptionsFromEnv, ENV, settingsForBuild } from "../build-options.ts";
import { nextChangeText } from "../next-change.ts";
import { formatProblem } from "../problems.ts";
import { SettingsError } from "../settings.ts";
import { checkSite } from "../site-check.ts";
// Not asked to be run from the project's folder (src/cli/project-folder.ts): the check reads no template, and
// run elsewhere it names the articles folder it did not find.
import { requireArticlesFolders } from "./project-folder.ts";
import { commandOptions } from "./command-options.ts";

const { values } = commandOptions({
  options: {
    articles: { type: "string" },
    settings: { type: "string" },
    now: { type: "string" },
    // A file to write, once all is well, the moment a build made now would next come out different
    // (src/next-change.ts): the GitHub workflow's timed runs publish only once it has come.
    "next-change": { type: "string" },
  },
}, "npm run check [-- --articles DIR] [--settings FILE] [--now DATE-TIME] [--next-change FILE]");
if (values.articles) process.env[ENV.articles] = values.articles;
if (values.settings) process.env[ENV.settings] = values.settings;
if (values.now) process.env[ENV.now] = values.now;

const started = performance.now();
// The articles folder first: run elsewhere, that is the one problem to name, not the logo missing there too.
const options = checkedSettings(() => buildOptionsFromEnv());
requireArticlesFolders(options.articlesDir);
const settings = checkedSettings(() => settingsForBuild(settingsInput, options));
const { checked, problems, nextChange } = await checkSite({ ...options, settings });
const took = `${((performance.now() - started) / 1000).toFixed(1)} s`;
const articles = `${checked} article${checked === 1 ? "" : "s"}`;

if (problems.length === 0) {
  console.log(`Checked ${articles} in ${took}: all well.`);
  const file = values["next-change"];
  if (file) {
    try {
      writeFileSync(file, `${nextChangeText(nextChange)}\n`);
    } catch (error) {
      console.error(`Could not write the next change into ${file} (--next-change): ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    }
  }
} else {
  const files = new Set(problems.map((problem) => problem.file)).size;
  console.error(`${problems.length} problem${problems.length === 1 ? "" : "s"} in ${files} article file${files === 1 ? "" : "s"} (checked ${articles} in ${took}):`);
  for (const problem of problems) console.error(`  ${formatProblem(problem)}`);
  // Workflow commands are read from standard output only.
  if (wantsAnnotations()) for (const problem of problems) console.log(githubAnnotation(problem));
  process.exitCode = 1;
}

/** The options or settings, or the problem with them, printed as the build prints it (no stack), and exit code 1. */
function checkedSettings<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
