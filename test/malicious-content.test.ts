// The malicious-content suite: a fixture site whose articles carry well-known XSS payloads in every
// field, built under each HTML policy and opened in headless Chromium with a trap. A payload that runs
// sets window.__xss or opens a dialog; either is caught and named.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { DOMParser } from "linkedom";
import type { Browser, BrowserContext } from "playwright-core";
import { buildFixture, makeFixtureSite, readPage, textOf, type FixtureSite } from "./helpers/site.ts";
import { chromiumMissing, launchBrowser } from "./helpers/chromium.ts";
import { ALLOWED_EMBEDS, BODY_PAYLOADS, maliciousArticles } from "./helpers/xss-payloads.ts";
import { EMBED_HOSTS, type HtmlPolicy } from "../src/html-policy.ts";
import { serveStatic, type StaticServer } from "../src/static-server.ts";

const NOW = "2026-11-30T12:00:00Z";
const skip = chromiumMissing() ?? false;

interface PageReport {
  url: string;
  hits: string[];
  dialogs: string[];
  violations: string[];
  /** Markup in the page that could run script if clicked, focused or loaded: handlers, script URLs, foreign frames. */
  dangers: string[];
}

// Runs in every frame before any of the page's own script: records payloads and CSP violations.
const TRAP = `
  window.__xssHits = [];
  Object.defineProperty(window, "__xss", { configurable: true, set(value) { window.__xssHits.push(String(value)); }, get() { return undefined; } });
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (event) => window.__cspViolations.push(event.effectiveDirective + " " + event.blockedURI));
`;

/** Looks at the live DOM for anything that could run script later, on a click or a focus. */
function findDangers(embedHosts: readonly string[]): string[] {
  const dangers: string[] = [];
  const safeProtocols = new Set(["http:", "https:", "mailto:", "tel:"]);
  for (const element of Array.from(document.querySelectorAll("*"))) {
    const tag = element.tagName.toLowerCase();
    for (const attribute of Array.from(element.attributes)) {
      if (attribute.name.toLowerCase().startsWith("on")) dangers.push(`${tag}[${attribute.name}]`);
      if (attribute.name.toLowerCase() === "srcdoc") dangers.push(`${tag}[srcdoc]`);
      if (["href", "src", "action", "formaction", "data", "xlink:href", "poster"].includes(attribute.name.toLowerCase())) {
        let protocol: string;
        try {
          protocol = new URL(attribute.value, document.baseURI).protocol;
        } catch {
          protocol = "unreadable:";
        }
        if (!safeProtocols.has(protocol)) dangers.push(`${tag}[${attribute.name}=${protocol}]`);
      }
    }
    if (tag === "script") {
      const type = element.getAttribute("type");
      const src = element.getAttribute("src");
      if (type !== "application/ld+json" && (!src || new URL(src, document.baseURI).origin !== location.origin)) dangers.push(`script ${src ?? "inline"}`);
    }
    // The search page's own form (outside any story, submitting to the site itself) is the one form allowed.
    const ownSearchForm =
      tag === "form" && element.classList.contains("search-form") && !element.closest(".story__body") && new URL(element.getAttribute("action") ?? "", document.baseURI).origin === location.origin;
    if (["object", "embed", "form", "base", "frame", "frameset"].includes(tag) && !ownSearchForm) dangers.push(tag);
    if (tag === "meta" && element.getAttribute("http-equiv")?.toLowerCase() === "refresh") {
      // A short link's page (/s/<code>/) is the one page meant to move on: at once, to a page of this site.
      const target = /^0;\s*url=(.+)$/i.exec(element.getAttribute("content") ?? "")?.[1];
      const shortLink = location.pathname.startsWith("/s/") && element.parentElement === document.head && target !== undefined && new URL(target, document.baseURI).origin === location.origin;
      if (!shortLink) dangers.push("meta refresh");
    }
    if (tag === "iframe" && !embedHosts.includes(new URL(element.getAttribute("src") ?? "about:blank", document.baseURI).hostname)) {
      dangers.push(`iframe ${element.getAttribute("src")}`);
    }
  }
  return dangers;
}

