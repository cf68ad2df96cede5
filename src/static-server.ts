import { createServer, type Server } from "node:http";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { AddressInfo } from "node:net";

/**
 * A small static file server for a built site, on 127.0.0.1 only: what the browser tests and
 * `npm run audit` load pages from. It answers as a careful host would: compressed text, the site's
 * 404 page for unknown addresses, and a strict Content-Security-Policy, so a page that relies on
 * inline script or a third-party file fails in tests rather than in production.
 */

/** What the pages must work under: no inline script, no third-party files. Pagefind needs WebAssembly. */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self' https:; frame-ancestors 'none'";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".jpeg": "image/jpeg",
  ".jpg": "image/jpeg",
  ".png": "image/png",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".pagefind": "application/octet-stream",
  ".pf_meta": "application/octet-stream",
  ".pf_index": "application/octet-stream",
  ".pf_fragment": "application/octet-stream",
  ".pf_filter": "application/octet-stream",
};
const COMPRESSIBLE = /^(text\/|application\/(json|xml)|image\/svg)/;

export interface StaticServer {
  /** e.g. http://127.0.0.1:40123 */
  origin: string;
  close(): Promise<void>;
}

/** `csp`: the Content-Security-Policy to send; `headers`: more headers for every response (a site's own `_headers`, say), which win. */
export async function serveStatic(root: string, options: { csp?: string; headers?: Record<string, string> } = {}): Promise<StaticServer> {
  const server: Server = createServer(async (request, response) => {
    const headers: Record<string, string> = { "X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache" };
    if (options.csp) headers["Content-Security-Policy"] = options.csp;
    Object.assign(headers, options.headers);
    const send = (status: number, body: Buffer, type: string) => {
      const compress = COMPRESSIBLE.test(type) && /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
      const payload = compress ? gzipSync(body) : body;
      response.writeHead(status, { ...headers, "Content-Type": type, "Content-Length": String(payload.length), ...(compress ? { "Content-Encoding": "gzip", Vary: "Accept-Encoding" } : {}) });
      response.end(request.method === "HEAD" ? undefined : payload);
    };
    const file = await resolveFile(root, new URL(request.url ?? "/", "http://localhost").pathname);
    if (file) return send(200, await readFile(file), TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream");
    const notFound = path.join(root, "404.html");
    if (await isFile(notFound)) return send(404, await readFile(notFound), TYPES[".html"]!);
    send(404, Buffer.from("Not found"), TYPES[".txt"]!);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The file for a URL path, never outside the root; a folder means its index.html. */
async function resolveFile(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const file = path.join(root, path.normalize(decoded));
  if (file !== root && !file.startsWith(root + path.sep)) return undefined;
  if (await isFile(file)) return file;
  const index = path.join(file, "index.html");
  return (await isFile(index)) ? index : undefined;
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}
