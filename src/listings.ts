/** One page of a listing: the front page, a section, a tag, an author or a month of the archive. */
export interface ListingPage<T> {
  /** 1-based: counted from the newest page, or from the oldest in a listing numbered so (paginateFromOldest). */
  number: number;
  /** How many pages the listing has; absent where pages are numbered from the oldest, so that a new page changes no other. */
  total?: number;
  /** The page at the listing's own address, with its newest stories. */
  top: boolean;
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
function listingPageUrl(baseUrl: string, number: number): string {
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
      top: number === 1,
      url: listingPageUrl(baseUrl, number),
      items: items.slice(index * perPage, number * perPage),
      previousUrl: number > 1 ? listingPageUrl(baseUrl, number - 1) : undefined,
      nextUrl: number < total ? listingPageUrl(baseUrl, number + 1) : undefined,
    };
  });
}

/**
 * Splits a listing into pages counted from its oldest story, for listings that grow with the archive
 * and are not cut short (tags, authors, months). Every page but the top one holds `perPage` stories, the same
 * ones however many are published after them, under the same address (`baseUrl`page/1/ the oldest); the
 * top page, at `baseUrl`, holds the newest `perPage` to `2 × perPage − 1`. So a new story changes the
 * top page, and every `perPage` stories one new page is cut from it, where numbering from the newest
 * moved every story of the listing down a place (123 pages for a tag of 2,447 stories). Newest first.
 */
export function paginateFromOldest<T>(items: readonly T[], perPage: number, baseUrl: string): ListingPage<T>[] {
  const below = Math.max(0, Math.floor(items.length / perPage) - 1);
  const onTop = items.length - below * perPage;
  const urlOf = (number: number) => (number > below ? baseUrl : `${baseUrl}page/${number}/`);
  return Array.from({ length: below + 1 }, (_, index) => {
    const number = below + 1 - index;
    const start = index === 0 ? 0 : onTop + (index - 1) * perPage;
    return {
      number,
      top: index === 0,
      url: urlOf(number),
      items: items.slice(start, index === 0 ? onTop : start + perPage),
      previousUrl: index > 0 ? urlOf(number + 1) : undefined,
      nextUrl: number > 1 ? urlOf(number - 1) : undefined,
    };
  });
}
