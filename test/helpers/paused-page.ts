// A page that stops arriving for a moment, as it does over a slow phone's network or when a busy phone's
// parser yields: the browser draws what it has, then the rest comes. Whatever moves when the rest comes
// in is a layout shift a reader sees, which a test on a quiet machine, where the page is drawn only
// once it is whole, never meets.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface PausingServer {
  /** e.g. http://127.0.0.1:40123: answers as the server behind it does. */
  origin: string;
  /**
   * The next request for PATH is answered with its first BYTES bytes only; `release` sends the rest.
   * `sent` settles once the first part is on its way.
   */
  pause(path: string, bytes: number): { sent: Promise<void>; release(): void };
  close(): Promise<void>;
}

/** What Node's fetch has already undone, or that a body cut in two would make wrong. */
const DROPPED = new Set(["content-encoding", "content-length", "transfer-encoding", "connection", "keep-alive"]);

function forwardedHeaders(headers: Headers): Record<string, string> {
  return Object.fromEntries([...headers].filter(([name]) => !DROPPED.has(name)));
}

function requestHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).flatMap(([name, value]) => (typeof value === "string" && name !== "host" && name !== "accept-encoding" ? [[name, value]] : [])));
}

/** A server in front of BEHIND (an origin) that passes every request on, and can pause a page part way through. */
export async function servePausing(behind: string): Promise<PausingServer> {
  const pauses = new Map<string, { bytes: number; sent: () => void; released: Promise<void> }>();
  const server: Server = createServer(async (request, response) => {
    const address = new URL(request.url ?? "/", "http://localhost");
    const answer = await fetch(new URL(address.pathname + address.search, behind), { method: request.method, headers: requestHeaders(request.headers) });
    const body = Buffer.from(await answer.arrayBuffer());
    response.writeHead(answer.status, forwardedHeaders(answer.headers));
    const pause = pauses.get(address.pathname);
    if (!pause) return void response.end(body);
    pauses.delete(address.pathname);
    response.write(body.subarray(0, pause.bytes));
    pause.sent();
    await pause.released;
    response.end(body.subarray(pause.bytes));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    pause(path, bytes) {
      let sent!: () => void;
      let release!: () => void;
      const sentNow = new Promise<void>((resolve) => (sent = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      pauses.set(path, { bytes, sent, released });
      return { sent: sentNow, release };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
