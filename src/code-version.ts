import { createHash, type Hash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compiled } from "./own-modules.ts";

/**
 * Our source files. Compiled (src/cli/compiled.mjs), this module is in .cache/compiled/HASH/src/, and
 * the sources are the ones it was compiled from: a hash of the compiled files instead would give the
 * preview, which runs them under tsx, caches of its own.
 */
const SOURCES = fileURLToPath(compiled ? new URL("../../../../src/", import.meta.url) : new URL(".", import.meta.url));

/** Each project root's code version, as this process first took it. */
const versions = new Map<string, string>();

/**
 * A hash of the code that makes the site: our source files and the locked dependencies, as they were when
 * this process first asked. The process runs the code it loaded: sources edited or pulled while it runs
 * must not label what it stores afterwards (its article, page and search caches) as the new code's work,
 * nor make a cache it stored itself unknown to it.
 */
export function codeVersion(root: string): string {
  const key = path.resolve(root);
  let version = versions.get(key);
  if (version === undefined) {
    version = hashCode(key);
    versions.set(key, version);
  }
  return version;
}

function hashCode(root: string): string {
  const hash = createHash("sha256");
  addFolder(hash, SOURCES, (name) => /\.(?:ts|mjs)$/.test(name));
  try {
    hash.update(readFileSync(path.join(root, "package-lock.json")));
  } catch {
    // No lock file: the source alone names the version.
  }
  return hash.digest("hex");
}

/** Adds every file under `dir` that `keep` accepts (by its path within), names and contents, in a fixed order. A missing folder adds nothing. */
export function addFolder(hash: Hash, dir: string, keep: (name: string) => boolean = () => true): Hash {
  let names: string[];
  try {
    names = readdirSync(dir, { recursive: true, encoding: "utf8" });
  } catch {
    return hash;
  }
  for (const name of names.filter(keep).sort()) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path.join(dir, name));
    } catch {
      continue; // a folder
    }
    hash.update(`${name}\n${bytes.length}\n`).update(bytes);
  }
  return hash;
}