/** Waits for a promise, or gives up with the fallback: a frame stuck on a javascript: URL never answers. */
function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  return Promise.race([promise.catch(() => fallback), new Promise<T>((resolve) => setTimeout(() => resolve(fallback), ms))]);
}

/**
 * Opens each page in turn in one tab (a new tab per page costs a renderer process each). A page that
 * moves on by itself (a short link's refresh, a payload) is kept where it is: the report is then of the
 * page asked for, and no navigation of the page's own races the next visit.
 */
async function visitAll(context: BrowserContext, urls: readonly string[]): Promise<PageReport[]> {
  const page = await context.newPage();
  let current = "";
  await page.route("**/*", (route) => {
    const request = route.request();
    if (request.isNavigationRequest() && request.frame() === page.mainFrame() && request.url() !== current) return route.abort("aborted");
    return route.fallback();
  });
  let dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss().catch(() => undefined);
  });
  const reports: PageReport[] = [];
  for (const url of urls) {
    dialogs = [];
    current = url;
    await page.goto(url, { waitUntil: "load" });
    // Give timed payloads (SVG animation, toggle and focus events) the moment they need.
    await page.waitForTimeout(100);
    const hits: string[] = [];
    const violations: string[] = [];
    for (const frame of page.frames()) {
      const result = await within(
        frame.evaluate(() => {
          const trapped = window as unknown as { __xssHits?: string[]; __cspViolations?: string[] };
          return { hits: trapped.__xssHits ?? [], violations: trapped.__cspViolations ?? [] };
        }),
        1000,
        { hits: [], violations: [] },
      );
      hits.push(...result.hits);
      violations.push(...result.violations);
    }
    const dangers = await page.evaluate(findDangers, [...EMBED_HOSTS]);
    if (page.url() !== url) dangers.push(`left for ${page.url()}`);
    reports.push({ url, hits, dialogs, violations, dangers });
  }
  await page.close();
  return reports;
}

async function pagesOf(outputDir: string): Promise<string[]> {
  const entries = await readdir(outputDir, { recursive: true });
  return entries
    .filter((entry) => entry === "index.html" || entry.endsWith(`${path.sep}index.html`))
    .map((entry) => `/${path.dirname(entry) === "." ? "" : `${path.dirname(entry).split(path.sep).join("/")}/`}`)
    .sort();
}

/** The headers of the `/*` block of a _headers file, to serve the site as its host would. */
async function headersOf(outputDir: string): Promise<Record<string, string>> {
  const text = await readFile(path.join(outputDir, "_headers"), "utf8");
  const headers: Record<string, string> = {};
  let inAll = false;
  for (const line of text.split("\n")) {
    if (/^\S/.test(line)) inAll = line.trim() === "/*";
    else if (inAll && line.includes(":")) {
      const [name, ...value] = line.trim().split(":");
      headers[name!.trim()] = value.join(":").trim();
    }
  }
  return headers;
}

interface PolicyRun {
  site: FixtureSite;
  server: StaticServer;
  enforced: PageReport[];
  bypassed: PageReport[];
  /** Article file name → the problems the build refused it with (the sanitized policy refuses what it would drop). */
  refused: Map<string, string[]>;
}

/**
 * `cleanups` gets what to close and remove as soon as it exists, so a run that fails part-way leaves nothing open.
 * Under `sanitized` the build refuses every story it would drop markup from, naming it; those stories are
 * taken out and the rest is built and opened, so what the policy does publish is tried in the browser.
 */
