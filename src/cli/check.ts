// npm run check: validates every article without building the site, for editors and pre-commit hooks.
// Prints every problem with its file and line; on GitHub Actions also as annotations on the pull request.
import { parseArgs } from "node:util";
import settingsInput from "../../site.config.ts";
import { loadArticles } from "../article-loader.ts";
import { buildOptionsFromEnv, ENV } from "../build-options.ts";
import { ArticleValidationError, formatProblem, type Problem } from "../problems.ts";
import { resolveSettings } from "../settings.ts";

const { values } = parseArgs({ options: { articles: { type: "string" }, settings: { type: "string" } } });
if (values.articles) process.env[ENV.articles] = values.articles;
if (values.settings) process.env[ENV.settings] = values.settings;

const options = buildOptionsFromEnv();
const settings = resolveSettings(settingsInput, options.settingsOverrides);

try {
  const articles = await loadArticles({ ...options, settings, includeUnpublished: true, renderBodies: false });
  console.log(`Checked ${articles.length} article${articles.length === 1 ? "" : "s"}: all well.`);
} catch (error) {
  if (!(error instanceof ArticleValidationError)) throw error;
  console.error(error.message);
  if (process.env.GITHUB_ACTIONS === "true") for (const problem of error.problems) console.log(annotation(problem));
  process.exitCode = 1;
}

/** A GitHub Actions workflow command that shows the problem on the pull request's diff. */
function annotation(problem: Problem): string {
  const escapeData = (text: string) => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const escapeProperty = (text: string) => escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
  const properties = [`file=${escapeProperty(problem.file)}`];
  if (problem.line !== undefined) properties.push(`line=${problem.line}`);
  if (problem.column !== undefined) properties.push(`col=${problem.column}`);
  if (problem.field) properties.push(`title=${escapeProperty(problem.field)}`);
  const where = formatProblem({ ...problem, file: "" }).replace(/^[:\d]*: /, "");
  return `::error ${properties.join(",")}::${escapeData(where)}`;
}
