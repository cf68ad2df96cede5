import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { ImageStat } from "@11ty/eleventy-img";
import type { Sharp } from "sharp";
import type { Article, ImageFile, SocialImage } from "./article.ts";
import { changedArticle } from "./compact-html.ts";
import { escapeHtml } from "./html-escape.ts";
import { IMAGE_URL_PATH } from "./site-folders.ts";
import { imageVariants, pictureDrawingProblem, pictureHeaderProblem } from "./image-requests.ts";
import { isInside } from "./contained-path.ts";
import { isDrawing, UnsafeDrawingError } from "./svg-safety.ts";
import { pictureSizes, type PictureShape } from "./picture-sizes.ts";
import { fileNotFound, fileOutside, hasExtensionOf, imageCandidates, isLocalFile, mediaUrl, notOfKind, placesLookedAt, type ImageCandidate } from "./image-sources.ts";
import { FILE_TAG, htmlComments, PICTURE_TAG } from "./raw-html.ts";
import { fileAddressesIn, withFileAddresses, type FileKind } from "./media-tags.ts";
import { encodeSitePath } from "./site-urls.ts";
import { ArticleValidationError, type Problem } from "./problems.ts";
import { lineOfField, readFrontMatter } from "./front-matter.ts";
import { bodyImageUnreadable, leadImageUnreadable } from "./image-facts.ts";
import { linksInArticleFile, type BodyLink } from "./article-links.ts";
import { safeDecode } from "./site-urls.ts";
import type { HtmlPolicy } from "./html-policy.ts";

/**
 * Lead and inline images as readers get them: AVIF and WebP for browsers that take them, JPEG for the
 * rest, each in several widths so a phone does not download a desktop picture, and one 1200px JPEG
 * for social cards. Every variant is written once into a cache folder named by a hash of the source
 * and the options, so a rebuild reuses it; a build copies only the variants its pages use.
 */

/** Widths cover a 320px phone at 1x up to the 42rem story column on a 2x screen. */
export const IMAGE_WIDTHS = [400, 800, 1200, 1600] as const;
/** Open Graph and X cards are drawn from a 1200px-wide image. */
export const SOCIAL_WIDTH = 1200;
/**
 * Something done to a picture's pixels before it is encoded. eleventy-img names a variant by a hash of the
 * source's bytes and the encoder's settings only, leaving a transform out (its getHash), and a variant is kept
 * under its name for a year by browsers and for good in the image cache; so the transform's name goes into
 * the file names of the variants it makes, and a transform that draws anything differently needs a new name.
 */
export interface PixelTransform {
  /** Letters, digits and hyphens: it is part of a file name. */
  name: string;
  apply: (image: Sharp) => Sharp;
}

/** JPEG has no transparency, and sharp would fill it with black: a transparent drawing gets a white page. */
export const FLATTEN_ON_WHITE: PixelTransform = { name: "on-white", apply: (image) => image.flatten({ background: "#ffffff" }) };

export interface ImagePipelineOptions {
  /** The folder that keeps every variant between builds. */
  cacheDir: string;
  /** Applied to the JPEG variants: FLATTEN_ON_WHITE unless a test gives another. */
  jpegTransform?: PixelTransform;
}

/** A picture as a page shows it. */
export interface PagePicture {
  /** <source> elements, best format first; empty for an SVG, which every browser draws at any size. */
  sources: Array<{ type: string; srcset: string }>;
  img: ImageFile & { srcset?: string };
  /** Its proportions, for `sizes`: the widest variant's size (the fallback's height is rounded at 800px). */
  shape: PictureShape;
  /** Each published URL and the cached file it is copied from. */
  files: Map<string, string>;
}

/** A lead image: the picture, and the JPEG its story's social card shows. */
export interface ResponsiveImage extends PagePicture {
  social: SocialImage;
}

/** The cache folder: `.cache/images` in the working folder, or NEWS_IMAGE_CACHE (tests use a throwaway one). */
export function imageCacheDir(env: NodeJS.ProcessEnv = process.env, root = process.cwd()): string {
  return path.resolve(root, env.NEWS_IMAGE_CACHE || ".cache/images");
}

/** Makes (or finds in the cache) every variant of a lead image, its card's JPEG among them. */
export async function processImage(file: string, options: ImagePipelineOptions): Promise<ResponsiveImage> {
  const { picture, social } = await variantsOf(file, options, { card: true });
  return { ...picture, social: socialImage(social!) };
}

/**
 * Makes (or finds in the cache) the variants of an image in a story's body. No card shows it, so a drawing
 * gets no JPEG: a 1200px bitmap that no page names would only lengthen every upload.
 */