async function runPolicy(browser: Browser, policy: HtmlPolicy, cleanups: Array<() => Promise<void>>): Promise<PolicyRun> {
  const site = await makeFixtureSite(maliciousArticles(), { htmlPolicy: policy, checkLinks: false });
  cleanups.push(() => site.remove());
  let result = await buildFixture(site, ["--now", NOW]);
  const refused = new Map<string, string[]>();
  if (policy === "sanitized") {
    assert.equal(result.code, 1, "the sanitized policy refuses the stories it would drop markup from");
    for (const [, name, problem] of result.stderr.matchAll(/\/articles\/([\w-]+\.md):(\d+: .*)/g)) refused.set(name!, [...(refused.get(name!) ?? []), problem!]);
    for (const name of refused.keys()) await rm(path.join(site.articlesDir, name));
    result = await buildFixture(site, ["--now", NOW]);
  }
  assert.equal(result.code, 0, result.stderr);
  // The site's own headers (its Content-Security-Policy for this policy), as its host would send them.
  const server = await serveStatic(site.outputDir, { headers: await headersOf(site.outputDir) });
  cleanups.push(() => server.close());
  const pages = await pagesOf(site.outputDir);
  const reports = async (bypassCSP: boolean) => {
    const context = await browser.newContext({ bypassCSP, javaScriptEnabled: true });
    await context.addInitScript(TRAP);
    // The network is closed; embeds from other hosts fail at once rather than wait for a timeout.
    await context.route("**/*", (route) => (route.request().url().startsWith(server.origin) ? route.continue() : route.abort()));
    const out = await visitAll(
      context,
      pages.map((page) => server.origin + page),
    );
    await context.close();
    return out;
  };
  return { site, server, enforced: await reports(false), bypassed: await reports(true), refused };
}

const all = (reports: PageReport[], key: "hits" | "dialogs" | "violations" | "dangers") =>
  reports.flatMap((report) => report[key].map((item) => `${report.url}: ${item}`));

