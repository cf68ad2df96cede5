import { existsSync, realpathSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { liesWithin } from "./contained-path.ts";

/**
 * The folders the preview may serve files from: the output folder, and public/, which Eleventy's dev
 * server serves in place of its copy.
 */
export interface ServedFolders {
  outputDir: string;
  publicDir: string;
}

/**
 * Why the preview will not serve a request's path, or undefined when it may. Eleventy's dev server
 * decodes a path only after checking it, and then throws from inside its request handler on one that
 * leaves its folder (`/..%2f..%2fetc/passwd`): the whole preview stopped, and any page an editor opened,
 * on any site, could stop it with one image. It also follows a symbolic link in public/ (or the copy of
 * one in the output) wherever the link leads, and serves that file.
 */
export function refusedPath(urlPath: string, folders: ServedFolders): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return "a path that is not percent-encoded text";
  }
  if (decoded.includes("\0")) return "a path with a NUL character";
  // A backslash is a separator on Windows, where the dev server's path.join would climb with it too.
  if (decoded.split(/[\\/]/).includes("..")) return "a path that climbs out of the site";
  for (const folder of [folders.outputDir, folders.publicDir]) {
    const file = path.join(folder, decoded);
    if (leadsOutside(file, folders)) return "a file whose symbolic link leads outside the site";
  }
  return undefined;
}

/** Whether the file exists and, once its links are followed, lies in neither served folder. */
function leadsOutside(file: string, folders: ServedFolders): boolean {
  const candidates = [file, path.join(file, "index.html")];
  return candidates.some((candidate) => existsSync(candidate) && !servedFrom(folders.outputDir, candidate) && !servedFrom(folders.publicDir, candidate));
}

/** The folder itself (a request for `/`), or a file inside it. */
function servedFrom(folder: string, file: string): boolean {
  try {
    const [realFolder, realFile] = [realpathSync(folder), realpathSync(file)];
    return realFile === realFolder || liesWithin(realFolder, realFile);
  } catch {
    return false;
  }
}

/** Middleware for Eleventy's dev server, ahead of everything else: a refused path gets a plain 404. */
export function previewRequestGuard(folders: () => ServedFolders | undefined) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    const served = folders();
    const pathname = new URL(request.url ?? "/", "http://preview.invalid").pathname;
    const refusal = served && refusedPath(pathname, served);
    if (!refusal) {
      next();
      return;
    }
    response.statusCode = 404;
    response.setHeader("Content-Type", "text/plain; charset=utf-8");
    response.end(`Not found: the preview does not serve ${refusal}.\n`);
  };
}
