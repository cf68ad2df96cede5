/**
 * Turns any name into a URL path segment: lower-case, accents dropped, every run of characters that
 * is not a letter or digit made one hyphen. Letters of other scripts stay (Urdu or Arabic names give
 * Urdu or Arabic URLs, which browsers show as written), so no name is left without a URL.
 * The result never holds a slash, a dot segment or a percent sign, so it cannot leave its folder.
 */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, (marks, offset: number, whole: string) => (isLatin(whole[offset - 1]) ? "" : marks))
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
}

function isLatin(char: string | undefined): boolean {
  return char !== undefined && /\p{Script=Latin}/u.test(char);
}

/** A slug for a name, made unique against the ones already given out (name, name-2, name-3…). */
export function uniqueSlugger(): (name: string) => string {
  const taken = new Map<string, string>();
  const used = new Set<string>();
  return (name) => {
    const known = taken.get(name);
    if (known !== undefined) return known;
    const base = slugify(name) || "item";
    let slug = base;
    for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
    taken.set(name, slug);
    used.add(slug);
    return slug;
  };
}
