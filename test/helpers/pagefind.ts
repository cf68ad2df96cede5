import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";

/** The Pagefind binary the `pagefind` package runs on this machine. */
export function realPagefind(): string {
  return createRequire(import.meta.resolve("pagefind")).resolve(`@pagefind/${process.platform}-${process.arch}/bin/pagefind_extended`);
}

/**
 * A stand-in for Pagefind's binary, written into `dir` under `name`, that notes its process number and
 * becomes the real one. Give its path as PAGEFIND_EXTENDED_BINARY_PATH; `pids` lists the processes started.
 * With `held`, each waits, in the same process, until `release` is called before it becomes Pagefind: so a
 * test can see it stopped or killed before it could have finished, however busy the machine.
 */
export async function pidNotingPagefind(dir: string, name: string, { held = false } = {}): Promise<{ binary: string; pids: () => Promise<number[]>; release: () => Promise<void> }> {
  const pidFile = path.join(dir, `${name}.pids`);
  const releaseFile = path.join(dir, `${name}.released`);
  const binary = path.join(dir, name);
  const wait = held ? `while [ ! -e '${releaseFile}' ]; do sleep 0.05; done\n` : "";
  await writeFile(binary, `#!/bin/sh\necho $$ >> '${pidFile}'\n${wait}exec '${realPagefind()}' "$@"\n`, { mode: 0o755 });
  const pids = async () => ((await readFile(pidFile, "utf8").catch(() => "")).match(/\d+/g) ?? []).map(Number);
  return { binary, pids, release: () => writeFile(releaseFile, "") };
}

/** The text of each of a bundle's fragments (one per story): JSON with its URL and content. */
export async function fragmentTexts(bundle: string): Promise<string[]> {
  const texts: string[] = [];
  for (const fragment of await readdir(path.join(bundle, "fragment"))) {
    const text = gunzipSync(await readFile(path.join(bundle, "fragment", fragment))).toString("utf8");
    assert.ok(text.startsWith("pagefind_dcd"), fragment);
    texts.push(text.slice("pagefind_dcd".length));
  }
  return texts;
}

/** The URL of each story a built site's search index holds, in every part of it, sorted. */
export async function storiesIndexed(site: string): Promise<string[]> {
  const urls: string[] = [];
  for (const part of (await readdir(site)).filter((name) => /^pagefind(?:-\d+)?$/.test(name))) {
    for (const text of await fragmentTexts(path.join(site, part))) urls.push((JSON.parse(text) as { url: string }).url);
  }
  return urls.sort();
}
