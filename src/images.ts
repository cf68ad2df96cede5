import { copyFile, mkdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import Image, { type ImageStat } from "@11ty/eleventy-img";
import type { Article, ImageFile } from "./article.ts";
import { changedArticle } from "./compact-html.ts";
import { isInside } from "./contained-path.ts";
import { svgActiveContent, UnsafeDrawingError } from "./svg-safety.ts";
import { imageOutside } from "./article-links.ts";
import { ArticleValidationError, displayPath, type Problem } from "./problems.ts";
import { lineOfField, readFrontMatter } from "./front-matter.ts";
import { bodyImageUnreadable, leadImageUnreadable, readImageHeaderProblem } from "./image-facts.ts";

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
/** How wide an image in a story is drawn: the story column (.story in public/css/site.css) less its padding. */
export const STORY_IMAGE_SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)";
/** Where published images live on the site. */
export const IMAGE_URL_PATH = "/img/";

export interface ImagePipelineOptions {
  /** The folder that keeps every variant between builds. */
  cacheDir: string;
}

export interface ResponsiveImage {
  /** <source> elements, best format first; empty for an SVG, which every browser draws at any size. */
  sources: Array<{ type: string; srcset: string }>;
  img: ImageFile & { srcset?: string };
  social: ImageFile;
  /** Each published URL and the cached file it is copied from. */
  files: Map<string, string>;
}

/** The cache folder: `.cache/images` in the working folder, or NEWS_IMAGE_CACHE (tests use a throwaway one). */
export function imageCacheDir(env: NodeJS.ProcessEnv = process.env, root = process.cwd()): string {
  return path.resolve(root, env.NEWS_IMAGE_CACHE || ".cache/images");
}

/** Makes (or finds in the cache) every variant of one image file. */
export async function processImage(file: string, options: ImagePipelineOptions): Promise<ResponsiveImage> {
  // minimumThreshold 1: a 1000px original still offers its own 1000px, rather than stopping at 800.
  const common = { outputDir: options.cacheDir, urlPath: IMAGE_URL_PATH, failOnError: true, minimumThreshold: 1 } as const;
  const files = new Map<string, string>();
  const remember = (stats: ImageStat[]) => {
    for (const stat of stats) files.set(stat.url, stat.outputPath);
    return stats;
  };

  const isSvg = path.extname(file).toLowerCase() === ".svg";
  if (isSvg) {
    // Published as it is (below), so opened on its own it is a document of the site: src/svg-safety.ts.
    const active = svgActiveContent(await readFile(file, "utf8"));
    if (active) throw new UnsafeDrawingError(`${displayPath(file)} holds ${active}, which runs as script when the drawing is opened on its own; a drawing needs none: remove it`);
  }
  // Social cards need a raster image even when the source is a drawing.
  const jpeg = remember(
    (
      await Image(file, {
        ...common,
        widths: isSvg ? [SOCIAL_WIDTH] : [...IMAGE_WIDTHS],
        formats: ["jpeg"],
        sharpJpegOptions: { quality: 78, progressive: true, mozjpeg: true },
        // JPEG has no transparency, and sharp would fill it with black: a transparent drawing gets a white page.
        transform: (image) => image.flatten({ background: "#ffffff" }),
      })
    ).jpeg ?? [],
  );
  const social = jpeg.find((stat) => stat.width === SOCIAL_WIDTH) ?? jpeg.at(-1);
  if (!social) throw new Error(`no JPEG could be made from ${file}`);

  if (isSvg) {
    // A drawing stays a drawing: sharper and smaller than any bitmap of it, with its own width and height.
    const svg = remember((await Image(file, { ...common, widths: ["auto"], formats: ["svg"], svgShortCircuit: true })).svg ?? []);
    const original = svg[0];
    if (!original) throw new Error(`${file} could not be read as an SVG image`);
    return { sources: [], img: pick(original), social: pick(social), files };
  }

  const modern = await Image(file, {
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
  return { sources, img: { ...pick(fallback), srcset: srcsetOf(jpeg) }, social: pick(social), files };
}

function pick(stat: ImageStat): ImageFile {
  return { url: stat.url, width: stat.width, height: stat.height };
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
export function pictureHtml(image: ResponsiveImage, options: PictureOptions): string {
  const { img } = image;
  const attributes = [
    `src="${escapeAttribute(img.url)}"`,
    img.srcset ? `srcset="${escapeAttribute(img.srcset)}" sizes="${STORY_IMAGE_SIZES}"` : "",
    `alt="${options.altHtml}"`,
    options.titleHtml ? `title="${options.titleHtml}"` : "",
    `width="${img.width}" height="${img.height}"`,
    options.lead ? `fetchpriority="high"` : `loading="lazy"`,
    `decoding="async"`,
  ].filter(Boolean);
  const sources = image.sources.map((source) => `<source type="${source.type}" srcset="${escapeAttribute(source.srcset)}" sizes="${STORY_IMAGE_SIZES}">`);
  return `<picture>${sources.join("")}<img ${attributes.join(" ")}></picture>`;
}

// markdown-it writes every image in this one shape (its attributes escaped, the URL percent-encoded);
// raw HTML in articles is escaped, so nothing else in a body can look like it.
// markdown-it writes `<img …>`; the sanitiser re-serialises it as `<img … />`.
const MARKDOWN_IMAGE = /<img src="([^"]*)" alt="([^"]*)"(?: title="([^"]*)")?\s*\/?>/g;

export interface PublishedImages {
  articles: Article[];
  /** Each published image URL and the cached file it is copied from. */
  files: Map<string, string>;
}

/**
 * Gives every article's lead image its <picture> and social-card variant and replaces the images in its
 * body with responsive ones. Throws one ArticleValidationError listing every image that is missing or
 * unreadable, naming the article and line.
 */
export async function addResponsiveImages(
  articles: readonly Article[],
  { publicDir, articlesDir }: { publicDir: string; articlesDir: string },
  options: ImagePipelineOptions,
): Promise<PublishedImages> {
  const files = new Map<string, string>();
  const problems: Problem[] = [];
  const publish = async (file: string): Promise<ResponsiveImage> => {
    const image = await processImage(file, options);
    for (const [url, cached] of image.files) files.set(url, cached);
    return image;
  };

  // A few articles at a time: sharp already spreads each image over the cores.
  const result = await mapLimited(articles, 4, async (article) => {
    let updated = article;
    const leadUnreadable = article.image ? await readImageHeaderProblem(article.image.file) : undefined;
    if (article.image && leadUnreadable) {
      problems.push({ file: article.sourcePath, line: await leadImageLine(article.sourcePath), field: "image.src", message: leadImageUnreadable(leadUnreadable) });
    } else if (article.image) {
      try {
        const image = await publish(article.image.file);
        updated = changedArticle(updated, {
          image: { ...article.image, picture: pictureHtml(image, { altHtml: escapeAttribute(article.image.alt), lead: true }), social: image.social },
        });
      } catch (error) {
        const message = error instanceof UnsafeDrawingError ? `the drawing ${error.message}` : leadImageUnreadable((error as Error).message);
        problems.push({ file: article.sourcePath, line: await leadImageLine(article.sourcePath), field: "image.src", message });
      }
    }
    if (article.bodyImages) {
      const html = await replaceAsync(article.html, MARKDOWN_IMAGE, async ([whole, src = "", alt = "", title]) => {
        const target = decodeImageSource(src);
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return whole.replace(/\s*\/?>$/, ` loading="lazy" decoding="async">`);
        const file = await findImage(target, path.resolve(article.sourcePath), publicDir, articlesDir);
        if (typeof file === "object") {
          problems.push({
            file: article.sourcePath,
            line: await lineOf(article.sourcePath, target),
            message: imageOutside(target, file.outside),
          });
          return whole;
        }
        if (!file) {
          problems.push({
            file: article.sourcePath,
            line: await lineOf(article.sourcePath, target),
            message: `the image ${target} was not found: expected a file beside the article or under public/`,
          });
          return whole;
        }
        const unreadable = await readImageHeaderProblem(file);
        if (unreadable) {
          problems.push({ file: article.sourcePath, line: await lineOf(article.sourcePath, target), message: bodyImageUnreadable(target, unreadable) });
          return whole;
        }
        try {
          return pictureHtml(await publish(file), { altHtml: alt, titleHtml: title, lead: false });
        } catch (error) {
          const message = error instanceof UnsafeDrawingError ? `the drawing ${error.message}` : bodyImageUnreadable(target, (error as Error).message);
          problems.push({ file: article.sourcePath, line: await lineOf(article.sourcePath, target), message });
          return whole;
        }
      });
      updated = changedArticle(updated, { html });
    }
    return updated;
  });
  if (problems.length > 0) throw new ArticleValidationError(problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0))));
  return { articles: result, files };
}

