// The README publishes on S3 with three `aws s3 sync` passes, run here as written there against a stand-in
// bucket. A sync uploads a file only when its size differs from the object's or its modification time is later
// than the object's LastModified (AWS CLI, "sync"; S3 keeps LastModified in whole seconds). With the caches kept
// between builds, a file taken from a cache (a hard link) keeps the time it was first written. Should a later
// build come back to an earlier file's content (a story published and then pulled, an edit undone), that file
// must still be uploaded when the bucket holds something else under its name, or the bucket keeps the other
// build's file: for a search part's pagefind-entry.json, one naming another build's index, and the search finds
// that build's stories. The last pass's `--delete` must spare the files named by their content (stylesheets and
// scripts, image variants, search chunks and metadata): a page, or a search index's entry, cached at CloudFront or in
// a browser from the deploy before asks for its own.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { solidPng } from "./helpers/images.ts";
import { article, buildFixture, makeFixtureSite, PROJECT_ROOT, type FixtureSite } from "./helpers/site.ts";

interface S3Object {
  bytes: Buffer;
  lastModifiedMs: number;
  cacheControl?: string;
}

/** One `aws s3 sync _site/ s3://BUCKET/` with its options. */
interface SyncPass {
  /** In order; a later filter that matches a key overrides an earlier one, and a key no filter matches is included. */
  filters: Array<{ include: boolean; pattern: RegExp }>;
  delete: boolean;
  cacheControl?: string;
}

/** The README's deploy: each `aws s3 sync` of its S3 recipe, in order. */
async function readmePasses(): Promise<SyncPass[]> {
  const readme = await readFile(path.join(PROJECT_ROOT, "README.md"), "utf8");
  const commands = [...readme.matchAll(/`(aws s3 sync [^`]*)`/g)].map((match) => match[1]!);
  assert.equal(commands.length, 3, "the README's S3 recipe has three aws s3 sync passes");
  return commands.map((command) => {
    const words = [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2]!);
    assert.deepEqual(words.slice(0, 5), ["aws", "s3", "sync", "_site/", "s3://BUCKET/"], command);
    const pass: SyncPass = { filters: [], delete: false };
    for (let i = 5; i < words.length; i++) {
      const option = words[i]!;
      if (option === "--delete") pass.delete = true;
      else if (option === "--include" || option === "--exclude") pass.filters.push({ include: option === "--include", pattern: filterPattern(words[++i]!) });
      else if (option === "--cache-control") pass.cacheControl = words[++i];
      else assert.fail(`${option} in \`${command}\` is not modelled here`);
    }
    return pass;
  });
}

