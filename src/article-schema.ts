import { z } from "zod";
import type { DateTime } from "luxon";
import { uncarriedCharacter, unclosedDirection } from "./article-text.ts";
import { frontMatterTime, readArticleDate } from "./dates.ts";
import { fieldMeant } from "./field-suggestions.ts";
import { isLanguageTag } from "./languages.ts";
import { namesJoinedBy } from "./name-lists.ts";
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
        const problem = uncarriedCharacterProblem(value) ?? unclosedDirectionProblem(value);
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

/** What is wrong with text that opens a direction control and does not close it (src/article-text.ts); undefined for text that closes each. */
function unclosedDirectionProblem(value: string): string | undefined {
  const found = unclosedDirection(value);
  if (!found) return undefined;
  const position = [...value.slice(0, found.index)].length + 1;
  return `expected each direction control closed in the field; found ${found.name} at character ${position} with no ${found.closer} after it, which would turn around what a page prints after the field too (after a headline, the site's name in the title): remove it, or close it where the text it sets ends`;
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
function sectionProblem(value: string, sections: SchemaSettings["sections"]): string {
  const sectionSlugs = sections.map((section) => section.slug);
  // A section's name as the site shows it ("Science & Technology") is written for its slug as often as a typo is.
  const named = sections.find((section) => section.name.toLocaleLowerCase() === value.trim().toLocaleLowerCase());
  if (named) return `expected a section's slug (did you mean ${named.slug}? ${JSON.stringify(named.name)} is that section's name)`;
  const meant = fieldMeant(value, sectionSlugs);
  return meant ? `expected one of the site's sections (did you mean ${meant}?)` : `expected one of the site's sections: ${sectionSlugs.join(", ")}`;
}

/**
 * Commas that part the items of a list as an editor types one: the Latin comma, the Arabic script's (،), the
 * full-width (，) and the ideographic (、) of Chinese and Japanese.
 */
const LIST_COMMA = /[,\u060C\uFF0C\u3001]/u;

/**
 * Tags or authors: a list of names, or one name written alone. One text with a comma in it (`tags: US,
 * Afghanistan`) is refused rather than read either way: its editor most often meant a list, which YAML
 * reads only in brackets or as `- ` lines, but a name may hold a comma of its own (Washington, D.C.; Smith,
 * Jr.), which split would silently make two wrong pages of one right one. The message writes both lists
 * the editor may have meant, from their own words. So is a byline of one text joining names with "and"
 * (`joiners`, src/name-lists.ts), which may be two people (Jane Doe and John Roe) or one credit (Staff and
 * agencies); a tag with "and" in it (Trade and industry) is nearly always one tag, so tags have none.
 */
function nameList({ label, plural, max, most, joiners = () => [] }: { label: string; plural: string; max: number; most: number; joiners?: (storyLanguage?: string) => readonly string[] }) {
  return z
    .preprocess((written, ctx) => {
      if (typeof written === "number") return [written];
      const value = written instanceof LoneByline ? written.text : written;
      if (typeof value !== "string") return value;
      const names = { label, plural, joiners: joiners(written instanceof LoneByline ? written.storyLanguage : undefined) };
      const problem = LIST_COMMA.test(value) ? oneTextWithCommas(value.trim(), names) : oneTextJoiningNames(value.trim(), names);
      if (problem) {
        ctx.addIssue({ code: "custom", message: problem, input: value });
        return z.NEVER;
      }
      return [value];
    }, z.array(line(label, max), { error: `expected a list of ${plural}, or one ${label} written alone` }).max(most, `expected at most ${most} ${plural}`))
    .default([]);
}

type ListNames = { label: string; plural: string; joiners: readonly string[] };

/**
 * A byline written as one text, with the language of its story (a valid `lang`): the words that join
 * names are looked for in the story's language as well as the site's (src/name-lists.ts). The author
 * field alone cannot see the story's `lang`, so the front matter hands it over (withStoryLanguage).
 */
class LoneByline {
  constructor(
    readonly text: string,
    readonly storyLanguage: string,
  ) {}
}

/** The front matter with a byline written as one text handed its story's language, when the story names a valid one. */
function withStoryLanguage(data: unknown): unknown {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return data;
  const { author, lang } = data as Record<string, unknown>;
  if (typeof author !== "string" || typeof lang !== "string" || !isLanguageTag(lang)) return data;
  return { ...data, author: new LoneByline(author, lang) };
}

/**
 * Whether a word of a byline is one of `joiners`: as the language writes it between names, in lower case,
 * or in capitals in a byline all in capitals ("JANE DOE AND JOHN ROE"), where it is written no other way.
 * Not capitalised ("Jane Doe And John Roe"), nor in capitals among lower-case words: there it is a name or
 * part of one as often as a slip (Metin And; Dan, and "DAN" of an Indonesian site; "AND Digital"), and a
 * real name refused at deadline costs more than a joined byline published as one name.
 */
function isJoiner(word: string, joiners: readonly string[], inCapitals: boolean): boolean {
  return joiners.includes(word) || (inCapitals && word === word.toUpperCase() && joiners.includes(word.toLowerCase()));
}

/** Whether a text's letters are all capitals, and it has some that have a case. */
function allInCapitals(text: string): boolean {
  return text === text.toUpperCase() && text !== text.toLowerCase();
}

/** The refusal of one text with commas in it, naming both lists its editor may have meant, as YAML writes them. */
function oneTextWithCommas(value: string, names: ListNames): string {
  const items = namesIn(value, names.joiners);
  const several = items.length > 1 ? `[${items.map(flowItem).join(", ")}] for ${items.length} ${names.plural}` : `[${items.map(flowItem).join("")}] without the comma`;
  return `expected a list of ${names.plural}; found one text with a comma, ${JSON.stringify(value)}: write ${several}, or [${JSON.stringify(value)}] for one ${names.label} with a comma in its name (in quotes, or brackets read the comma as the end of an item)`;
}

/**
 * The refusal of one text joining names with one of `names.joiners` between words ("Jane Doe and John Roe"),
 * naming the list of its names and the list of it as one name; undefined for a text without one.
 */
function oneTextJoiningNames(value: string, names: ListNames): string | undefined {
  const words = value.split(/\s+/u);
  const inCapitals = allInCapitals(value);
  const joiner = words.find((word, index) => index > 0 && index < words.length - 1 && isJoiner(word, names.joiners, inCapitals));
  if (joiner === undefined) return undefined;
  const items = namesIn(value, names.joiners);
  return `expected a list of ${names.plural}; found one text joining names with ${JSON.stringify(joiner)}, ${JSON.stringify(value)}: write [${items.map(flowItem).join(", ")}] for ${items.length} ${names.plural}, or [${flowItem(value)}] for one ${names.label} credited so (a shared byline such as Staff and agencies)`;
}

/** The names of one text, parted at its commas and at the joining words between its words ("A, B and C", "A, B, and C"). */
function namesIn(value: string, joiners: readonly string[]): string[] {
  const names: string[] = [];
  const inCapitals = allInCapitals(value);
  for (const item of value.split(LIST_COMMA)) {
    let words: string[] = [];
    for (const word of item.trim().split(/\s+/u)) {
      if (!isJoiner(word, joiners, inCapitals)) words.push(word);
      else {
        names.push(words.join(" "));
        words = [];
      }
    }
    names.push(words.join(" "));
  }
  return names.filter(Boolean);
}

/** An item of a YAML list in brackets, in quotes when YAML would read it otherwise than as the text it is. */
function flowItem(text: string): string {
  return /^[\p{L}\p{N}][\p{L}\p{N}\p{M} .'’&-]*$/u.test(text) && !/^(?:true|false|null|~)$/i.test(text) ? text : JSON.stringify(text);
}

type SchemaSettings = Pick<SiteSettings, "timeZone" | "sections" | "shortUrlBase">;

/** The fields that place a story: its address (section, slug), its short code (date, slug, shortUrl) and whether it is out (date, draft). */
function placeFields(settings: SchemaSettings) {
  const sectionSlugs = settings.sections.map((section) => section.slug);
  return {
    date: dateField(settings.timeZone),
    // Not coerced from a number: were YAML to read 01234 as 1234, the code would change silently.
    shortUrl: z
      .string({ error: `expected a short code such as 4wq7m, or a URL on the short domain (${settings.shortUrlBase}/) ending in one` })
      .superRefine((value, ctx) => {
        const read = readShortUrl(value, settings.shortUrlBase);
        if ("problem" in read) ctx.addIssue({ code: "custom", message: read.problem, input: value });
      })
      .optional(),
    section: text
      .superRefine((value, ctx) => {
        if (!sectionSlugs.includes(value)) ctx.addIssue({ code: "custom", message: sectionProblem(value, settings.sections), input: value });
      })
      .optional(),
    slug: text.pipe(z.string().regex(SLUG, "expected a slug of lower-case letters, digits and single hyphens, such as pakistan-rejects-claims")).optional(),
    draft: z.boolean().default(false),
  };
}

/**
 * The place fields alone, any others left unread: a shard's read of the rest of its archive
 * (src/story-places.ts), whose stories' other fields the global job checks.
 */
export function storyPlaceSchema(settings: SchemaSettings) {
  return z.object(placeFields(settings));
}

export type StoryPlaceFields = z.output<ReturnType<typeof storyPlaceSchema>>;

export function articleSchema(settings: SchemaSettings & Pick<SiteSettings, "language">) {
  const place = placeFields(settings);
  const frontMatter = z
    .strictObject({
      headline: line("headline", 200),
      bullets: z.array(line("bullet", 400)).max(5, "expected at most 5 bullets").default([]),
      date: place.date,
      updated: dateField(settings.timeZone).optional(),
      shortUrl: place.shortUrl,
      dateline: line("dateline", 80).optional(),
      section: place.section,
      tags: nameList({ label: "tag", plural: "tags", max: 100, most: 100 }),
      author: nameList({ label: "author", plural: "authors", max: 200, most: 20, joiners: (storyLanguage) => namesJoinedBy(settings.language, storyLanguage) }),
      image: z
        .strictObject({
          src: line("image.src", 500),
          alt: line("image.alt", 500),
          caption: line("image.caption", 1000).optional(),
          credit: line("image.credit", 200).optional(),
        })
        .optional(),
      lang: text.pipe(z.string().refine(isLanguageTag, "expected a BCP 47 language tag such as en, ur or ar")).optional(),
      slug: place.slug,
      draft: place.draft,
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
  return z.preprocess(withStoryLanguage, frontMatter);
}

export type ArticleFrontMatter = z.output<ReturnType<typeof articleSchema>>;

/**
 * Whether a story may leave out the field at `path` (`dateline`, `image.caption`, `draft`): the schema
 * reads the story with it missing. An empty one is still refused (a template left half-filled should be
 * seen), and the message says the line may go; asked of the schema, so a field made optional is told so.
 */
export function mayLeaveOut(schema: ReturnType<typeof articleSchema>, path: readonly PropertyKey[]): boolean {
  let current: z.ZodType = schema.out;
  for (const [index, key] of path.entries()) {
    while (current instanceof z.ZodOptional || current instanceof z.ZodDefault) current = current.unwrap() as z.ZodType;
    if (!(current instanceof z.ZodObject) || typeof key !== "string" || !Object.hasOwn(current.shape, key)) return false;
    const field = current.shape[key] as z.ZodType;
    if (index === path.length - 1) return field.safeParse(undefined).success;
    current = field;
  }
  return false;
}
