import { readdir } from "node:fs/promises";
import path from "node:path";
import { article } from "./site.ts";
import { solidPng } from "./images.ts";

/** "Now" for the fixture builds: the fresh story is an hour old, the old one three days. */
export const FIXTURE_NOW = "2026-01-05T12:00:00Z";
export const HOSTILE_HEADLINE = "</script><script>alert(1)</script>";

/**
 * A small site exercising every output: pagination (two stories a page), several tags and authors,
 * non-Latin names, an image beside its article and one under public/, links of every kind in a body,
 * a headline that tries to break out of the JSON-LD block, and a story with no section.
 */
export const OUTPUT_FIXTURE: Record<string, string | Buffer> = {
  "world/fresh-story.md": article(
    {
      headline: '"Harbour & hills: a fresh story"',
      date: "2026-01-05T16:00:00+05:00",
      section: "world",
      tags: "[Harbour, کتاب میلہ]",
      author: "[Jane Doe, نمونہ نیوز روم]",
      bullets: "\n  - First point\n  - Second point",
      image: "\n  src: /images/placeholder-lead.svg\n  alt: A placeholder\n  credit: Desk",
    },
    "The first paragraph links to the [old story](/world/old-story/), to [the details](#the-details) and to [elsewhere](https://elsewhere.example.org/page).\n\n## The details\n\nMore.",
  ),
  "world/old-story.md": article(
    {
      headline: "An old story",
      date: "2026-01-02T12:00:00Z",
      updated: "2026-01-03T08:00:00Z",
      section: "world",
      tags: "[Harbour]",
      author: "Jane Doe",
      image: "\n  src: photo.png\n  alt: A photograph",
    },
    "Old news.",
  ),
  "world/photo.png": solidPng(640, 360),
  "world/third-story.md": article({ headline: "A third story", date: "2026-01-04T09:00:00Z", section: "world", tags: "[harbour, Rowing]" }),
  "business/script.md": article({ headline: JSON.stringify(HOSTILE_HEADLINE), date: "2026-01-04T10:00:00Z", section: "business", tags: "[Security]", shortUrl: "s3cur3" }),
  "loose.md": article({ headline: "A story with no section", date: "2026-01-03T10:00:00Z", section: "" }),
};

export const FIXTURE_SETTINGS = { perPage: 2 };

/** Every file under a folder, as site paths ("/world/index.html"). */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => "/" + path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

/** The file a site path is served from: a folder's index.html, or the file itself. */
export function fileForPath(sitePath: string): string {
  const clean = decodeURIComponent(sitePath.split("#")[0]!.split("?")[0]!);
  return clean.endsWith("/") ? `${clean}index.html` : clean;
}
