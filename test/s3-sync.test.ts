// The README publishes on S3 with `aws s3 sync`, which uploads a file only when its size differs from the
// object's or its modification time is later than the object's LastModified (AWS CLI, "sync"; S3 keeps
// LastModified in whole seconds). With the caches kept between builds, a file taken from a cache (a hard
// link) keeps the time it was first written. Should a later build come back to an earlier file's content
// (a story published and then pulled, an edit undone), that file must still be uploaded when the bucket
// holds something else under its name, or the bucket keeps the other build's file: for a search part's
// pagefind-entry.json, one naming an index the same sync then deletes, and the search breaks.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { article, buildFixture, makeFixtureSite, type FixtureSite } from "./helpers/site.ts";

interface S3Object {
  bytes: Buffer;
  lastModifiedMs: number;
}

/** `aws s3 sync SITE s3://BUCKET/ --delete`, as the AWS CLI decides what to upload. */
async function sync(site: string, bucket: Map<string, S3Object>): Promise<void> {
  const local = new Set<string>();
  for (const entry of await readdir(site, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const key = path.relative(site, file);
    local.add(key);
    const info = await stat(file);
    const object = bucket.get(key);
    if (object && object.bytes.length === info.size && object.lastModifiedMs >= info.mtimeMs) continue;
    bucket.set(key, { bytes: await readFile(file), lastModifiedMs: Math.floor(Date.now() / 1000) * 1000 });
  }
  for (const key of [...bucket.keys()]) if (!local.has(key)) bucket.delete(key);
}

async function differences(site: string, bucket: Map<string, S3Object>): Promise<string[]> {
  const different: string[] = [];
  for (const [key, object] of bucket) {
    const bytes = await readFile(path.join(site, key));
    if (!bytes.equals(object.bytes)) different.push(key);
  }
  return different;
}

const NOW = ["--now", "2026-01-10T00:00:00Z"];
let site: FixtureSite;
before(async () => {
  site = await makeFixtureSite({
    "2026/01/harbour.md": article({ headline: "Harbour reopens", date: "2026-01-05T10:00:00+05:00" }, "The harbour reopened on Monday."),
    "2026/01/ferry.md": article({ headline: "Ferry timetable", date: "2026-01-06T10:00:00+05:00" }, "The ferry runs hourly."),
    "2026/01/rowing.md": article({ headline: "Rowing crews race", date: "2026-01-07T10:00:00+05:00" }, "Twelve crews raced."),
  });
});
after(() => site.remove());

test("a build with kept caches that comes back to earlier content is uploaded whole by the README's aws s3 sync", async () => {
  const bucket = new Map<string, S3Object>();
  const story = path.join(site.articlesDir, "2026/01/rowing.md");
  const first = await readFile(story, "utf8");
  const build = async (label: string) => {
    const result = await buildFixture(site, NOW);
    assert.equal(result.code, 0, `${label}: ${result.stderr}`);
    // The deployment comes a little after the build, as in CI; S3 keeps whole seconds.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await sync(site.outputDir, bucket);
    assert.deepEqual(await differences(site.outputDir, bucket), [], `${label}: the bucket holds what the build made`);
  };

  await build("first build");
  await writeFile(story, first.replace("Twelve crews raced.", "Twelve crews raced on the bay."));
  await build("a correction");
  // The correction is undone: the story's search part is the first build's again, taken from the search cache.
  await writeFile(story, first);
  await build("the correction undone");

  const entry = JSON.parse(bucket.get(path.join("pagefind", "pagefind-entry.json"))!.bytes.toString("utf8")) as { languages: Record<string, { hash: string }> };
  const meta = `pagefind.${entry.languages.en!.hash}.pf_meta`;
  assert.ok(bucket.has(path.join("pagefind", meta)), `the bucket's search entry names ${meta}, which the bucket has`);
});
