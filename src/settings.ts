import { z } from "zod";
import { DateTime } from "luxon";
import { siteLocation, type SiteLocation } from "./site-urls.ts";
import { HTML_POLICIES } from "./html-policy.ts";
import { isLanguageTag } from "./languages.ts";
import { IMAGE_URL_PATH, isSearchFolder } from "./site-folders.ts";
import { unusedPluralForms, wordsSchema } from "./site-words.ts";
import { readMoved, type MovedEntry, type MovedSite } from "./moved-addresses.ts";

/**
 * Paths under the site root that the generator itself uses; neither a section nor the stories with no
 * section may take one of them (nor each other's: `noSectionSlug`).
 */
// With the build's own folders (src/site-folders.ts): the image variants' and the search indexes'.
export const RESERVED_PATHS = ["page", "tags", "authors", "s", "search", "archive", "css", "js", "images", "media", "feed.xml", "rss.xml", IMAGE_URL_PATH.replaceAll("/", "")] as const;

/** The logo a site that does not set `logo` names: the sample's file, which a newsroom replaces or turns off. */
const DEFAULT_LOGO = "/images/logo.svg";

const OWN_PAGES = "a slug the site does not already use for its own pages";

/** The first part of an address the site's stories are published under: /world/ or /news/. */
const folderSlug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "a slug of the Latin letters a to z in lower case, digits and single hyphens, such as middle-east")
  .refine((slug) => !(RESERVED_PATHS as readonly string[]).includes(slug) && !isSearchFolder(slug), OWN_PAGES);

const sectionSchema = z.strictObject({
  slug: folderSlug,
  name: z.string().min(1),
});

/**
 * An address pages link to. zod's url() takes any scheme, and a short link is this base and its code in
 * an `href`: `javascript:alert(1)%0A//` made every story's short link a script.
 */
const webAddress = z.string().url({ protocol: /^https?$/, error: "an http:// or https:// address" });

