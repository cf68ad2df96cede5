import path from "node:path";
import { IMAGE_EXTENSIONS } from "./contained-path.ts";
import { displayPath } from "./problems.ts";
import { safeDecode } from "./site-urls.ts";
import { shortHash } from "./slugs.ts";

/**
 * Where the file of an image an article shows is looked for, and what `npm run check` and the build
 * both say when it is not right: one rule and one set of words, so the check passes what the build
 * publishes and refuses what it refuses.
 */

/** Where the build publishes the responsive variants it makes of every image (src/images.ts). */
export const IMAGE_URL_PATH = "/img/";

/** A file an image may be: the folder it was looked for in, which it must lie inside, and whether that is public/. */
export interface ImageCandidate {
  file: string;
  root: string;
  inPublic: boolean;
}

/**
 * The files an image may be, in the order they are tried: a leading / means public/; otherwise beside
 * the article, then public/. A body image's target is an address as the page holds it (character
 * references decoded): a query or fragment names no other file, and percent-encoding is undone. A lead
 * image's front-matter path is a file's name as written (`asWritten`), a % or ? in it part of the name.
 */
export function imageCandidates(
  target: string,
  articleFile: string,
  { publicDir, articlesDir }: { publicDir: string; articlesDir: string },
  { asWritten = false }: { asWritten?: boolean } = {},
): ImageCandidate[] {
  const plain = asWritten ? target : safeDecode(target.replace(/[?#].*$/, ""));
  const underPublic = { file: path.join(publicDir, plain), root: publicDir, inPublic: true };
  return plain.startsWith("/") ? [underPublic] : [{ file: path.resolve(path.dirname(articleFile), plain), root: articlesDir, inPublic: false }, underPublic];
}

/** Whether an image address names a file on this site (not https:, data: or //host). */
export function isLocalImage(target: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(target);
}

/** The site URL of an image kept beside the articles, in a folder named for where it came from: lead images and the files of raw <img> tags. */
export function mediaUrl(file: string): string {
  return `/media/${shortHash(displayPath(path.dirname(file)))}/${path.basename(file)}`;
}

/** A body image found outside the folder it was looked for in: the check's message and the build's. */
export function imageOutside(target: string, folder: string): string {
  return `the image ${target} leads out of ${displayPath(folder)}/: expected a file inside the articles folder or public/`;
}

/** A body image with no file: the check's message and the build's. */
export function imageNotFound(target: string, candidates: readonly ImageCandidate[]): string {
  const shown = candidates.map((candidate) => displayPath(candidate.file)).join(" or ");
  // The build's own variants are named for the image and the options they were made with, and are published
  // only while a story shows that image: an address copied from a built page breaks when either changes.
  const generated = safeDecode(target).startsWith(IMAGE_URL_PATH)
    ? `; ${IMAGE_URL_PATH} holds the sizes the build makes of the images stories show, which a story cannot name: show the image itself (beside the article or under public/)`
    : "";
  return `the image ${target} does not exist: found no file at ${shown}${generated}`;
}

/** A body image whose file has no image's extension (an .html "image" would be a page of the site): the check's message and the build's. */
export function notAnImageFile(target: string): string {
  return `the image ${target} is not an image file: expected one of ${IMAGE_EXTENSIONS.join(", ")}`;
}
