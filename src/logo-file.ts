import { statSync } from "node:fs";
import path from "node:path";
import { isInsideSync } from "./contained-path.ts";
import { readImageHeaderProblemSync } from "./image-facts.ts";
import { publicFolderName } from "./public-folder-links.ts";

/**
 * What is wrong with the `logo` setting's file, as "expected …; found …", or undefined when it is an image
 * under public/. Every story's structured data names the publisher's logo, and leaves it out when there is
 * no image to name (never a broken link), so a mistyped path published every story without one and nobody
 * was told: the build, the check and the preview refuse it as a bad setting instead.
 */
export function logoFileProblem(logo: string, publicDir: string): string | undefined {
  const folder = publicFolderName(publicDir);
  const file = path.join(publicDir, logo);
  const shown = path.join(folder, logo).split(path.sep).join("/");
  const expected = `expected the path of an image under ${folder}/ (${folder}/images/logo.svg is /images/logo.svg)`;
  if (!isFile(file) || !isInsideSync(publicDir, file)) return `${expected}; there is no file ${shown}`;
  const unreadable = readImageHeaderProblemSync(file);
  return unreadable ? `${expected}; ${shown} is not one: ${unreadable}` : undefined;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
