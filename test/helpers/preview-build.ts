// The tests' way to build a site as the preview shows it, drafts and stories not yet due included, through
// the build's own rendering: src/cli/render.ts, run on its own (it takes npm run build's arguments), in a
// process that says it is the preview's (src/preview-drafts.ts). No command a user runs does that but the
// preview itself: npm run build, whatever its environment, never publishes them. previewBuildFixture runs it.
import { showUnpublished } from "../../src/preview-drafts.ts";

showUnpublished();
// Imported once the process has said so: render.ts reads its options as it is evaluated.
await import("../../src/cli/render.ts");
