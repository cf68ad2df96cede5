// @11ty/eleventy-dev-server ships no types; this is the one method this project replaces (src/preview-listen-address.ts), typed from its source (2.1).
declare module "@11ty/eleventy-dev-server" {
  import type { Server } from "node:http";

  export default class EleventyDevServer {
    /** The HTTP server, made on first use. */
    get server(): Server;
    /** Starts listening on `port`, and on the next one up each time the last is in use. */
    _serverListen(port: number): void;
  }
}
