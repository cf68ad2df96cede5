import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import fsPromises, { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { describeBrokenLinks, findBrokenLinks, LinkCheck, listFiles, referencesIn, referencesInXml, resolveInternal } from "../src/link-check.ts";
import { Parser } from "htmlparser2";
import { replaceBuiltinExport } from "./helpers/builtins.ts";
import { article, buildFixture, makeFixtureSite, makeTempDir, runCli, type FixtureSite } from "./helpers/site.ts";
import { chromiumMissing, launchChromium } from "./helpers/chromium.ts";

/** Writes a built-site folder from path → content. */
async function writeSite(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  }
}

describe("referencesIn", () => {
  test("reads href, src, srcset and poster, decoding entities", () => {
    const html = `<link href="/css/site.css" rel="stylesheet"><script src="/js/a.js"></script>
      <a href="/world/x/?a=1&amp;b=2#top">x</a><img src="/i.png" srcset="/i-1.png 1x, /i-2.png 2x">
      <picture><source srcset="/p.webp 640w"></picture><video poster="/poster.jpg" src="/v.mp4"></video>
      <meta property="og:image" content="https://news.example.com/og.png"><meta name="description" content="/not/a/link">`;
    assert.deepEqual(referencesIn(html), ["/css/site.css", "/js/a.js", "/world/x/?a=1&b=2#top", "/i.png", "/i-1.png", "/i-2.png", "/p.webp", "/v.mp4", "/poster.jpg", "https://news.example.com/og.png"]);
  });

  // Pages as an editor's Markdown and our templates can make them, and as they cannot: each is read
  // as a browser would, and as htmlparser2's full Parser reads it.
  const tricky: Record<string, [html: string, expected: string[]]> = {
    "tags and attributes in capitals": [`<A HREF="/a/">a</A><IMG SRC='/b.png'>`, ["/a/", "/b.png"]],
    "the first of two attributes of one name": [`<a href="/first/" href="/second/">x</a>`, ["/first/"]],
    "character references, named, numeric and bare": [`<a href="/q/?a=1&amp;b=&#50;&copy=3&#x41;">x</a>`, ["/q/?a=1&b=2&copy=3A"]],
    "unquoted and empty values": [`<a href=/unquoted/>x</a><a href>y</a><a href="">z</a><img src = "/spaced.png">`, ["/unquoted/", "/spaced.png"]],
    "no links in comments, scripts, styles or text": [
      `<!-- <a href="/commented/"> --><script>var s = '<a href="/scripted/">';</script><style>a[href="/styled/"]{}</style><p>&lt;a href="/text/"&gt;</p><textarea><a href="/typed/"></textarea><a href="/real/">r</a>`,
      ["/real/"],
    ],
    "self-closing and foreign tags": [`<img src="/self.png"/><svg><a href="/in-svg/"><image href="/no.png"/></a></svg><br/><source srcset="/s1.webp 1x,/s2.webp 2x"/>`, ["/self.png", "/in-svg/", "/s1.webp", "/s2.webp"]],
    "only the attributes of tags that can hold a URL": [`<div href="/div/" data-href="/data/"><span src="/span.png"></span></div><a data-href="/no/" href="/yes/">x</a>`, ["/yes/"]],
    "a page with a base element": [`<base href="/elsewhere/"><a href="x/">x</a>`, []],
    "meta tags by property or name, in any case": [`<meta PROPERTY="OG:URL" content="https://news.example.com/a/"><meta name="twitter:image" content="/t.png"><meta name="og:url">`, ["https://news.example.com/a/", "/t.png"]],
    "a tag left open at the end": [`<a href="/open/">x<img src="/last.png"`, ["/open/"]],
    // Names every object answers for: the check threw on them ("not iterable"), and npm run check with it.
    "tags named as an object's own properties": [`<constructor href="/c/">c</constructor><__proto__ src="/p.png"><CONSTRUCTOR href="/d/"><a href="/z/">z</a>`, ["/z/"]],
  };
  for (const [name, [html, expected]] of Object.entries(tricky)) {
    test(`reads ${name} as a browser would`, () => {
      assert.deepEqual(referencesIn(html), expected);
      assert.deepEqual(referencesIn(html), referencesByParser(html), "and as htmlparser2's Parser does");
    });
  }

  // htmlparser2 reads a comment on to -->, as the sanitiser does; a browser ends it at a --!> first, and
  // shows what follows (published as written under htmlPolicy "trusted").
  const banged: Record<string, [html: string, expected: string[]]> = {
    "what follows a --!>, to the -->": [`<p>a <!-- n --!> <a href="/shown/">x</a> --> b</p><a href="/after/">y</a>`, ["/shown/", "/after/"]],
    "a --!> that takes the dashes of the <!--: none, read on to the -->": [`<!--!><a href="/hidden/">--><!----!><a href="/shown/">-->`, ["/shown/"]],
    "a comment opened after the --!>, ended by another": [`<!-- a --!> <!-- <a href="/hidden/"> --!> <a href="/shown/"> -->`, ["/shown/"]],
  };
  for (const [name, [html, expected]] of Object.entries(banged)) {
    test(`reads ${name} as a browser would, not as htmlparser2 does`, () => assert.deepEqual(referencesIn(html), expected));
  }
  test("and Chromium shows those links, and no other", { skip: chromiumMissing() ?? false }, async () => {
    const chromium = await launchChromium();
    try {
      const page = await chromium.context.newPage();
      for (const [name, [html, expected]] of Object.entries(banged)) {
        await page.setContent(html, { waitUntil: "domcontentloaded" });
        assert.deepEqual(await page.locator("a[href]").evaluateAll((links) => links.map((link) => link.getAttribute("href"))), expected, name);
      }
    } finally {
      await chromium.close();
    }
  });
});

