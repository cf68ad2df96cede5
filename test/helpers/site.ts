import { after, before } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp, mkdir, readdir, readFile, writeFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseHTML } from "linkedom";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TSX = path.join(PROJECT_ROOT, "node_modules/.bin/tsx");

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one of the project's command-line scripts (src/cli/NAME.ts), from the project root unless told another folder. */
export function runCli(name: string, args: string[], env: NodeJS.ProcessEnv = {}, { cwd = PROJECT_ROOT }: { cwd?: string } = {}): Promise<RunResult> {
  return runScript(path.join(PROJECT_ROOT, "src/cli", `${name}.ts`), args, env, cwd);
}

function runScript(script: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      [script, ...args],
      { cwd, env: { ...process.env, NO_COLOR: "1", ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * Removes a temp folder a build or preview may still be finishing with: a stopped preview's last writes, or
 * the process a build removes stale pages in, can add a file while the folder is emptied (ENOTEMPTY), and
 * fs.rm tries again for exactly that.
 */
export function removeTempDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
}

export async function makeTempDir(prefix = "news-test-"): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

export interface FixtureSite {
  dir: string;
  articlesDir: string;
  outputDir: string;
  settingsFile: string;
  remove(): Promise<void>;
}

/** A throwaway site: the given article files (path → text) and settings laid over site.config.ts. */
export async function makeFixtureSite(articles: Record<string, string | Buffer>, settings: Record<string, unknown> = {}): Promise<FixtureSite> {
  const dir = await makeTempDir();
  const articlesDir = path.join(dir, "articles");
  await mkdir(articlesDir, { recursive: true });
  for (const [name, text] of Object.entries(articles)) {
    const file = path.join(articlesDir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  }
  const settingsFile = path.join(dir, "settings.json");
  await writeFile(settingsFile, JSON.stringify(settings));
  return { dir, articlesDir, outputDir: path.join(dir, "_site"), settingsFile, remove: () => removeTempDir(dir) };
}

/** A stand-in for the project (makeStandInProject): its folder, and the home folder beside it, both in `dir`. */
export interface StandInProject {
  dir: string;
  project: string;
  home: string;
}

/**
 * A stand-in for the project, for a command told to write where it must not: a copy of the project's templates/
 * and public/ with the given articles (path under articles/ → text) and an empty settings.json, and a home
 * folder beside it (for HOME), so that a command which failed to refuse changes nothing but the copy. Commands
 * run in it through runCli's cwd; remove `dir` with removeTempDir.
 */
export async function makeStandInProject(articles: Record<string, string>): Promise<StandInProject> {
  const dir = await makeTempDir();
  const project = path.join(dir, "project");
  const home = path.join(dir, "home");
  for (const folder of ["templates", "public"]) await cp(path.join(PROJECT_ROOT, folder), path.join(project, folder), { recursive: true });
  for (const [name, text] of Object.entries(articles)) {
    const file = path.join(project, "articles", name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  }
  await writeFile(path.join(project, "settings.json"), "{}");
  await mkdir(home, { recursive: true });
  return { dir, project, home };
}

/**
 * Builds a fixture site with the real build script; its article, page and search caches are the fixture's own, gone with it.
 * Quiet unless asked otherwise: the build's closing line is tested once.
 */
export function buildFixture(site: FixtureSite, extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}, { quiet = true } = {}): Promise<RunResult> {
  return runCli("build", fixtureBuildArgs(site, extraArgs, quiet), fixtureBuildEnv(site, env));
}

/**
 * Builds a fixture site as the preview shows it: drafts and stories not yet due too, flagged. The build's own
 * rendering (src/cli/render.ts, run on its own) in a process that says it is the preview's, as only the
 * preview's does (test/helpers/preview-build.ts, src/preview-drafts.ts); npm run build never shows them.
 */
export function previewBuildFixture(site: FixtureSite, extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return runScript(path.join(PROJECT_ROOT, "test/helpers/preview-build.ts"), fixtureBuildArgs(site, extraArgs, true), fixtureBuildEnv(site, env), PROJECT_ROOT);
}

function fixtureBuildArgs(site: FixtureSite, extraArgs: string[], quiet: boolean): string[] {
  return ["--articles", site.articlesDir, "--output", site.outputDir, "--settings", site.settingsFile, ...(quiet ? ["--quiet"] : []), ...extraArgs];
}

/** The fixture's own article, page and search caches, gone with it. */
function fixtureBuildEnv(site: FixtureSite, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    NEWS_ARTICLE_CACHE: path.join(site.dir, "article-cache"),
    NEWS_PAGE_CACHE: path.join(site.dir, "page-cache"),
    NEWS_SEARCH_CACHE: path.join(site.dir, "search-cache"),
    ...env,
  };
}

/** `npm run build` and `npm run check` both refuse the site with messages matching each of `expected`, and the build publishes nothing. */
export async function assertBuildAndCheckRefuse(site: FixtureSite, now: string, expected: RegExp | readonly RegExp[]): Promise<void> {
  const built = await buildFixture(site, ["--now", now]);
  assert.equal(built.code, 1, `expected the build to fail\n${built.stdout}\n${built.stderr}`);
  assert.equal(existsSync(site.outputDir), false, "nothing is published");
  const checked = await runCli("check", ["--articles", site.articlesDir, "--settings", site.settingsFile, "--now", now]);
  assert.equal(checked.code, 1, `expected the check to fail\n${checked.stdout}\n${checked.stderr}`);
  for (const pattern of [expected].flat()) {
    assert.match(built.stderr, pattern);
    assert.match(checked.stderr + checked.stdout, pattern);
  }
}

/** Every file under a built site, by its path relative to the folder, with its text: for comparing two builds file for file. */
export async function filesUnder(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, file), await readFile(file, "utf8"));
  }
  return files;
}

