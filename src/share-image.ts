import path from "node:path";
import type { SocialImage } from "./article.ts";
import { processSocialImage, type ImagePipelineOptions } from "./images.ts";
import type { SiteSettings } from "./settings.ts";

/**
 * The picture a shared link shows when its page has none of its own: the front page, the listings, a story
 * without a lead image. A newsroom names it (the `shareImage` setting, checked by src/settings-images.ts with the
 * other settings); link previews are drawn from the same 1200px JPEG a story's lead image gives them, and the
 * Atom feed names that JPEG as its logo (src/feeds.ts).
 */
export interface SharePicture extends SocialImage {
  /** The `shareImageAlt` setting, or the site's name: the picture is the site's own. */
  alt: string;
}

/** The share picture and the file its JPEG is published from (site URL → cached file), or undefined when the site names none. */
export async function makeSharePicture(
  settings: Pick<SiteSettings, "shareImage" | "shareImageAlt" | "name">,
  publicDir: string,
  options: ImagePipelineOptions,
): Promise<{ picture: SharePicture; files: Map<string, string> } | undefined> {
  if (settings.shareImage === undefined) return undefined;
  const file = path.join(publicDir, settings.shareImage);
  try {
    const { social, files } = await processSocialImage(file, options);
    return { picture: { ...social, alt: settings.shareImageAlt ?? settings.name }, files };
  } catch (error) {
    // Its first bytes were read with the settings; one damaged further on is found only here, as a damaged lead image is.
    throw new Error(`shareImage: ${path.relative(process.cwd(), file) || file} could not be made into a picture: ${error instanceof Error ? error.message : String(error)}`);
  }
}
