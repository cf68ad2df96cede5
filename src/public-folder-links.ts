import path from "node:path";
import { linksLeadingOutside } from "./contained-path.ts";

/** The symbolic links in public/ that lead outside it, and what to tell the user about them. */
export interface LinksLeavingPublic {
  /** Relative to public/, sorted. */
  links: string[];
  message: string;
}

/**
 * The rule npm run build refuses to publish under, before anything lists public/ (src/cli/render.ts):
 * Eleventy and the build's own copy follow a folder link as they go, so a link to /tmp had a build walk
 * all of /tmp for minutes before it was refused. The preview names the same links on every page and
 * does not watch them (src/preview-server.ts). Undefined when public/ has no such link.
 */
export async function linksLeavingPublic(publicDir: string): Promise<LinksLeavingPublic | undefined> {
  const links = await linksLeadingOutside(publicDir);
  if (links.length === 0) return undefined;
  const folder = publicFolderName(publicDir);
  const one = links.length === 1;
  const named = links.map((link) => `  ${path.join(folder, link)}`).join("\n");
  const message = `${one ? "A symbolic link" : "Symbolic links"} in ${folder}/ lead${one ? "s" : ""} outside it, so the site would publish a file that is not its own:\n${named}\nCopy what ${one ? "it points" : "each points"} at into ${folder}/ in place of the link, or remove the link.`;
  return { links, message };
}

/** public/ as the user names it: relative to the project, where it is inside it. */
export function publicFolderName(publicDir: string): string {
  return path.relative(process.cwd(), publicDir) || publicDir;
}
