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

// The escapes GitHub's own toolkit (@actions/core) applies, so a message holding a colon, a comma
// or a line break is not cut short or misread as another property.
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
