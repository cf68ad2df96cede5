// npm run bench: builds the same generated corpora with our site (with and without its search), a bare
// Eleventy project, the same pages from data read once, Hugo, and Hugo followed by Pagefind (the same search as ours), in paired runs, and
// prints wall time, CPU, peak memory and pages written, as seconds and as ratios.
//   npm run bench -- --sizes 1000,10000 --runs 3 --only ours,no-search,bare,hugo,hugo-search --json bench/results/x.json
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import settings from "../site.config.ts";
import { countFiles } from "../src/cli/files.ts";
import { correctNewestStory, DEFAULT_SEED, ensureCorpus, withLeadImages } from "./corpus.ts";
import { replaceNewestPhotograph, withPhotos } from "./photos.ts";
import { folderCreationMs, measure, type Measurement, type RunSpec } from "./measure.ts";
import { hugoBuild, hugoWithSearch, writeBareEleventyProject, writeDataDrivenEleventyProject, writeHugoSite } from "./peers.ts";
import { formatTable, median, pairedRatio } from "./stats.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const GENERATOR = path.join(ROOT, "../shared/bench/make-corpus.mjs");
/** Pagefind's command, from the same package (and version) our build drives through its Node API. */
const PAGEFIND = path.join(ROOT, "node_modules/.bin/pagefind");
// "rebuild" is our build again over the same corpus, with the read articles and search indexes the
// "ours" run left in its caches: a newsroom's next build, when only what changed is made again; and
// "correction" once more after a correction to the newest story, which that story's search part and
// every page that shows it must take in. "hugo-search" is the Hugo site with the search a Hugo site
// is given: Pagefind's command over its output once Hugo has built it, indexing every story, as ours does.
// "no-search" is a first build of ours with the search setting off: the page types of the outputs issue,
// the ones Hugo's site has, with no search page and no index. "data-driven" is the issue's own floor
// for this design: Eleventy paginating one template over the articles read once, article pages alone.
// "new-photo" (with --photos) is our build once more after the newest story's photograph is replaced by
// another of the same name and size: the one picture whose variants must be made again.
const BUILDERS = ["ours", "rebuild", "correction", "new-photo", "no-search", "bare", "data-driven", "hugo", "hugo-search"] as const;
type Builder = (typeof BUILDERS)[number];

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "1000,10000" },
    runs: { type: "string", default: "1" },
    seed: { type: "string", default: String(DEFAULT_SEED) },
    only: { type: "string", default: BUILDERS.join(",") },
    corpora: { type: "string", default: path.join(ROOT, ".cache/bench") },
    json: { type: "string" },
    generator: { type: "string", default: GENERATOR },
    // Every story with a lead image (bench/corpus.ts): the archive a newsroom has, rather than the generator's.
    "lead-images": { type: "boolean", default: false },
    // Every story with a photograph of its own, and one in four a second in its body (bench/photos.ts).
    photos: { type: "boolean", default: false },
  },
});

const sizes = values.sizes.split(",").map((size) => Number.parseInt(size, 10));
const runs = Number.parseInt(values.runs, 10);
const seed = Number.parseInt(values.seed, 10);
const hugo = hugoVersion();
const wanted = values.only.split(",") as Builder[];
for (const name of wanted) if (!BUILDERS.includes(name)) throw new Error(`--only: unknown builder ${name}; expected ${BUILDERS.join(", ")}`);
if (sizes.some((size) => !(size > 0)) || !(runs > 0)) throw new Error("--sizes and --runs take positive whole numbers");
if (values.photos && values["lead-images"]) throw new Error("--photos and --lead-images each give every story a lead image: choose one");

const needsHugo = (name: Builder) => name === "hugo" || name === "hugo-search";
const following: Builder[] = ["rebuild", "correction", "new-photo"];
const builders = wanted.filter((name) => (!needsHugo(name) || hugo) && (name !== "new-photo" || values.photos) && (!following.includes(name) || wanted.includes("ours")));
if (wanted.some(needsHugo) && !hugo) console.error("hugo is not on the PATH: building without it (apt-get install -y hugo)");
if (wanted.includes("new-photo") && !values.photos && values.only !== BUILDERS.join(",")) console.error("new-photo needs --photos (no story has a photograph to replace): building without it");

interface Sample extends Measurement {
  pages: number;
}
interface SizeResult {
  articles: number;
  samples: Record<string, Sample[]>;
}

