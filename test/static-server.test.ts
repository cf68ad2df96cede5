import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { serveStatic, STRICT_CSP, type StaticServer } from "../src/static-server.ts";
import { makeTempDir } from "./helpers/site.ts";

let dir: string;
let server: StaticServer;

before(async () => {
  dir = await makeTempDir("news-server-");
  await mkdir(path.join(dir, "site/news/story"), { recursive: true });
  await writeFile(path.join(dir, "site/news/story/index.html"), "<p>story</p>".repeat(50));
  await writeFile(path.join(dir, "site/404.html"), "<p>not here</p>");
  await writeFile(path.join(dir, "secret.txt"), "outside the site");
  server = await serveStatic(path.join(dir, "site"), { csp: STRICT_CSP });
});
after(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function get(urlPath: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    // A raw path, so "../" reaches the server as a client could send it.
    const req = request(`${server.origin}/`, { path: urlPath, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("a folder's address serves its index.html, with the strict CSP", async () => {
  const response = await get("/news/story/");
  assert.equal(response.status, 200);
  assert.match(String(response.headers["content-type"]), /^text\/html/);
  assert.equal(response.headers["content-security-policy"], STRICT_CSP);
  assert.match(response.body.toString(), /<p>story<\/p>/);
});

test("text is gzipped for clients that accept it", async () => {
  const response = await get("/news/story/", { "Accept-Encoding": "gzip, br" });
  assert.equal(response.headers["content-encoding"], "gzip");
  assert.match(gunzipSync(response.body).toString(), /<p>story<\/p>/);
});

test("an unknown address gets the site's 404 page with status 404", async () => {
  const response = await get("/news/missing/");
  assert.equal(response.status, 404);
  assert.equal(response.body.toString(), "<p>not here</p>");
});

test("nothing outside the site's folder is served", async () => {
  for (const attempt of ["/../secret.txt", "/%2e%2e/secret.txt", "/news/..%2f..%2fsecret.txt"]) {
    const response = await get(attempt);
    assert.equal(response.status, 404, attempt);
    assert.doesNotMatch(response.body.toString(), /outside the site/, attempt);
  }
});

test("headers it is given (a site's own _headers) are sent with every answer, over its defaults", async () => {
  const own = await serveStatic(path.join(dir, "site"), { csp: STRICT_CSP, headers: { "Content-Security-Policy": "default-src 'none'", "X-Frame-Options": "DENY" } });
  try {
    const response = await new Promise<{ headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
      request(`${own.origin}/news/story/`, (answer) => {
        answer.resume();
        answer.on("end", () => resolve({ headers: answer.headers }));
      })
        .on("error", reject)
        .end();
    });
    assert.equal(response.headers["content-security-policy"], "default-src 'none'");
    assert.equal(response.headers["x-frame-options"], "DENY");
    assert.equal(response.headers["x-content-type-options"], "nosniff");
  } finally {
    await own.close();
  }
});
