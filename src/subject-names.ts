import type { Article, NamedLink } from "./article.ts";
import { foldAllWidths } from "./character-widths.ts";
import { identityDiff } from "./identity-diff.ts";
import type { Problem } from "./problems.ts";
import { withAsciiDigits, withoutOptionalMarks } from "./slugs.ts";

/*
 * A tag's or byline's page has one address, made from its name (src/slugs.ts), and shows one name.
 * Names that differ only in letter case, Unicode normalisation, spacing, marks a writer may add or leave
 * out (an Arabic name's vowels), the script of their digits (src/slugs.ts) or the width of their characters,
 * letters, digits, katakana, punctuation and symbols alike (src/character-widths.ts: Japanese and Chinese copy
 * sets "ＡＰＥＣ" and "Ｃ＋＋" where English sets "APEC" and "C++") ("US", "us"; "مُنى", "منى"; "٢٠٢٦", "２０２６",
 * "2026"; "ＡＰＥＣ", "APEC"; "Ｃ＋＋", "C++"; "ﾆｭｰｽ", "ニュース") are one name, spelt as most of the page's stories
 * spell it (src/subject-buckets.ts).
 * Names that make one address but differ otherwise ("C", "C++" and "C#" all make /tags/c/; "José García"
 * and "Jose Garcia") are different names: one page would show one of them for stories that wrote another,
 * so the editors are told, and spell them one way or rename one so that it makes an address of its own.
 */

/** The front-matter field each kind of name is written in. */
const FIELD = { tags: "tags", authors: "author" } as const;
type Kind = keyof typeof FIELD;

const ADVICE = "a page shows one name: spell them one way, or, if they are different names, change one so that it makes another address";

/** What stays of a name when spellings of one name are told apart from different names. */
export function nameKey(name: string): string {
  return withAsciiDigits(withoutOptionalMarks(foldAllWidths(name.normalize("NFC")))).replace(/\s+/gu, " ").trim().toLowerCase();
}

/** The message for two names of one story's list that make one address (`url`), or undefined when they are one name. */
export function sameAddressInOneList(first: string, other: string, url: string): string | undefined {
  if (nameKey(first) === nameKey(other)) return undefined;
  return `${JSON.stringify(first)} and ${JSON.stringify(other)} both make the address ${url}; ${ADVICE}`;
}

type Named = Pick<Article, "sourcePath" | "tags" | "authors">;

// Links are shared by every story that names them (src/article-loader.ts), so each is keyed once.
const keys = new WeakMap<NamedLink, string>();
function keyOf(link: NamedLink): string {
  let key = keys.get(link);
  if (key === undefined) {
    key = nameKey(link.name);
    keys.set(link, key);
  }
  return key;
}

/**
 * The stories that name each tag and author address, grouped by name, kept from one call to the next
 * and changed by the stories that differ (the preview's loads): a save costs what it changed, and only
 * the addresses of more than one name are looked at.
 */
export class NamesByAddress<T extends Named> {
  /** Address → its kind, and name key → the stories that write it. */
  readonly #addresses = new Map<string, { kind: Kind; names: Map<string, T[]> }>();
  readonly #clashing = new Set<string>();
  #items: readonly T[] = [];

  /** The addresses more than one name makes, each with its kind and each name's stories. */
  clashes(items: readonly T[]): { url: string; kind: Kind; names: T[][] }[] {
    const { removed, added } = identityDiff(this.#items, items);
    // A copy: the caller's list may change after the call.
    this.#items = [...items];
    for (const article of removed) {
      for (const kind of KINDS) {
        for (const link of article[kind]) {
          const { names } = this.#addresses.get(link.url)!;
          const stories = names.get(keyOf(link))!;
          stories.splice(stories.indexOf(article), 1);
          if (stories.length === 0) names.delete(keyOf(link));
          if (names.size === 0) this.#addresses.delete(link.url);
          if (names.size < 2) this.#clashing.delete(link.url);
        }
      }
    }
    for (const article of added) {
      for (const kind of KINDS) {
        for (const link of article[kind]) {
          let address = this.#addresses.get(link.url);
          if (!address) this.#addresses.set(link.url, (address = { kind, names: new Map() }));
          const stories = address.names.get(keyOf(link));
          if (stories) stories.push(article);
          else address.names.set(keyOf(link), [article]);
          if (address.names.size > 1) this.#clashing.add(link.url);
        }
      }
    }
    return [...this.#clashing].map((url) => {
      const { kind, names } = this.#addresses.get(url)!;
      return { url, kind, names: [...names.values()].map((stories) => [...stories]) };
    });
  }
}

const KINDS: readonly Kind[] = ["tags", "authors"];

/**
 * A problem for every story that writes a name which another name shares an address with, naming the
 * other names and their files; but for the stories of the name most of them write, when one name
 * does: those are named in the others' problems, so that one story spelling a name 5,000 stories
 * write another way is one problem, not 5,001. `kept` is what the last call grouped, for a caller that
 * checks the same archive again.
 */
export function findNameClashes<T extends Named>(articles: readonly T[], kept = new NamesByAddress<T>()): Problem[] {
  const byFile = (a: T, b: T) => (a.sourcePath < b.sourcePath ? -1 : a.sourcePath > b.sourcePath ? 1 : 0);
  const problems: Problem[] = [];
  for (const { url, kind, names } of kept.clashes(articles)) {
    const spelled = (article: T) => JSON.stringify(article[kind].find((link) => link.url === url)!.name);
    const groups = names.map((stories) => stories.sort(byFile)).sort((a, b) => byFile(a[0]!, b[0]!));
    const most = Math.max(...groups.map((stories) => stories.length));
    const mostWritten = groups.filter((stories) => stories.length === most);
    for (const [index, stories] of groups.entries()) {
      if (mostWritten.length === 1 && mostWritten[0] === stories) continue;
      const others = groups
        .filter((_, other) => other !== index)
        .map((group) => `${spelled(group[0]!)} does in ${group[0]!.sourcePath}${group.length > 1 ? ` and ${group.length - 1} other file${group.length > 2 ? "s" : ""}` : ""}`);
      for (const article of stories) {
        problems.push({ file: article.sourcePath, field: FIELD[kind], message: `${spelled(article)} makes the address ${url}, as ${others.join(", and ")}; ${ADVICE}` });
      }
    }
  }
  return problems;
}
