import { createHash } from "node:crypto";
import { readSync } from "node:fs";
import type { Article } from "./article.ts";

// An article's rendered body is most of its weight, and held for the whole build. Bodies with
// typographic quotes (nearly all) are two-byte strings in V8; as UTF-8 bytes outside the JavaScript
// heap they take about half, and on 100,000 articles that is the difference between fitting in 3 GiB
// or not. The text is decoded when a page reads it, once per page.
//
// A body the article cache has stored (src/article-disk-cache.ts) is not held at all: it is read
// from the cache file when a page asks for it. A build renders and indexes only the stories that
// changed, so most bodies are never read, and those of 100,000 stories are half a gigabyte.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The body as UTF-8 bytes (what a worker thread transfers instead of the string). */
export function encodeHtml(html: string): Uint8Array {
  return encoder.encode(html);
}

/** Where a stored body is: a range of a file open for reading (named for messages). */
export interface BodyInFile {
  file: string;
  fd: number;
  offset: number;
  length: number;
  /** The story's Markdown file, for the message when the range cannot be read. */
  story?: string;
  /** What to do when the range cannot be read; by default, what to do about a damaged article cache file. */
  remedy?: string;
}

/**
 * One body, as bytes or as a range of a file, shared by every copy of its article (a story given its
 * pictures is a copy), so that moving it to a file frees it for all of them.
 */
export class KeptBody {
  #bytes: Uint8Array | undefined;
  #file: BodyInFile | undefined;
  #digest: string | undefined;

  constructor(kept: Uint8Array | BodyInFile, digest?: string) {
    if (kept instanceof Uint8Array) this.#bytes = kept;
    else this.#file = kept;
    this.#digest = digest;
  }

  bytes(): Uint8Array {
    if (this.#bytes) return this.#bytes;
    const { file, fd, offset, length, story, remedy = "the article cache file is damaged: delete the file and build again" } = this.#file!;
    const bytes = new Uint8Array(length);
    // The file is never written in place (a new one is renamed over it), so only damage cuts it short.
    if (readSync(fd, bytes, 0, length, offset) !== length) throw new Error(`The body of ${story ?? "a story"} could not be read back from ${file} (${length} bytes at ${offset}): ${remedy}.`);
    return bytes;
  }

  /** A digest of the bytes, for whoever must tell whether a body changed without comparing it. */
  get digest(): string {
    this.#digest ??= bodyDigest(this.bytes());
    return this.#digest;
  }

  /** Whether the bytes are held, rather than read from a file on each use. */
  get held(): boolean {
    return this.#bytes !== undefined;
  }

  /** From now on read from this range of a file, which holds the same bytes. */
  moveTo(file: BodyInFile): void {
    this.#file = file;
    this.#bytes = undefined;
  }
}

/** The digest a body is kept with (`KeptBody.digest`), for a thread that makes it from the bytes it has. */
export function bodyDigest(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

const kept = new WeakMap<Article, KeptBody>();

/**
 * A copy of the article whose `html` decodes the kept body on each read; its fields in the same order.
 * A copy, not the article changed in place: V8 turns an object whose data property is redefined as an
 * accessor into a dictionary, and an article held so took about 2 KB rather than a quarter of one, some
 * 170 MB at 100,000 stories for the whole build (docs/performance-history.md, forty-second round).
 */
export function keepHtmlCompact(article: Article, body: Uint8Array | KeptBody = encodeHtml(article.html)): Article {
  const held = body instanceof KeptBody ? body : new KeptBody(body);
  const fields = Object.getOwnPropertyDescriptors(article);
  fields.html = BODY_PROPERTY;
  const copy = Object.defineProperties(Object.create(Object.getPrototypeOf(article) as object | null) as Article, fields);
  kept.set(copy, held);
  return copy;
}

/**
 * The article's body as it is kept; for an article whose body is still a string, bytes of it kept apart
 * (the article is not changed: redefining its `html` in place made it a dictionary, keepHtmlCompact says
 * what that costs). A caller that keeps the article too makes it a kept one first (keptArticle).
 */
export function keptBody(article: Article): KeptBody {
  return kept.get(article) ?? new KeptBody(encodeHtml(article.html));
}

/** The article itself when its body is kept, otherwise a kept copy of it (keepHtmlCompact). */
export function keptArticle(article: Article): Article {
  return kept.has(article) ? article : keepHtmlCompact(article);
}

/**
 * The `html` of every kept article: one getter, which finds the article's body, rather than a closure
 * each. An object given an accessor V8 has not seen on that field before (a new closure is one) becomes
 * a dictionary.
 */
const BODY_PROPERTY: PropertyDescriptor = {
  get(this: Article): string {
    const held = kept.get(this);
    if (!held) throw new Error("Internal error: an article's kept body was read from an object it was not kept for");
    return decoder.decode(held.bytes());
  },
  enumerable: true,
  configurable: true,
};

/**
 * A copy of the article with `changes` made, whose body is still kept as it was. A spread
 * (`{ ...article, image }`) reads the body through its property and copies the decoded string: every
 * story with a lead image held its body as a string.
 */
export function changedArticle(article: Article, changes: Partial<Article>): Article {
  const { html, ...fields } = changes;
  const body = kept.get(article);
  // Made with its changes at once, and with the kept body's own property rather than a copy of it (whose
  // accessor V8 takes for another): either way the copy was a dictionary (keepHtmlCompact says what that costs).
  const descriptors: PropertyDescriptorMap = Object.getOwnPropertyDescriptors(article);
  for (const [key, value] of Object.entries(fields)) descriptors[key] = { value, writable: true, enumerable: true, configurable: true };
  if (body) descriptors.html = BODY_PROPERTY;
  const copy = Object.defineProperties({}, descriptors) as Article;
  if (body) kept.set(copy, body);
  if (html !== undefined) return keepHtmlCompact(copy, encodeHtml(html));
  return copy;
}

/** The article's fields but its body, which is not read (nor decoded). */
export function fieldsBesideBody(article: Article): Omit<Article, "html"> {
  const fields: Partial<Article> = {};
  for (const key of Object.keys(article) as (keyof Article)[]) if (key !== "html") Object.assign(fields, { [key]: article[key] });
  return fields as Omit<Article, "html">;
}

/** A digest of the body: the one it was kept with, or one made now. */
export function htmlDigest(article: Article): string {
  return (kept.get(article) ?? new KeptBody(encodeHtml(article.html))).digest;
}
