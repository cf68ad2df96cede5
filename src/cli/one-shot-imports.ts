// Imported first by a build (src/cli/render.ts, npm run build's rendering process), before Eleventy: Eleventy's first import registers a
// module resolver (module.register) so that its watch mode can import a file edited since, and on
// Node 20 that resolver runs on a thread of its own, which every import made after it waits on (the
// configuration and every module of ours, in each of a build's Eleventy runs). A build imports each
// file once and watches nothing, so it asks Eleventy for none (Eleventy's own switch, 11ty/eleventy#3371).
// The preview (src/cli/preview.ts) keeps it: it watches.
process.env.ELEVENTY_SKIP_ESM_RESOLVER ||= "1";
