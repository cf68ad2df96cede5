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
    useCache?: boolean;
    failOnError?: boolean;
  }

  export type ImageMetadata = Record<string, ImageStat[]>;

  export default function Image(src: string, options?: ImageOptions): Promise<ImageMetadata>;
}