async function processBodyImage(file: string, options: ImagePipelineOptions): Promise<PagePicture> {
  return (await variantsOf(file, options, { card: false })).picture;
}

async function variantsOf(file: string, options: ImagePipelineOptions, { card }: { card: boolean }): Promise<{ picture: PagePicture; social?: ImageStat }> {
  const common = commonOptions(options);
  const files = new Map<string, string>();
  const remember = (stats: ImageStat[]) => {
    for (const stat of stats) files.set(stat.url, stat.outputPath);
    return stats;
  };

  const isSvg = isDrawing(file);
  if (isSvg) {
    // Published as it is (below).
    await refuseActiveDrawing(file);
    // A card needs a raster image even when the source is a drawing.
    const social = card ? socialOf(remember(await jpegVariants(file, [SOCIAL_WIDTH], options)), file) : undefined;
    // A drawing stays a drawing: sharper and smaller than any bitmap of it, with its own width and height.
    const svg = remember((await imageVariants(file, "svg", { ...common, widths: ["auto"], formats: ["svg"], svgShortCircuit: true })).svg ?? []);
    const original = svg[0];
    if (!original) throw new Error(`${file} could not be read as an SVG image`);
    return { picture: { sources: [], img: pick(original), shape: shapeOf(original), files }, social };
  }

  const jpeg = remember(await jpegVariants(file, [...IMAGE_WIDTHS], options));
  const social = socialOf(jpeg, file);
  const modern = await imageVariants(file, `avif webp ${IMAGE_WIDTHS.join(" ")}`, {
    ...common,
    widths: [...IMAGE_WIDTHS],
    formats: ["avif", "webp"],
    sharpAvifOptions: { quality: 55, effort: 3 },
    sharpWebpOptions: { quality: 72 },
  });
  const sources = ["avif", "webp"].flatMap((format) => {
    const stats = remember(modern[format] ?? []);
    return stats.length ? [{ type: stats[0]!.sourceType, srcset: srcsetOf(stats) }] : [];
  });
  // The plain src is a mid-sized JPEG: what a browser that knows neither srcset nor AVIF shows.
  const fallback = jpeg.find((stat) => stat.width >= 800) ?? jpeg.at(-1)!;
  return { picture: { sources, img: { ...pick(fallback), srcset: srcsetOf(jpeg) }, shape: shapeOf(jpeg.at(-1)!), files }, social };
}

/**
 * Makes (or finds in the cache) the 1200px JPEG for social cards alone, of a picture no page shows (the
 * share picture, src/share-image.ts): the same file processImage makes of it, without the sizes a page needs.
 */
export async function processSocialImage(file: string, options: ImagePipelineOptions): Promise<{ social: SocialImage; files: Map<string, string> }> {
  const jpeg = await jpegVariants(file, [SOCIAL_WIDTH], options);
  const social = socialOf(jpeg, file);
  return { social: socialImage(social), files: new Map([[social.url, social.outputPath]]) };
}

// minimumThreshold 1: a 1000px original still offers its own 1000px, rather than stopping at 800.
function commonOptions(options: ImagePipelineOptions) {
  return { outputDir: options.cacheDir, urlPath: IMAGE_URL_PATH, failOnError: true, minimumThreshold: 1 } as const;
}

async function jpegVariants(file: string, widths: number[], options: ImagePipelineOptions): Promise<ImageStat[]> {
  const transform = options.jpegTransform ?? FLATTEN_ON_WHITE;
  const made = await imageVariants(file, `jpeg ${transform.name} ${widths.join(" ")}`, {
    ...commonOptions(options),
    widths,
    formats: ["jpeg"],
    sharpJpegOptions: { quality: 78, progressive: true, mozjpeg: true },
    transform: transform.apply,
    filenameFormat: (hash, _src, width, format) => `${hash}-${transform.name}-${width}.${format}`,
  });
  return made.jpeg ?? [];
}

/** The card's JPEG: 1200px wide, or as wide as a narrower picture is (it is never enlarged). */
function socialOf(jpeg: readonly ImageStat[], file: string): ImageStat {
  const social = jpeg.find((stat) => stat.width === SOCIAL_WIDTH) ?? jpeg.at(-1);
  if (!social) throw new Error(`no JPEG could be made from ${file}`);
  return social;
}

// The image pipeline gives a file's size whether it made the file now or found it in its cache.
function socialImage(stat: ImageStat): SocialImage {
  return { ...pick(stat), bytes: stat.size };
}

function pick(stat: ImageStat): ImageFile {
  return { url: stat.url, width: stat.width, height: stat.height };
}

