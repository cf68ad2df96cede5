import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Parser } from "htmlparser2";

/** A page `npm run audit` was asked for that the built site does not have, said with what to do. */
export class AuditPagesError extends Error {
  override name = "AuditPagesError";
}

/**
 * The pages `npm run audit` runs Lighthouse on: those `--pages` names (comma-separated site paths), or,
 * when it names none, the front page and the newest story. The newest story is read from the built site
 * rather than named in the code, since a newsroom replaces the sample's stories with its own: a story
 * named here would be a page its site does not have, and Lighthouse would score the 404 page instead.
 */
export async function pagesToAudit(siteDir: string, named?: string): Promise<string[]> {
  if (named !== undefined) {
    const pages = named
      .split(",")
      .map((page) => page.trim())
      .filter((page) => page !== "");
    // An empty list would audit nothing, and --min would pass without a score.
    if (pages.length === 0) throw new AuditPagesError(`--pages names no page: name site paths such as /,/section/story/, or leave --pages out to audit the front page and the newest story.`);
    const missing = pages.filter((page) => !hasPage(siteDir, page));
    if (missing.length) {
      throw new AuditPagesError(
        `The built site has no page at ${missing.join(", ")}: name pages it has, as site paths such as /section/story/ (npm run audit -- --pages /,/section/story/), or leave --pages out to audit the front page and the newest story.`,
      );
    }
    return pages;
  }
  const newest = await newestStory(siteDir);
  return newest === undefined ? ["/"] : ["/", newest];
}

/**
 * The newest story's path, from the Atom feed, which lists the stories newest first with absolute URLs:
 * its path is what follows the site's own address (the feed's alternate link), path prefix and all.
 */
async function newestStory(siteDir: string): Promise<string | undefined> {
  const feed = await readFile(path.join(siteDir, "feed.xml"), "utf8");
  let home: string | undefined;
  let story: string | undefined;
  let inEntry = false;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === "entry") inEntry = true;
        if (name !== "link" || attributes.rel !== "alternate" || attributes.href === undefined) return;
        if (!inEntry) home ??= attributes.href;
        else story ??= attributes.href;
      },
      onclosetag(name) {
        if (name === "entry") inEntry = false;
      },
    },
    { xmlMode: true },
  );
  parser.end(feed);
  if (home === undefined || story === undefined || !story.startsWith(home)) return undefined;
  const page = `/${story.slice(home.length)}`;
  return hasPage(siteDir, page) ? page : undefined;
}

/** Whether the built site answers the path with a page, as the static server does (a folder's index.html). */
function hasPage(siteDir: string, page: string): boolean {
  if (!page.startsWith("/")) return false;
  const root = path.resolve(siteDir);
  let file: string;
  try {
    file = path.join(root, decodeURIComponent(page.replace(/[?#].*$/, "")));
  } catch {
    return false; // a stray % that names no character names no file either
  }
  if (file !== root && !file.startsWith(root + path.sep)) return false;
  return page.endsWith("/") ? existsSync(path.join(file, "index.html")) : existsSync(file) || existsSync(path.join(file, "index.html"));
}
