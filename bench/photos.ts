// `--photos`: the benchmark corpus with a photograph of its own for every story, as a newsroom's archive
// has, rather than `--lead-images`' one drawing shared by all (which the image pipeline makes once and
// a rebuild finds in memory). Made once per corpus, beside it, like the corpus itself.
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { alter, isComplete, newestStory } from "./corpus.ts";

/** A photograph's pixels: a wide news picture, wider than the widest variant the build makes (1600px), so every size is a real resize. */
export const PHOTO_WIDTH = 1800;
export const PHOTO_HEIGHT = 1200;
/** One story in this many also shows a second photograph in its body. */
export const BODY_PHOTO_EVERY = 4;

// The pixels are drawn at a third of the size and enlarged: noise at full size would make a JPEG of
// megabytes that compresses like no photograph; enlarged, it is a few hundred KB of varied texture.
const DRAWN_SCALE = 3;

/**
 * A photograph made from `seed` alone (the same seed, the same bytes on every machine): a gradient in a
 * colour of its own under fine noise, about 320 KB of JPEG, so decoding and encoding it is real work.
 */
export async function makePhotograph(seed: number, quality = 85): Promise<Buffer> {
  const width = PHOTO_WIDTH / DRAWN_SCALE;
  const height = PHOTO_HEIGHT / DRAWN_SCALE;
  const random = xorshift(seed);
  const [red, green, blue] = [random() & 127, random() & 127, random() & 127];
  const pixels = Buffer.alloc(width * height * 3);
  let at = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const noise = random();
      pixels[at++] = red + (x * 96) / width + (noise & 31);
      pixels[at++] = green + (y * 96) / height + ((noise >>> 8) & 31);
      pixels[at++] = blue + ((x + y) * 48) / (width + height) + ((noise >>> 16) & 31);
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).resize(PHOTO_WIDTH, PHOTO_HEIGHT, { kernel: "cubic" }).jpeg({ quality }).toBuffer();
}

function xorshift(seed: number): () => number {
  let state = Math.imul(seed, 2654435761) >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
}

/** A seed from a story's path in the corpus, so each story's photograph is its own and the same in every corpus made. */
function seedOf(name: string): number {
  let hash = 2166136261;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 16777619);
  return hash >>> 0;
}

/** The photographs of a story, beside it: its lead's, and its body's when it has one. */
export function photoFiles(story: string): { lead: string; body: string } {
  const base = story.replace(/\.md$/, "");
  return { lead: `${base}.jpg`, body: `${base}-2.jpg` };
}

/**
 * The corpus with a photograph of its own for every story, beside the article, as its lead image with alt
 * text, caption and credit; every BODY_PHOTO_EVERYth story (in path order) shows a second photograph after
 * its first paragraph. Made once, beside the corpus (`<corpus>-photos`), and stamped when complete.
 */
export async function withPhotos(corpus: string): Promise<string> {
  const dir = `${corpus}-photos`;
  if (await isComplete(dir)) return dir;
  const building = `${dir}.partial`;
  await rm(building, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
  const stories = (await readdir(corpus, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && entry.name.endsWith(".md"))
    .map((entry) => path.relative(corpus, path.join(entry.parentPath, entry.name)))
    .sort();
  // Two at a time: sharp encodes on threads of its own, and the machine has two cores.
  let next = 0;
  const work = async () => {
    while (next < stories.length) {
      const index = next++;
      await writeStoryWithPhotos(corpus, building, stories[index]!, index % BODY_PHOTO_EVERY === BODY_PHOTO_EVERY - 1);
    }
  };
  await Promise.all([work(), work()]);
  await writeFile(path.join(building, ".complete"), `${corpus}, every story with a photograph of its own\n`);
  await rename(building, dir);
  return dir;
}

async function writeStoryWithPhotos(corpus: string, into: string, story: string, withBodyPhoto: boolean): Promise<void> {
  const text = await readFile(path.join(corpus, story), "utf8");
  const end = text.indexOf("\n---", 3);
  if (!text.startsWith("---") || end < 0) throw new Error(`${path.join(corpus, story)} has no front matter to give a photograph`);
  const photos = photoFiles(story);
  const to = path.join(into, story);
  await mkdir(path.dirname(to), { recursive: true });
  const image = `\nimage:\n  src: ${path.basename(photos.lead)}\n  alt: A photograph from the story\n  caption: What the photograph shows, as the desk wrote it.\n  credit: Staff photographer`;
  let body = text.slice(end);
  if (withBodyPhoto) {
    // After the first paragraph: the body starts after the closing line of the front matter.
    const bodyStart = body.indexOf("\n", 4) + 1;
    const paragraphEnd = body.indexOf("\n\n", body.slice(bodyStart).search(/\S/) + bodyStart);
    const at = paragraphEnd < 0 ? body.length : paragraphEnd;
    body = `${body.slice(0, at)}\n\n![A second photograph from the story](${path.basename(photos.body)})${body.slice(at)}`;
    await writeFile(path.join(into, photos.body), await makePhotograph(seedOf(photos.body)));
  }
  await writeFile(path.join(into, photos.lead), await makePhotograph(seedOf(photos.lead)));
  await writeFile(to, text.slice(0, end) + image + body);
}

/**
 * Replaces the newest story's lead photograph with another of the same name and the same number of bytes
 * (the new JPEG padded after its end), the case a cache keyed by a file's
 * path and size cannot tell from no change, and returns how to put it back.
 */
export async function replaceNewestPhotograph(corpus: string): Promise<{ file: string; undo: () => Promise<void> }> {
  const file = photoFiles((await newestStory(corpus)).file).lead;
  const { size } = await stat(file);
  const undo = await alter(corpus, file, await photographOfSize(seedOf(file) ^ 0x5eed, size));
  return { file, undo };
}

/**
 * A photograph of exactly `bytes` bytes, at a lower quality until it fits: a decoder stops at a JPEG's end
 * marker, so the zeros that pad it after are not read.
 */
export async function photographOfSize(seed: number, bytes: number): Promise<Buffer> {
  for (let quality = 85; quality > 5; quality -= 5) {
    const photo = await makePhotograph(seed, quality);
    if (photo.length <= bytes) return Buffer.concat([photo, Buffer.alloc(bytes - photo.length)]);
  }
  throw new Error(`no photograph fits in ${bytes} bytes`);
}