/** Only the proportions `sizes` needs (src/picture-sizes.ts), not a file's address. */
function shapeOf(stat: ImageStat): PictureShape {
  return { width: stat.width, height: stat.height };
}

function srcsetOf(stats: ImageStat[]): string {
  return stats.map((stat) => `${stat.url} ${stat.width}w`).join(", ");
}

export interface PictureOptions {
  /** Alternative text, already escaped for an attribute. */
  altHtml: string;
  /** Title attribute, already escaped (inline Markdown images may carry one). */
  titleHtml?: string;
  /** The lead image is fetched first; every other image waits until the reader scrolls near it. */
  lead: boolean;
}

/** The <picture> markup for one image. */
export function pictureHtml(image: PagePicture, options: PictureOptions): string {
  const { img } = image;
  // The lead image is drawn across the column whatever its width (.lead-image img, inline-size: 100%), a
  // picture in the text no wider than its `width` (site.css gives it only `max-inline-size: 100%`): 800px for a
  // large source, which with text at 200% is narrower than the 1344px column.
  const sizes = options.lead ? pictureSizes(image.shape) : pictureSizes(image.shape, img.width);
  const attributes = [
    `src="${escapeHtml(img.url)}"`,
    img.srcset ? `srcset="${escapeHtml(img.srcset)}" sizes="${sizes}"` : "",
    `alt="${options.altHtml}"`,
    options.titleHtml ? `title="${options.titleHtml}"` : "",
    `width="${img.width}" height="${img.height}"`,
    options.lead ? `fetchpriority="high"` : `loading="lazy"`,
    `decoding="async"`,
  ].filter(Boolean);
  const sources = image.sources.map((source) => `<source type="${source.type}" srcset="${escapeHtml(source.srcset)}" sizes="${sizes}">`);
  return `<picture>${sources.join("")}<img ${attributes.join(" ")}></picture>`;
}

// markdown-it writes every image in this one shape (its attributes escaped, the URL percent-encoded), as
// `<img …>`, which the sanitiser re-serialises as `<img … />`. A raw <img> with only these attributes has it
// too under the sanitized and trusted policies, and is made a picture like a Markdown image: the two cannot
// be told apart in the rendered body. Inside a <picture> the editor wrote, it is that picture's own.
const MARKDOWN_IMAGE = /^<img src="([^"]*)" alt="([^"]*)"(?: title="([^"]*)")?\s*\/?>$/;

export interface PublishedImages {
  articles: Article[];
  /**
   * Each article's own files, in the order of `articles`: each published URL and the file it is copied
   * from (an image's cached variant, or the original of a file raw HTML names beside its article). Stories
   * showing the same image name the same files (src/image-users.ts counts them).
   */
  files: Map<string, string>[];
}

/**
 * Gives every article's lead image its <picture> and social-card variant and replaces the images in its
 * body with responsive ones; a raw <img> of another shape, and a <video>, <audio> or <track>, keeps its tag, and a
 * file beside the article it shows or plays is published under /media/. Throws one ArticleValidationError
 * listing every file that is missing or unreadable, naming the article and line. With `checkLinks` false
 * (the setting), such a tag whose file is not found is published as written, as any other link is.
 * A tag inside a comment, as a browser reads the page (ended at a `--!>` too), is shown by none and left
 * alone (only `trusted` publishes comments). `htmlPolicy` reads the body for each file's line, as the check does.
 */
export async function addResponsiveImages(
  articles: readonly Article[],
  { publicDir, articlesDir, checkLinks = true, htmlPolicy }: { publicDir: string; articlesDir: string; checkLinks?: boolean; htmlPolicy: HtmlPolicy },
  options: ImagePipelineOptions,
): Promise<PublishedImages> {
  const problems: Problem[] = [];

  // A few articles at a time: sharp already spreads each image over the cores.
  const result = await mapLimited(articles, 4, async (article) => {
    const files = new Map<string, string>();
    const publish = async <T extends PagePicture>(image: Promise<T>): Promise<T> => {
      const made = await image;
      for (const [url, cached] of made.files) files.set(url, cached);
      return made;
    };
    let updated = article;
    const leadUnreadable = article.image ? await pictureHeaderProblem(article.image.file) : undefined;
    if (article.image && leadUnreadable) {
      problems.push({ file: article.sourcePath, line: await leadImageLine(article.sourcePath), field: "image.src", message: leadImageUnreadable(leadUnreadable) });
    } else if (article.image) {
      try {
        const image = await publish(processImage(article.image.file, options));
        updated = changedArticle(updated, {
          image: { ...article.image, picture: pictureHtml(image, { altHtml: escapeHtml(article.image.alt), lead: true }), social: image.social },
        });
      } catch (error) {
        const message = error instanceof UnsafeDrawingError ? error.message : leadImageUnreadable((error as Error).message);
        problems.push({ file: article.sourcePath, line: await leadImageLine(article.sourcePath), field: "image.src", message });
      }
    }
    if (article.bodyMedia) {
      const places = new WrittenPlaces(article.sourcePath, htmlPolicy);
      const problem = (place: WrittenFile, message: string, missing?: string[]) => problems.push({ file: article.sourcePath, line: place.line, message, ...(missing && { missingFile: missing }) });
      const folders = { publicDir, articlesDir };
      const articleFile = path.resolve(article.sourcePath);
      const inPicture = pictureSpans(article.html);
      const inComment = commentSpans(article.html);
      // Each tag claims its place in the body before its first await, so in the body's order.
      const html = await replaceAsync(article.html, FILE_TAG, async ({ 0: tag, index = 0 }) => {
        if (inComment(index)) return tag;
        const shaped = inPicture(index) ? null : MARKDOWN_IMAGE.exec(tag);
        if (!shaped) return publishRawTag(tag, articleFile, folders, { files, problem, checkLinks, places });
        const [, src = "", alt = "", title] = shaped;
        const address = unescapeAttribute(src);
        const target = decodeImageSource(src);
        if (!isLocalFile(target)) return tag.replace(/\s*\/?>$/, ` loading="lazy" decoding="async">`);
        const written = places.claim(address, target);
        const found = await findBodyFile(address, () => written().address, "image", articleFile, folders);
        if ("problem" in found) {
          problem(written(), found.problem, found.missing);
          return tag;
        }
        try {
          return pictureHtml(await publish(processBodyImage(found.file, options)), { altHtml: alt, titleHtml: title, lead: false });
        } catch (error) {
          problem(written(), error instanceof UnsafeDrawingError ? error.message : bodyImageUnreadable(written().address, (error as Error).message));
          return tag;
        }
      });
      updated = changedArticle(updated, { html });
    }
    return { article: updated, files };
  });
  if (problems.length > 0) throw new ArticleValidationError(problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0))));
  return { articles: result.map(({ article }) => article), files: result.map(({ files }) => files) };
}