/** The AWS CLI matches a filter against the whole key with Python's fnmatch, whose `*` crosses `/` too. */
function filterPattern(glob: string): RegExp {
  assert.doesNotMatch(glob, /[[\]]/, `${glob}: only * and ? are modelled`);
  return new RegExp(`^${glob.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
}

/** One sync pass as the AWS CLI decides what to upload and, with `--delete`, what to delete: never what its filters leave out. Returns the keys it uploaded. */
async function sync(site: string, bucket: Map<string, S3Object>, pass: SyncPass): Promise<string[]> {
  const included = (key: string) => pass.filters.reduce((yes, filter) => (filter.pattern.test(key) ? filter.include : yes), true);
  const local = new Set<string>();
  const uploaded: string[] = [];
  for (const key of await siteKeys(site)) {
    if (!included(key)) continue;
    local.add(key);
    const info = await stat(path.join(site, key));
    const object = bucket.get(key);
    if (object && object.bytes.length === info.size && object.lastModifiedMs >= info.mtimeMs) continue;
    bucket.set(key, { bytes: await readFile(path.join(site, key)), lastModifiedMs: Math.floor(Date.now() / 1000) * 1000, cacheControl: pass.cacheControl });
    uploaded.push(key);
  }
  if (pass.delete) for (const key of [...bucket.keys()]) if (included(key) && !local.has(key)) bucket.delete(key);
  return uploaded;
}

/** Every pass in order; returns the keys uploaded. */
async function deploy(site: string, bucket: Map<string, S3Object>, passes: readonly SyncPass[]): Promise<string[]> {
  const uploaded: string[] = [];
  for (const pass of passes) uploaded.push(...(await sync(site, bucket, pass)));
  return uploaded;
}

/** Every file of a site, as a key (`/` between folders). */
async function siteKeys(site: string): Promise<string[]> {
  return (await readdir(site, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(site, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
}

/** The files the recipe uploads (all but the two only Netlify and Cloudflare read) that the bucket lacks or holds otherwise. */
async function differences(site: string, bucket: Map<string, S3Object>): Promise<string[]> {
  const different: string[] = [];
  for (const key of await siteKeys(site)) {
    if (key === "_headers" || key === "_redirects") continue;
    if (!bucket.get(key)?.bytes.equals(await readFile(path.join(site, key)))) different.push(key);
  }
  return different;
}

/**
 * Builds the site with its caches kept and deploys it a little after, as CI does (S3 keeps whole seconds);
 * checks the bucket then holds what the build made. Returns the keys uploaded.
 */
async function buildAndDeploy(site: FixtureSite, bucket: Map<string, S3Object>, passes: readonly SyncPass[], label: string, now = NOW): Promise<string[]> {
  const result = await buildFixture(site, now);
  assert.equal(result.code, 0, `${label}: ${result.stderr}`);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const uploaded = await deploy(site.outputDir, bucket, passes);
  assert.deepEqual(await differences(site.outputDir, bucket), [], `${label}: the bucket holds what the build made`);
  return uploaded;
}

/** Named by their content: fingerprinted stylesheets and scripts, image variants, search chunks and metadata. */
const CONTENT_NAMED = /^(css\/.+\.[0-9a-f]{8}\.css|js\/.+\.[0-9a-f]{8}\.js|img\/.+|pagefind[^/]*\/((index|fragment|filter)\/.+|pagefind\.[^/]+\.pf_meta))$/;

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
  const passes = await readmePasses();
  const bucket = new Map<string, S3Object>();
  const story = path.join(site.articlesDir, "2026/01/rowing.md");
  const first = await readFile(story, "utf8");
  const build = (label: string) => buildAndDeploy(site, bucket, passes, label);

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

test("the README's deploy keeps the content-named files a page of the deploy before asks for, deletes the rest, and a second run of its first two passes with --delete clears them", async () => {
  const passes = await readmePasses();
  const site = await makeFixtureSite({
    "2026/01/harbour.md": article({ headline: "Harbour reopens", date: "2026-01-05T10:00:00+05:00", image: "\n  src: quay.png\n  alt: The quay" }, "The harbour reopened on Monday."),
    "2026/01/quay.png": solidPng(640, 360, [40, 90, 140]),
    "2026/01/ferry.md": article({ headline: "Ferry timetable", date: "2026-01-06T10:00:00+05:00" }, "The ferry runs hourly."),
  });
  try {
    const bucket = new Map<string, S3Object>();
    const build = async (label: string) => {
      const result = await buildFixture(site, NOW, { NEWS_IMAGE_CACHE: path.join(site.dir, "image-cache") });
      assert.equal(result.code, 0, `${label}: ${result.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 1100));
    };

    await build("first build");
    // What a deploy with an older stylesheet and script left in the bucket: the same files under other hashes.
    const earlier = (await siteKeys(site.outputDir)).filter((key) => /^(css|js)\//.test(key) && CONTENT_NAMED.test(key)).map((key) => key.replace(/\.[0-9a-f]{8}\./, ".0badcafe."));
    assert.ok(earlier.some((key) => key.startsWith("css/")) && earlier.some((key) => key.startsWith("js/")), earlier.join(", "));
    for (const key of earlier) bucket.set(key, { bytes: Buffer.from("/* an earlier deploy's */"), lastModifiedMs: 0 });
    await deploy(site.outputDir, bucket, passes);
    assert.deepEqual(await differences(site.outputDir, bucket), [], "the first deploy: the bucket holds what the build made");
    for (const key of earlier) assert.ok(bucket.has(key), `${key}, an earlier deploy's, is kept`);
    const first = new Set(bucket.keys());

    // A new photograph, and a story taken down.
    await writeFile(path.join(site.articlesDir, "2026/01/quay.png"), solidPng(640, 360, [200, 120, 30]));
    await rm(path.join(site.articlesDir, "2026/01/ferry.md"));
    await build("second build");
    const second = new Set(await siteKeys(site.outputDir));
    const replaced = [...first].filter((key) => !second.has(key));
    assert.ok(replaced.some((key) => key.startsWith("img/")) && replaced.some((key) => /^pagefind\/index\//.test(key)), `the second build dropped old variants and chunks: ${replaced.join(", ")}`);
    // A reader's pagefind-entry.json of the first deploy, kept for five minutes, names its metadata file.
    const firstMeta = replaced.find((key) => /^pagefind\/pagefind\.[^/]+\.pf_meta$/.test(key));
    assert.ok(firstMeta, `the second build dropped the first's search metadata: ${replaced.join(", ")}`);
    assert.ok(replaced.some((key) => key.endsWith("/ferry/index.html")), "and the ferry story's page");
    await deploy(site.outputDir, bucket, passes);
    assert.deepEqual(await differences(site.outputDir, bucket), [], "the second deploy: the bucket holds what the build made");
    for (const key of replaced) {
      if (CONTENT_NAMED.test(key)) assert.ok(bucket.has(key), `${key}, which a page of the first deploy asks for, is kept`);
      else assert.ok(!bucket.has(key), `${key}, which the site no longer has, is deleted`);
    }
    assert.ok(bucket.has(firstMeta), `${firstMeta}, which the first deploy's search entry names, is kept`);
    for (const [key, object] of bucket) {
      if (key.startsWith("img/") && !earlier.includes(key)) assert.equal(object.cacheControl, "public, max-age=31536000, immutable", key);
      if (key.endsWith(".pf_meta")) assert.equal(object.cacheControl, "public, max-age=86400", key);
      if (key.endsWith(".html")) assert.equal(object.cacheControl, "public, max-age=300, must-revalidate", key);
    }

    // The README's clearing: its first two passes again, with --delete, from the last deploy's site.
    for (const pass of passes.slice(0, 2)) await sync(site.outputDir, bucket, { ...pass, delete: true });
    assert.deepEqual([...bucket.keys()].sort(), [...second].filter((key) => key !== "_headers" && key !== "_redirects").sort(), "the bucket holds the site and nothing more");
  } finally {
    await site.remove();
  }
});

