import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * npm start runs the preview afresh when the settings change (src/cli/start.ts), on the same port. An
 * open tab should then show the new run's pages, but Eleventy's live-reload client (eleventy-dev-server
 * 2.1, client/reload-client.js) reconnects to a server that went away only when its window next gets
 * focus or becomes visible: a tab beside the editor would stay as it was. So every preview page loads a
 * small script that asks, once a second, which run of the preview is answering, and reloads the page
 * when it is another. It asks this path of the preview, not of the site, so that the preview's pages,
 * its notices and the page for settings it cannot start with all answer it alike.
 */
export const RELOAD_SCRIPT_URL = "/.news-preview/reload.js";
const SESSION_URL = "/.news-preview/session";

/** This run of the preview. */
const session = randomUUID();

/** The script tag that reloads a page once another run of the preview answers. */
export const RELOAD_SCRIPT_TAG = `<script type="module" src="${RELOAD_SCRIPT_URL}"></script>`;

/**
 * What a page standing in for the one at its address carries, with its status: the preview's "Page not
 * found" (templates/404.njk, 404) and its notices (src/preview-server.ts, 503), never a published page.
 * Such a page asks, at each of the script's questions, whether its address answers otherwise now (a
 * page of its own, the one its story moved to, src/preview-moved-stories.ts, or the end of a rebuild),
 * and reloads when it does. The dev server's live reload alone missed it when the rebuild that changed
 * it ended while the tab was still loading the stand-in after the rebuild before (a rename is often a
 * deletion, then a new file), and the tab stayed on "Page not found" or "Rebuilding" for good.
 */
export const STAND_IN_MARK = "news-preview-stand-in";

/** The mark for a stand-in page served with `status`. */
export function standInMeta(status: number): string {
  return `<meta name="${STAND_IN_MARK}" content="${status}">`;
}

/**
 * Which failed build a page shows, when the preview shows a failed build's notice in place of every page
 * (src/preview-server.ts): the server answers the script's question with the failed build it would show
 * now, or nothing, and a page that shows another reloads. So a tab on a page of the site, or on "Rebuilding
 * the preview…", goes to the notice once a rebuild fails (nothing else tells it: the dev server's live
 * reload comes only after a build that succeeds), a tab on a notice goes to the next failure's, and to the
 * site's page once a build succeeds. A notice says which it shows; any other page, which the preview
 * serves only while no build has failed (or outside its notices' reach: a 404 for an address that is not a
 * page's), is taken to show what the server would show when it served the script, so that it does not
 * reload for ever.
 */
const FAILURE_MARK = "news-preview-failure";

/** The mark for a notice showing the failed build `failure` ("" for none). */
export function failureMeta(failure: string): string {
  return `<meta name="${FAILURE_MARK}" content="${failure}">`;
}

/** The script, given the failed build the preview shows now ("" for none). The run that served the script is the run that served the page: it is loaded with it. */
const reloadScript = (failing: string) => `const served = ${JSON.stringify(session)};
const standIn = Number(document.querySelector(${JSON.stringify(`meta[name="${STAND_IN_MARK}"]`)})?.content ?? 0);
const shownFailure = document.querySelector(${JSON.stringify(`meta[name="${FAILURE_MARK}"]`)})?.content ?? ${JSON.stringify(failing)};
const ask = async () => {
  try {
    const response = await fetch(${JSON.stringify(SESSION_URL)}, { cache: "no-store" });
    const [answering, failing = ""] = (response.ok ? await response.text() : "").split("\\n");
    // (A server on its way out answers with nothing.)
    if (answering && (answering !== served || failing !== shownFailure)) return location.reload();
    // A redirect to where the story moved is followed by the reload too, in place of this address in the history.
    if (answering && standIn && (await fetch(location.href, { cache: "no-store" })).status !== standIn) return location.reload();
  } catch {
    // Between two runs nothing answers: ask again.
  }
  setTimeout(ask, 1000);
};
setTimeout(ask, 1000);
`;

/** Answers the reload script and the question it asks, `failing` being the failed build shown now ("" for none); false for any other request. */
export function answerSessionRequest(request: IncomingMessage, response: ServerResponse, failing = ""): boolean {
  const pathname = new URL(request.url ?? "/", "http://preview.invalid").pathname;
  if (pathname !== RELOAD_SCRIPT_URL && pathname !== SESSION_URL) return false;
  response.statusCode = 200;
  response.setHeader("Content-Type", pathname === SESSION_URL ? "text/plain; charset=utf-8" : "text/javascript; charset=utf-8");
  response.setHeader("Cache-Control", "no-store");
  // A Buffer: Eleventy's dev server holds back a string written to its response, and adds its own script to HTML.
  response.end(Buffer.from(pathname === SESSION_URL ? `${session}\n${failing}` : reloadScript(failing)));
  return true;
}

/**
 * The hash source of Eleventy's live-reload client as its dev server (eleventy-dev-server 2.1) writes it
 * inline into a page served with an error status: the site's 404 page, the one such page the preview
 * serves from the site. That page's own Content Security Policy, which allows no inline script, stopped
 * the client, so a tab on an address that had no page yet (a story's, before its file was saved, or
 * after it was renamed or moved to another section) never reloaded once it had one. The preview's
 * policy allows this one script by its hash, the same sha512 the dev server puts in its integrity attribute.
 */
export function liveReloadClientHash(): string {
  const client = createRequire(import.meta.url).resolve("@11ty/eleventy-dev-server/client/reload-client.js");
  return `sha512-${createHash("sha512").update(readFileSync(client)).digest("base64")}`;
}
