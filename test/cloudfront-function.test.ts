// The README's S3 recipe behind CloudFront: the bucket's REST endpoint has no index document, so the
// README gives a CloudFront Function that turns each reader's address into a file's key. Run here, as
// written in the README, against every address a built site links to or hands out (its pages' folders,
// its short links without the slash): each must come to a file the build wrote.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { listFiles } from "../src/link-check.ts";
import { article, buildFixture, makeFixtureSite, PROJECT_ROOT, type FixtureSite } from "./helpers/site.ts";

interface ViewerRequest {
  uri: string;
}
type Answer = ViewerRequest | { statusCode: number; headers: { location: { value: string } } };

/** The README's CloudFront Function: the js block in the section on S3. */
async function readmeFunction(): Promise<(event: { request: ViewerRequest }) => Answer> {
  const readme = await readFile(path.join(PROJECT_ROOT, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]!).filter((code) => code.includes("function handler(event)"));
  assert.equal(blocks.length, 1, "the README has one CloudFront Function");
  // CloudFront runs the function's source as it stands; its handler is the function named handler.
  return new Function(`${blocks[0]!.replace(/^ {4}/gm, "")}\nreturn handler;`)() as (event: { request: ViewerRequest }) => Answer;
}

let site: FixtureSite;
let files: string[];
before(async () => {
  site = await makeFixtureSite({
    "2026/01/harbour.md": article({ headline: "Harbour reopens", date: "2026-01-05T10:00:00+05:00" }, "The harbour reopened on Monday."),
    "2026/01/کتاب.md": article({ headline: "کتاب میلہ", date: "2026-01-06T10:00:00+05:00", lang: "ur" }, "کتاب میلہ شروع ہو گیا۔"),
  });
  const result = await buildFixture(site, ["--now", "2026-01-10T00:00:00Z"]);
  assert.equal(result.code, 0, result.stderr);
  files = await listFiles(site.outputDir);
});
after(() => site.remove());

/** What a reader gets from the bucket for an address, following the function's redirects: the key, or why not. */
function keyFor(handler: (event: { request: ViewerRequest }) => Answer, address: string): string {
  let uri = encodeURI(address);
  for (let hops = 0; hops < 3; hops++) {
    const answer = handler({ request: { uri } });
    if (!("statusCode" in answer)) return decodeURI(answer.uri.slice(1));
    assert.equal(answer.statusCode, 301);
    uri = answer.headers.location.value;
  }
  throw new Error(`${address} redirects in a loop`);
}

test("the README's CloudFront Function brings every page's address, with or without its slash, and every file to a key the build wrote", async () => {
  const handler = await readmeFunction();
  const pages = files.filter((file) => file === "index.html" || file.endsWith("/index.html"));
  assert.ok(pages.some((file) => file.startsWith("s/")), "the site has short-link pages");
  for (const page of pages) {
    const folder = `/${page.slice(0, -"index.html".length)}`;
    assert.equal(keyFor(handler, folder), page, folder);
    // A short link is handed out without its slash (https://news.example.com/s/ab234).
    if (folder !== "/") assert.equal(keyFor(handler, folder.slice(0, -1)), page, folder.slice(0, -1));
  }
  // Every other file the README's sync uploads (it leaves out _headers and _redirects) keeps its address.
  const others = files.filter((file) => !file.endsWith("index.html") && file !== "_headers" && file !== "_redirects");
  assert.ok(others.length > 20);
  for (const file of others) assert.equal(keyFor(handler, `/${file}`), file);
});

test("the error document both S3 recipes name is the one the build writes", () => {
  assert.ok(existsSync(path.join(site.outputDir, "404.html")));
});