/**
 * Builds of one site, each deployed to one bucket by the README's passes: a build as a CI runner makes it (the
 * caches kept, no output left from the last build), then the deploy a little after. Each returns the keys it
 * uploaded that `shown` keeps, sorted.
 */
function buildsDeployed(site: FixtureSite, passes: readonly SyncPass[], shown: (key: string) => boolean): (label: string, now?: string[]) => Promise<string[]> {
  const bucket = new Map<string, S3Object>();
  return async (label, now) => {
    await rm(site.outputDir, { recursive: true, force: true });
    return (await buildAndDeploy(site, bucket, passes, label, now)).filter(shown).sort();
  };
}

test("past the sitemap's limit, a build with kept caches after one story's correction uploads that story's year's sitemap file, the listing pages' and the index, not the other years'", async () => {
  const passes = await readmePasses();
  const stories = Object.fromEntries(
    ["2024", "2025", "2026"].flatMap((year) => ["01", "02", "03"].map((day) => [`${year}/story-${year}-${day}.md`, article({ headline: `Story of ${year}-01-${day}`, date: `${year}-01-${day}T10:00:00+05:00` })])),
  );
  // Nine stories and eight listing pages (the front page, the section's, the tags', authors' and archive's indexes, a month a year): past 10, a file a year.
  const site = await makeFixtureSite(stories, { sitemapLimit: 10, sections: [{ slug: "world", name: "World" }], search: false });
  try {
    const build = buildsDeployed(site, passes, (key) => key.startsWith("sitemap"));
    const sitemapFiles = ["sitemap-2024.xml", "sitemap-2025.xml", "sitemap-2026.xml", "sitemap-pages.xml", "sitemap.xml"];
    assert.deepEqual(await build("first build"), sitemapFiles, "the first deploy uploads every sitemap file");

    const story = path.join(site.articlesDir, "2025/story-2025-02.md");
    const first = await readFile(story, "utf8");
    await writeFile(story, first.replace("date:", "updated: 2026-01-08T09:00:00+05:00\ndate:"));
    assert.deepEqual(await build("a correction"), ["sitemap-2025.xml", "sitemap-pages.xml", "sitemap.xml"], "2025's file, whose story's lastmod changed, the listings' and the index");

    // The correction taken back: 2025's file is the first build's again, and the bucket holds the correction's.
    await writeFile(story, first);
    assert.deepEqual(await build("the correction taken back"), ["sitemap-2025.xml", "sitemap-pages.xml", "sitemap.xml"]);
  } finally {
    await site.remove();
  }
});

