/**
 * The field a name the article format does not have was most likely meant to be, for "did you mean"
 * (src/article-loader.ts). A typo is a letter or two away from its field; but two letters are half of a
 * short name, and at that distance `url` was offered src, `name` and `Note` date, `link` lang: words that
 * are no misspelling of them, and `state` date. So a name of up to five letters is allowed one edit, a
 * longer one two.
 */
export function fieldMeant(name: string, fields: readonly string[], maxDistance = typoDistance(name)): string | undefined {
  const written = name.toLowerCase();
  let meant: string | undefined;
  let nearest = maxDistance + 1;
  for (const field of fields) {
    const distance = editDistance(field.toLowerCase(), written);
    if (distance < nearest) {
      meant = field;
      nearest = distance;
    }
  }
  return meant;
}

/**
 * The article format's fields by the names other tools give them (a CMS's export, Hugo's or Jekyll's front
 * matter, WordPress): no typo of the field, so fieldMeant offers none, yet the editor means it. `summary:`
 * was refused as "unknown field; the article format has no such field", not told of bullets.
 */
const OTHER_NAMES: Readonly<Record<string, string>> = {
  title: "headline",
  summary: "bullets",
  description: "bullets",
  byline: "author",
  category: "section",
  categories: "section",
  published: "date",
  pubdate: "date",
  modified: "updated",
  lastmod: "updated",
  language: "lang",
  photo: "image",
  picture: "image",
};

/** The field a name other tools use for it stands for (`title` for headline), in any case; undefined for any other name. */
export function fieldNamedOtherwise(name: string): string | undefined {
  return Object.hasOwn(OTHER_NAMES, name.toLowerCase()) ? OTHER_NAMES[name.toLowerCase()] : undefined;
}

/** The edits a typo of a name this long may hold: one for up to five letters, two for more. */
export function typoDistance(name: string): number {
  return [...name].length <= 5 ? 1 : 2;
}

/**
 * Edits (a letter added, removed or changed, or two beside each other swapped) from one text to the
 * other. A swap is one edit, as a hand makes it: `tgas` is a typo of tags, not two letters changed.
 */
export function editDistance(a: string, b: string): number {
  const from = [...a];
  const to = [...b];
  // Three rows of the table: the one before the previous is needed for swaps.
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: to.length + 1 }, (_, j) => j);
  for (let i = 1; i <= from.length; i++) {
    const current = [i];
    for (let j = 1; j <= to.length; j++) {
      const same = from[i - 1] === to[j - 1];
      let distance = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (same ? 0 : 1));
      if (i > 1 && j > 1 && from[i - 1] === to[j - 2] && from[i - 2] === to[j - 1]) distance = Math.min(distance, beforePrevious[j - 2]! + 1);
      current[j] = distance;
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[to.length]!;
}
