// npm run build: builds the site into a fresh folder and swaps it in only when the build succeeded,
// so a failed build never leaves a half-written site where the last good one was.
import { rm, rename, stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { Eleventy } from "@11ty/eleventy";
import { ENV } from "../build-options.ts";
import { PAGES_ENV } from "../build-shards.ts";
import { chunkCount, lastLoad, PAGE_CHUNK_ENV } from "../page-chunks.ts";
import { countFiles } from "./files.ts";

/** Article pages per Eleventy run, when set (tests set it low); otherwise src/page-chunks.ts decides. */
const CHUNK_SIZE_ENV = "NEWS_CHUNK_SIZE";

const { values } = parseArgs({
  options: {
    articles: { type: "string" },
    output: { type: "string", default: "_site" },
    settings: { type: "string" },
    now: { type: "string" },
    pathprefix: { type: "string" },
    quiet: { type: "boolean", default: false },
    // all | articles | listings: one job of a sharded build (src/build-shards.ts, npm run build:sharded).
    pages: { type: "string" },
  },
});

if (values.articles) process.env[ENV.articles] = values.articles;
if (values.settings) process.env[ENV.settings] = values.settings;
if (values.now) process.env[ENV.now] = values.now;
if (values.pages) process.env[PAGES_ENV] = values.pages;

const output = path.resolve(values.output);
const staging = `${output}.building-${process.pid}`;
const retired = `${output}.old-${process.pid}`;

await rm(staging, { recursive: true, force: true });
try {
  // Large archives are written in chunks of article pages, one Eleventy run each (src/page-chunks.ts);
  // the first run reads the archive, and so tells how many runs there are.
  const chunkSize = Number.parseInt(process.env[CHUNK_SIZE_ENV] ?? "", 10) || undefined;
  for (let index = 0; index < chunkCount(lastLoad.articlePages, chunkSize); index++) {
    process.env[PAGE_CHUNK_ENV] = chunkSize ? `${index}:${chunkSize}` : String(index);
    const eleventy = new Eleventy("templates", staging, {
      configPath: "eleventy.config.ts",
      quietMode: true,
      pathPrefix: values.pathprefix,
    });
    await eleventy.write();
  }
} catch {
  // Eleventy has already printed the error (for bad articles, the list of every problem).
  await rm(staging, { recursive: true, force: true });
  console.error(`\nBuild failed: ${path.relative(process.cwd(), output) || output}/ was left as it was.`);
  process.exit(1);
}

if (await exists(output)) await rename(output, retired);
await rename(staging, output);
await rm(retired, { recursive: true, force: true });

if (!values.quiet) {
  const where = path.relative(process.cwd(), output) || output;
  console.log(`Built ${await countFiles(output, ".html")} pages into ${where}/. Open ${where}/index.html, or run npm start to preview it.`);
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