export const settingsSchema = z.strictObject({
  /** The newsroom's name, shown in the masthead and page titles. */
  name: z.string().min(1),
  /** A one-line description for the front page's meta description. */
  description: z.string().default(""),
  /**
   * Absolute URL the site is published at, without a trailing slash. Its path, if any, is the
   * path prefix unless `pathPrefix` (or the build's --pathprefix) says otherwise.
   */
  baseUrl: webAddress.transform((url) => url.replace(/\/+$/, "")),
  /** Default language of articles (BCP 47). */
  language: z.string().refine(isLanguageTag, "a BCP 47 language tag such as en or ur"),
  /** The newsroom's IANA time zone; every published time is shown in it. */
  timeZone: z.string().refine((zone) => DateTime.now().setZone(zone).isValid, "an IANA time zone such as Asia/Karachi"),
  /**
   * The zone's abbreviation as readers know it ("PKT"). The ICU data in Node knows only a few such
   * abbreviations and prints "GMT+5" for the rest, so a newsroom may name its own.
   */
  timeZoneAbbreviation: z.string().optional(),
  sections: z.array(sectionSchema).min(1),
  /**
   * The folder of a story with no section, the first part of its address: /news/harbour-reopens/ by
   * default. A word of the site's language on a site not in English (a French site's "actualites").
   */
  noSectionSlug: folderSlug.default("news"),
  /**
   * Where short links live: the site's own `/s/` path by default, or a separate short domain such
   * as https://arab.news. A short link is this base, a slash and the code.
   */
  shortUrlBase: webAddress.transform((url) => url.replace(/\/+$/, "")).optional(),
  /** Stories on each page of the front page and other listings. */
  perPage: z.number().int().min(1).max(500).default(20),
  /**
   * How many pages the front page and each section run to; the stories after them are in the dated
   * archive (/archive/yyyy/mm/), which the last page links to. So these listings keep their size as
   * the archive grows, and a new story moves ten pages of each listing down a place, not hundreds.
   */
  listingPages: z.number().int().min(1).max(100000).default(10),
  /**
   * The sub-path the site is published under, such as "/news/" for https://example.github.io/news/.
   * Every link, feed, sitemap and redirect includes it. Defaults to the path of baseUrl.
   */
  pathPrefix: z
    .string()
    .regex(/^\/?(?:[A-Za-z0-9._~-]+\/?)*$/, "a path such as /news/ (letters, digits, . _ ~ - and slashes)")
    .refine((prefix) => !prefix.split("/").some((part) => /^\.+$/.test(part)), "a path without . or .. segments")
    .optional(),
  /**
   * The publisher's logo (under public/), named in every article's structured data; `false` for none, which a
   * newsroom without one sets rather than keep the sample's file: the structured data then names no logo.
   */
  logo: z
    .union([z.string().regex(/^\//, "a path under public/ starting with /, such as /images/logo.svg"), z.literal(false)], {
      error: "a path under public/ starting with /, such as /images/logo.svg, or false for no logo",
    })
    .default(DEFAULT_LOGO),
  /**
   * The picture a shared link shows when its page has none of its own (the front page, the listings, a
   * story without a lead image): a photograph or other raster image under public/, of which the build makes
   * the 1200px JPEG the cards use (src/share-image.ts). None by default: such links then show no picture.
   */
  shareImage: z.string().regex(/^\//, "a path under public/ starting with /, such as /images/share.png").optional(),
  /** What that picture shows, for readers who cannot see it; the site's name when not given. */
  shareImageAlt: z.string().min(1).optional(),
  /** The most URLs one sitemap file holds before /sitemap.xml becomes an index of several (the protocol allows 50,000). */
  sitemapLimit: z.number().int().min(1).max(50000).default(50000),
  /**
   * What happens to raw HTML inside an article's Markdown: `sanitized` (the default) keeps it through an
   * allow-list (embeds from known hosts survive; scripts, handlers and dangerous URLs do not), `trusted`
   * passes it as written, `none` shows it as text. See src/html-policy.ts.
   */
  htmlPolicy: z.enum(HTML_POLICIES).default("sanitized"),
  /** Fail the build when a page links to a file the site does not have (src/link-check.ts). */
  checkLinks: z.boolean().default(true),
  /**
   * The site's own search: a search page, a link to it on every page, and a Pagefind index of every
   * story, made by every build (src/search-index.ts). A newsroom whose readers search elsewhere (a search
   * engine's site search, the CMS's) turns it off; the build then writes no index and no search page.
   */
  search: z.boolean().default(true),
  /**
   * An RSS feed for every tag and every author (/tags/<tag>/rss.xml, /authors/<author>/rss.xml), which
   * their pages name in their heads and follow from (src/feeds.ts, subjectFeed): some 1,900 files at
   * 10,000 stories. A newsroom that does not want them (a host that limits a site's files, no readers
   * following columnists) turns them off; the build then writes none and no link to one. The site's and
   * the sections' feeds stay.
   */
  tagAndAuthorFeeds: z.boolean().default(true),
  /**
   * The words the site puts round the news (navigation, "Published", the pager…) in the site's language,
   * by name; those not given are English (src/site-words.ts lists them all).
   */
  words: wordsSchema.optional(),
  /**
   * Addresses stories had before they were renamed or changed section, each with where the story is now:
   * its address or its file in the articles folder. The build answers each old address with a redirect page
   * and a 301 in _redirects (src/moved-addresses.ts); an old short link (/s/<code>/) may be kept so too.
   */
  moved: z.record(z.string(), z.string()).default({}),
}).superRefine((settings, context) => {
  if (settings.shareImageAlt !== undefined && settings.shareImage === undefined) {
    context.addIssue({ code: "custom", path: ["shareImageAlt"], message: "shareImage beside it: it describes that picture, and there is none" });
  }
  // A section there would share its folder, and its addresses, with the stories that have none.
  settings.sections.forEach((section, index) => {
    if (section.slug !== settings.noSectionSlug) return;
    context.addIssue({ code: "custom", path: ["sections", index, "slug"], message: `${OWN_PAGES} (noSectionSlug gives "${section.slug}" to the stories with no section)` });
  });
  // A baseUrl that is no address has its own issue; the moved entries' full addresses are read against it.
  if (!URL.canParse(settings.baseUrl)) return;
  const site: MovedSite = { ownPageOf: ownPageOf(settings), siteUrl: siteLocation(settings.baseUrl, settings.pathPrefix).siteUrl };
  for (const { key, message } of readMoved(settings.moved, site).problems) context.addIssue({ code: "custom", path: ["moved", key], message });
});

/**
 * The files the build writes at the site's top (beside feed.xml and rss.xml, which RESERVED_PATHS holds):
 * the sitemap's files past its limit are sitemap-pages.xml and one a year, sitemap-2026.xml, -2… (and were
 * sitemap-1.xml, sitemap-2.xml… before, which a site published then may still have).
 */
const OWN_FILES = /^(?:404\.html|robots\.txt|_redirects|_headers|news-sitemap\.xml|sitemap(?:-(?:\d+|pages)(?:-\d+)?)?\.xml)$/;

/** The pages and files the site makes at an address of its own (src/moved-addresses.ts): those no moved address may take. */
function ownPageOf(settings: { sections: readonly { slug: string; name: string }[] }): MovedSite["ownPageOf"] {
  return ([first, second, ...rest]) => {
    if ((RESERVED_PATHS as readonly string[]).includes(first!)) {
      return first!.includes(".") && second === undefined ? `/${first} is one of the site's own files` : `/${first}/ is one of the site's own folders`;
    }
    if (second === undefined && OWN_FILES.test(first!)) return `/${first} is one of the site's own files`;
    const section = settings.sections.find((candidate) => candidate.slug === first);
    if (section && (second === undefined || second === "page")) return `/${first}/${second === undefined ? "" : "page/…"} is the ${section.name} section's listing`;
    if (section && second === "rss.xml" && rest.length === 0) return `/${first}/rss.xml is the ${section.name} section's feed`;
    return undefined;
  };
}

/**
 * The `moved` setting's entries, read (the settings have been checked: none has a problem). Read once for
 * a settings object: the loader and each preview save ask again, and 5,000 entries took 30 ms a reading.
 */
export function movedEntries(settings: Pick<SiteSettings, "moved" | "sections" | "siteUrl">): readonly MovedEntry[] {
  let entries = entriesRead.get(settings);
  if (!entries) {
    entries = readMoved(settings.moved, { ownPageOf: ownPageOf(settings), siteUrl: settings.siteUrl }).entries;
    entriesRead.set(settings, entries);
  }
  return entries;
}
const entriesRead = new WeakMap<object, readonly MovedEntry[]>();

/** A setting's field as messages name it: sections.0.slug, or moved["/world/harbour-reopns/"] for a key that is no name. */
function fieldName(fieldPath: readonly PropertyKey[]): string {
  return fieldPath.map((part, index) => (typeof part === "string" && !/^[A-Za-z_$][\w$]*$/.test(part) ? `[${JSON.stringify(part)}]` : `${index ? "." : ""}${String(part)}`)).join("");
}

export type SettingsInput = z.input<typeof settingsSchema>;
export type SiteSettings = z.output<typeof settingsSchema> & SiteLocation & { shortUrlBase: string };

/** The file that holds the newsroom's settings, beside the --settings file laid over it. */
export const SETTINGS_MODULE = "site.config.ts";

/** Lets site.config.ts be type-checked where it is written. */
export function defineSettings(settings: SettingsInput): SettingsInput {
  return settings;
}

export class SettingsError extends Error {
  override name = "SettingsError";
  skipOriginalStack = true;
}

/** How a problem names the overrides when nothing says where they came from. */
export const OVERRIDES_SOURCE = "the settings laid over it";

/**
 * Validates settings (with any overrides laid over them) and fills in the defaults. A problem names
 * the field and where it was set: `sourceOf` names the place of a field the overrides set.
 */
export function resolveSettings(input: SettingsInput, overrides: Partial<SettingsInput> = {}, sourceOf: (field: string) => string = () => OVERRIDES_SOURCE): SiteSettings {
  const result = settingsSchema.safeParse({ ...input, ...overrides });
  if (!result.success) {
    const lines = result.error.issues.flatMap((issue) => {
      if (issue.code === "unrecognized_keys") {
        return issue.keys.map((key) => {
          const field = String(issue.path[0] ?? key);
          const source = Object.hasOwn(overrides, field) ? sourceOf(field) : SETTINGS_MODULE;
          const list = field === "words" ? "src/site-words.ts lists the words" : "src/settings.ts lists the settings";
          return `  ${[...issue.path, key].join(".")}: unknown field; ${list} (in ${source})`;
        });
      }
      // zod words some messages "Invalid option: expected one of …"; the reader needs only what was expected.
      const message = issue.message.replace(/^(?:Invalid [a-z ]+|Too (?:small|big)): (?=expected)/, "");
      const field = String(issue.path[0] ?? "");
      const source = Object.hasOwn(overrides, field) ? sourceOf(field) : SETTINGS_MODULE;
      return `  ${fieldName(issue.path) || "(settings)"}: ${message.startsWith("expected") ? message : `expected ${message}`} (in ${source})`;
    });
    throw new SettingsError(`The site settings are not valid:\n${lines.join("\n")}`);
  }
  const settings = result.data;
  const slugs = new Set<string>();
  for (const section of settings.sections) {
    if (slugs.has(section.slug)) throw new SettingsError(`The site settings name the section "${section.slug}" twice.`);
    slugs.add(section.slug);
  }
  const unused = unusedPluralForms(settings.words, settings.language);
  if (unused.length) {
    const source = Object.hasOwn(overrides, "words") ? sourceOf("words") : SETTINGS_MODULE;
    const lines = unused.map(({ word, form, forms }) => {
      const others = forms.filter((taken) => taken !== "other");
      const expected = others.length ? `other or a plural form ${settings.language} takes for two or more (${others.join(", ")})` : `only other (${settings.language} takes no other plural form for two or more)`;
      return `  words.${word}.${form}: expected ${expected}, not ${form} (in ${source})`;
    });
    throw new SettingsError(`The site settings are not valid:\n${lines.join("\n")}`);
  }
  const location = siteLocation(settings.baseUrl, settings.pathPrefix);
  return { ...settings, ...location, shortUrlBase: settings.shortUrlBase ?? `${location.siteUrl}/s` };
}