/** Parses a built page with a real HTML parser. */
export async function readPage(outputDir: string, urlPath: string): Promise<Document> {
  const file = path.join(outputDir, decodeURI(urlPath), urlPath.endsWith("/") ? "index.html" : "");
  const { document } = parseHTML(await readFile(file, "utf8"));
  return document as unknown as Document;
}

/** Normalised visible text of an element, for comparing with the words an editor wrote. */
export function textOf(element: Element | null | undefined): string {
  return (element?.textContent ?? "").replace(/\s+/g, " ").trim();
}

/** A minimal valid article, with front-matter lines laid over the defaults. */
export function article(fields: Record<string, string> = {}, body = "The story's first paragraph."): string {
  const merged: Record<string, string> = { headline: "A sample headline", date: "2026-01-05T10:00:00+05:00", section: "world", ...fields };
  const lines = Object.entries(merged)
    .filter(([, value]) => value !== "")
    .map(([key, value]) => `${key}: ${value}`);
  return `---\n${lines.join("\n")}\n---\n\n${body}\n`;
}

/**
 * For a suite about the built sample site: builds it once before the suite's tests and removes it
 * after. Call inside describe(); read `outputDir` in the tests.
 */
export function useSampleSite(): { readonly outputDir: string } {
  let site: Awaited<ReturnType<typeof buildSampleSite>> | undefined;
  before(async () => {
    site = await buildSampleSite();
  });
  after(() => site?.remove());
  return {
    get outputDir() {
      if (!site) throw new Error("the sample site is built before the suite's tests; read outputDir inside a test");
      return site.outputDir;
    },
  };
}

/** The sample site (articles/ and site.config.ts as shipped), built into a temporary folder with a fixed "now". */
export async function buildSampleSite(): Promise<{ outputDir: string; remove(): Promise<void> }> {
  const dir = await makeTempDir();
  const outputDir = path.join(dir, "_site");
  const result = await runCli("build", ["--output", outputDir, "--quiet", "--now", "2026-11-30T12:00:00Z"], { NEWS_PAGE_CACHE: path.join(dir, "page-cache") });
  if (result.code !== 0) throw new Error(`the sample site did not build:\n${result.stderr}`);
  return { outputDir, remove: () => removeTempDir(dir) };
}

/** Polls until `ready` holds, for up to ten seconds (what a build removes, it removes in a process of its own). */
export async function eventually(ready: () => Promise<boolean>): Promise<boolean> {
  for (let waited = 0; waited < 10_000; waited += 100) {
    if (await ready()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** The number of a process that has ended, as a stopped build's folder names it (numbers are given out in turn, so it is not soon reused). */
export function endedPid(): number {
  return Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
}

/**
 * Asserts that a command refuses each settings file it cannot work with (not JSON, a refused setting,
 * missing) as npm run build does: the file named, exit code 1, no stack trace. `run` runs the command
 * with `site`'s settings file, which is rewritten (or removed) before each run; `afterEach` checks more.
 */
export async function assertRefusesUnusableSettings(site: FixtureSite, run: () => Promise<RunResult>, afterEach: () => void = () => undefined): Promise<void> {
  for (const [settings, message] of [
    ['{ "name": "", }', /settings\.json: expected the settings as JSON; /],
    ['{ "name": "" }', /The site settings are not valid:\n\s+name: .*\(in [^)]*settings\.json\)/],
    [undefined, /settings\.json: there is no such file; expected a JSON file of settings/],
  ] as const) {
    if (settings === undefined) await rm(site.settingsFile);
    else await writeFile(site.settingsFile, settings);
    const result = await run();
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, message);
    assert.doesNotMatch(result.stderr, /^\s+at /m, "no stack trace");
    afterEach();
  }
}
