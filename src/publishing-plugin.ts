import { HtmlBasePlugin, type UserConfig } from "@11ty/eleventy";
import type { Article } from "./article.ts";
import { articleMetadata, type ArticleMetadata } from "./article-metadata.ts";
import { listingMetadata, type ListingMetadata, type ListingPageFacts } from "./listing-metadata.ts";
import { absolutizeHtml, rssText } from "./feeds.ts";
import { redirectsFile, type Redirect } from "./redirects.ts";
import type { SiteSettings } from "./settings.ts";
import type { SiteData } from "./site-data.ts";
import { absoluteUrl } from "./site-urls.ts";

/**
 * What the site publishes for machines besides its pages (feeds, sitemaps, metadata, short-URL
 * redirects) and the path prefix, as the filters the templates format them with.
 */
export default function publishing(eleventyConfig: UserConfig, { settings }: { settings: SiteSettings }): void {
  // Templates write root-relative URLs; this adds the path prefix to every URL in HTML output
  // (href, src, srcset, meta refresh). XML and _redirects get it from src/site-urls.ts instead.
  // Docs: https://www.11ty.dev/docs/plugins/html-base/
  eleventyConfig.addPlugin(HtmlBasePlugin, { baseHref: settings.pathPrefix });

  // A site path as an absolute URL with the site's address and path prefix: {{ page.url | absoluteUrl }}.
  eleventyConfig.addFilter("absoluteUrl", (sitePath: string) => absoluteUrl(sitePath, settings));

  // An article's HTML with every URL absolute, for feeds; each article is converted once per build
  // however many feeds carry it.
  const converted = new Map<string, { html: string; result: Promise<string> }>();
  eleventyConfig.addAsyncFilter("absoluteHtml", (html: string, pagePath: string) => {
    const known = converted.get(pagePath);
    if (known?.html === html) return known.result;
    const result = absolutizeHtml(html, pagePath, settings);
    converted.set(pagePath, { html, result });
    return result;
  });

  // An RSS feed's plain text (titles, bylines, tags), escaped as most feed readers read it; the result is XML, printed `| safe`.
  eleventyConfig.addFilter("rssText", rssText);

  eleventyConfig.addFilter("articleMetadata", (article: Article, news: SiteData): ArticleMetadata => articleMetadata(article, settings, news.images, news.sharePicture));
  eleventyConfig.addFilter("listingMetadata", (page: ListingPageFacts, news?: SiteData): ListingMetadata => listingMetadata(page, settings, news?.sharePicture));
  eleventyConfig.addFilter("redirectsFile", (redirects: Redirect[]) => redirectsFile(redirects, settings));
}
