import { randomUUID } from "node:crypto";
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

// The run that served the script is the run that served the page: it is loaded with it.
const reloadScript = `const served = ${JSON.stringify(session)};
const ask = async () => {
  try {
    const response = await fetch(${JSON.stringify(SESSION_URL)}, { cache: "no-store" });
    const answering = response.ok ? await response.text() : "";
    // (A server on its way out answers with nothing.)
    if (answering && answering !== served) return location.reload();
  } catch {
    // Between two runs nothing answers: ask again.
  }
  setTimeout(ask, 1000);
};
setTimeout(ask, 1000);
`;

/** Answers the reload script and the question it asks; false for any other request. */
export function answerSessionRequest(request: IncomingMessage, response: ServerResponse): boolean {
  const pathname = new URL(request.url ?? "/", "http://preview.invalid").pathname;
  if (pathname !== RELOAD_SCRIPT_URL && pathname !== SESSION_URL) return false;
  response.statusCode = 200;
  response.setHeader("Content-Type", pathname === SESSION_URL ? "text/plain; charset=utf-8" : "text/javascript; charset=utf-8");
  response.setHeader("Cache-Control", "no-store");
  // A Buffer: Eleventy's dev server holds back a string written to its response, and adds its own script to HTML.
  response.end(Buffer.from(pathname === SESSION_URL ? session : reloadScript));
  return true;
}