/** Copies the images a build uses (site URL → file: cached variants, or originals kept beside articles) into the site. */
export async function copyImagesInto(outputDir: string, files: ReadonlyMap<string, string>): Promise<void> {
  for (const [url, file] of files) {
    const target = path.join(outputDir, url);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(file, target);
  }
}

function decodeImageSource(src: string): string {
  const unescaped = src.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  try {
    return decodeURI(unescaped);
  } catch {
    return unescaped;
  }
}

/**
 * The same rule as for lead images: a leading / means public/; otherwise beside the article, then public/.
 * The file found must lie inside the folder it was looked for in, once `..` and symbolic links are
 * followed: `![x](../../../home/me/photo.jpg)` is not published. Returns that folder when it does not.
 */
async function findImage(src: string, articleFile: string, publicDir: string, articlesDir: string): Promise<string | { outside: string } | undefined> {
  const candidates = src.startsWith("/")
    ? [{ file: path.join(publicDir, src), root: publicDir }]
    : [
        { file: path.resolve(path.dirname(articleFile), src), root: articlesDir },
        { file: path.join(publicDir, src), root: publicDir },
      ];
  for (const { file, root } of candidates) {
    if (!(await stat(file).then((s) => s.isFile(), () => false))) continue;
    return (await isInside(root, file)) ? file : { outside: root };
  }
  return undefined;
}

/** The line of the lead image's `src` in the article's front matter. */
async function leadImageLine(sourcePath: string): Promise<number | undefined> {
  try {
    return lineOfField(readFrontMatter(await readFile(sourcePath, "utf8")).yamlText, ["image", "src"]);
  } catch {
    return undefined;
  }
}

async function lineOf(sourcePath: string, text: string): Promise<number | undefined> {
  try {
    const index = (await readFile(sourcePath, "utf8")).split("\n").findIndex((line) => line.includes(text));
    return index >= 0 ? index + 1 : undefined;
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

function escapeAttribute(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
