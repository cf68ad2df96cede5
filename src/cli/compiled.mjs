// node src/cli/compiled.mjs COMMAND [ARGS]: runs src/cli/COMMAND.ts as JavaScript compiled ahead of the run.
//
// Under tsx every module a process loads, Eleventy's hundreds included, goes through tsx's loader
// hooks on a thread of their own, and each worker thread registers tsx again: about 1 of the 6–7
// CPU-seconds and 50 MiB of a 10,000-story build after a correction (docs/performance-history.md). So
// npm run build compiles our TypeScript once with esbuild (tsx's own compiler; a few hundred ms),
// file for file so that every module keeps its own state, into .cache/compiled/HASH/, named by a hash
// of what it was compiled from: sources changed by an editor or a pull are compiled again, and a build
// that is still running keeps the folder it started with. Plain JavaScript, so it needs no loader.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const [command] = process.argv.splice(2, 1);
if (!command || !existsSync(path.join(root, "src/cli", `${command}.ts`))) {
  console.error(`Usage: node src/cli/compiled.mjs COMMAND [ARGS], where src/cli/COMMAND.ts is a command (got ${command ?? "none"}).`);
  process.exit(2);
}

/** The TypeScript the site is made from: src/ (without type declarations) and the two configuration files. */
const sources = [
  ...readdirSync(path.join(root, "src"), { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts"))
    .map((name) => path.join("src", name)),
  "eleventy.config.ts",
  "site.config.ts",
].sort();

const hash = createHash("sha256");
for (const file of [...sources, "src/cli/compiled.mjs", "package-lock.json"]) {
  const bytes = existsSync(path.join(root, file)) ? readFileSync(path.join(root, file)) : Buffer.alloc(0);
  hash.update(`${file}\n${bytes.length}\n`).update(bytes);
}
const compiledDir = path.join(root, ".cache/compiled");
const target = path.join(compiledDir, hash.digest("hex").slice(0, 16));

if (existsSync(target)) {
  // Marks it used, for the clearing below.
  const now = new Date();
  utimesSync(target, now, now);
} else {
  try {
    await compile(target);
  } catch {
    // esbuild has printed each error with its file and line.
    console.error("\nThe code above could not be compiled, so nothing was built.");
    process.exit(1);
  }
  clearUnused();
}
await import(pathToFileURL(path.join(target, "src/cli", `${command}.js`)).href);

async function compile(into) {
  // Imported here, not at the top: a build whose sources were compiled already (every rebuild) does not
  // need esbuild's API, which was about 40 ms and 10 MiB of its start.
  const { build, stop } = await import("esbuild");
  // Compiled under a name of its own and renamed, so a build started meanwhile never finds half a tree.
  const partial = `${into}.partial-${process.pid}`;
  try {
    await build({
      absWorkingDir: root,
      entryPoints: sources,
      outdir: partial,
      outbase: ".",
      format: "esm",
      platform: "node",
      target: "node20",
      // Bundling only for the plugin below: every import stays an import, each file its own module.
      bundle: true,
      packages: "external",
      logLevel: "error",
      plugins: [
        {
          name: "relative-imports-as-compiled",
          setup(esbuild) {
            esbuild.onResolve({ filter: /^\.\.?\// }, ({ path: specifier, kind }) =>
              kind === "entry-point" ? undefined : { path: specifier.replace(/\.ts$/, ".js"), external: true },
            );
          },
        },
      ],
    });
    try {
      renameSync(partial, into);
    } catch (error) {
      // Another build compiled the same sources first.
      if (!existsSync(into)) throw error;
    }
  } finally {
    // esbuild's service process would otherwise stay beside the build (about 30 MiB) until it ends.
    stop();
    rmSync(partial, { recursive: true, force: true });
  }
}

/** Compiled trees unused for a day: an older version's, which no build still running can need. */
function clearUnused() {
  const cutoff = Date.now() - 24 * 60 * 60 * 1000;
  for (const name of readdirSync(compiledDir)) {
    const folder = path.join(compiledDir, name);
    if (folder !== target && statSync(folder).mtimeMs < cutoff) rmSync(folder, { recursive: true, force: true });
  }
}
