import { EMBED_HOSTS } from "./html-policy.ts";

/** What the policy depends on: whether the site has its own search (the `search` setting). */
export interface PolicyOptions {
  search: boolean;
  /** Hash sources ('sha512-…') of inline scripts allowed to run: the preview's alone (src/preview-session.ts). */
  inlineScripts?: readonly string[];
}

/**
 * The Content Security Policy every page ships with, as a header (_headers) and as a meta tag. It is
 * the second wall behind the sanitiser: even markup that slipped through cannot run script, because
 * scripts may only come from the site's own files (no inline script, no event handlers, no eval).
 * WebAssembly may be compiled only where the site has its own search, whose index (Pagefind) runs as
 * WebAssembly. JSON-LD (`<script type="application/ld+json">`) is data, which CSP does not govern, so
 * it needs nothing here.
 */
function directives({ search, inlineScripts = [] }: PolicyOptions): ReadonlyArray<readonly [string, readonly string[]]> {
  return [
    ["default-src", ["'self'"]],
    ["script-src", [...(search ? ["'self'", "'wasm-unsafe-eval'"] : ["'self'"]), ...inlineScripts.map((hash) => `'${hash}'`)]],
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
}

/** Directives a browser ignores when they arrive in a meta tag (and warns about); they go in the header only. */
const HEADER_ONLY = [["frame-ancestors", ["'self'"]]] as const;

const serialise = (directives: ReadonlyArray<readonly [string, readonly string[]]>) =>
  directives.map(([name, sources]) => `${name} ${sources.join(" ")}`).join("; ");

/** The policy as sent in the Content-Security-Policy header. */
export function contentSecurityPolicy(options: PolicyOptions): string {
  return serialise([...directives(options), ...HEADER_ONLY]);
}

/** The policy for `<meta http-equiv="Content-Security-Policy">`, which protects a page served without the header. */
export function metaContentSecurityPolicy(options: PolicyOptions): string {
  return serialise(directives(options));
}

/** The security headers every file on the site is served with. */
export function securityHeaders(options: PolicyOptions): Readonly<Record<string, string>> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(options),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
  };
}
