// npm run build's arguments, which its parent (src/cli/build.ts) and its rendering process (src/cli/render.ts) both read.

export const BUILD_OPTIONS = {
  articles: { type: "string" },
  output: { type: "string", default: "_site" },
  settings: { type: "string" },
  now: { type: "string" },
  pathprefix: { type: "string" },
  quiet: { type: "boolean", default: false },
  // all | articles | listings: one job of a sharded build (src/build-shards.ts, npm run build:sharded).
  pages: { type: "string" },
  // A shard's whole archive, of which --articles is one folder.
  archive: { type: "string" },
} as const;

export const BUILD_USAGE = "npm run build [-- --articles DIR] [--output DIR] [--settings FILE] [--now DATE-TIME] [--pathprefix /news/] [--quiet] [--pages all|articles|listings] [--archive DIR]";
