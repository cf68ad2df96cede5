// Browser tests drive Debian's Chromium (apt-get install chromium) through playwright-core, against a
// site served by src/static-server.ts on 127.0.0.1. Nothing is downloaded: playwright-core brings no
// browser of its own.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before } from "node:test";
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import { serveStatic, STRICT_CSP, type StaticServer } from "../../src/static-server.ts";
import { buildFixture, makeFixtureSite, makeTempDir, runCli, type FixtureSite } from "./site.ts";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/**
 * Why the browser tests cannot run here, or undefined when they can. In CI (CI=true) a missing
 * Chromium is a failure, not a skip: .ci/run installs it, and a green run must mean the pages were
 * really opened in a browser.
 */
export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  const message = `Chromium not found at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH) to run the browser tests`;
  if (process.env.CI === "true") throw new Error(message);
  return message;
}

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/** A fresh headless Chromium with a throwaway profile, so no state leaks between runs. */
export async function launchChromium(): Promise<Chromium> {
  const profile = await mkdtemp(path.join(tmpdir(), "news-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
    locale: "en-GB",
    timezoneId: "UTC",
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A headless Chromium for tests that need several contexts with different settings (with and without
 * the Content-Security-Policy, say). Playwright gives every launch a new temporary profile of its own.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
}

export interface ServedSite {
  dir: string;
  server: StaticServer;
  close(): Promise<void>;
}

/** Builds a fixture site (with ARGS for the build) and serves it under the strict Content-Security-Policy; the caller closes the server. */
export async function serveFixture(site: FixtureSite, args: string[]): Promise<StaticServer> {
  const result = await buildFixture(site, args);
  if (result.code !== 0) throw new Error(`the fixture site did not build:\n${result.stderr}`);
  return serveStatic(site.outputDir, { csp: STRICT_CSP });
}

/** A fixture site built, served and opened in Chromium: what a browser test of a few stories reads. */
export interface BrowsedFixture {
  readonly site: FixtureSite;
  readonly server: StaticServer;
  readonly browser: Chromium;
}

/**
 * For the describe block it is called in: before its tests, builds a fixture site of these files (and
 * settings) at a fixed "now", serves it under the strict Content-Security-Policy and launches Chromium;
 * after them, closes all three. Read the fields from inside the tests, once they are there.
 */
export function browseFixture(files: Record<string, string | Buffer>, settings: Record<string, unknown> = {}): BrowsedFixture {
  const opened: { site?: FixtureSite; server?: StaticServer; browser?: Chromium } = {};
  before(async () => {
    opened.site = await makeFixtureSite(files, settings);
    opened.server = await serveFixture(opened.site, ["--now", "2026-11-30T12:00:00Z"]);
    opened.browser = await launchChromium();
  });
  after(async () => {
    await opened.browser?.close();
    await opened.server?.close();
    await opened.site?.remove();
  });
  return {
    get site() { return openedForTests(opened.site); },
    get server() { return openedForTests(opened.server); },
    get browser() { return openedForTests(opened.browser); },
  };
}

/** What a before hook opened, read by a test; undefined outside the describe block's tests. */
function openedForTests<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("the fixture is opened before the tests of its describe block, and read only in them");
  return value;
}

/**
 * Builds the sample site (with a fixed "now", so every sample story is out) and serves it under the
 * strict Content-Security-Policy the site must work with.
 */
export async function serveSampleSite(now = "2026-11-30T12:00:00Z"): Promise<ServedSite> {
  const dir = await makeTempDir("news-browser-");
  const output = path.join(dir, "_site");
  const result = await runCli("build", ["--output", output, "--quiet", "--now", now]);
  if (result.code !== 0) throw new Error(`the sample site did not build:\n${result.stderr}`);
  const server = await serveStatic(output, { csp: STRICT_CSP });
  return {
    dir: output,
    server,
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The sample site served and opened in Chromium: what a browser test of the sample site's pages reads. */
export interface BrowsedSampleSite {
  readonly site: ServedSite;
  readonly browser: Chromium;
}

/**
 * For the describe block it is called in: before its tests, builds the sample site at NOW, serves it
 * (serveSampleSite) and launches Chromium; after them, closes both. Read the fields from inside the tests.
 */
export function browseSampleSite(now?: string): BrowsedSampleSite {
  const opened: { site?: ServedSite; browser?: Chromium } = {};
  before(async () => {
    [opened.site, opened.browser] = await Promise.all([serveSampleSite(now), launchChromium()]);
  });
  after(async () => {
    await opened.browser?.close();
    await opened.site?.close();
  });
  return {
    get site() { return openedForTests(opened.site); },
    get browser() { return openedForTests(opened.browser); },
  };
}
