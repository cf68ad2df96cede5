// A page that stops arriving for a moment, as it does over a slow phone's network or when a busy phone's
// parser yields: the browser draws what it has, then the rest comes. Whatever moves when the rest comes
// in is a layout shift a reader sees, which a test on a quiet machine, where the page is drawn only
// once it is whole, never meets.
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { BrowserContext, Page } from "playwright-core";
import { layoutShift } from "./layout-shift.ts";

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

/** How a page is opened while it arrives in parts. */
export interface ArrivalOptions {
  /** Sizes of the browser's window, by a name the shifts are reported with. */
  viewports: Record<string, { width: number; height: number }>;
  /** The browser's clock, fixed: the build's "now", so that the page's times turn relative as a fresh story's do. */
  now: Date;
  /**
   * Held only before the elements that start ahead of this text in the page, and before the first one
   * after it (e.g. "</header>": the masthead's elements, and what follows it); before every element of
   * <body> without it.
   */
  upTo?: string;
  /**
   * Held in the middle of each word too, as a network may cut a page anywhere: a word drawn in part is
   * narrower than it will be, so what comes after it on its line may fit there only until the rest comes.
   */
  midWord?: boolean;
  /** Done to the page before it is opened: the reader's text doubled, say (test/helpers/reflow.ts). */
  prepare?: (page: Page) => Promise<void>;
}

/**
 * Where in each word of the body's text (bytes FROM to TO of TEXT, one character a byte) a page may be cut
 * in two, each with the word's first half: the middle of the word, moved back to the start of a character,
 * so that the half is whole characters. Words with a character reference in them are left out, as their
 * halves would not be text.
 */
function midWordStops(text: string, from: number, to: number, inNoscript: (at: number) => boolean): Map<number, string> {
  const stops = new Map<number, string>();
  for (const run of text.slice(from, to).matchAll(/>([^<]+)</g)) {
    const runStart = from + run.index + 1;
    for (const word of run[1]!.matchAll(/\S{2,}/g)) {
      if (word[0].includes("&")) continue;
      const start = runStart + word.index;
      let stop = start + Math.floor(word[0].length / 2);
      // A UTF-8 continuation byte (10xxxxxx) is inside a character.
      while (stop > start && (text.charCodeAt(stop) & 0xc0) === 0x80) stop--;
      if (stop > start && !inNoscript(stop)) stops.set(stop, Buffer.from(text.slice(start, stop), "latin1").toString("utf8"));
    }
  }
  return stops;
}

/**
 * A slow phone draws a page as far as it has parsed it (a busy one yields part way, as a slow network
 * does), so each element's place must depend only on what comes before it in the page: whatever moves
 * when the rest arrives is a layout shift the reader sees, and that a quiet machine, drawing the page
 * only once it is whole, never shows. The page at ORIGIN + PATH is held once before each element of its
 * <body>, drawn, then let go, at each of the viewports. Returns each stop where something moved, with
 * the shift, or nothing when none did.
 */
export async function shiftsWhileArriving(context: BrowserContext, origin: string, path: string, { viewports, now, upTo, midWord, prepare }: ArrivalOptions): Promise<string[]> {
  const html = Buffer.from(await (await fetch(origin + path)).arrayBuffer());
  const text = html.toString("latin1"); // one character a byte, so that an index is a byte offset
  // Inside <noscript> is text to a browser that runs scripts: nothing is drawn from it.
  const noscripts = [...text.matchAll(/<noscript>[\s\S]*?<\/noscript>/g)].map((match) => [match.index, match.index + match[0].length] as const);
  const inNoscript = (at: number) => noscripts.some(([from, to]) => at > from && at < to);
  const elementsBefore = (stop: number) => [...text.slice(0, stop).matchAll(/<[a-z]/gi)].filter((match) => !inNoscript(match.index)).length;
  const [from, to] = [text.indexOf(">", text.indexOf("<body")) + 1, text.indexOf("</body>")];
  const stops = [...text.slice(from, to).matchAll(/<[a-z]/gi)].map((match) => from + match.index).filter((stop) => !inNoscript(stop));
  if (upTo !== undefined) {
    const end = text.indexOf(upTo, from);
    assert.ok(end >= 0, `${JSON.stringify(upTo)} is in ${path}`);
    const after = stops.findIndex((stop) => stop > end);
    if (after >= 0) stops.splice(after + 1);
  }
  const inWords = midWord ? midWordStops(text, from, stops.at(-1) ?? to, inNoscript) : new Map<number, string>();
  stops.push(...inWords.keys());
  stops.sort((one, other) => one - other);
  const pausing = await servePausing(origin);
  const page = await context.newPage();
  await prepare?.(page);
  await page.clock.setFixedTime(now);
  try {
    // Without its scripts, which add elements (a time's phrase in another language, say), once the page is whole.
    await page.route("**/*.js", (route) => route.abort());
    await page.goto(pausing.origin + path);
    assert.equal(await page.evaluate(() => document.getElementsByTagName("*").length), elementsBefore(text.length), "the elements are counted as the browser counts them");
    await page.unroute("**/*.js");
    const shifted: string[] = [];
    for (const [size, viewport] of Object.entries(viewports)) {
      await page.setViewportSize(viewport);
      for (const stop of stops) {
        const paused = pausing.pause(path, stop);
        await page.goto(pausing.origin + path, { waitUntil: "commit" });
        await paused.sent;
        // Drawn as far as it came: its elements are there, and a frame has shown them.
        await page.waitForFunction((count) => document.getElementsByTagName("*").length >= count, elementsBefore(stop), { polling: "raf" });
        // Held in a word, the page ends with the word's first half, once the parser has put it in.
        const part = inWords.get(stop);
        if (part !== undefined) {
          await page.waitForFunction((part) => {
            let last: Node = document.documentElement;
            while (last.lastChild) last = last.lastChild;
            return last.nodeType === Node.TEXT_NODE && (last as Text).data.endsWith(part);
          }, part, { polling: "raf" });
        }
        await page.evaluate(async () => {
          for (let frame = 0; frame < 2; frame++) await new Promise(requestAnimationFrame);
        });
        paused.release();
        const shift = await layoutShift(page);
        if (shift > 0) shifted.push(`${size}, held before ${JSON.stringify(html.toString("utf8", stop, stop + 40))}: ${shift.toFixed(4)}`);
      }
    }
    return shifted;
  } finally {
    await page.close();
    await pausing.close();
  }
}
