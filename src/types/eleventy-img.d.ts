// @11ty/eleventy-img 6 ships JSDoc, not TypeScript declarations. These are the parts of its API that
// src/images.ts uses, typed from its documentation (https://www.11ty.dev/docs/plugins/image/).
declare module "@11ty/eleventy-img" {
  export interface ImageStat {
    format: string;
    width: number;
    height: number;
    url: string;
    sourceType: string;
    srcset: string;
    filename: string;
    outputPath: string;
    size: number;
    /** With `dryRun`: the variant's bytes, made now or read from the output folder. */
    buffer?: Buffer;
  }

  export interface ImageOptions {
    widths?: Array<number | "auto">;
    formats?: string[];
    outputDir?: string;
    urlPath?: string;
    svgShortCircuit?: boolean | "size";
    svgAllowUpscale?: boolean;
    /** A requested width is replaced by the original's when the original is wider than it by less than this factor. */
    minimumThreshold?: number;
    sharpJpegOptions?: Record<string, unknown>;
    sharpWebpOptions?: Record<string, unknown>;
    sharpAvifOptions?: Record<string, unknown>;
    /** Applied to the source before any resizing (e.g. to flatten transparency). */
    transform?: (image: import("sharp").Sharp) => unknown;
    /** Names each output file (`${hash}-${width}.${format}` by default) from the hash of the source and the encoder's settings. */
    filenameFormat?: (hash: string, src: string, width: number, format: string) => string;
    /**
     * Makes a format's variant instead of sharp: called with the variant's stat as `this`; what it returns is
     * written to the variant's `outputPath` (and, with `dryRun`, given as its `buffer` instead).
     */
    formatHooks?: Record<string, (this: ImageStat, image: import("sharp").Sharp) => Promise<Buffer | string | undefined>>;
    /** Writes nothing: each variant's bytes come back in its `buffer` (read from the output folder when a file has its name). */
    dryRun?: boolean;
    useCache?: boolean;
    failOnError?: boolean;
  }

  export type ImageMetadata = Record<string, ImageStat[]>;

  export default function Image(src: string, options?: ImageOptions): Promise<ImageMetadata>;
}

// Its process-wide caches (src/caches.js of 6.0.4, pinned): src/image-requests.ts empties them of each request once answered.
declare module "@11ty/eleventy-img/src/caches.js" {
  /** Every request, by its options and the source's path and size, with the source's bytes. */
  export const memCache: { cache: Record<string, unknown> };
  /** Every source's bytes, to count each once in its log; and what it knows of which variants are made. */
  export const diskCache: { inputs: Map<unknown, boolean>; setExistsCache(cache: unknown): void };
}

// Which files exist, each looked for on disk once per process and remembered (src/exists-cache.js of 6.0.4).
declare module "@11ty/eleventy-img/src/exists-cache.js" {
  export default class ExistsCache {
    exists(path: string): boolean;
  }
}

// Its SVG format hook (src/format-hooks/svg.js of 6.0.4): the bytes it writes as a drawing's variant, those it read for the hash.
declare module "@11ty/eleventy-img/src/format-hooks/svg.js" {
  export default function drawingOf(image: import("sharp").Sharp): Promise<Buffer>;
}
