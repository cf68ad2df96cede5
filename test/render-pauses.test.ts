import { test } from "node:test";
import assert from "node:assert/strict";
import type { UserConfig } from "@11ty/eleventy";
import { pauseWhileRendering } from "../src/render-pauses.ts";

type Transform = (content: string) => Promise<string>;

test("rendering lets other work through every so many pages, and changes no page", async () => {
  const transforms: Transform[] = [];
  const config = { addTransform: (_name: string, transform: Transform) => transforms.push(transform) } as unknown as UserConfig;
  pauseWhileRendering(config, 3);
  const [transform] = transforms;
  assert.ok(transform);

  // Work that waits for the event loop, as a reply from Pagefind's process does.
  let replied = false;
  setImmediate(() => {
    replied = true;
  });
  // Pages rendered back to back, as Eleventy renders a run: a chain of promises with no I/O between.
  const seen: boolean[] = [];
  for (let page = 1; page <= 3; page++) {
    assert.equal(await transform(`<p>page ${page}</p>`), `<p>page ${page}</p>`);
    seen.push(replied);
  }
  assert.deepEqual(seen, [false, false, true], "the reply gets through at the third page, not only when the run is over");
});
