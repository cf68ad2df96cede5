/**
 * Top-level folders the build writes for itself beside the sections' folders. The settings refuse a section
 * (or noSectionSlug) named as one, whose stories would share it (src/settings.ts, RESERVED_PATHS).
 */

/** Where the build publishes the responsive variants it makes of every image (src/images.ts), served as immutable for a year. */
export const IMAGE_URL_PATH = "/img/";

/** The first search index's folder; the others are numbered after it (pagefind-1/, pagefind-2/, …). */
export const SEARCH_FOLDER = "pagefind";

const SEARCH_FOLDER_NAME = new RegExp(`^${SEARCH_FOLDER}(?:-\\d+)?$`);

/** Whether a top-level folder of the site (named without a slash) is one of its search indexes. */
export function isSearchFolder(name: string): boolean {
  return SEARCH_FOLDER_NAME.test(name);
}
