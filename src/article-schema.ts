import { z } from "zod";
import type { DateTime } from "luxon";
import { uncarriedCharacter } from "./article-text.ts";
import { frontMatterTime, readArticleDate } from "./dates.ts";
import { fieldMeant } from "./field-suggestions.ts";
import { isLanguageTag } from "./languages.ts";
import { readShortUrl } from "./short-url.ts";
import type { SiteSettings } from "./settings.ts";

/**
 * The editors' contract (shared/article-format.md) as a schema: the single source of truth for what
 * front matter may hold. The TypeScript type of the validated front matter is inferred from it.
 */

// The front matter's YAML keeps numbers as the text written (src/front-matter.ts); a number that comes
// another way is taken as text too.
const text = z.preprocess((value) => (typeof value === "number" ? String(value) : value), z.string());
const line = (label: string, max: number) =>
  text.pipe(
    z
      .string()
      .trim()
      .min(1, `${label}: expected text, found an empty value`)
      .max(max, `${label}: expected at most ${max} characters`)
      .superRefine((value, ctx) => {
        const problem = uncarriedCharacterProblem(value);
        if (problem) ctx.addIssue({ code: "custom", message: `${label}: ${problem}`, input: value });
      }),
  );

// A control character (written in YAML as "\u0007", or pasted from another program), U+FFFE or U+FFFF,
// or a lone surrogate ("\uD800") shows in no browser as anything an editor meant, and XML cannot hold
// them: feeds and sitemaps dropped them (src/xml-text.ts) while the page kept them. Refused rather than
// dropped, since nothing an editor wrote is to go missing without a word; a story's body is held to the
// same (src/article-text.ts). Tab and line break are text.

/** What is wrong with text holding a character a story may not, naming the first and where it is; undefined for text without one. */
function uncarriedCharacterProblem(value: string): string | undefined {
  const found = uncarriedCharacter(value);
  if (!found) return undefined;
  const position = [...value.slice(0, found.index)].length + 1;
  return `expected text without ${found.kind}s; found ${found.name} at character ${position}, ${found.why}: remove it`;
}

const SLUG = /^[\p{Ll}\p{Lo}\p{N}\p{M}]+(?:-[\p{Ll}\p{Lo}\p{N}\p{M}]+)*$/u;

const dateField = (timeZone: string) =>
  text.transform((value, ctx): DateTime => {
    const read = readArticleDate(value, timeZone);
    if ("problem" in read) {
      ctx.addIssue({ code: "custom", message: read.problem, input: value });
      return z.NEVER;
    }
    return read.moment;
  });

/**
 * A section the settings do not have: the one a typo was most likely meant for, as a misspelt field name
 * gets (src/field-suggestions.ts), rather than every section of a site that may have twenty; the list
 * when none is near.
 */
function sectionProblem(value: string, sectionSlugs: readonly string[]): string {
  const meant = fieldMeant(value, sectionSlugs);
  return meant ? `expected one of the site's sections (did you mean ${meant}?)` : `expected one of the site's sections: ${sectionSlugs.join(", ")}`;
}

export function articleSchema(settings: Pick<SiteSettings, "timeZone" | "sections" | "shortUrlBase">) {
  const sectionSlugs = settings.sections.map((section) => section.slug);
  return z
    .strictObject({
      headline: line("headline", 200),
      bullets: z.array(line("bullet", 400)).max(5, "expected at most 5 bullets").default([]),
      date: dateField(settings.timeZone),
      updated: dateField(settings.timeZone).optional(),
      // Not coerced from a number: were YAML to read 01234 as 1234, the code would change silently.
      shortUrl: z
        .string({ error: `expected a short code such as 4wq7m, or a URL on the short domain (${settings.shortUrlBase}/) ending in one` })
        .superRefine((value, ctx) => {
          const read = readShortUrl(value, settings.shortUrlBase);
          if ("problem" in read) ctx.addIssue({ code: "custom", message: read.problem, input: value });
        })
        .optional(),
      dateline: line("dateline", 80).optional(),
      section: text
        .superRefine((value, ctx) => {
          if (!sectionSlugs.includes(value)) ctx.addIssue({ code: "custom", message: sectionProblem(value, sectionSlugs), input: value });
        })
        .optional(),
      tags: z
        .preprocess((value) => (typeof value === "string" || typeof value === "number" ? [value] : value), z.array(line("tag", 100)).max(100, "expected at most 100 tags"))
        .default([]),
      author: z
        .preprocess((value) => (typeof value === "string" || typeof value === "number" ? [value] : value), z.array(line("author", 200)).max(20, "expected at most 20 authors"))
        .default([]),
      image: z
        .strictObject({
          src: line("image.src", 500),
          alt: line("image.alt", 500),
          caption: line("image.caption", 1000).optional(),
          credit: line("image.credit", 200).optional(),
        })
        .optional(),
      lang: text.pipe(z.string().refine(isLanguageTag, "expected a BCP 47 language tag such as en, ur or ar")).optional(),
      slug: text
        .pipe(z.string().regex(SLUG, "expected a slug of lower-case letters, digits and single hyphens, such as pakistan-rejects-claims"))
        .optional(),
      draft: z.boolean().default(false),
    })
    .superRefine((article, ctx) => {
      if (article.updated && article.updated.toMillis() < article.date.toMillis()) {
        const updated = frontMatterTime(article.updated, settings.timeZone);
        ctx.addIssue({
          code: "custom",
          path: ["updated"],
          message: `expected a time at or after date (${frontMatterTime(article.date, settings.timeZone)}); found ${updated}`,
          input: updated,
        });
      }
    });
}

export type ArticleFrontMatter = z.output<ReturnType<typeof articleSchema>>;
