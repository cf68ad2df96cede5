import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { Parser, Tokenizer } from "htmlparser2";
import { srcsetCandidates } from "./media-tags.ts";
import { siteFile } from "./site-urls.ts";

/**
 * The build-time link check: every internal link, image and asset reference in the built site's pages,
 * feeds and sitemaps must resolve to a file in the site. External addresses are never fetched. Pure apart from reading the
 * output folder, so it can check any built folder.
 */

export interface BrokenLink {
  /** The page that holds the reference, as a site path (/world/harbour/). */
  page: string;
  /** The reference as written in the page. */
  target: string;
  /** The site path it resolves to, which has no file. */
  resolved: string;
}

export interface LinkCheckOptions {
  /** The site's absolute URL (settings.baseUrl): links to it count as internal. */
  baseUrl?: string;
  /** The path prefix the site is published under (`--pathprefix`), which the files do not have. */
  pathPrefix?: string;
}

/**
 * Attributes that hold a URL, by element; srcset holds several. A Map, as it is asked about every tag
 * name of a page: an object table also answered for the names its prototype has (`<constructor href>`).
 */
const URL_ATTRIBUTES: ReadonlyMap<string, readonly string[]> = new Map(Object.entries({
  a: ["href"],
  area: ["href"],
  link: ["href"],
  img: ["src", "srcset"],
  source: ["src", "srcset"],
  script: ["src"],
  iframe: ["src"],
  video: ["src", "poster"],
  audio: ["src"],
  track: ["src"],
  embed: ["src"],
  object: ["data"],
  form: ["action"],
}));

/**
 * The references waiting for one site path, as lists side by side (each one's place in scan order,
 * page, text and resolved path), a text shared with the reference before it when it is the same. At
 * 100,000 stories nearly two million references wait a while (every page's navigation waits for the
 * section pages, which are written last), and held as two objects each, with a copy of the text each,
 * they took the page writer's thread to 0.4 GB.
 */
interface Waiting {
  orders: number[];
  pages: string[];
  targets: string[];
  resolved: string[];
}

/**
 * Checks pages as they are built: each page is scanned once, while its text is still in memory, and a
 * reference is kept only while no file is known for it. The build's page writer scans each page as it
 * writes it (src/page-writer-worker.ts), so nothing is read back from disk; what is still missing once
 * every file is in place is broken.
 */
export class LinkCheck {
  readonly #available = new Set<string>();
  /**
   * References with no file yet, by the site path they need (as `siteFile` writes it), each with its
   * place in scan order. A file's arrival drops those it answers: most references a page makes before
   * its target is built (the navigation, before the section pages) are answered in the same build,
   * and kept to the end they took a 100,000-article build past 3 GiB.
   */
  readonly #waiting = new Map<string, Waiting>();
  #scanned = 0;
  readonly #origin: URL | undefined;
  readonly #prefix: string;
  /**
   * Site-absolute references resolve the same from every page: navigation is resolved once, not once
   * per page. One whose file has been found is kept as needing no check (undefined), since files are
   * only ever added: the navigation, styles and tag links of every page are then looked up once.
   */
  readonly #resolvedAbsolute = new Map<string, string | undefined>();

  constructor(options: LinkCheckOptions = {}) {
    this.#origin = options.baseUrl ? siteRoot(options.baseUrl) : undefined;
    this.#prefix = normalisePrefix(options.pathPrefix);
  }

  /** Files now in the site, as paths relative to its folder ("world/a/index.html"). */
  addFiles(files: Iterable<string>): void {
    for (const file of files) {
      this.#available.add(file);
      for (const key of pathsAnsweredBy(file)) this.#waiting.delete(key);
    }
  }

  /**
   * Reads a built page, feed or sitemap (by its file name) and keeps its references that have no file
   * yet. Returns, each once, the references it needs a file for, besides its own address: a page taken
   * unchanged into a later build is checked from them, without reading it (src/page-cache.ts).
   */
  scan(file: string, text: string): string[] {
    const isXml = file.endsWith(".xml");
    if (!isXml && !file.endsWith(".html")) return [];
    return this.check(file, isXml ? referencesInXml(text) : referencesIn(text));
  }

