/** One page of a paginated listing (the front page and its archive pages). */
export interface ListingPage<T> {
  /** 1-based. */
  number: number;
  total: number;
  url: string;
  items: T[];
  previousUrl?: string;
  nextUrl?: string;
  /**
   * On the last page of a listing cut short (`listingPages`), where its older stories continue: the
   * page of the dated archive that lists the next one.
   */
  olderUrl?: string;
}

/** The address of page `number` of the listing at `baseUrl`: page 1 at `baseUrl`, page n at `baseUrl`page/n/. */
export function listingPageUrl(baseUrl: string, number: number): string {
  return number === 1 ? baseUrl : `${baseUrl}page/${number}/`;
}

/**
 * Splits a listing into pages in one pass, at most `maxPages` of them (the items after those are not
 * listed). An empty listing still has its first page, so the front page of a new site exists.
 */
export function paginate<T>(items: readonly T[], perPage: number, baseUrl: string, maxPages = Infinity): ListingPage<T>[] {
  const total = Math.min(maxPages, Math.max(1, Math.ceil(items.length / perPage)));
  return Array.from({ length: total }, (_, index) => {
    const number = index + 1;
    return {
      number,
      total,
      url: listingPageUrl(baseUrl, number),
      items: items.slice(index * perPage, number * perPage),
      previousUrl: number > 1 ? listingPageUrl(baseUrl, number - 1) : undefined,
      nextUrl: number < total ? listingPageUrl(baseUrl, number + 1) : undefined,
    };
  });
}
