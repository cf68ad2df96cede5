import { createHash, type Hash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** A hash of the code that makes the site: our source files and the locked dependencies. */
export function codeVersion(root: string): string {
  const hash = createHash("sha256");
  addFolder(hash, path.dirname(fileURLToPath(import.meta.url)), (name) => /\.(?:ts|mjs)$/.test(name));
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