function decodeImageSource(src: string): string {
  const unescaped = unescapeAttribute(src);
  try {
    return decodeURI(unescaped);
  } catch {
    return unescaped;
  }
}

function unescapeAttribute(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/**
 * The file of an image (or a video or audio) in a story's body, by the rule every image follows
 * (src/image-sources.ts), or what is wrong with it in `npm run check`'s words (src/article-links.ts): it
 * must lie inside the folder it was looked for in, once `..` and symbolic links are followed
 * (`![x](../../../home/me/photo.jpg)` is not published), and have its kind's extension; an image must
 * also begin as an image does (a video is not opened). `shown` gives the address as messages name it, asked only for a problem.
 */
async function findBodyFile(
  address: string,
  shown: () => string,
  kind: FileKind,
  articleFile: string,
  folders: { publicDir: string; articlesDir: string },
): Promise<ImageCandidate | { problem: string; missing?: string[] }> {
  const candidates = imageCandidates(address, articleFile, folders);
  for (const candidate of candidates) {
    if (!(await stat(candidate.file).then((s) => s.isFile(), () => false))) continue;
    if (!(await isInside(candidate.root, candidate.file))) return { problem: fileOutside(kind, shown(), candidate.root) };
    if (!hasExtensionOf(kind, candidate.file)) return { problem: notOfKind(kind, shown()) };
    if (kind !== "image") return candidate;
    const unreadable = await pictureHeaderProblem(candidate.file);
    return unreadable ? { problem: bodyImageUnreadable(shown(), unreadable) } : candidate;
  }
  return { problem: fileNotFound(kind, shown(), candidates), missing: placesLookedAt(candidates) };
}

/** Where a file of a story's body (an image, a video, an audio) was written: its line, and its address as the editor wrote it. */
interface WrittenFile {
  line?: number;
  address: string;
}

/**
 * Where the files of one story's body were written, for their problems: each is named on its line
 * and by its address as written, as `npm run check` names it (src/article-links.ts), not as the
 * renderer percent-encoded it. Files are counted cheaply as they are met; the file is read again, once,
 * only when one of them has a problem.
 */
class WrittenPlaces {
  readonly #met = new Map<string, number>();
  #links: BodyLink[] | undefined;

  constructor(
    readonly sourcePath: string,
    readonly htmlPolicy: HtmlPolicy,
  ) {}

  /** Counts a file met in the rendered body (`address` as the page has it, `decoded` as a file's name); returns where it was written, read when asked. */
  claim(address: string, decoded: string): () => WrittenFile {
    const occurrence = this.#met.get(address) ?? 0;
    this.#met.set(address, occurrence + 1);
    let place: WrittenFile | undefined;
    return () => (place ??= this.#find(address, decoded, occurrence));
  }

  #find(address: string, decoded: string, occurrence: number): WrittenFile {
    this.#links ??= linksInArticleFile(this.sourcePath, this.htmlPolicy).filter((link) => link.kind !== "link");
    const same = this.#links.filter((link) => link.target === address || link.target === decoded || safeDecode(link.target) === decoded);
    const link = same[occurrence] ?? same.at(-1);
    return { line: link?.line, address: link?.target ?? decoded };
  }
}

/**
 * A raw <img> that is not a Markdown image's shape (a width, a class, a srcset…), a <picture>'s <img> or
 * <source>, or a <video>, <audio> or their <source> or <track>, keeps its tag: each file it shows or plays
 * (a poster and captions too) is found and read as a Markdown image's is, and one beside the article is published as it is
 * under /media/, the tag pointing there; one under public/ is there already. A drawing is refused for
 * script as the pipeline refuses it, since opened on its own it is a page of the site.
 */
async function publishRawTag(
  tag: string,
  articleFile: string,
  folders: { publicDir: string; articlesDir: string },
  { files, problem, checkLinks, places }: { files: Map<string, string>; problem: (place: WrittenFile, message: string, missing?: string[]) => void; checkLinks: boolean; places: WrittenPlaces },
): Promise<string> {
  const moved = new Map<string, string>();
  const named = new Map(fileAddressesIn(tag).map((file) => [`${file.kind} ${file.address}`, file]));
  const addresses = [...named.values()].filter((file) => isLocalFile(file.address)).map(({ address, kind }) => ({ address, kind, written: places.claim(address, address) }));
  for (const { address, kind, written } of addresses) {
    const found = await findBodyFile(address, () => written().address, kind, articleFile, folders);
    if ("problem" in found) {
      if (!found.missing || checkLinks) problem(written(), found.problem, found.missing);
      continue;
    }
    try {
      if (isDrawing(found.file)) await refuseActiveDrawing(found.file);
    } catch (error) {
      problem(written(), error instanceof UnsafeDrawingError ? error.message : bodyImageUnreadable(written().address, (error as Error).message));
      continue;
    }
    if (found.inPublic) continue;
    const url = mediaUrl(found.file);
    files.set(url, found.file);
    // Percent-encoded, and a comma too: a srcset's candidates are separated by commas and spaces.
    moved.set(address, encodeSitePath(url).replace(/,/g, "%2C"));
  }
  return moved.size === 0 ? tag : withFileAddresses(tag, (address) => moved.get(address) ?? address);
}

/** Whether a place in a body lies inside a <picture> the editor wrote; found once per body, most of which hold none. */
function pictureSpans(html: string): (at: number) => boolean {
  const marks = [...html.matchAll(PICTURE_TAG)].map((match) => ({ at: match.index, opens: match[1] === "" }));
  if (marks.length === 0) return () => false;
  return (at) => marks.findLast((mark) => mark.at < at)?.opens ?? false;
}

/** Whether a place in a body lies inside a comment as a browser reads it; found once per body, most of which hold none. */
function commentSpans(html: string): (at: number) => boolean {
  const comments = htmlComments(html, { endsAtBang: true });
  return (at) => comments.some((comment) => comment.start <= at && at < comment.end);
}

/** A drawing is published as it is, so opened on its own it is a document of the site: src/svg-safety.ts. The version refused is kept for the preview. */
async function refuseActiveDrawing(file: string): Promise<void> {
  const problem = await pictureDrawingProblem(file);
  if (problem) throw new UnsafeDrawingError(problem);
}

/** The line of the lead image's `src` in the article's front matter. */
async function leadImageLine(sourcePath: string): Promise<number | undefined> {
  try {
    return lineOfField(readFrontMatter(await readFile(sourcePath, "utf8")), ["image", "src"]);
  } catch {
    return undefined;
  }
}

async function replaceAsync(text: string, pattern: RegExp, replacer: (match: RegExpMatchArray) => Promise<string>): Promise<string> {
  const replacements = [...text.matchAll(pattern)].map(replacer);
  const done = await Promise.all(replacements);
  let index = 0;
  return text.replace(pattern, () => done[index++]!);
}

async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
