/** One page of a paginated listing (the front page and its archive pages). */
export interface ListingPage<T> {
  /** 1-based. */
  number: number;
  total: number;
  url: string;
  items: T[];
  previousUrl?: string;
  nextUrl?: string;
}

/**
 * Splits a listing into pages in one pass: page 1 at `baseUrl`, page n at `baseUrl`page/n/.
 * An empty listing still has its first page, so the front page of a new site exists.
 */
export function paginate<T>(items: readonly T[], perPage: number, baseUrl: string): ListingPage<T>[] {
  const total = Math.max(1, Math.ceil(items.length / perPage));
  const urlOf = (number: number) => (number === 1 ? baseUrl : `${baseUrl}page/${number}/`);
  return Array.from({ length: total }, (_, index) => {
    const number = index + 1;
    return {
      number,
      total,
      url: urlOf(number),
      items: items.slice(index * perPage, number * perPage),
      previousUrl: number > 1 ? urlOf(number - 1) : undefined,
      nextUrl: number < total ? urlOf(number + 1) : undefined,
    };
  });
}
