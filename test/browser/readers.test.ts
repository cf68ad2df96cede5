// The site as readers get it: every kind of page opened in Chromium under a strict
// Content-Security-Policy, checked with axe-core, at phone and desktop sizes, and the small scripts
// (relative times, copy button, search) used the way a reader would.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { browseSampleSite, chromiumMissing } from "../helpers/chromium.ts";
import { serveStatic, STRICT_CSP, type StaticServer } from "../../src/static-server.ts";
import { axeViolations } from "../helpers/axe.ts";
import { solidPng } from "../helpers/images.ts";
import { layoutShift } from "../helpers/layout-shift.ts";
import { sidewaysOverflow } from "../helpers/reflow.ts";
import { article, buildFixture, makeFixtureSite, PROJECT_ROOT, type FixtureSite } from "../helpers/site.ts";
import { BUILT_AT, PAGES, VIEWPORTS } from "../helpers/sample-pages.ts";

const SCREENSHOTS = path.join(PROJECT_ROOT, "test-results/screenshots");

const skip = chromiumMissing();
if (skip) console.log(`# skipping browser tests: ${skip}`);

/** Problems a page reports while loading: console errors, uncaught exceptions, failed or refused requests. */
function watch(page: Page, expectedStatus: (url: string) => number = () => 200): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    // Chrome logs every 4xx response, including the 404 page's own, which is its expected status.
    const expected = /^Failed to load resource: the server responded with a status of (\d+)/.exec(message.text());
    if (expected && Number(expected[1]) === expectedStatus(message.location().url)) return;
    if (message.type() === "error" || message.type() === "warning") problems.push(`console ${message.type()}: ${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  page.on("response", (response) => {
    if (response.status() >= 400 && response.status() !== expectedStatus(response.url())) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}

describe("the sample site in Chromium", { skip }, () => {
  const sample = browseSampleSite(BUILT_AT);
  before(() => mkdir(SCREENSHOTS, { recursive: true }));

describe("every kind of page", () => {

  for (const entry of PAGES) {
    test(`${entry.name} (${entry.path}): no axe violations in light or dark, no console errors or failed requests, no layout shift, fits a 320px phone`, { skip: entry.pending }, async () => {
      const page = await sample.browser.context.newPage();
      const url = sample.site.server.origin + entry.path;
      const problems = watch(page, (address) => (address === url ? (entry.status ?? 200) : 200));
      // The build's "now": every sample story is then less than a week old, so its times turn relative.
      await page.clock.setFixedTime(new Date(BUILT_AT));
      try {
        for (const [size, viewport] of Object.entries(VIEWPORTS)) {
          await page.setViewportSize(viewport);
          const response = await page.goto(url, { waitUntil: "networkidle" });
          assert.equal(response?.status(), entry.status ?? 200);
          assert.equal(await layoutShift(page), 0, `layout shift at ${size} size`);
          for (const colorScheme of ["light", "dark"] as const) {
            await page.emulateMedia({ colorScheme });
            assert.deepEqual(await axeViolations(page), [], `axe at ${size} size, ${colorScheme}`);
            await page.screenshot({ path: path.join(SCREENSHOTS, `${entry.name}-${size}-${colorScheme}.png`), fullPage: true });
          }
          await page.emulateMedia({ colorScheme: "light" });
        }
        await page.setViewportSize({ width: 320, height: 640 });
        const overflow = await sidewaysOverflow(page);
        assert.equal(overflow, 0, "nothing sticks out sideways on a 320px phone");
        assert.deepEqual(problems, []);
      } finally {
        await page.close();
      }
    });
  }

  test("short link (/s/<code>/ of the right-to-left article), held where it is: no axe violations in light or dark", async () => {
    const page = await sample.browser.context.newPage();
    const story = `${sample.site.server.origin}/lifestyle/example-bay-book-fair/`;
    try {
      await page.goto(story);
      const shortLink = `${sample.site.server.origin}${new URL((await page.locator(".short-url a").getAttribute("href"))!).pathname}/`;
      // The page sends the reader on at once; the story is refused here so that the short link's own page stays to be checked.
      await page.route(story, (route) => route.abort("aborted"));
      assert.equal((await page.goto(shortLink, { waitUntil: "load" }))?.status(), 200);
      await page.waitForTimeout(300);
      assert.equal(page.url(), shortLink, "still on the short link's page");
      for (const colorScheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme });
        assert.deepEqual(await axeViolations(page), [], `axe, ${colorScheme}`);
      }
    } finally {
      await page.close();
    }
  });
});

describe("reading an article", () => {
  const ROWING = "/sport/example-bay-rowing-club-wins-regatta/"; // published 2026-11-28T16:40:00+05:00
  const ARTICLE = "/pakistan/washington-shared-interest-pakistan/";

  test("a recent time reads as relative in the reader's clock, keeping the exact time as its tooltip", async () => {
    const page = await sample.browser.context.newPage();
    const problems = watch(page);
    await page.clock.install({ time: new Date("2026-11-28T14:45:30Z") }); // 3 h 5 min after publication
    await page.goto(sample.site.server.origin + ROWING);
    const time = page.locator(".times time").first();
    assert.equal(await time.textContent(), "3 hours ago");
    assert.match((await time.getAttribute("title")) ?? "", /28 Nov 2026|Nov 28, 2026|2026/);
    await page.clock.fastForward("01:00:00");
    assert.equal(await time.textContent(), "4 hours ago", "the time keeps up while the page is open");
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("a story in Urdu says how long ago in Urdu", async () => {
    const page = await sample.browser.context.newPage();
    await page.clock.install({ time: new Date("2026-11-29T16:25:00Z") }); // 3 h 5 min after publication
    await page.goto(sample.site.server.origin + "/lifestyle/example-bay-book-fair/");
    const text = (await page.locator(".times time").first().textContent()) ?? "";
    assert.match(text, /گھنٹے/, text);
    assert.doesNotMatch(text, /ago/);
    await page.close();
  });

  test("times turned relative after the page is painted move nothing, a story in Urdu's among English ones too", async () => {
    const page = await sample.browser.context.newPage();
    // The script held back until the page is on screen, as on a slow phone: what it changes then is seen.
    await page.route(/\/js\/relative-time[^/]*\.js$/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      await route.continue();
    });
    await page.clock.setFixedTime(new Date(BUILT_AT));
    await page.setViewportSize(VIEWPORTS.phone);
    await page.goto(sample.site.server.origin + "/", { waitUntil: "networkidle" });
    const card = page.locator("time[data-relative][title]", { hasText: /گھنٹے|دن/ });
    assert.equal(await card.count(), 1, "the Urdu story's card time has turned relative, in Urdu");
    assert.equal(await layoutShift(page), 0);
    await page.close();
  });

  test("an old time keeps its absolute date", async () => {
    const page = await sample.browser.context.newPage();
    await page.clock.install({ time: new Date("2026-11-28T14:45:30Z") });
    await page.goto(sample.site.server.origin + ARTICLE);
    const updated = page.locator(".times .updated time");
    assert.equal(await updated.textContent(), await updated.evaluate((element) => element.getAttribute("data-absolute") ?? element.textContent));
    assert.doesNotMatch((await updated.textContent()) ?? "", /ago/);
    await page.close();
  });

  test("the copy button puts the short URL on the clipboard", async () => {
    await sample.browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: sample.site.server.origin });
    const page = await sample.browser.context.newPage();
    const problems = watch(page);
    await page.goto(sample.site.server.origin + ARTICLE);
    const button = page.locator("button.copy-short-url");
    assert.ok(await button.isVisible(), "the button shows when the clipboard can be used");
    const shortUrl = await page.locator(".short-url a").textContent();
    await button.click();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), shortUrl);
    assert.equal(await button.textContent(), "Copied");
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("printing drops the navigation and prints link addresses", async () => {
    const page = await sample.browser.context.newPage();
    await page.goto(sample.site.server.origin + ARTICLE);
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator(".masthead nav").evaluate((element) => getComputedStyle(element).display), "none");
    const after = await page.locator(".story__body a, .byline a").first().evaluate((element) => getComputedStyle(element, "::after").content);
    assert.match(after, /\//, "the address follows the link");
    await page.screenshot({ path: path.join(SCREENSHOTS, "article-print.png"), fullPage: true });
    await page.close();
  });

  test("a right-to-left article is mirrored: its lists indent from the right", async () => {
    const page = await sample.browser.context.newPage();
    await page.goto(sample.site.server.origin + "/lifestyle/example-bay-book-fair/");
    assert.equal(await page.locator("html").getAttribute("dir"), "rtl");
    const padding = await page.locator(".summary").evaluate((element) => [getComputedStyle(element).paddingRight, getComputedStyle(element).paddingLeft]);
    assert.notEqual(padding[0], "0px");
    assert.equal(padding[1], "0px");
    await page.close();
  });

  test("the skip link is the first stop for the keyboard and is visible when focused", async () => {
    const page = await sample.browser.context.newPage();
    await page.goto(sample.site.server.origin + ARTICLE);
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      const box = element.getBoundingClientRect();
      return { className: element.className, top: box.top, outline: getComputedStyle(element).outlineStyle };
    });
    assert.equal(focused.className, "skip-link");
    assert.ok(focused.top >= 0, "on screen");
    assert.notEqual(focused.outline, "none", "focus is visible");
    assert.equal(await page.locator(".skip-link").textContent(), "Skip to the story");
    // A listing is not a story: its skip link says where it leads there.
    await page.goto(sample.site.server.origin + "/");
    assert.equal(await page.locator(".skip-link").textContent(), "Skip to the content");
    await page.close();
  });
});

describe("searching", () => {
  /** Builds the fixture with one search index per story, serves it under the strict CSP and opens a watched page for `use`; removes it all after. */
  async function searchOneIndexPerStory(fixture: FixtureSite, use: (server: StaticServer, page: Page, problems: string[]) => Promise<void>): Promise<void> {
    try {
      const result = await buildFixture(fixture, [], { NEWS_SEARCH_SHARD_SIZE: "1" });
      assert.equal(result.code, 0, result.stderr);
      const server = await serveStatic(fixture.outputDir, { csp: STRICT_CSP });
      const page = await sample.browser.context.newPage();
      try {
        await use(server, page, watch(page));
      } finally {
        await page.close();
        await server.close();
      }
    } finally {
      await fixture.remove();
    }
  }

  test("a word from a story's body finds the story", async () => {
    const page = await sample.browser.context.newPage();
    const problems = watch(page);
    await page.goto(sample.site.server.origin + "/search/");
    await page.fill("#search-query", "silt");
    await page.press("#search-query", "Enter");
    // The status says what was found once the results are in (typing may also have scheduled a search).
    await page.locator("[data-search-status]", { hasText: "found" }).waitFor();
    assert.match((await page.locator("[data-search-status]").textContent()) ?? "", /1 story found/);
    const first = page.locator(".search-results li a").first();
    assert.equal(await first.getAttribute("href"), "/business/example-bay-harbour-reopens/");
    assert.match(page.url(), /\?q=silt$/, "the search can be bookmarked");
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      assert.deepEqual(await axeViolations(page), [], `axe on the results, ${colorScheme}`);
      await page.screenshot({ path: path.join(SCREENSHOTS, `search-results-desktop-${colorScheme}.png`), fullPage: true });
    }
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("a story in Urdu is listed right to left, in its own language, among English ones", async () => {
    const page = await sample.browser.context.newPage();
    const problems = watch(page);
    await page.goto(sample.site.server.origin + "/search/?q=" + encodeURIComponent("میلہ"));
    await page.locator("[data-search-status]", { hasText: "found" }).waitFor();
    const item = page.locator(".search-results li", { has: page.locator('a[href="/lifestyle/example-bay-book-fair/"]') });
    assert.deepEqual(await item.locator("h2").evaluate((heading) => [heading.getAttribute("lang"), heading.getAttribute("dir"), getComputedStyle(heading).direction]), ["ur", "rtl", "rtl"]);
    assert.deepEqual(await item.locator("p:not(.kicker)").evaluate((excerpt) => [excerpt.getAttribute("lang"), excerpt.getAttribute("dir")]), ["ur", "rtl"]);
    assert.deepEqual(await axeViolations(page), [], "axe on the results");
    await page.fill("#search-query", "silt");
    await page.press("#search-query", "Enter");
    await page.locator(".search-results li a[href='/business/example-bay-harbour-reopens/']").waitFor();
    assert.deepEqual(await page.locator(".search-results li h2").first().evaluate((heading) => [heading.getAttribute("lang"), heading.getAttribute("dir")]), ["en", "ltr"]);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("Enter runs the search at once, and the search typing had scheduled is not run after it", async () => {
    const page = await sample.browser.context.newPage();
    await page.goto(sample.site.server.origin + "/search/");
    // Every status the page shows, in order.
    await page.evaluate(() => {
      const status = document.querySelector("[data-search-status]")!;
      const shown: string[] = [];
      (window as unknown as { shown: string[] }).shown = shown;
      new MutationObserver(() => shown.push(status.textContent ?? "")).observe(status, { childList: true, characterData: true, subtree: true });
    });
    // A keystroke and Enter in one task, so the keystroke's search (due 250 ms later) cannot run first.
    await page.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>("#search-query")!;
      input.value = "silt";
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.form!.requestSubmit();
    });
    await page.locator("[data-search-status]", { hasText: "found" }).waitFor();
    await page.waitForTimeout(1_000);
    const shown = await page.evaluate(() => (window as unknown as { shown: string[] }).shown);
    assert.deepEqual(shown.filter((text) => text === "Searching…").length, 1, JSON.stringify(shown));
    assert.match(shown.at(-1) ?? "", /1 story found/);
    await page.close();
  });

  test("a word found only in a headline, or only in a summary bullet, finds its story too", async () => {
    const page = await sample.browser.context.newPage();
    for (const [word, story] of [
      ["decade", "/sport/example-bay-rowing-club-wins-regatta/"],
      ["classrooms", "/science-technology/sample-satellite-weather-data/"],
    ]) {
      await page.goto(`${sample.site.server.origin}/search/?q=${word}`);
      const first = page.locator(".search-results li a").first();
      await first.waitFor();
      assert.equal(await first.getAttribute("href"), story, word);
    }
    await page.close();
  });

  test("the section filter narrows the results", async () => {
    const page = await sample.browser.context.newPage();
    await page.setViewportSize(VIEWPORTS.phone);
    await page.goto(sample.site.server.origin + "/search/?q=Example+Bay&section=Sport");
    await page.locator(".search-results li").first().waitFor();
    const links = await page.locator(".search-results li a").evaluateAll((elements) => elements.map((element) => element.getAttribute("href")));
    assert.deepEqual(links, ["/sport/example-bay-rowing-club-wins-regatta/"]);
    assert.equal(await page.locator("#search-section").inputValue(), "Sport", "the form shows the search it ran");
    await page.screenshot({ path: path.join(SCREENSHOTS, "search-results-phone-light.png"), fullPage: true });
    await page.close();
  });

  test("Japanese letters, digits and katakana are found whichever width the story or the reader wrote them in", async () => {
    const fixture = await makeFixtureSite(
      {
        "summit.md": article({ headline: "ＡＰＥＣ首脳会議が開幕", section: "world" }, "２０３０年までの目標を話し合う。ﾆｭｰｽ速報。"),
        "rates.md": article({ headline: "APEC財務相会合", section: "business" }, "2030年に向けた協力で合意した。ガイド付き。"),
      },
      { language: "ja" },
    );
    await searchOneIndexPerStory(fixture, async (server, page, problems) => {
      const found = async (query: string) => {
        await page.goto(`${server.origin}/search/?q=${encodeURIComponent(query)}`);
        await page.locator("[data-search-status]:not(:empty)").waitFor();
        await page.waitForFunction(() => !/…/.test(document.querySelector("[data-search-status]")?.textContent ?? "…"));
        return (await page.locator(".search-results li a").evaluateAll((links) => links.map((link) => link.getAttribute("href")))).sort();
      };
      const both = ["/business/rates/", "/world/summit/"];
      for (const query of ["APEC", "ＡＰＥＣ", "apec", "2030", "２０３０"]) assert.deepEqual(await found(query), both, query);
      assert.deepEqual(await found("ニュース"), ["/world/summit/"], "half-width katakana in the story");
      assert.deepEqual(await found("ｶﾞｲﾄﾞ"), ["/business/rates/"], "half-width katakana in the query");
      assert.deepEqual(problems, []);
    });
  });

  test("an archive split into several indexes is searched as one, filters included", async () => {
    const fixture = await makeFixtureSite({
      "oldest.md": article({ headline: "Harbour dredging begins", date: "2026-01-01T10:00:00+05:00", section: "business" }, "Dredgers lift the silt from the harbour mouth."),
      "middle.md": article({ headline: "Rowing regatta on the harbour", date: "2026-01-02T10:00:00+05:00", section: "sport" }, "Crews race past the harbour wall."),
      "newest.md": article({ headline: "Harbour ferry timetable", date: "2026-01-03T10:00:00+05:00", section: "business" }, "Ferries leave the harbour every hour."),
    });
    await searchOneIndexPerStory(fixture, async (server, page, problems) => {
      const found = async (query: string) => {
        await page.goto(`${server.origin}/search/?${query}`);
        await page.locator("[data-search-status]", { hasText: "found" }).waitFor();
        return (await page.locator(".search-results li a").evaluateAll((links) => links.map((link) => link.getAttribute("href")))).sort();
      };
      assert.deepEqual(await found("q=harbour"), ["/business/newest/", "/business/oldest/", "/sport/middle/"], "every index answers");
      assert.deepEqual(await found("q=silt"), ["/business/oldest/"], "a word only in the oldest index");
      assert.deepEqual(await found("q=harbour&section=Business"), ["/business/newest/", "/business/oldest/"], "the section filter applies to every index");
      assert.deepEqual(problems, []);
    });
  });

  test("a large archive's indexes load once and all at once, from the moment the reader is in the search box", async () => {
    const names = ["one", "two", "three", "four"];
    const fixture = await makeFixtureSite(
      Object.fromEntries(names.map((name, index) => [`${name}.md`, article({ headline: `Harbour notice ${name}`, date: `2026-01-0${index + 1}T10:00:00+05:00` }, "The harbour office posted a notice.")])),
    );
    await searchOneIndexPerStory(fixture, async (server, page, problems) => {
      // Every file of the indexes answers late, as over a phone's network.
      const entries: string[] = [];
      let waitingEntries = 0;
      let entriesAtOnce = 0;
      await page.route(/\/pagefind(?:-\d+)?\//, async (route) => {
        const file = new URL(route.request().url()).pathname;
        const entry = file.endsWith("/pagefind-entry.json");
        if (entry) entries.push(file);
        if (entry) entriesAtOnce = Math.max(entriesAtOnce, ++waitingEntries);
        await new Promise((resolve) => setTimeout(resolve, 200));
        if (entry) waitingEntries--;
        await route.continue();
      });
      await page.goto(`${server.origin}/search/`);
      const loading = page.waitForRequest(/\/pagefind\/pagefind\.js$/);
      await page.focus("#search-query");
      await loading;
      assert.equal(await page.locator("[data-search-status]").textContent(), "", "the index loads before any search is run");
      // A search, and a second one (the word typed further) while the indexes are still loading.
      await page.fill("#search-query", "harb");
      await page.waitForTimeout(400);
      await page.fill("#search-query", "harbour");
      await page.locator("[data-search-status]", { hasText: "for “harbour”" }).waitFor();
      const links = await page.locator(".search-results li a").evaluateAll((found) => found.map((link) => link.getAttribute("href")));
      assert.deepEqual([...new Set(links)].sort(), names.map((name) => `/world/${name}/`).sort());
      assert.equal(links.length, names.length, `each story once: ${links.join(", ")}`);
      assert.match((await page.locator("[data-search-status]").textContent()) ?? "", /^4 stories found/);
      assert.deepEqual(entries.sort(), ["/pagefind-1/pagefind-entry.json", "/pagefind-2/pagefind-entry.json", "/pagefind-3/pagefind-entry.json", "/pagefind/pagefind-entry.json"], "each index is loaded once");
      assert.equal(entriesAtOnce, names.length - 1, "the merged indexes are asked for at once, not one after another");
      assert.deepEqual(problems, []);
    });
  });

  test("without JavaScript the page says how else to find stories", async () => {
    const page = await sample.browser.context.newPage();
    const session = await sample.browser.context.newCDPSession(page);
    await session.send("Emulation.setScriptExecutionDisabled", { value: true });
    await page.goto(sample.site.server.origin + "/search/");
    const note = page.locator(".search-noscript");
    assert.ok(await note.isVisible());
    assert.ok((await note.locator("a").count()) > 3, "it links to the sections");
    await page.close();
  });
});

  describe("photographs", () => {
    test("the browser picks AVIF at a width that fits, the lead image first and body images only when scrolled near", async () => {
      const fixture = await makeFixtureSite({
        "harbour.md": article(
          { headline: "Harbour", slug: "harbour", image: "\n  src: lead.png\n  alt: The harbour wall" },
          `The boats came back.\n\n${"More of the story, paragraph after paragraph.\n\n".repeat(40)}![The trawler](trawler.png)\n`,
        ),
        "lead.png": solidPng(1600, 900, [40, 90, 140]),
        "trawler.png": solidPng(1200, 800, [140, 90, 40]),
      });
      const result = await buildFixture(fixture, [], { NEWS_IMAGE_CACHE: path.join(fixture.dir, "cache") });
      assert.equal(result.code, 0, result.stderr);
      const server = await serveStatic(fixture.outputDir, { csp: STRICT_CSP });
      const page = await sample.browser.context.newPage();
      const problems = watch(page);
      try {
        await page.setViewportSize(VIEWPORTS.phone);
        await page.goto(server.origin + "/world/harbour/", { waitUntil: "load" });
        const lead = await page.locator(".lead-image img").evaluate((img: HTMLImageElement) => ({ src: img.currentSrc, width: img.naturalWidth, shown: img.getBoundingClientRect().width }));
        assert.match(lead.src, /\.avif$/);
        assert.ok(lead.width >= lead.shown && lead.width <= 1600, `a ${lead.width}px image for a ${lead.shown}px box`);
        const inline = page.locator(".story__body picture img");
        assert.equal(await inline.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), false, "the body image waits");
        await inline.scrollIntoViewIfNeeded();
        await page.waitForFunction(() => {
          const img = document.querySelector<HTMLImageElement>(".story__body picture img");
          return Boolean(img?.complete && img.naturalWidth > 0);
        });
        assert.match(await inline.evaluate((img: HTMLImageElement) => img.currentSrc), /\.avif$/);
        assert.equal(await layoutShift(page), 0);
        assert.deepEqual(problems, []);
      } finally {
        await page.close();
        await server.close();
        await fixture.remove();
      }
    });
  });
});
