// npm run build: builds the site into a fresh folder and swaps it in only when the build succeeded,
// so a failed build never leaves a half-written site where the last good one was.
import { rm, rename, stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { Eleventy } from "@11ty/eleventy";
import { ENV } from "../build-options.ts";
import { countFiles } from "./files.ts";

const { values } = parseArgs({
  options: {
    articles: { type: "string" },
    output: { type: "string", default: "_site" },
    settings: { type: "string" },
    now: { type: "string" },
    pathprefix: { type: "string" },
    quiet: { type: "boolean", default: false },
  },
});

if (values.articles) process.env[ENV.articles] = values.articles;
if (values.settings) process.env[ENV.settings] = values.settings;
if (values.now) process.env[ENV.now] = values.now;
if (values.pathprefix) process.env[ENV.pathPrefix] = values.pathprefix;

const output = path.resolve(values.output);
const staging = `${output}.building-${process.pid}`;
const retired = `${output}.old-${process.pid}`;

await rm(staging, { recursive: true, force: true });
try {
  const eleventy = new Eleventy("templates", staging, {
    configPath: "eleventy.config.ts",
    quietMode: true,
    pathPrefix: values.pathprefix,
  });
  await eleventy.write();
} catch {
  // Eleventy has already printed the error (for bad articles, the list of every problem). Its copy of
  // public/ may still be writing into the staging folder: removal retries until that settles, and the
  // copy's own failure as its folder goes away says nothing new, so it is not let crash the process.
  process.on("unhandledRejection", () => undefined);
  for (const wait of [0, 250]) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    await rm(staging, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }).catch(() => undefined);
  }
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
