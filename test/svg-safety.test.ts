// SVG drawings are published as they are; one opened on its own is a document of the site's origin,
// and on a host that sends no Content-Security-Policy header (GitHub Pages) its script ran. The build
// refuses an SVG that holds script, an event handler or a script address (src/svg-safety.ts), and
// `npm run check` in the same words.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { drawingProblem, svgActiveContent } from "../src/svg-safety.ts";
import { serveStatic } from "../src/static-server.ts";
import { chromiumMissing, launchBrowser } from "./helpers/chromium.ts";
import { article, buildFixture, makeFixtureSite, makeTempDir, runCli, type FixtureSite } from "./helpers/site.ts";

const hit = (name: string) => `window.__xss='${name}'`;
const open = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100">`;

/** Drawings that run script when opened on their own (the browser test below shows each one does). */
const ACTIVE: Record<string, string> = {
  script: `${open}<script>${hit("script")}</script></svg>`,
  "script-cdata": `${open}<script><![CDATA[${hit("script-cdata")}]]></script></svg>`,
  "namespaced-script": `${open}<h:script xmlns:h="http://www.w3.org/1999/xhtml">${hit("namespaced-script")}</h:script></svg>`,
  onload: `${open.replace("<svg ", `<svg onload="${hit("onload")}" `)}</svg>`,
  "animate-onbegin": `${open}<rect width="10" height="10"><animate onbegin="${hit("animate-onbegin")}" attributeName="x" dur="1s"/></rect></svg>`,
  "image-onerror": `${open}<image href="nowhere.png" onerror="${hit("image-onerror")}"/></svg>`,
  "foreign-object": `${open}<foreignObject width="100" height="100"><body xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="${hit("foreign-object")}"/></body></foreignObject></svg>`,
  entity: `<!DOCTYPE svg [<!ENTITY payload "<script xmlns='http://www.w3.org/2000/svg'>${hit("entity")}</script>">]>${open}&payload;</svg>`,
  // A default value an attribute-list declaration gives every <svg>: the handler is in no tag.
  attlist: `<!DOCTYPE svg [<!ATTLIST svg onload CDATA "${hit("attlist")}">]>${open}</svg>`,
};

/**
 * Drawings whose bytes a browser decodes otherwise than as UTF-8: read as UTF-8, the first two hold no <script>
 * at all, and the third's is inside a declaration (`<!` then an escape, to the next `>`), where the browser
 * reads `<!` as a kanji between the escapes that switch ISO-2022-JP to kanji and back.
 */
const ENCODED: Record<string, Buffer> = {
  "utf-16": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${open}<script>${hit("utf-16")}</script></svg>`, "utf16le")]),
  "utf-16-unmarked": Buffer.from(`<?xml version="1.0" encoding="UTF-16"?>${open}<script>${hit("utf-16-unmarked")}</script></svg>`, "utf16le"),
  "iso-2022-jp": Buffer.from(`<?xml version="1.0" encoding="ISO-2022-JP"?>${open}<rect width="9" height="9"/>\x1b$B<!\x1b(B--<script>${hit("iso-2022-jp")}</script>--></svg>`, "latin1"),
};

/** Script addresses run on a click; refused as well. */
const SCRIPT_ADDRESSES: Record<string, string> = {
  "xlink-javascript": `${open}<a xlink:href="javascript:${hit("x")}"><rect width="100" height="100"/></a></svg>`,
  "encoded-javascript": `${open}<a href="&#106;ava&#x09;script:${hit("x")}"><rect width="100" height="100"/></a></svg>`,
  "set-href": `${open}<a><set attributeName="href" to="javascript:${hit("x")}"/><rect width="100" height="100"/></a></svg>`,
  stylesheet: `<?xml-stylesheet type="text/xsl" href="#x"?>${open}</svg>`,
};

/** Ordinary drawings, as design tools export them. */
const CLEAN: Record<string, string> = {
  shapes: `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n${open}<title>Chart</title><style>.a{fill:#c00}</style><defs><linearGradient id="g"><stop offset="0"/></linearGradient></defs><rect class="a" width="10" height="10" fill="url(#g)"/><use href="#g" xlink:href="#g"/><text font-family="sans-serif">Onward</text></svg>`,
  "embedded-raster-and-link": `${open}<image href="data:image/png;base64,iVBORw0KGgo=" width="10" height="10"/><a href="https://example.com/"><circle r="4"/></a><animate attributeName="opacity" values="0;1" dur="1s"/></svg>`,
};

test("an SVG with script, a handler, a foreign document, an entity, a stylesheet or a script address is refused, with what it holds", () => {
  for (const [name, svg] of Object.entries({ ...ACTIVE, ...SCRIPT_ADDRESSES })) assert.ok(svgActiveContent(svg), name);
  assert.equal(svgActiveContent(ACTIVE.onload!), "an event handler (onload on <svg>)");
  assert.equal(svgActiveContent(ACTIVE["foreign-object"]!), "a <foreignObject> element");
});

test("ordinary drawings pass", () => {
  for (const [name, svg] of Object.entries(CLEAN)) assert.equal(svgActiveContent(svg), undefined, name);
  for (const [name, svg] of Object.entries(CLEAN)) assert.equal(drawingProblem(`${name}.svg`, Buffer.from(svg)), undefined, name);
  // One in a one-byte encoding, whose markup is ASCII as UTF-8's is: a Latin-1 "é" is read, not refused.
  const latin1 = Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?>${open}<title>Café</title></svg>`, "latin1");
  assert.equal(drawingProblem("latin1.svg", latin1), undefined);
  assert.match(drawingProblem("latin1.svg", Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?>${open}<script>x</script></svg>`, "latin1")) ?? "", /holds a <script> element/);
});

