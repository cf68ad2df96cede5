// npm run audit: builds the site, serves it on 127.0.0.1 (compressed, under the strict
// Content-Security-Policy) and runs Lighthouse on the front page and the newest story in Debian's
// Chromium, printing the four scores. Lighthouse brings no browser: CHROME_PATH or CHROMIUM_PATH (default
// /usr/bin/chromium) says which to use. `--min 90` makes it fail when any score is lower.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { AuditPagesError, pagesToAudit } from "../audit-pages.ts";
import { serveStatic, STRICT_CSP } from "../static-server.ts";
import { commandOptions } from "./command-options.ts";

const { values } = commandOptions(
  {
    options: {
      min: { type: "string", default: "0" },
      pages: { type: "string" },
    },
  },
  "npm run audit [-- --min SCORE] [--pages /,/section/story/]",
);

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
/** How many times a page below the bar for performance is audited (see the loop below). */
const PERFORMANCE_TRIES = 3;
const chromePath = process.env.CHROME_PATH || process.env.CHROMIUM_PATH || "/usr/bin/chromium";
if (!existsSync(chromePath)) {
  console.error(`Chromium not found at ${chromePath}: install it (apt-get install -y chromium) or set CHROME_PATH.`);
  process.exit(1);
}

const dir = await mkdtemp(path.join(tmpdir(), "news-audit-"));
const site = path.join(dir, "_site");
await runBuild(site);
const pages = await pagesToAudit(site, values.pages).catch(async (error: unknown) => {
  await rm(dir, { recursive: true, force: true });
  if (!(error instanceof AuditPagesError)) throw error;
  console.error(error.message);
  process.exit(1);
});
const server = await serveStatic(site, { csp: STRICT_CSP });
const chrome = await chromeLauncher.launch({
  chromePath,
  chromeFlags: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});

let failed = false;
try {
  const min = Number(values.min);
  console.log(`${"page".padEnd(50)} ${CATEGORIES.map((category) => category.padStart(15)).join("")}`);
  for (const page of pages) {
    let result = await audit(page);
    // Performance is the one score measured in time (total blocking time above all), so a build or a test
    // run sharing the machine can cost a good page its score: a page below the bar is audited again, up
    // to PERFORMANCE_TRIES times in all, and its best performance kept. A page that is slow every time
    // still fails; the other three scores are read from the page itself and are never retried.
    for (let tries = 1; tries < PERFORMANCE_TRIES && performanceOf(result) < min; tries++) {
      console.log(`${page}: performance ${performanceOf(result)}, below ${min}; auditing it again (the machine may be busy)`);
      const again = await audit(page);
      if (performanceOf(again) > performanceOf(result)) result = again;
    }
    const scores = CATEGORIES.map((category) => Math.round((result.lhr.categories[category]?.score ?? 0) * 100));
    console.log(`${page.padEnd(50)} ${scores.map((score) => String(score).padStart(15)).join("")}`);
    for (const [index, score] of scores.entries()) {
      if (score >= 100) continue;
      const category = result.lhr.categories[CATEGORIES[index]!]!;
      const lost = category.auditRefs
        .filter((ref) => ref.weight > 0 && (result.lhr.audits[ref.id]?.score ?? 1) < 1)
        .map((ref) => `${ref.id} (${result.lhr.audits[ref.id]?.displayValue ?? result.lhr.audits[ref.id]?.score})`);
      console.log(`  ${CATEGORIES[index]} lost points on: ${lost.join(", ") || "nothing weighted"}`);
    }
    if (scores.some((score) => score < min)) failed = true;
  }
} finally {
  await chrome.kill();
  await server.close();
  await rm(dir, { recursive: true, force: true });
}
if (failed) {
  console.error(`\nA score is below ${values.min}.`);
  process.exit(1);
}

type Audit = NonNullable<Awaited<ReturnType<typeof lighthouse>>>;
async function audit(page: string): Promise<Audit> {
  const result = await lighthouse(server.origin + page, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: [...CATEGORIES] });
  if (!result) throw new Error(`Lighthouse returned nothing for ${page}`);
  return result;
}

function performanceOf(result: Audit): number {
  return Math.round((result.lhr.categories.performance?.score ?? 0) * 100);
}

/** Builds the site with the project's own build script, as `npm run build` would. */
function runBuild(output: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["src/cli/compiled.mjs", "build", "--output", output, "--quiet"], { maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) =>
      error ? reject(new Error(`the site did not build:\n${stderr}`)) : resolve(),
    );
  });
}
