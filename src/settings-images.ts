import { statSync } from "node:fs";
import path from "node:path";
import { IMAGE_EXTENSIONS, isInsideSync } from "./contained-path.ts";
import { readImageHeaderProblemSync } from "./image-facts.ts";
import { publicFolderName } from "./public-folder-links.ts";

// The images the settings name under public/ (the logo, the share picture), each checked when the settings
// are read, so a mistyped path stops the build, the check and the preview rather than leave a page without it.

/**
 * What is wrong with the `logo` setting's file, as "expected …; found …", or undefined when it is an image
 * under public/. Every story's structured data names the publisher's logo, and leaves it out when there is
 * no image to name (never a broken link), so a mistyped path published every story without one and nobody
 * was told: the build, the check and the preview refuse it as a bad setting instead.
 */
export function logoFileProblem(logo: string, publicDir: string): string | undefined {
  return publicImageProblem(logo, publicDir, { what: "an image", example: "/images/logo.svg" });
}

/** The image formats a share picture may be: those the image pipeline reads, less the drawing, which link previews do not show. */
const RASTER_EXTENSIONS = IMAGE_EXTENSIONS.filter((extension) => extension !== ".svg");

/**
 * What is wrong with the `shareImage` setting's file, as logoFileProblem says it, or undefined when it is a
 * raster image under public/: the build makes the picture shared links show from it (src/share-image.ts).
 */
export function shareImageFileProblem(shareImage: string, publicDir: string): string | undefined {
  return publicImageProblem(shareImage, publicDir, { what: `a raster image (${RASTER_EXTENSIONS.join(" ")})`, example: "/images/share.png", raster: true });
}

function publicImageProblem(sitePath: string, publicDir: string, { what, example, raster = false }: { what: string; example: string; raster?: boolean }): string | undefined {
  const folder = publicFolderName(publicDir);
  const file = path.join(publicDir, sitePath);
  const shown = path.join(folder, sitePath).split(path.sep).join("/");
  const expected = `expected the path of ${what} under ${folder}/ (${folder}${example} is ${example})`;
  if (!isFile(file) || !isInsideSync(publicDir, file)) return `${expected}; there is no file ${shown}`;
  const extension = path.extname(file).toLowerCase();
  if (raster && !(RASTER_EXTENSIONS as readonly string[]).includes(extension)) {
    return extension === ".svg" ? `${expected}; ${shown} is a drawing, which link previews do not show` : `${expected}; ${shown} is not one`;
  }
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
