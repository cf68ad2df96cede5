import EleventyDevServer from "@11ty/eleventy-dev-server";

/**
 * The address the preview listens on unless `npm start -- --host` names another. The preview serves
 * drafts and stories not yet due, so it must not answer the rest of a newsroom's network, a café's Wi-Fi
 * or anyone who can reach the editor's laptop; Eleventy's dev server listens on every address and has no
 * setting to say otherwise. (A preview in a container, or opened from a phone, is asked for by name.)
 */
export const PREVIEW_HOST = "127.0.0.1";

/**
 * Makes Eleventy's dev server listen on `host` only. It calls `_serverListen` for its first port and
 * for each next one it tries when a port is taken, so replacing that one method covers both.
 */
export function listenOnlyOn(host: string): void {
  const prototype = EleventyDevServer.prototype;
  if (typeof prototype._serverListen !== "function") {
    throw new Error("Eleventy's dev server no longer starts listening where version 2.1 did (_serverListen): npm start will not serve the drafts to the whole network; src/preview-listen-address.ts needs updating.");
  }
  prototype._serverListen = function (this: EleventyDevServer, port: number) {
    this.server.listen({ port, host });
  };
}
