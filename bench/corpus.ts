// The benchmark corpus: ../shared/bench/make-corpus.mjs, generated once per size and seed and kept in
// .cache/bench/, then adapted to this site's short-code alphabet (see adaptShortUrl).
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { findArticleFiles } from "../src/article-loader.ts";
import { SHORT_CODE_ALPHABET, isShortCode } from "../src/short-url.ts";

const run = promisify(execFile);

export const DEFAULT_SEED = 20240708;

/**
 * Makes (or reuses) a corpus of `size` articles and returns its folder. A finished corpus is marked
 * by a stamp file, so an interrupted generation is never mistaken for a complete one.
 */
export async function ensureCorpus(root: string, generator: string, size: number, seed = DEFAULT_SEED): Promise<string> {
  // "a2": the second version of the adaptation below; older cached corpora are not reused.
  const dir = path.join(root, `corpus-${size}-${seed}-a2`);
  const stamp = path.join(dir, ".complete");
  if (existsSync(stamp)) return dir;
  const building = `${dir}.partial`;
  await rm(building, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
  await run(process.execPath, [generator, String(size), building, String(seed)], { maxBuffer: 16 * 1024 * 1024 });
  let adapted = 0;
  let missing = 0;
  for (const file of await findArticleFiles(building)) {
    const text = await readFile(file, "utf8");
    const changed = adaptShortUrl(text, () => missing++);
    if (changed !== text) {
      await writeFile(file, changed);
      adapted++;
    }
  }
  await writeFile(path.join(building, ".complete"), `${size} articles, seed ${seed}, ${adapted} short codes re-encoded or added\n`);
  await rename(building, dir);
  return dir;
}

// The generator writes 5-symbol codes over "0123456789abcdefghjkmnpqrstvwxyz" (2^25 values, all
// distinct); this site leaves out 0 and 1 (src/short-url.ts) and rejects such codes. Re-encoding the
// same value as 7 symbols of the site's alphabet keeps every code distinct and distinct from valid
// 5-symbol codes. Half the articles have no code, and the site derives a 6-symbol hash for them: at
// 100,000 articles two such hashes collide (a birthday collision in 31^6) and the build rightly stops.
// So an article without a code gets one here, numbered past every re-encoded value.
const GENERATOR_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const SHORT_URL_LINE = /^shortUrl: "?([0-9a-z]+)"?$/m;

function encode(value: number): string {
  let code = "";
  for (let i = 0; i < 7; i++) {
    code = SHORT_CODE_ALPHABET[value % SHORT_CODE_ALPHABET.length] + code;
    value = Math.floor(value / SHORT_CODE_ALPHABET.length);
  }
  return code;
}

/** The article with a short code this site accepts; `nextMissing` numbers articles that had none. */
export function adaptShortUrl(text: string, nextMissing: () => number): string {
  const match = SHORT_URL_LINE.exec(text);
  if (!match) {
    // Quoted: a code such as 22327e8 would otherwise read as a number in YAML.
    return text.replace(/^---\n/, `---\nshortUrl: "${encode(2 ** 25 + nextMissing())}"\n`);
  }
  if (isShortCode(match[1]!)) return text;
  let value = 0;
  for (const symbol of match[1]!) value = value * 32 + GENERATOR_ALPHABET.indexOf(symbol);
  return text.replace(SHORT_URL_LINE, `shortUrl: "${encode(value)}"`);
}
