/**
 * A story's picture's `sizes`: how wide the browser will draw it, so that it fetches the narrowest file of the
 * srcset that fills it. The numbers are public/css/site.css's (test/picture-sizes.test.ts reads them there, and
 * test/browser/layout-widths.test.ts draws pictures in windows of several shapes against what `sizes` says).
 */

/** The story column: `--measure`. */
export const COLUMN_REM = 42;
/** main's padding a side, which a window narrower than the column and it takes from the column. */
export const MAIN_PADDING_REM = 1;
/**
 * A picture is shown whole within this share of the screen's height (`max-block-size: 80vh` with `object-fit:
 * contain` on .lead-image img and .story__body img): its box keeps the column's width, but a portrait, or a
 * wide picture in a short window (a phone held sideways), is drawn inside it only as wide as that height allows.
 */
export const SCREEN_HEIGHT_SHARE = 80;

/** A picture's proportions: its widest variant's size, whose height is rounded least. */
export interface PictureShape {
  width: number;
  height: number;
}

/**
 * The `sizes` of a picture of this shape: the least of the column, the window less main's padding, `widest`
 * (a picture in a story's text is drawn no wider than its own `width`; the lead is drawn across the column)
 * and the width at which it is as tall as the screen's share. In one min(), which Chromium and Firefox read but
 * Safari before 26.4 does not: a browser skips an entry it cannot read, and takes the next, `fallbackSizes`.
 */
export function pictureSizes(shape: PictureShape, widest?: number): string {
  const terms = [`${COLUMN_REM}rem`, `100vw - ${2 * MAIN_PADDING_REM}rem`, widest === undefined ? "" : `${widest}px`, `${heightCapVh(shape)}vh`];
  return `min(${terms.filter(Boolean).join(", ")}), ${fallbackSizes(shape)}`;
}

/**
 * The same in media conditions, for a browser that reads no min() in `sizes`: the height's width where it is
 * narrower than the column and the window, else the column. Never narrower than the picture is drawn (which
 * would blur it), and wider only by main's padding, 2rem, where the window less it is about the height's width
 * (a media condition compares the window by its shape, which cannot take the padding off), or by the column
 * where a picture's own `width` is narrower still (that would need calc() in a media condition: a source
 * narrower than the column offers no file wider than itself, and a large one's 800px is narrower than the
 * column only with large text). In Media Queries 3's min-/max- syntax, not the stylesheet's range syntax: the
 * browsers that read these entries are the older ones, and Safari before 16.4 reads no range syntax (it skipped
 * the entry and took the window less 2rem in any window: 992px on a 1024px tablet, for a 672px column).
 */
export function fallbackSizes(shape: PictureShape): string {
  const capVh = heightCapVh(shape);
  // The height's width is the narrower where 100vh * share% * w/h <= 42rem, and <= 100vw (the window's shape).
  const tallest = `(max-height: ${round((COLUMN_REM * 100) / capVh)}rem)`;
  const widerThan = reducedRatio(SCREEN_HEIGHT_SHARE * shape.width, 100 * shape.height);
  const column = COLUMN_REM + 2 * MAIN_PADDING_REM;
  return `${tallest} and (min-aspect-ratio: ${widerThan}) ${capVh}vh, (min-width: ${column}rem) ${COLUMN_REM}rem, calc(100vw - ${2 * MAIN_PADDING_REM}rem)`;
}

/** The width, in hundredths of the screen's height, at which a picture of this shape is the share's height; rounded up, so never narrower. */
function heightCapVh(shape: PictureShape): number {
  return Math.ceil(((SCREEN_HEIGHT_SHARE * shape.width) / shape.height) * 100 - 1e-9) / 100;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** A ratio in whole numbers, as every browser's aspect-ratio media feature reads it. */
function reducedRatio(width: number, height: number): string {
  const divisor = gcd(width, height);
  return `${width / divisor}/${height / divisor}`;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
