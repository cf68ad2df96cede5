import * as pagefind from "pagefind";

/**
 * Builds the Pagefind index of a finished site into SITE/pagefind/. Only article pages are indexed
 * (they carry data-pagefind-body); the headline, bullets and body are their text, and the section
 * they name with data-pagefind-filter="section" becomes a filter on the search page.
 *
 * Every story goes into one index in the site's language, whatever its own: readers search from one
 * search page, and a separate index per language would hide the Urdu stories from it.
 */
export async function buildSearchIndex(siteDir: string, language: string): Promise<void> {
  const created = await pagefind.createIndex({ forceLanguage: primarySubtag(language) });
  try {
    if (!created.index) throw new Error(`Pagefind could not start: ${created.errors.join("; ")}`);
    const added = await created.index.addDirectory({ path: siteDir });
    if (added.errors.length > 0) throw new Error(`Pagefind could not index ${siteDir}: ${added.errors.join("; ")}`);
    const written = await created.index.writeFiles({ outputPath: `${siteDir}/pagefind` });
    if (written.errors.length > 0) throw new Error(`Pagefind could not write its index: ${written.errors.join("; ")}`);
  } finally {
    // The service is a child process; left running it would keep the build from exiting.
    await pagefind.close();
  }
}

function primarySubtag(language: string): string {
  return language.split("-")[0]!.toLowerCase();
}