  /** Keeps the references of a page (by its file name) that have no file yet; returns, as scan() does, those it needs a file for. */
  check(file: string, targets: Iterable<string>): string[] {
    const page = pagePath(file);
    const seen = new Set<string>();
    const needed: string[] = [];
    for (const target of targets) {
      if (seen.has(target)) continue;
      seen.add(target);
      const resolved = this.#resolve(target, page);
      if (resolved === undefined) {
        // A site-absolute reference resolves to nothing once its file has been found; any other, when it leaves the site.
        if (isSiteAbsolute(target)) needed.push(target);
        continue;
      }
      // A page's own address (its canonical link) is always there when the page is.
      if (resolved !== page) needed.push(target);
      if (exists(resolved, this.#available)) {
        if (this.#resolvedAbsolute.has(target)) this.#resolvedAbsolute.set(target, undefined);
        continue;
      }
      const key = siteFile(resolved);
      let waiting = this.#waiting.get(key);
      if (!waiting) this.#waiting.set(key, (waiting = { orders: [], pages: [], targets: [], resolved: [] }));
      const last = waiting.orders.length - 1;
      waiting.orders.push(this.#scanned++);
      waiting.pages.push(page);
      waiting.targets.push(last >= 0 && waiting.targets[last] === target ? waiting.targets[last]! : detached(target));
      waiting.resolved.push(last >= 0 && waiting.resolved[last] === resolved ? waiting.resolved[last]! : resolved);
    }
    return needed;
  }

  /**
   * Whether a reference that means the same from every page (site-absolute, a full URL or a fragment)
   * has its file now; undefined for one relative to its page. A page taken unchanged from the page
   * cache is checked with this, its references looked up once for all such pages, and scanned with
   * check() only when one has no file (src/page-writer-worker.ts).
   */
  answered(target: string): boolean | undefined {
    const sameFromEveryPage = target.startsWith("#") || isSiteAbsolute(target) || /^[a-z][a-z\d+.-]*:/i.test(target);
    if (!sameFromEveryPage) return undefined;
    const resolved = this.#resolve(target, "/");
    return resolved === undefined || exists(resolved, this.#available);
  }

  /** The references that still have no file, now that every file is in place, in the order they were found. */
  broken(): BrokenLink[] {
    const broken: { order: number; link: BrokenLink }[] = [];
    for (const { orders, pages, targets, resolved } of this.#waiting.values()) {
      orders.forEach((order, at) => {
        if (!exists(resolved[at]!, this.#available)) broken.push({ order, link: { page: pages[at]!, target: targets[at]!, resolved: resolved[at]! } });
      });
    }
    return broken.sort((a, b) => a.order - b.order).map(({ link }) => link);
  }

  #resolve(target: string, page: string): string | undefined {
    if (!isSiteAbsolute(target)) return resolveInternal(target, page, this.#origin, this.#prefix);
    let resolved = this.#resolvedAbsolute.get(target);
    if (resolved === undefined && !this.#resolvedAbsolute.has(target)) {
      resolved = resolveInternal(target, page, this.#origin, this.#prefix);
      this.#resolvedAbsolute.set(detached(target), resolved);
    }
    return resolved;
  }
}

/**
 * A copy of a string that shares no memory with the page it was parsed from. V8 may keep a piece of
 * a string as a view into the whole, so a reference kept from each page would keep every page's text
 * alive until the end of the build (at 1,000 pages a run, the heap grew by the run).
 */
/** A path from the site's root ("/world/"), not one that names a host ("//host/"). */
function isSiteAbsolute(target: string): boolean {
  return target.startsWith("/") && !target.startsWith("//");
}

function detached(text: string): string {
  return Buffer.from(text, "utf8").toString("utf8");
}

/** Finds every internal reference in a built site folder's pages that has no file behind it. */
export async function findBrokenLinks(outputDir: string, options: LinkCheckOptions = {}): Promise<BrokenLink[]> {
  const files = await listFiles(outputDir);
  const check = new LinkCheck(options);
  check.addFiles(files);
  check.addFiles(await redirectSources(outputDir));
  for (const file of files) {
    if (file.endsWith(".html") || file.endsWith(".xml")) check.scan(file, await readFile(path.join(outputDir, file), "utf8"));
  }
  return check.broken();
}

/** `<meta>` tags whose content is a URL: the page's own address and its sharing image. */
const URL_META = new Set(["og:url", "og:image", "og:image:url", "og:image:secure_url", "og:audio", "og:video", "twitter:image"]);

/** Every URL an HTML document refers to, in document order. */
export function referencesIn(html: string): string[] {
  const { references, base } = readReferences(html);
  // A page with a <base> resolves against it; the site's templates use none, so such links are left alone.
  return base === undefined ? references.map((reference) => reference.trim()).filter(Boolean) : [];
}

/** The URLs a piece of HTML refers to, as written, and its <base>, if it has one. */
function readReferences(html: string): { references: string[]; base?: string } {
  const references: string[] = [];
  let base: string | undefined;
  // htmlparser2's tokenizer alone, not its Parser: the Parser makes a string of every text and every
  // attribute of every tag (and tracks which elements are open), and most of a page's tags and all its
  // text hold no link. Here only the names of tags, and the attributes of tags that can hold a URL, are
  // read out of the page; the tokenizer still reads the HTML as the Parser would (comments, the raw
  // text of scripts and styles, character references in attributes).
  let tag: string | undefined;
  let attributes: Record<string, string> | undefined;
  let name = "";
  let value = "";
  const tagEnded = () => {
    if (tag && attributes) {
      if (tag === "base" && attributes.href !== undefined) base = attributes.href;
      if (tag === "meta" && attributes.content !== undefined && URL_META.has((attributes.property ?? attributes.name ?? "").toLowerCase())) {
        references.push(attributes.content);
      }
      for (const attribute of URL_ATTRIBUTES.get(tag) ?? []) {
        const found = attributes[attribute];
        if (found === undefined) continue;
        if (attribute === "srcset") references.push(...srcsetUrls(found));
        else references.push(found);
      }
    }
    tag = attributes = undefined;
  };
  const tokenizer = new Tokenizer(
    { decodeEntities: true },
    {
      onopentagname(start, end) {
        tag = html.slice(start, end).toLowerCase();
        attributes = URL_ATTRIBUTES.has(tag) || tag === "meta" || tag === "base" ? {} : undefined;
      },
      onattribname(start, end) {
        if (attributes) name = html.slice(start, end).toLowerCase();
      },
      onattribdata(start, end) {
        if (attributes) value += html.slice(start, end);
      },
      onattribentity(codePoint) {
        if (attributes) value += String.fromCodePoint(codePoint);
      },
      onattribend() {
        // The first of two attributes of the same name counts, as in a browser.
        if (attributes && !Object.hasOwn(attributes, name)) attributes[name] = value;
        value = "";
      },
      // A tag's end, whether it closes itself or not.
      onopentagend: tagEnded,
      onselfclosingtag: tagEnded,
      onclosetag() {},
      ontext() {},
      ontextentity() {},
      oncomment(start, endIndex, endOffset) {
        // A browser ends a comment at its first --!> too (the tokenizer reads on to -->, as the sanitiser
        // does): what follows it, to the -->, is the page's, published as written under `trusted`.
        const bang = html.indexOf("--!>", start);
        if (bang < 0 || bang + 4 > endIndex - endOffset) return;
        const after = readReferences(html.slice(bang + 4, endIndex - endOffset));
        references.push(...after.references);
        base ??= after.base;
      },
      oncdata() {},
      ondeclaration() {},
      onprocessinginstruction() {},
      onend() {},
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  return { references, base };
}

/**
 * The URLs a feed or sitemap points readers and crawlers to: sitemap `<loc>`, RSS `<link>`, Atom
 * `<link href>`, and enclosures' or media's `url`. Only those on the site itself are then checked.
 */
export function referencesInXml(xml: string): string[] {
  const references: string[] = [];
  let inUrlElement = false;
  let text = "";
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const local = name.replace(/^.*:/, "");
        if (local === "loc" || (local === "link" && attributes.href === undefined)) {
          inUrlElement = true;
          text = "";
        }
        if (local === "link" && attributes.href !== undefined) references.push(attributes.href);
        if ((local === "enclosure" || local === "content" || local === "thumbnail") && attributes.url !== undefined) references.push(attributes.url);
      },
      ontext(data) {
        if (inUrlElement) text += data;
      },
      onclosetag() {
        if (!inUrlElement) return;
        inUrlElement = false;
        if (text.trim()) references.push(text.trim());
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  return references;
}

function srcsetUrls(srcset: string): string[] {
  return srcsetCandidates(srcset).map(([address = ""]) => address);
}

/**
 * The site path a reference points at, or undefined when it is not the site's to check: another
 * host, another scheme (mailto:, tel:, data:), or only a fragment of the same page.
 */
export function resolveInternal(target: string, page: string, origin?: URL, pathPrefix = "/"): string | undefined {
  if (target.startsWith("#")) return undefined;
  const pageUrl = new URL(page, "http://site.invalid");
  let url: URL;
  try {
    url = new URL(target, pageUrl);
  } catch {
    return target;
  }
  let sitePath: string;
  if (url.origin === pageUrl.origin) sitePath = url.pathname;
  else if (origin && url.origin === origin.origin && url.pathname.startsWith(origin.pathname)) sitePath = `/${url.pathname.slice(origin.pathname.length)}`;
  else return undefined;
  // Links written by Eleventy's path-prefix support carry the prefix; the files do not.
  if (pathPrefix !== "/" && sitePath.startsWith(pathPrefix)) sitePath = `/${sitePath.slice(pathPrefix.length)}`;
  try {
    return decodeURIComponent(sitePath);
  } catch {
    return sitePath;
  }
}

/** A site path has a file when it names one, or is a folder with an index.html (as static hosts serve /x/ and /x). */
function exists(sitePath: string, available: ReadonlySet<string>): boolean {
  const relative = siteFile(sitePath);
  if (relative === "" || relative.endsWith("/")) return available.has(`${relative}index.html`) || available.has(relative);
  return available.has(relative) || available.has(`${relative}/index.html`) || available.has(`${relative}/`);
}

/** The site paths (as `siteFile` writes them) that `exists` finds once this file is in the site. */
function pathsAnsweredBy(file: string): string[] {
  const paths = [file];
  if (file === "index.html" || file.endsWith("/index.html")) paths.push(file.slice(0, -"index.html".length), file.slice(0, -"/index.html".length));
  if (file.endsWith("/")) paths.push(file.slice(0, -1));
  return paths;
}

/** Paths a `_redirects` file (Netlify, Cloudflare Pages) answers for: a short link may be one. */
export async function redirectSources(outputDir: string): Promise<string[]> {
  const text = await readFile(path.join(outputDir, "_redirects"), "utf8").catch(() => "");
  return text
    .split("\n")
    .map((line) => line.trim().split(/\s+/)[0] ?? "")
    .filter((source) => source.startsWith("/") && !source.includes("*") && !source.includes(":"))
    .map(siteFile);
}

/** Folders read at once when listing: a 25,000-page site lists in a quarter of the time of one at a time. */
const FOLDERS_IN_FLIGHT = 32;

/** Every file in a folder, as paths relative to it with forward slashes, sorted; only under the top-level entries `keep` accepts. */
export function listFiles(dir: string, keep: (topLevelName: string) => boolean = () => true): Promise<string[]> {
  const files: string[] = [];
  // Folders are read several at a time, not one after another as readdir's own recursive option does:
  // each finished read starts the next.
  const toRead = [""];
  let reading = 0;
  return new Promise((resolve, reject) => {
    const readMore = (): void => {
      if (toRead.length === 0 && reading === 0) return resolve(files.sort());
      while (toRead.length > 0 && reading < FOLDERS_IN_FLIGHT) {
        const folder = toRead.pop()!;
        reading++;
        readdir(folder ? path.join(dir, folder) : dir, { withFileTypes: true }).then((entries) => {
          for (const entry of entries) {
            if (!folder && !keep(entry.name)) continue;
            const file = folder ? `${folder}/${entry.name}` : entry.name;
            if (entry.isDirectory()) toRead.push(file);
            else if (entry.isFile()) files.push(file);
          }
          reading--;
          readMore();
        }, reject);
      }
    };
    readMore();
  });
}

function pagePath(file: string): string {
  return `/${file.endsWith("index.html") ? file.slice(0, -"index.html".length) : file}`;
}

function siteRoot(baseUrl: string): URL {
  const url = new URL(baseUrl);
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url;
}

function normalisePrefix(prefix: string | undefined): string {
  if (!prefix) return "/";
  return `/${prefix.replace(/^\/+|\/+$/g, "")}/`.replace(/^\/\/$/, "/");
}

/** The site path a reference on a page resolves to, as the check resolves it; undefined when it is not the site's to check. */
export function resolveAsChecked(target: string, page: string, options: LinkCheckOptions): string | undefined {
  return resolveInternal(target, page, options.baseUrl ? siteRoot(options.baseUrl) : undefined, normalisePrefix(options.pathPrefix));
}

/** Where a broken link was written: its page's source, and the lines of an article's Markdown body that hold it. */
export interface LinkSource {
  file: string;
  /** 1-based lines in the file, in order; none for a link a template made. */
  lines?: readonly number[];
}

/**
 * The message that fails the build: each broken reference with the article (or template) whose page
 * holds it, with the line for one written in an article's body, and the target. `sourceOf` is asked
 * only about a link that is broken.
 */
export function describeBrokenLinks(broken: readonly BrokenLink[], sourceOf: (link: BrokenLink) => LinkSource | undefined): string {
  const limit = 200;
  const lines = broken.slice(0, limit).map((link) => {
    const source = sourceOf(link);
    const [line, ...more] = source?.lines ?? [];
    const also = more.length ? `; also line${more.length === 1 ? "" : "s"} ${more.join(", ")}` : "";
    const where = source ? `${source.file}${line === undefined ? "" : `:${line}`} (page ${link.page}${also})` : `page ${link.page}`;
    const target = link.target === link.resolved ? link.target : `${link.target} (${link.resolved})`;
    return `  ${where}: links to ${target}, which is not in the built site`;
  });
  if (broken.length > limit) lines.push(`  … and ${broken.length - limit} more`);
  const pages = new Set(broken.map((link) => link.page)).size;
  return `${broken.length} broken internal link${broken.length === 1 ? "" : "s"} on ${pages} page${pages === 1 ? "" : "s"}:\n${lines.join("\n")}`;
}
