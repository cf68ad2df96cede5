// @11ty/eleventy-plugin-rss ships JSDoc only; these are the helpers this project calls, typed from its source.
declare module "@11ty/eleventy-plugin-rss" {
  /** RFC 822 date for RSS, in the given IANA zone (the machine's when omitted), e.g. "Mon, 08 Jul 2024 18:30:00 +0500". */
  export function dateToRfc822(value: Date | number | string, timeZone?: string): string;
  /** RFC 3339 date in UTC, e.g. "2024-07-08T13:30:00Z". */
  export function dateToRfc3339(value: Date): string;
}
