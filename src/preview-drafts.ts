// Whether this process shows drafts and stories not yet due: the preview's does, and no other's.
//
// The preview says so in its own process (src/cli/preview.ts, before it starts Eleventy); the build's
// options read it here (buildOptionsFromEnv), and so eleventy.config.ts does. It was an environment variable,
// NEWS_INCLUDE_UNPUBLISHED=true, which npm start set and npm run build read as well: a shell or CI job that had
// it set (copied from package.json's start script, a .env, a debugging session) made the build publish drafts
// and embargoed stories, and say nothing. A flag in the process is neither inherited nor set from outside it,
// so npm run build (src/cli/build.ts, render.ts, build-sharded.ts: none sets it) never publishes them, whatever
// its environment, and there is nothing for it to refuse. The preview needs no setting to be the preview.
let shown = false;

/** Called by the preview as it starts (and by the tests that build or watch as it does). */
export function showUnpublished(show = true): void {
  shown = show;
}

export function unpublishedShown(): boolean {
  return shown;
}