test("a build with kept caches and a fresh output folder after one story's correction, a day later, uploads the site's feeds and that story's section's, not the other sections', nor the feed of a section with no story", async () => {
  const passes = await readmePasses();
  const sections = ["world", "sport", "business"];
  const stories = Object.fromEntries(
    sections.flatMap((section, index) =>
      ["1", "2"].map((day) => [`2026/01/${section}-${day}.md`, article({ headline: `${section} story ${day}`, section, date: `2026-01-0${index * 2 + Number(day)}T10:00:00+05:00` }, `The ${section} story's first paragraph.`)]),
    ),
  );
  const site = await makeFixtureSite(stories, { sections: [...sections, "opinion"].map((slug) => ({ slug, name: slug.toUpperCase() })), search: false });
  try {
    const build = buildsDeployed(site, passes, (key) => key === "feed.xml" || key.endsWith("rss.xml"));
    assert.deepEqual(await build("first build"), ["business/rss.xml", "feed.xml", "opinion/rss.xml", "rss.xml", "sport/rss.xml", "world/rss.xml"], "the first deploy uploads every feed");

    const story = path.join(site.articlesDir, "2026/01/world-1.md");
    const first = await readFile(story, "utf8");
    await writeFile(story, first.replace("first paragraph.", "first paragraph, corrected."));
    assert.deepEqual(
      await build("a correction", ["--now", "2026-01-11T00:00:00Z"]),
      ["feed.xml", "rss.xml", "world/rss.xml"],
      "the site's feeds and World's, which carry its body; Sport's and Business's are as they were, and Opinion's, with no story, has no date to move on",
    );

    // The correction taken back: the feeds are the first build's again, and the bucket holds the correction's.
    await writeFile(story, first);
    assert.deepEqual(await build("the correction taken back"), ["feed.xml", "rss.xml", "world/rss.xml"]);
  } finally {
    await site.remove();
  }
});

test("a build with kept caches, into a fresh output folder, after one new story uploads the new story's search fragment and the index files that changed, not its part's other fragments, nor the first part's scripts", async () => {
  const passes = await readmePasses();
  const site = await makeFixtureSite({
    "2026/01/harbour.md": article({ headline: "Harbour reopens", date: "2026-01-05T10:00:00+05:00" }, "The harbour reopened on Monday."),
    "2026/01/ferry.md": article({ headline: "Ferry timetable", date: "2026-01-06T10:00:00+05:00", section: "business" }, "The ferry runs hourly."),
    "2026/01/rowing.md": article({ headline: "Rowing crews race", date: "2026-01-07T10:00:00+05:00" }, "Twelve crews raced."),
  });
  try {
    const bucket = new Map<string, S3Object>();
    const build = async (label: string) => {
      const held = new Set(bucket.keys());
      const uploaded = await buildAndDeploy(site, bucket, passes, label);
      const search = uploaded.filter((key) => key.startsWith("pagefind"));
      return { held, uploaded: search.filter((key) => CONTENT_NAMED.test(key)), notContentNamed: search.filter((key) => !CONTENT_NAMED.test(key)) };
    };
    assert.ok((await build("first build")).notContentNamed.includes("pagefind/pagefind.js"), "the first deploy uploads Pagefind's scripts");

    // The new story joins the one search part, which is indexed again; the site is built afresh from the caches.
    await writeFile(path.join(site.articlesDir, "2026/01/regatta.md"), article({ headline: "Regatta day", date: "2026-01-08T10:00:00+05:00" }, "Boats fill the bay."));
    await rm(site.outputDir, { recursive: true });
    const { held, uploaded, notContentNamed } = await build("after a new story");
    assert.deepEqual(notContentNamed, ["pagefind/pagefind-entry.json"], "the entry, which names the new index; not Pagefind's scripts and WebAssembly, the same bytes");
    const fragments = uploaded.filter((key) => key.includes("/fragment/"));
    assert.equal(fragments.length, 1, `one fragment uploaded: ${fragments.join(", ")}`);
    const fragment = gunzipSync(await readFile(path.join(site.outputDir, fragments[0]!))).toString("utf8");
    assert.match(fragment, /"url":"\/world\/regatta\/"/, "the new story's");
    const kept = (await siteKeys(site.outputDir)).filter((key) => /^pagefind\/fragment\//.test(key) && !uploaded.includes(key));
    assert.equal(kept.length, 3, `the part's other fragments are not uploaded again: ${kept.join(", ")}`);
    assert.deepEqual(uploaded.sort(), uploaded.filter((key) => !held.has(key)).sort(), "of the search's files named by their content, only those the bucket lacked");
    assert.ok(uploaded.some((key) => key.includes("/index/")) && uploaded.some((key) => key.includes("/filter/")), `the index and filter that changed: ${uploaded.join(", ")}`);
  } finally {
    await site.remove();
  }
});
