import type { SiteSettings } from "./settings.ts";

/** The search page's script (templates/search.njk), as a path inside public/. */
export const SEARCH_SCRIPT = "js/search.js";

/**
 * Whether a file of public/ (its path inside that folder, with forward slashes) is published: every
 * one, but the search page's script on a site without its own search, where no page loads it.
 */
export function publishesStaticFile(file: string, settings: Pick<SiteSettings, "search">): boolean {
  return settings.search || file !== SEARCH_SCRIPT;
}