test("a drawing a browser would decode from UTF-16 or ISO-2022-JP is refused, as the check cannot read its markup as the browser does", () => {
  for (const [name, bytes] of Object.entries(ENCODED)) assert.match(drawingProblem(`${name}.svg`, bytes) ?? "", /^the drawing \S+ is encoded as [^,]+, which a browser reads otherwise[^:]*: save it as UTF-8$/, name);
  assert.match(drawingProblem("a.svg", ENCODED["iso-2022-jp"]!)!, /encoded as ISO-2022-JP/);
  assert.match(drawingProblem("a.svg", ENCODED["utf-16"]!)!, /encoded as UTF-16/);
});

describe("those drawings, if published, run in a browser that is not sent the policy", { skip: chromiumMissing() ?? false }, () => {
  let dir: string;
  before(async () => {
    dir = await makeTempDir();
    for (const [name, svg] of Object.entries({ ...ACTIVE, ...ENCODED })) await writeFile(path.join(dir, `${name}.svg`), svg);
  });
  after(() => import("node:fs/promises").then(({ rm }) => rm(dir, { recursive: true, force: true })));

  test("so refusing them matters", async () => {
    const server = await serveStatic(dir, {});
    const browser = await launchBrowser();
    try {
      const context = await browser.newContext();
      await context.addInitScript(`window.__hits = []; Object.defineProperty(window, "__xss", { set(value) { window.__hits.push(String(value)); }, get() { return undefined; } });`);
      const page = await context.newPage();
      const ran: string[] = [];
      for (const name of Object.keys({ ...ACTIVE, ...ENCODED })) {
        await page.goto(`${server.origin}/${name}.svg`);
        await page.waitForTimeout(100);
        ran.push(...(await page.evaluate(() => (window as unknown as { __hits: string[] }).__hits)));
      }
      assert.deepEqual(ran.sort(), Object.keys({ ...ACTIVE, ...ENCODED }).sort());
    } finally {
      await browser.close();
      await server.close();
    }
  });
});

describe("a build and a check with an SVG that holds script", () => {
  let site: FixtureSite;
  before(async () => {
    site = await makeFixtureSite({
      "lead.md": article({ slug: "lead", image: "{ src: drawing.svg, alt: A drawing }" }),
      "drawing.svg": ACTIVE.script!,
      "body.md": article({ slug: "body", date: "2026-01-05T11:00:00+05:00" }, "Text.\n\n![A chart](charts/chart.svg)\n"),
      "charts/chart.svg": ACTIVE["image-onerror"]!,
      "raw.md": article({ slug: "raw", date: "2026-01-05T11:30:00+05:00" }, 'Text.\n\n<img src="raw.svg" alt="A seal" width="20">\n'),
      "raw.svg": ACTIVE.onload!,
      "declared.md": article({ slug: "declared", date: "2026-01-05T11:40:00+05:00" }, 'Text.\n\n<img src="jis.svg" alt="A seal" width="20">\n'),
      "jis.svg": ENCODED["iso-2022-jp"]!,
      "listed.md": article({ slug: "listed", date: "2026-01-05T11:50:00+05:00" }, "Text.\n\n![A chart](listed.svg)\n"),
      "listed.svg": ACTIVE.attlist!,
      "clean.md": article({ slug: "clean", date: "2026-01-05T12:00:00+05:00" }, "Text.\n\n![A map](map.svg)\n"),
      "map.svg": CLEAN.shapes!,
    });
  });
  after(() => site.remove());

  test("both fail, naming the article, its line and what the drawing holds in the same words, and the build publishes nothing", async () => {
    const now = ["--now", "2026-11-30T12:00:00Z"];
    const built = await buildFixture(site, now);
    assert.equal(built.code, 1, built.stdout);
    const checked = await runCli("check", ["--articles", site.articlesDir, "--settings", site.settingsFile, ...now]);
    assert.equal(checked.code, 1, checked.stdout);
    const expected = [
      /lead\.md:6: image\.src: the drawing \S*drawing\.svg holds a <script> element[^\n]*?remove it/,
      /body\.md:10: the drawing \S*charts\/chart\.svg holds an event handler \(onerror on <image>\)[^\n]*?remove it/,
      /raw\.md:10: the drawing \S*raw\.svg holds an event handler \(onload on <svg>\)[^\n]*?remove it/,
      /declared\.md:10: the drawing \S*jis\.svg is encoded as ISO-2022-JP[^\n]*?save it as UTF-8/,
      /listed\.md:10: the drawing \S*listed\.svg holds an attribute-list declaration \(<!ATTLIST …>\)[^\n]*?remove it/,
    ];
    for (const pattern of expected) {
      const inBuild = pattern.exec(built.stderr)?.[0];
      assert.ok(inBuild, `the build says ${pattern}\n${built.stderr}`);
      assert.equal(pattern.exec(checked.stderr)?.[0], inBuild, `the check says what the build says\n${checked.stderr}`);
    }
    for (const result of [built, checked]) {
      assert.doesNotMatch(result.stderr, /could not be read/, "a drawing refused for what it holds is not one that could not be read");
      assert.doesNotMatch(result.stderr, /clean\.md/);
    }
    assert.deepEqual((await readdir(site.dir)).filter((name) => name.startsWith("_site")), []);
  });
});
