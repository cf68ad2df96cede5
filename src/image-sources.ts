import path from "node:path";
import { IMAGE_EXTENSIONS } from "./contained-path.ts";
import type { FileKind } from "./media-tags.ts";
import { displayPath } from "./problems.ts";
import { IMAGE_URL_PATH } from "./site-folders.ts";
import { safeDecode } from "./site-urls.ts";
import { shortHash } from "./slugs.ts";

/**
 * Where the file of an image an article shows (or of a video or audio it plays) is looked for, and what
 * `npm run check` and the build both say when it is not right: one rule and one set of words, so the
 * check passes what the build publishes and refuses what it refuses.
 */


/** A file an image may be: the folder it was looked for in, which it must lie inside, and whether that is public/. */
export interface ImageCandidate {
  file: string;
  root: string;
  inPublic: boolean;
}

/**
 * The files an image may be, in the order they are tried: a leading / means public/; otherwise beside
 * the article, then public/. A body image's target is an address as the page holds it (character
 * references decoded): a query or fragment names no other file, and percent-encoding is undone as a
 * server undoes it (`safeDecode`: `a%3Fb.png` is the file `a?b.png`). A lead image's front-matter path
 * is a file's name as written (`asWritten`), a % or ? in it part of the name.
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

/** Every place a file not found was looked for, as absolute paths: a missing file's problem names them (`Problem.missingFile`). */
export function placesLookedAt(candidates: readonly ImageCandidate[]): string[] {
  return candidates.map((candidate) => path.resolve(candidate.file));
}

/** Whether an image's (or a video's or audio's) address names a file on this site (not https:, data: or //host). */
export function isLocalFile(target: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(target);
}

/** The site URL of a file kept beside the articles, in a folder named for where it came from: lead images and the files raw HTML names. */
export function mediaUrl(file: string): string {
  return `/media/${shortHash(displayPath(path.dirname(file)))}/${path.basename(file)}`;
}

/** File types a video or audio file may have: what browsers play in a <video> or an <audio>. */
export const MEDIA_EXTENSIONS = [".mp4", ".m4v", ".webm", ".ogv", ".mov", ".mp3", ".m4a", ".aac", ".oga", ".ogg", ".opus", ".wav", ".flac"] as const;

/** How messages name a file of each kind, what it must be, and the extensions that make it one. */
const KINDS: Record<FileKind, { named: string; expected: string; extensions: readonly string[] }> = {
  image: { named: "the image", expected: "an image file", extensions: IMAGE_EXTENSIONS },
  media: { named: "the video or audio file", expected: "a video or audio file", extensions: MEDIA_EXTENSIONS },
  // WebVTT is the one format a <track> takes.
  track: { named: "the text track", expected: "a WebVTT file", extensions: [".vtt"] },
};

/** Whether a file's extension is one a file of this kind may have. */
export function hasExtensionOf(kind: FileKind, file: string): boolean {
  return KINDS[kind].extensions.includes(path.extname(file).toLowerCase());
}

/** A body file found outside the folder it was looked for in: the check's message and the build's. */
export function fileOutside(kind: FileKind, target: string, folder: string): string {
  return `${KINDS[kind].named} ${target} leads out of ${displayPath(folder)}/: expected a file inside the articles folder or public/`;
}

/** A body file that does not exist: the check's message and the build's. */
export function fileNotFound(kind: FileKind, target: string, candidates: readonly ImageCandidate[]): string {
  const shown = candidates.map((candidate) => displayPath(candidate.file)).join(" or ");
  // The build's own variants are named for the image and the options they were made with, and are published
  // only while a story shows that image: an address copied from a built page breaks when either changes.
  const generated =
    kind === "image" && safeDecode(target).startsWith(IMAGE_URL_PATH)
      ? `; ${IMAGE_URL_PATH} holds the sizes the build makes of the images stories show, which a story cannot name: show the image itself (beside the article or under public/)`
      : "";
  return `${KINDS[kind].named} ${target} does not exist: found no file at ${shown}${generated}`;
}

/** A body file whose extension is not its kind's (an .html "image" would be a page of the site): the check's message and the build's. */
export function notOfKind(kind: FileKind, target: string): string {
  return `${KINDS[kind].named} ${target} is not ${KINDS[kind].expected}: expected one of ${KINDS[kind].extensions.join(", ")}`;
}
