import { EMBED_HOSTS } from "./html-policy.ts";

/**
 * The Content Security Policy every page ships with, as a header (_headers) and as a meta tag. It is
 * the second wall behind the sanitiser: even markup that slipped through cannot run script, because
 * scripts may only come from the site's own files (no inline script, no event handlers, no eval).
 * WebAssembly may be compiled because the search index (Pagefind) runs as WebAssembly. JSON-LD
 * (`<script type="application/ld+json">`) is data, which CSP does not govern, so it needs nothing here.
 */
const DIRECTIVES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["default-src", ["'self'"]],
  ["script-src", ["'self'", "'wasm-unsafe-eval'"]],
  ["style-src", ["'self'"]],
  // Article bodies may show pictures, video and audio hosted elsewhere on the web.
  ["img-src", ["'self'", "https:", "data:"]],
  ["media-src", ["'self'", "https:"]],
  ["font-src", ["'self'"]],
  ["connect-src", ["'self'"]],
  // The same hosts the sanitiser lets an iframe come from (src/html-policy.ts).
  ["frame-src", EMBED_HOSTS.map((host) => `https://${host}`)],
  ["object-src", ["'none'"]],
  // A <base> tag could send every relative link and script elsewhere.
  ["base-uri", ["'self'"]],
  ["form-action", ["'self'"]],
  ["manifest-src", ["'self'"]],
];

/** Directives a browser ignores when they arrive in a meta tag (and warns about); they go in the header only. */
const HEADER_ONLY = [["frame-ancestors", ["'self'"]]] as const;

const serialise = (directives: ReadonlyArray<readonly [string, readonly string[]]>) =>
  directives.map(([name, sources]) => `${name} ${sources.join(" ")}`).join("; ");

/** The policy as sent in the Content-Security-Policy header. */
export const CONTENT_SECURITY_POLICY = serialise([...DIRECTIVES, ...HEADER_ONLY]);

/** The policy for `<meta http-equiv="Content-Security-Policy">`, which protects a page served without the header. */
export const META_CONTENT_SECURITY_POLICY = serialise(DIRECTIVES);

/** The security headers every file on the site is served with. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": CONTENT_SECURITY_POLICY,
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
};