/** The same references read with htmlparser2's full Parser, the way the link check read them before. */
function referencesByParser(html: string): string[] {
  const urlAttributes: Record<string, string[]> = { a: ["href"], img: ["src", "srcset"], source: ["src", "srcset"], link: ["href"], script: ["src"] };
  const meta = new Set(["og:url", "og:image", "twitter:image"]);
  const found: string[] = [];
  let base = false;
  const parser = new Parser(
    {
      onopentag(tag, attributes) {
        if (tag === "base" && attributes.href !== undefined) base = true;
        if (tag === "meta" && attributes.content !== undefined && meta.has((attributes.property ?? attributes.name ?? "").toLowerCase())) found.push(attributes.content);
        for (const name of (Object.hasOwn(urlAttributes, tag) && urlAttributes[tag]) || []) {
          const value = attributes[name];
          if (value === undefined) continue;
          if (name === "srcset") found.push(...value.split(",").map((candidate) => candidate.trim().split(/\s+/)[0] ?? ""));
          else found.push(value);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return base ? [] : found.map((value) => value.trim()).filter(Boolean);
}

describe("referencesInXml", () => {
  test("reads sitemap locations, RSS and Atom links, and enclosures", () => {
    const xml = `<?xml version="1.0"?><urlset><url><loc>https://news.example.com/world/a/</loc></url></urlset>
      <rss xmlns:media="http://search.yahoo.com/mrss/" xmlns:atom="http://www.w3.org/2005/Atom"><channel><atom:link href="https://news.example.com/feed.xml" rel="self"/>
      <item><link>https://news.example.com/world/b/?a=1&amp;b=2</link><enclosure url="https://news.example.com/media/x.jpg" type="image/jpeg"/>
      <media:content url="https://news.example.com/media/y.jpg"/><description>&lt;a href="/not-a-link/"&gt;</description></item></channel></rss>`;
    assert.deepEqual(referencesInXml(xml), [
      "https://news.example.com/world/a/",
      "https://news.example.com/feed.xml",
      "https://news.example.com/world/b/?a=1&b=2",
      "https://news.example.com/media/x.jpg",
      "https://news.example.com/media/y.jpg",
    ]);
  });
});

describe("resolveInternal", () => {
  const origin = new URL("https://news.example.com/");
  test("resolves relative, root-relative and same-site absolute links to site paths", () => {
    assert.equal(resolveInternal("/world/a/", "/world/b/"), "/world/a/");
    assert.equal(resolveInternal("../a/", "/world/b/"), "/world/a/");
    assert.equal(resolveInternal("img.png", "/world/b/"), "/world/b/img.png");
    assert.equal(resolveInternal("https://news.example.com/s/abc23", "/", origin), "/s/abc23");
    assert.equal(resolveInternal("/world/a/?q=1#x", "/"), "/world/a/");
  });
  test("leaves other sites, other schemes and bare fragments alone", () => {
    assert.equal(resolveInternal("https://elsewhere.example/x", "/", origin), undefined);
    assert.equal(resolveInternal("//elsewhere.example/x", "/", origin), undefined);
    assert.equal(resolveInternal("mailto:desk@example.com", "/"), undefined);
    assert.equal(resolveInternal("#top", "/"), undefined);
    assert.equal(resolveInternal("data:image/png;base64,AAAA", "/"), undefined);
  });
  test("decodes percent-encoded paths, so non-Latin URLs match their files", () => {
    assert.equal(resolveInternal("/tags/%D9%BE%D8%A7%DA%A9%D8%B3%D8%AA%D8%A7%D9%86/", "/"), "/tags/پاکستان/");
  });
  test("decodes %3F and %23 too, to the ? and # of the file a browser asks for", () => {
    assert.equal(resolveInternal("/media/x/what%3F.png", "/"), "/media/x/what?.png");
    assert.equal(resolveInternal("take%232.mp4", "/media/x/"), "/media/x/take#2.mp4");
    const check = new LinkCheck();
    check.addFiles(["index.html", "media/x/what?.png"]);
    check.scan("index.html", '<img src="/media/x/what%3F.png" alt="">');
    assert.deepEqual(check.broken(), []);
  });
  test("strips the path prefix the site is published under", () => {
    assert.equal(resolveInternal("/news/world/a/", "/", undefined, "/news/"), "/world/a/");
  });
  test("for a site published under a path, another path on its host is another site", () => {
    const underPath = new URL("https://example.github.io/news/");
    assert.equal(resolveInternal("https://example.github.io/news/world/a/", "/", underPath), "/world/a/");
    assert.equal(resolveInternal("https://example.github.io/other-project/x/", "/", underPath), undefined);
  });
});

describe("findBrokenLinks", () => {
  let dir: string;
  before(async () => {
    dir = await makeTempDir();
    await writeSite(dir, {
      "index.html": `<a href="/world/a/">a</a><a href="/world/a">a without slash</a><a href="/missing/">m</a><img src="/images/gone.png">
        <a href="https://news.example.com/world/a/">absolute</a><a href="https://news.example.com/gone/">absolute, gone</a>
        <a href="/feed.xml">feed</a><a href="/s/abc23">short</a><a href="/tags/پاکستان/">tag</a><a href="/tags/%D9%BE%D8%A7%DA%A9%D8%B3%D8%AA%D8%A7%D9%86/">tag</a>
        <a href="https://elsewhere.example/x">external</a><a href="#main">skip</a><a href="/missing/">repeated</a>`,
      "world/a/index.html": `<img src="photo.jpg" srcset="photo.jpg 1x, photo-2x.jpg 2x"><a href="../b/">b</a>`,
      "world/a/photo.jpg": "jpg",
      "feed.xml": "<rss><channel><item><link>https://news.example.com/world/a/</link></item><item><link>https://news.example.com/world/gone/</link></item></channel></rss>",
      "tags/پاکستان/index.html": "tag",
      "_redirects": "/s/abc23 /world/a/ 301\n",
    });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("reports each missing target once per page, with the page and the target as written", async () => {
    const broken = await findBrokenLinks(dir, { baseUrl: "https://news.example.com" });
    assert.deepEqual(
      broken.map((link) => `${link.page} -> ${link.target}`),
      ["/feed.xml -> https://news.example.com/world/gone/", "/ -> /missing/", "/ -> /images/gone.png", "/ -> https://news.example.com/gone/", "/world/a/ -> photo-2x.jpg", "/world/a/ -> ../b/"],
    );
    assert.equal(broken.find((link) => link.target === "../b/")?.resolved, "/world/b/");
  });

  test("a site with every link in place passes", async () => {
    const clean = await makeTempDir();
    await writeSite(clean, { "index.html": `<a href="/a/">a</a><link rel="stylesheet" href="/site.css">`, "a/index.html": `<a href="/">home</a>`, "site.css": "" });
    assert.deepEqual(await findBrokenLinks(clean), []);
    await rm(clean, { recursive: true, force: true });
  });

  test("the message names the source of each page and the target, and the lines of a link written in an article's body", () => {
    const message = describeBrokenLinks(
      [
        { page: "/world/a/", target: "../b/", resolved: "/world/b/" },
        { page: "/world/a/", target: "/c/", resolved: "/c/" },
        { page: "/world/a/", target: "/d/", resolved: "/d/" },
        { page: "/world/a/", target: "/tags/e/", resolved: "/tags/e/" },
        { page: "/archive/", target: "/f/", resolved: "/f/" },
        { page: "/s/x/", target: "/g/", resolved: "/g/" },
      ],
      (link) =>
        link.page === "/world/a/"
          ? { file: "articles/a.md", lines: { "../b/": [12], "/c/": [9, 14], "/d/": [9, 14, 20] }[link.target] ?? [] }
          : link.page === "/archive/"
            ? { file: "templates/listings/archive.njk" }
            : undefined,
    );
    assert.match(message, /6 broken internal links on 3 pages/);
    assert.match(message, /^ {2}articles\/a\.md:12 \(page \/world\/a\/\): links to \.\.\/b\/ \(\/world\/b\/\), which is not in the built site$/m);
    assert.match(message, /^ {2}articles\/a\.md:9 \(page \/world\/a\/; also line 14\): links to \/c\/, which is not in the built site$/m);
    assert.match(message, /^ {2}articles\/a\.md:9 \(page \/world\/a\/; also lines 14, 20\): links to \/d\/, which/m);
    // A link the article page's template made, and one on a template's page: no line to name.
    assert.match(message, /^ {2}articles\/a\.md \(page \/world\/a\/\): links to \/tags\/e\/, which/m);
    assert.match(message, /^ {2}templates\/listings\/archive\.njk \(page \/archive\/\): links to \/f\/, which/m);
    assert.match(message, /^ {2}page \/s\/x\/: links to \/g\/, which/m);
  });

  test("the message lists the first 200 broken links, and counts the rest", () => {
    const links = (count: number) => Array.from({ length: count }, (_, index) => ({ page: "/a/", target: `/gone-${index}/`, resolved: `/gone-${index}/` }));
    const listed = (message: string) => message.split("\n").filter((line) => line.includes("which is not in the built site")).length;
    const exactly = describeBrokenLinks(links(200), () => undefined);
    assert.equal(listed(exactly), 200);
    assert.doesNotMatch(exactly, /more/);
    const past = describeBrokenLinks(links(201), () => undefined);
    assert.equal(listed(past), 200);
    assert.match(past, /^201 broken internal links on 1 page:/);
    assert.match(past, /\n {2}… and 1 more$/);
  });
});

test("the sample site builds with every internal link in place", async () => {
  const dir = await makeTempDir();
  try {
    await writeFile(path.join(dir, "settings.json"), JSON.stringify({ checkLinks: true }));
    const result = await runCli("build", ["--output", path.join(dir, "_site"), "--settings", path.join(dir, "settings.json"), "--quiet", "--now", "2026-11-30T12:00:00Z"], {
      NEWS_PAGE_CACHE: path.join(dir, "page-cache"),
    });
    assert.equal(result.code, 0, result.stderr);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

describe("listFiles", () => {
  // 40 folders, each two levels deep, beside a deeper chain, an empty folder and files at the top.
  const files: Record<string, string> = {
    "index.html": "home",
    "feed.xml": "feed",
    "_redirects": "/s/abc23 /world/a/ 301",
    "deep/a/b/c/d/e/f/g/leaf.txt": "deep",
    "tags/پاکستان/index.html": "tag",
  };
  for (let index = 0; index < 40; index++) {
    const folder = `folder-${String(index).padStart(2, "0")}`;
    files[`${folder}/index.html`] = folder;
    files[`${folder}/inner/page.html`] = folder;
    files[`${folder}/inner/deepest/data.json`] = folder;
  }
  let dir: string;
  before(async () => {
    dir = await makeTempDir("news-list-files-");
    await writeSite(dir, files);
    await mkdir(path.join(dir, "empty"));
    await mkdir(path.join(dir, "folder-07/inner/empty-too"));
    // Neither is a file of the site's own: as readdir's recursive listing did, neither is listed or followed.
    await symlink(path.join(dir, "index.html"), path.join(dir, "linked.html"));
    await symlink(path.join(dir, "folder-00"), path.join(dir, "folder-01/linked-folder"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("lists every file in the tree, relative, with forward slashes, sorted; no folders or symbolic links", async () => {
    const listed = await listFiles(dir);
    assert.equal(listed.length, 125);
    assert.deepEqual(listed, Object.keys(files).sort());
    assert.deepEqual(listed.slice(0, 5), ["_redirects", "deep/a/b/c/d/e/f/g/leaf.txt", "feed.xml", "folder-00/index.html", "folder-00/inner/deepest/data.json"]);
    assert.deepEqual(listed.slice(-3), ["folder-39/inner/page.html", "index.html", "tags/پاکستان/index.html"]);
  });

  test("reads 32 folders at once, never more", async () => {
    let reading = 0;
    let most = 0;
    const realReaddir = fsPromises.readdir;
    // Each read waits until 32 are waiting (or a while has passed), so the count does not depend on the disk's speed.
    const restore = replaceBuiltinExport(fsPromises, "readdir", (async (...args: Parameters<typeof realReaddir>) => {
      reading++;
      most = Math.max(most, reading);
      const waitedFrom = Date.now();
      while (reading < 32 && Date.now() - waitedFrom < 50) await new Promise((resolve) => setTimeout(resolve, 1));
      try {
        return await realReaddir(...args);
      } finally {
        reading--;
      }
    }) as typeof realReaddir);
    let listed: string[];
    try {
      listed = await listFiles(dir);
    } finally {
      restore();
    }
    assert.equal(most, 32);
    assert.deepEqual(listed, Object.keys(files).sort());
  });

  test("lists only under the top-level entries it is told to keep, and the two listings make the whole", async () => {
    const folders = (name: string) => name.startsWith("folder-");
    const kept = await listFiles(dir, folders);
    assert.ok(kept.length > 0 && kept.every((file) => file.startsWith("folder-")), kept.join(", "));
    const rest = await listFiles(dir, (name) => !folders(name));
    assert.ok(rest.includes("_redirects") && rest.includes("index.html") && rest.every((file) => !file.startsWith("folder-")));
    assert.deepEqual([...kept, ...rest].sort(), Object.keys(files).sort());
  });

  test("rejects for a folder that does not exist", async () => {
    await assert.rejects(listFiles(path.join(dir, "missing")), { code: "ENOENT" });
    await assert.rejects(listFiles(path.join(dir, "index.html")), { code: "ENOTDIR" });
  });
});

describe("LinkCheck, as a build in several runs uses it", () => {
  test("a link to a page a later run writes is broken only if that page never comes", () => {
    const check = new LinkCheck({ baseUrl: "https://news.example.com" });
    check.addFiles(["index.html", "css/site.css"]);
    check.scan("index.html", `<link rel="stylesheet" href="/css/site.css"><a href="/world/later/">later</a><a href="/world/never/">never</a>`);
    check.scan("world/later/feed.xml", "<rss><channel><item><link>https://news.example.com/world/later/</link></item></channel></rss>");
    check.addFiles(["world/later/index.html"]);
    assert.deepEqual(
      check.broken().map((link) => `${link.page} -> ${link.target}`),
      ["/ -> /world/never/"],
    );
  });

  test("references still waiting at the end are reported page by page, in the order they were found, each as written", () => {
    const check = new LinkCheck({ baseUrl: "https://news.example.com" });
    check.scan("world/a/index.html", `<a href="/world/">World</a><a href="/gone/">gone</a><a href="../b/">b</a>`);
    check.scan("world/b/index.html", `<a href="https://news.example.com/world/">World</a><a href="/world/">World again</a><a href="/gone/">gone</a>`);
    check.scan("world/c/index.html", `<a href="/world/">World</a><a href="/gone/index.html">gone</a>`);
    check.addFiles(["world/b/index.html"]);
    assert.deepEqual(
      check.broken().map((link) => `${link.page} -> ${link.target} (${link.resolved})`),
      [
        "/world/a/ -> /world/ (/world/)",
        "/world/a/ -> /gone/ (/gone/)",
        "/world/b/ -> https://news.example.com/world/ (/world/)",
        "/world/b/ -> /world/ (/world/)",
        "/world/b/ -> /gone/ (/gone/)",
        "/world/c/ -> /world/ (/world/)",
        "/world/c/ -> /gone/index.html (/gone/index.html)",
      ],
    );
    check.addFiles(["world/index.html"]);
    assert.deepEqual(
      check.broken().map((link) => `${link.page} -> ${link.target}`),
      ["/world/a/ -> /gone/", "/world/b/ -> /gone/", "/world/c/ -> /gone/index.html"],
    );
  });

  test("a file that is neither a page, a feed nor a sitemap is not read", () => {
    const check = new LinkCheck();
    check.scan("css/site.css", `a { background: url("/missing.png") } <a href="/missing/">`);
    assert.deepEqual(check.broken(), []);
  });

  test("scan returns, each once, the references a page needs a file for, for a page kept to be checked from them later", () => {
    const check = new LinkCheck({ baseUrl: "https://news.example.com/" });
    check.addFiles(["world/index.html"]);
    const html = `<link rel="canonical" href="https://news.example.com/world/a/"><a href="/world/">x</a><a href="../b/">y</a>
      <a href="/world/">again</a><a href="#main">skip</a><a href="https://elsewhere.example.org/">away</a><a href="/world/">and again</a>`;
    // Not its own address, a fragment or another site's page; "/world/" found (and so looked up once) still counts.
    assert.deepEqual(check.scan("world/a/index.html", html), ["/world/", "../b/"]);
    assert.deepEqual(check.scan("world/c/index.html", html), ["https://news.example.com/world/a/", "/world/", "../b/"]);
    assert.deepEqual(check.check("world/a/index.html", ["../b/", "../b/"]), ["../b/"]);
  });
});

describe("LinkCheck.answered, for pages taken from the page cache", () => {
  const check = new LinkCheck({ baseUrl: "https://news.example.com/" });
  check.addFiles(["index.html", "world/index.html", "css/site.css"]);

  test("tells whether a reference that means the same from every page has its file", () => {
    assert.equal(check.answered("/world/"), true);
    assert.equal(check.answered("/css/site.css"), true);
    assert.equal(check.answered("/world/gone/"), false);
    assert.equal(check.answered("https://news.example.com/world/"), true);
    assert.equal(check.answered("https://news.example.com/world/gone/"), false);
  });

  test("a fragment, and a link to another site, need no file", () => {
    assert.equal(check.answered("#main"), true);
    assert.equal(check.answered("https://elsewhere.example.org/page/"), true);
    assert.equal(check.answered("mailto:desk@news.example.com"), true);
  });

  test("says nothing of a reference relative to its page, or one that keeps only the host", () => {
    assert.equal(check.answered("../b/"), undefined);
    assert.equal(check.answered("b.jpg"), undefined);
    assert.equal(check.answered("?page=2"), undefined);
    assert.equal(check.answered("//news.example.com/world/"), undefined);
  });
});

describe("the link check in the build", () => {
  let site: FixtureSite;
  before(async () => {
    site = await makeFixtureSite(
      {
        "good.md": article(
          { headline: "Good" },
          "First paragraph.\n\nSee [the other story](/world/bad/) and [a missing one](/world/no-such-story/).\n\n```\n[an example](/world/no-such-story/)\n```\n\nAgain: [still missing](/world/no-such-story/ \"A title\").",
        ),
        "bad.md": article({ headline: "Bad", date: "2026-01-04T10:00:00+05:00" }, "A download that is not there: [the map](/images/missing-map.png)"),
        // Links in raw HTML, one tag over two lines, and a Markdown link whose text runs over two.
        "raw.md": article(
          { headline: "Raw", date: "2026-01-03T10:00:00+05:00" },
          [
            "Intro.", // 7
            "",
            '<p>A <a href="/world/raw-missing/">raw link</a>.</p>', // 9
            "",
            "<div>",
            '<a href="/world/raw-missing-too/">one</a>', // 12
            '<a title="x"',
            '  href="/world/raw-missing-too/">two</a>', // 14
            "</div>",
            "",
            "A [link whose text",
            "runs over two lines](/world/wrapped-missing/).", // 18
          ].join("\n"),
        ),
        // A link shown as indented code, which is no link, and one after a "<!--" that is an attribute's value.
        "code.md": article(
          { headline: "Code", date: "2026-01-02T10:00:00+05:00" },
          [
            "Intro.", // 7
            "",
            "    [an example](/world/code-missing/)", // 9
            "",
            '<p><a title="a <!-- b" href="/world/attr-missing/">after</a></p>', // 11
            "",
            "- An item.",
            "",
            "    Its second paragraph: [real](/world/code-missing/).", // 15
          ].join("\n"),
        ),
      },
      { checkLinks: true },
    );
  });
  after(() => site.remove());

  test("fails the build, naming the article file, the lines of the body that hold the link and the target, and leaves no site behind", async () => {
    const result = await buildFixture(site, ["--now", "2026-11-30T12:00:00Z"]);
    assert.equal(result.code, 1);
    // Lines 9 and 15 of good.md; the one in the code block (line 12) is an example, shown as code.
    assert.match(result.stderr, /good\.md:9 \(page \/world\/good\/; also line 15\): links to \/world\/no-such-story\/, which is not in the built site/);
    assert.match(result.stderr, /bad\.md:7 \(page \/world\/bad\/\): links to \/images\/missing-map\.png, which is not in the built site/);
    assert.doesNotMatch(result.stderr, /links to \/world\/bad\/,/);
    assert.match(result.stderr, /Build failed/);
  });

  test("a link in raw HTML, and a Markdown link over two lines, are named with the line of their target, in the build and the check", async () => {
    const built = await buildFixture(site, ["--now", "2026-11-30T12:00:00Z"]);
    assert.equal(built.code, 1);
    assert.match(built.stderr, /raw\.md:9 \(page \/world\/raw\/\): links to \/world\/raw-missing\/, which is not in the built site/);
    assert.match(built.stderr, /raw\.md:12 \(page \/world\/raw\/; also line 14\): links to \/world\/raw-missing-too\/, which/);
    assert.match(built.stderr, /raw\.md:18 \(page \/world\/raw\/\): links to \/world\/wrapped-missing\/, which/);
    const checked = await runCli("check", ["--articles", site.articlesDir, "--settings", site.settingsFile]);
    assert.equal(checked.code, 1);
    assert.match(checked.stderr, /raw\.md:9: the link to \/world\/raw-missing\/ points to no article/);
    assert.match(checked.stderr, /raw\.md:12: the link to \/world\/raw-missing-too\/ points to no article/);
    assert.match(checked.stderr, /raw\.md:14: the link to \/world\/raw-missing-too\/ points to no article/);
    assert.match(checked.stderr, /raw\.md:18: the link to \/world\/wrapped-missing\/ points to no article/);
  });

  test("a link shown as indented code is no link, and a <!-- in an attribute's value hides none, in the build and the check", async () => {
    const built = await buildFixture(site, ["--now", "2026-11-30T12:00:00Z"]);
    assert.equal(built.code, 1);
    assert.match(built.stderr, /code\.md:15 \(page \/world\/code\/\): links to \/world\/code-missing\/, which/);
    assert.match(built.stderr, /code\.md:11 \(page \/world\/code\/\): links to \/world\/attr-missing\/, which/);
    const checked = await runCli("check", ["--articles", site.articlesDir, "--settings", site.settingsFile]);
    assert.equal(checked.code, 1);
    assert.match(checked.stderr, /code\.md:11: the link to \/world\/attr-missing\/ points to no article/);
    assert.match(checked.stderr, /code\.md:15: the link to \/world\/code-missing\/ points to no article/);
    assert.doesNotMatch(checked.stderr, /code\.md:9:/);
    assert.doesNotMatch(checked.stderr, /code\.md:\d+: <!--/);
  });

  test("under a path prefix the page's link carries the prefix, and the lines are still found", async () => {
    const result = await buildFixture(site, ["--now", "2026-11-30T12:00:00Z", "--pathprefix", "/news/"]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /good\.md:9 \(page \/world\/good\/; also line 15\): links to \/news\/world\/no-such-story\/ \(\/world\/no-such-story\/\), which/);
    assert.match(result.stderr, /bad\.md:7 \(page \/world\/bad\/\): links to \/news\/images\/missing-map\.png \(\/images\/missing-map\.png\), which/);
  });

  test("checkLinks: false publishes anyway", async () => {
    await writeFile(site.settingsFile, JSON.stringify({ checkLinks: false }));
    const result = await buildFixture(site, ["--now", "2026-11-30T12:00:00Z"]);
    assert.equal(result.code, 0, result.stderr);
  });
});
