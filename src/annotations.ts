import { escapeUnseen } from "./message-text.ts";
import { type Problem } from "./problems.ts";

/**
 * GitHub Actions shows a workflow command such as `::error file=a.md,line=3::message` as an
 * annotation on the pull request's diff. Printed only when both CI=true and GITHUB_ACTIONS=true (as
 * GitHub's runners set them), so a local run or another CI never shows the raw commands.
 */
export function wantsAnnotations(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === "true" && env.GITHUB_ACTIONS === "true";
}

/** One problem as a GitHub `::error` command (https://docs.github.com/actions/reference/workflow-commands-for-github-actions). */
export function githubAnnotation(problem: Problem): string {
  const properties = [`file=${escapeProperty(problem.file)}`];
  if (problem.line !== undefined) properties.push(`line=${problem.line}`);
  if (problem.line !== undefined && problem.column !== undefined) properties.push(`col=${problem.column}`);
  if (problem.field) properties.push(`title=${escapeProperty(problem.field)}`);
  const message = problem.field ? `${problem.field}: ${problem.message}` : problem.message;
  return `::error ${properties.join(",")}::${escapeData(message)}`;
}

// First the escapes the terminal's problems get (src/problems.ts, formatProblem): each control or
// invisible character an editor's text carries into a message (ESC, a line break from `&#x0A;`, a
// right-to-left override) as `\u001B`, so an annotation reads as the terminal's line does and no line
// break is left to split it; then the toolkit's (@actions/core) escape of the percent sign, so that an
// editor's `%0A` is not read as one. A colon or comma is escaped in properties (escapeProperty).
function escapeData(text: string): string {
  return escapeUnseen(text).replace(/%/g, "%25");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