const scratch = await mkdtemp(path.join(os.tmpdir(), "news-bench-"));
const folders = await folderCreationMs(scratch);
process.stderr.write(`making 2,000 folders in ${scratch}: ${folders.toFixed(0)} ms (under 100 ms where folders are cheap; more after many files were deleted there in the last minutes, or set TMPDIR to build elsewhere)\n`);
const results: SizeResult[] = [];
try {
  for (const size of sizes) {
    process.stderr.write(`corpus of ${size} articles… `);
    const generated = await ensureCorpus(values.corpora, values.generator, size, seed);
    const corpus = values.photos ? await withPhotos(generated) : values["lead-images"] ? await withLeadImages(generated) : generated;
    process.stderr.write(`${corpus}\n`);
    const result: SizeResult = { articles: size, samples: Object.fromEntries(builders.map((name) => [name, []])) };
    for (let run = 0; run < runs; run++) {
      // Rotate the order, so no builder always runs first (cold disk cache) or last.
      const order = rotatedOrder(run);
      const caches = path.join(scratch, `caches-${size}-${run}`);
      for (const name of order) {
        const sample = await buildOnce(name, corpus, path.join(scratch, `${name}-${size}-${run}`), caches);
        result.samples[name]!.push(sample);
        process.stderr.write(`  ${size} run ${run + 1}/${runs} ${name}: ${sample.wallSeconds.toFixed(2)} s, ${sample.peakTreeRssMiB.toFixed(0)} MiB, ${sample.pages} pages\n`);
      }
    }
    results.push(result);
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}

console.log(report(results));
const json = values.json ?? path.join(ROOT, "bench/results", `bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
await mkdir(path.dirname(json), { recursive: true });
await writeFile(json, JSON.stringify({ machine: { ...machine(), folderCreationMs: Math.round(folders) }, hugo, runs, seed, leadImages: values["lead-images"], photos: values.photos, results }, null, 2) + "\n");
console.log(`\nResults written to ${path.relative(process.cwd(), json)}`);

/**
 * Rotated by run, so no builder always runs first (cold disk cache) or last; a rebuild, a correction and
 * a new photograph always come straight after the build whose caches they use.
 */
function rotatedOrder(run: number): Builder[] {
  const units: Builder[][] = builders.filter((name) => !following.includes(name)).map((name) => (name === "ours" ? ["ours", ...following.filter((next) => builders.includes(next))] : [name]));
  return units.map((_, index) => units[(index + run) % units.length]!).flat();
}

async function buildOnce(name: Builder, corpus: string, work: string, caches: string): Promise<Sample> {
  await mkdir(work, { recursive: true });
  const output = path.join(work, "out");
  let measurement: Measurement;
  if (name === "no-search") {
    // A first build too, with caches of its own, empty.
    const settingsFile = path.join(work, "settings.json");
    await writeFile(settingsFile, JSON.stringify({ search: false }));
    measurement = await measure(ourBuild(corpus, output, path.join(work, "caches"), ["--settings", settingsFile]));
  } else if (name === "ours" || following.includes(name)) {
    // "ours" starts with empty caches, as a first build on a fresh CI machine does.
    if (name === "ours") await rm(caches, { recursive: true, force: true });
    // The corpus is changed where it is: the caches are kept by its folder.
    const change = name === "correction" ? await correctNewestStory(corpus) : name === "new-photo" ? await replaceNewestPhotograph(corpus) : undefined;
    try {
      measurement = await measure(ourBuild(corpus, output, caches));
    } finally {
      await change?.undo();
    }
  } else if (name === "bare") {
    const config = await writeBareEleventyProject(work, corpus);
    measurement = await measure({
      command: process.execPath,
      args: [path.join(ROOT, "node_modules/@11ty/eleventy/cmd.cjs"), `--config=${config}`, `--input=${corpus}`, `--output=${output}`, "--quiet"],
      cwd: work,
    });
  } else if (name === "data-driven") {
    const input = await writeDataDrivenEleventyProject(work, corpus);
    measurement = await measure({
      command: process.execPath,
      args: [path.join(ROOT, "node_modules/@11ty/eleventy/cmd.cjs"), `--input=${input}`, `--output=${output}`, "--formats=njk", "--quiet"],
      cwd: work,
    });
  } else {
    const search = name === "hugo-search";
    await writeHugoSite(work, corpus, settings.sections.map((section) => section.slug), { search });
    measurement = await measure(search ? hugoWithSearch(work, output, PAGEFIND) : hugoBuild(work, output));
  }
  if (measurement.exitCode !== 0) throw new Error(`${name} failed on ${corpus} (exit ${measurement.exitCode}):\n${measurement.stderrTail}`);
  const pages = await countFiles(output, ".html");
  // The output stays until the whole bench is done: on ext4 without a journal, a folder of tens of
  // thousands of files deleted just before a build slows that build's every new file and folder (the
  // allocator steps over inodes freed in the last minute or more), which made whichever builder came
  // next look slower.
  return { ...measurement, pages };
}

/** Our build as npm run build runs it, with its caches in `caches`. */
function ourBuild(corpus: string, output: string, caches: string, extraArgs: string[] = []): RunSpec {
  return {
    command: process.execPath,
    args: [path.join(ROOT, "src/cli/compiled.mjs"), "build", "--articles", corpus, "--output", output, "--now", "2026-01-01T00:00:00Z", "--quiet", ...extraArgs],
    cwd: ROOT,
    // The image cache too: in the project's .cache/images, every first build after the first found its pictures made.
    env: { NEWS_SEARCH_CACHE: path.join(caches, "search"), NEWS_ARTICLE_CACHE: path.join(caches, "articles"), NEWS_PAGE_CACHE: path.join(caches, "pages"), NEWS_IMAGE_CACHE: path.join(caches, "images") },
  };
}

function report(all: SizeResult[]): string {
  const header = ["articles", "builder", "wall s", "cpu s", "× bare", "× hugo", "peak MiB", "mem × hugo", "pages", "ms/article"];
  const rows: string[][] = [];
  for (const { articles, samples } of all) {
    const wall = (name: string) => samples[name]?.map((sample) => sample.wallSeconds) ?? [];
    const rss = (name: string) => samples[name]?.map((sample) => sample.peakTreeRssMiB) ?? [];
    for (const name of builders) {
      const list = samples[name]!;
      rows.push([
        String(articles),
        name,
        median(wall(name)).toFixed(2),
        median(list.map((sample) => sample.cpuSeconds)).toFixed(2),
        samples.bare ? pairedRatio(wall(name), wall("bare")).toFixed(2) : "-",
        samples.hugo ? pairedRatio(wall(name), wall("hugo")).toFixed(2) : "-",
        median(rss(name)).toFixed(0),
        samples.hugo ? pairedRatio(rss(name), rss("hugo")).toFixed(2) : "-",
        String(median(list.map((sample) => sample.pages))),
        ((median(wall(name)) * 1000) / articles).toFixed(2),
      ]);
    }
  }
  const lines = [formatTable(header, rows)];
  // Hugo's site has no search; the comparison with the same search is printed beside the table's.
  for (const { articles, samples } of all) {
    const searched = samples["hugo-search"];
    if (!searched) continue;
    const against = (name: Builder) => {
      const list = samples[name];
      if (!list) return undefined;
      const wall = pairedRatio(list.map((sample) => sample.wallSeconds), searched.map((sample) => sample.wallSeconds));
      const rss = pairedRatio(list.map((sample) => sample.peakTreeRssMiB), searched.map((sample) => sample.peakTreeRssMiB));
      return `${name} ${wall.toFixed(2)}× its wall time and ${rss.toFixed(2)}× its memory`;
    };
    const compared = (["ours", "rebuild", "correction", "new-photo"] as const).map(against).filter(Boolean);
    if (compared.length > 0) lines.push(`\nagainst Hugo with the same search (hugo-search) at ${articles}: ${compared.join("; ")}`);
  }
  const ours = all.filter((result) => result.samples.ours);
  if (ours.length >= 2) {
    const perArticle = (result: SizeResult) => median(result.samples.ours!.map((sample) => sample.wallSeconds)) / result.articles;
    const first = ours[0]!;
    const last = ours[ours.length - 1]!;
    lines.push(`\nours: cost per article at ${last.articles} is ${(perArticle(last) / perArticle(first)).toFixed(2)}× that at ${first.articles}`);
  }
  lines.push(`medians of ${runs} paired run${runs === 1 ? "" : "s"}; ratios are medians of per-run ratios; peak MiB is the process tree's summed RSS`);
  return lines.join("\n");
}

function hugoVersion(): string | undefined {
  try {
    return execFileSync("hugo", ["version"], { encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model,
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAverage: os.loadavg(),
    date: new Date().toISOString(),
  };
}