describe("the malicious-content suite", { skip }, () => {
  let browser: Browser;
  const runs = new Map<HtmlPolicy, PolicyRun>();
  const cleanups: Array<() => Promise<void>> = [];

  before(async () => {
    browser = await launchBrowser();
    for (const policy of ["sanitized", "none", "trusted"] as const) runs.set(policy, await runPolicy(browser, policy, cleanups));
  });
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await browser?.close();
  });

  test("every payload is on a page that was opened, or, under sanitized, refused with its line", () => {
    for (const policy of ["none", "trusted"] as const) {
      const visited = runs.get(policy)!.enforced.map((report) => report.url);
      for (const name of Object.keys(BODY_PAYLOADS)) assert.ok(visited.some((url) => url.endsWith(`/world/body-${name}/`)), `${policy}: ${name}`);
    }
    const { refused, enforced } = runs.get("sanitized")!;
    const visited = enforced.map((report) => report.url);
    for (const name of Object.keys(BODY_PAYLOADS)) {
      const problems = refused.get(`body-${name}.md`);
      // The payload is the body's third line, the file's ninth.
      if (problems) assert.ok(problems.every((problem) => problem.startsWith("9: ")), `${name}: ${problems.join("\n")}`);
      else assert.ok(visited.some((url) => url.endsWith(`/world/body-${name}/`)), name);
    }
    // Markup that is HTML gets as far as the sanitiser, and is refused; Markdown's own refusals stay text and are published.
    assert.ok(refused.has("body-script-tag.md") && refused.has("body-iframe-javascript.md") && refused.has("body-style-escape.md"));
    // What the sanitiser's parser swallows where a browser would not is refused too, not published without it.
    assert.ok(refused.has("body-comment-bang-close.md") && refused.has("body-cdata-breakout.md"), [...refused.keys()].join(", "));
    assert.ok(visited.some((url) => url.endsWith("/world/body-markdown-link-javascript/")));
    assert.ok(visited.some((url) => url.endsWith("/world/fields/")));
    // Short links' pages carry the headline too; each is looked at as itself, before its refresh.
    assert.ok(visited.some((url) => new URL(url).pathname.startsWith("/s/")));
  });

  for (const policy of ["sanitized", "none"] as const) {
    describe(`under the ${policy} policy`, () => {
      test("no payload runs, with the Content Security Policy or without it", () => {
        const run = runs.get(policy)!;
        for (const reports of [run.enforced, run.bypassed]) {
          assert.deepEqual(all(reports, "hits"), []);
          assert.deepEqual(all(reports, "dialogs"), []);
        }
      });

      test("no page holds a handler, a script URL, a foreign script or frame, or a form", () => {
        assert.deepEqual(all(runs.get(policy)!.bypassed, "dangers"), []);
      });

      test("the pages satisfy the Content Security Policy: nothing is blocked, because nothing needs to be", () => {
        assert.deepEqual(all(runs.get(policy)!.enforced, "violations"), []);
      });
    });
  }

  test("under none, raw HTML in the body is shown as text", async () => {
    const page = await readPage(runs.get("none")!.site.outputDir, "/world/body-script-tag/");
    assert.match(textOf(page.querySelector(".story__body")), /<script>window\.__xss=.script-tag.<\/script>/);
  });

  test("front-matter text is shown as written, as text, under every policy", async () => {
    for (const run of runs.values()) {
      const page = await readPage(run.site.outputDir, "/world/fields/");
      assert.equal(textOf(page.querySelector("h1")), `'"></script><script>window.__xss='headline'</script><svg onload=alert('headline')>`);
      assert.equal(textOf(page.querySelector(".dateline")), `"><IMG SRC=X ONERROR=ALERT('DATELINE')>:`);
      assert.equal(page.querySelector(".lead-image img")?.getAttribute("alt"), `'"></script><script>window.__xss='alt'</script><svg onload=alert('alt')>`);
      assert.match(textOf(page.querySelector("figcaption")), /<script>window\.__xss='caption'<\/script>.*\(.*window\.__xss='credit'/);
    }
  });

  test("JSON-LD, where a page has it, is data that parses and keeps the headline whole", async () => {
    for (const run of runs.values()) {
      const page = await readPage(run.site.outputDir, "/world/fields/");
      for (const script of Array.from(page.querySelectorAll('script[type="application/ld+json"]'))) {
        const data: unknown = JSON.parse(script.textContent ?? "");
        assert.ok(JSON.stringify(data).includes("window.__xss='headline'"));
      }
    }
  });

  test("feeds and sitemaps, where the site has them, hold the payloads as text, never as markup", async () => {
    for (const run of runs.values()) {
      const files = (await readdir(run.site.outputDir, { recursive: true })).filter((file) => file.endsWith(".xml"));
      for (const file of files) {
        const document = new DOMParser().parseFromString(await readFile(path.join(run.site.outputDir, file), "utf8"), "text/xml");
        assert.equal(document.querySelectorAll("script, img, svg, iframe").length, 0, file);
      }
    }
  });

  test("under sanitized, the embeds from allowed hosts still render", async () => {
    const run = runs.get("sanitized")!;
    const page = await readPage(run.site.outputDir, "/world/embeds/");
    const frames = Array.from(page.querySelectorAll(".story__body iframe")).map((frame) => frame.getAttribute("src"));
    const expected = Object.values(ALLOWED_EMBEDS).map((embed) => /src="([^"]+)"/.exec(embed)![1]!);
    assert.deepEqual(frames, expected);
    // A tweet's quote is published as a quote with its link; its embed code's script is refused, and the editor told to remove it.
    assert.ok(page.querySelector('.story__body blockquote.twitter-tweet a[href="https://twitter.com/jack/status/20"]'));
    assert.equal(page.querySelectorAll(".story__body script").length, 0);
    assert.match(run.refused.get("tweet-embed-code.md")?.join("\n") ?? "", /^7: <script async src="https:\/\/platform\.twitter\.com\/widgets\.js">: scripts never run in a story.*remove it from the story/);
    // In the browser the frames are laid out, and the Content Security Policy lets them load.
    const report = run.enforced.find((entry) => entry.url.endsWith("/world/embeds/"))!;
    assert.deepEqual(report.violations, []);
    const context = await browser.newContext();
    await context.route("**/*", (route) => (route.request().url().startsWith(run.server.origin) ? route.continue() : route.abort()));
    const live = await context.newPage();
    await live.goto(`${run.server.origin}/world/embeds/`);
    const boxes = await live.locator(".story__body iframe").evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().width));
    await context.close();
    assert.equal(boxes.length, Object.keys(ALLOWED_EMBEDS).length);
    for (const width of boxes) assert.ok(width > 100, `an embed is ${width}px wide`);
  });

  test("under trusted, raw HTML is passed as written, and the Content Security Policy alone stops inline script", () => {
    const run = runs.get("trusted")!;
    // The trap works: without the policy, the payloads the newsroom trusted do run.
    assert.ok(all(run.bypassed, "hits").length > 5, "the payloads should run when nothing stops them");
    assert.deepEqual(all(run.enforced, "hits"), []);
    assert.deepEqual(all(run.enforced, "dialogs"), []);
    assert.ok(all(run.enforced, "violations").some((violation) => violation.includes("script-src")));
  });
});
