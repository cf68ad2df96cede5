import { createServer, type OutgoingHttpHeaders } from "node:http";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";

/** Debian's Chromium (apt-get install chromium); playwright-core downloads no browser of its own. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function hasChromium(): Promise<boolean> {
  return stat(CHROMIUM).then(
    (info) => info.isFile(),
    () => false,
  );
}

/**
 * A headless Chromium with a fresh, empty profile, kept off the network except what a test serves
 * itself. Playwright gives every launch a new temporary profile folder of its own (it refuses a
 * --user-data-dir argument), so no state passes from one run to the next.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
};

export interface ServedDir {
  /** The server's origin, e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a built site on 127.0.0.1 as a static host would: /x/ is /x/index.html. `headers` are sent
 * with every response (for example the site's Content-Security-Policy header).
 */
export async function serveDir(dir: string, options: { headers?: OutgoingHttpHeaders } = {}): Promise<ServedDir> {
  const root = path.resolve(dir);
  const server = createServer((request, response) => {
    void (async () => {
      const urlPath = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
      let file = path.join(root, urlPath);
      if (!file.startsWith(root)) file = root;
      if (urlPath.endsWith("/")) file = path.join(file, "index.html");
      try {
        const body = await readFile(file);
        response.writeHead(200, { "content-type": TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream", ...options.headers });
        response.end(body);
      } catch {
        response.writeHead(404, { "content-type": "text/plain" });
        response.end("not found");
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the test server has no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
