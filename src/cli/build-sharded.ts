// npm run build:sharded: the same site as npm run build, built as separate jobs that a CI system can
// run on separate machines, then merged. Each top-level folder of the archive (a year) is one shard
// that writes its article pages and their search indexes; one global job reads the whole archive and
// writes every page that lists articles. Here the jobs run as parallel processes on this machine (--jobs N), each exactly
// the command a CI job would run, which it prints.
import { execFile } from "node:child_process";
import { cp, mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import settingsInput from "../../site.config.ts";
import { ENV, optionsAndSettings, publicDirOf } from "../build-options.ts";
import { describeBrokenLinks, findBrokenLinks } from "../link-check.ts";
import { nodeArgsFor, ownModule } from "../own-modules.ts";
import { displayPath } from "../problems.ts";
import { countFiles } from "./files.ts";
import { clearLeftovers, keptFolders, removeInBackground, requireOutputOfItsOwn } from "./output-folders.ts";
import { requireArticlesFolders, requireProjectFolder } from "./project-folder.ts";
import { commandOptions } from "./command-options.ts";

const { values } = commandOptions(
  {
    options: {
      articles: { type: "string", default: "articles" },
      output: { type: "string", default: "_site" },
      settings: { type: "string" },
      now: { type: "string" },
      jobs: { type: "string", default: "2" },
    },
  },
  "npm run build:sharded [-- --jobs N] [--articles DIR] [--output DIR] [--settings FILE] [--now DATE-TIME]",
);

requireProjectFolder();
const articlesDir = path.resolve(values.articles);
const output = path.resolve(values.output);
const work = `${output}.shards-${process.pid}`;
requireArticlesFolders(articlesDir);
await requireOutputOfItsOwn(values.output, keptFolders({ articlesDir, publicDir: publicDirOf() }));
const entries = await readdir(articlesDir, { withFileTypes: true });
const loose = entries.filter((entry) => entry.isFile() && /\.(md|markdown)$/i.test(entry.name));
if (loose.length > 0) {
  console.error(`${path.relative(process.cwd(), articlesDir)}/${loose[0]!.name}: a sharded build takes articles in folders (one shard per top-level folder, such as a year); move the ${loose.length} loose file(s) into one`);
  process.exit(1);
}
const shards = entries.filter((entry) => entry.isDirectory() && !entry.name.startsWith(".")).map((entry) => entry.name).sort();

const common = [...(values.settings ? ["--settings", values.settings] : []), ...(values.now ? ["--now", values.now] : []), "--quiet"];
const jobs = [
  { name: "global", args: ["--pages", "listings", "--articles", articlesDir, "--output", path.join(work, "global"), ...common] },
  ...shards.map((shard) => ({ name: shard, args: ["--pages", "articles", "--articles", path.join(articlesDir, shard), "--archive", articlesDir, "--output", path.join(work, shard), ...common] })),
];

await clearLeftovers(output);
await rm(work, { recursive: true, force: true });
await mkdir(work, { recursive: true });
try {
  const started = Date.now();
  let next = 0;
  const failures: string[] = [];
  const runner = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      console.log(`job ${job.name}: npm run build -- ${job.args.map((arg) => path.relative(process.cwd(), arg) || arg).join(" ")}`);
      const result = await runBuild(job.args);
      if (result.code !== 0) failures.push(`job ${job.name} failed:\n${result.stderr}`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Number.parseInt(values.jobs, 10) || 1) }, runner));
  if (failures.length > 0) throw new Error(failures.join("\n"));

  // Merge: the shards' article pages and the global pages do not overlap (static files and media are
  // the same bytes in every job), so the merge is a copy into one folder.
  const merged = path.join(work, "merged");
  for (const job of jobs) await cp(path.join(work, job.name), merged, { recursive: true, force: true });
  // The link check needs the whole site, so it runs on the merged one.
  if (values.settings) process.env[ENV.settings] = values.settings;
  const { settings } = optionsAndSettings(settingsInput);
  if (settings.checkLinks) {
    const broken = await findBrokenLinks(merged, { baseUrl: settings.baseUrl, pathPrefix: settings.pathPrefix });
    if (broken.length > 0) throw new Error(describeBrokenLinks(broken, () => undefined));
  }
  if (await exists(output)) await rename(output, `${work}/previous`);
  await rename(merged, output);
  const where = displayPath(output) || output;
  console.log(`Built ${await countFiles(output, ".html")} pages into ${where}/ from ${shards.length} shards and the global job in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  console.error(`\nSharded build failed: ${displayPath(output) || output}/ was left as it was.`);
  process.exitCode = 1;
} finally {
  // Its folder holds the jobs' sites, the merged copy and the site it replaced: seconds of removal, which
  // need not hold up the command (src/cli/output-folders.ts).
  removeInBackground([work]);
}

function runBuild(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...nodeArgsFor(ownModule("./build.ts", import.meta.url)), ...args], { maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) =>
      resolve({ code: error ? 1 : 0, stderr }),
    );
  });
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
