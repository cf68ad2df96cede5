/**
 * Well-known XSS payloads for the malicious-content suite. Each one, if it ever runs, records its
 * name: `window.__xss = "name"` (or the parent's, from inside a frame) or `alert("name")`.
 * The names make a failure say which payload got through.
 */

const hit = (name: string) => `window.__xss='${name}'`;

/** Payloads for the article body, one per article so that one unclosed tag cannot hide the next. */
export const BODY_PAYLOADS: Record<string, string> = {
  "script-tag": `<script>${hit("script-tag")}</script>`,
  "script-mixed-case": `<ScRiPt>${hit("script-mixed-case")}</sCrIpT>`,
  "img-onerror": `<img src="x" onerror="${hit("img-onerror")}">`,
  "img-onerror-mixed-case": `<IMG SRC=x OnErRoR="${hit("img-onerror-mixed-case")}">`,
  "img-onerror-unquoted": `<img src=x onerror=${hit("img-onerror-unquoted")}>`,
  "broken-quoting": `<img src="x" alt="a"onerror="${hit("broken-quoting")}">`,
  "svg-onload": `<svg onload="${hit("svg-onload")}"><circle r="1"/></svg>`,
  "svg-script": `<svg><script>${hit("svg-script")}</script></svg>`,
  "svg-animate": `<svg><animate onbegin="${hit("svg-animate")}" attributeName="x" dur="1s"></animate></svg>`,
  "body-onload": `<body onload="${hit("body-onload")}">`,
  "details-ontoggle": `<details open ontoggle="${hit("details-ontoggle")}"><summary>s</summary>x</details>`,
  "input-autofocus": `<input autofocus onfocus="${hit("input-autofocus")}">`,
  "video-source-onerror": `<video><source src="x" onerror="${hit("video-source-onerror")}"></video>`,
  "iframe-srcdoc": `<iframe srcdoc="<script>parent.__xss='iframe-srcdoc'</script>"></iframe>`,
  "iframe-javascript": `<iframe src="javascript:parent.__xss='iframe-javascript'"></iframe>`,
  "iframe-data": `<iframe src="data:text/html,<script>alert('iframe-data')</script>"></iframe>`,
  "object-data": `<object data="data:text/html,<script>alert('object-data')</script>"></object>`,
  "embed-data": `<embed src="data:text/html,<script>alert('embed-data')</script>">`,
  "meta-refresh": `<meta http-equiv="refresh" content="0;url=javascript:${hit("meta-refresh")}">`,
  "base-href": `<base href="javascript:${hit("base-href")}//">`,
  "link-javascript": `<a id="link-javascript" href="javascript:${hit("link-javascript")}">read more</a>`,
  "link-entity-encoded": `<a href="&#106;avascript&#58;${hit("link-entity-encoded")}">read more</a>`,
  "link-hex-entities": `<a href="&#x6A;&#x61;&#x76;&#x61;script:${hit("link-hex-entities")}">read more</a>`,
  "link-mixed-case": `<a href="JaVaScRiPt:${hit("link-mixed-case")}">read more</a>`,
  "link-tab": `<a href="java&#x09;script:${hit("link-tab")}">read more</a>`,
  "link-data": `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgnbGluay1kYXRhJyk8L3NjcmlwdD4=">read more</a>`,
  "markdown-link-javascript": `[read more](javascript:${hit("markdown-link-javascript")})`,
  "markdown-link-encoded": `[read more](&#106;avascript:${hit("markdown-link-encoded")})`,
  // An inline image must exist (a missing one fails the build), so the breakout rides in its alt and title.
  "markdown-image-breakout": `![x" onerror="${hit("markdown-image-breakout")}](/images/placeholder-lead.svg "t\\" onerror=\\"${hit("markdown-image-breakout")}")`,
  "markdown-autolink": `<javascript:${hit("markdown-autolink")}>`,
  "form-action": `<form action="javascript:${hit("form-action")}"><button id="form-action">Go</button></form>`,
  "style-escape": `<div style="position:fixed;inset:0;background:red">covered</div><style>body{display:none}</style>`,
  "mutation-xss": `<math><mtext><table><mglyph><style><img src=x onerror="${hit("mutation-xss")}">`,
  "noscript-breakout": `<noscript><p title="</noscript><img src=x onerror=${hit("noscript-breakout")}>">`,
  "json-ld-breakout": `</script><script>${hit("json-ld-breakout")}</script>`,
  // A browser ends the comment at --!> and reads the <img>; the sanitiser's parser reads on to the -->.
  "comment-bang-close": `<!-- note --!><img src=x onerror="${hit("comment-bang-close")}"> -->`,
  // A browser ends this "comment" at its first >, and reads the <img>; the sanitiser's parser at ]]>.
  "cdata-breakout": `<![CDATA[><img src=x onerror="${hit("cdata-breakout")}">]]>`,
};

/** A payload short enough for every front-matter field (the dateline allows 80 characters). */
export function fieldPayload(field: string): string {
  return `"><img src=x onerror=alert('${field}')>`;
}

/** A longer payload for the fields that allow it: attribute breakout, script, and a JSON-LD breakout. */
export function longFieldPayload(field: string): string {
  return `'"></script><script>${hit(field)}</script><svg onload=alert('${field}')>`;
}

/** Embeds that the sanitised policy keeps: one iframe from each allowed host family. */
export const ALLOWED_EMBEDS: Record<string, string> = {
  youtube: `<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ" title="YouTube video player" allow="encrypted-media; picture-in-picture" allowfullscreen></iframe>`,
  "youtube-nocookie": `<iframe width="560" height="315" src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="YouTube video player" allowfullscreen></iframe>`,
  vimeo: `<iframe src="https://player.vimeo.com/video/76979871" width="640" height="360" allow="fullscreen; picture-in-picture" allowfullscreen></iframe>`,
  twitter: `<iframe src="https://platform.twitter.com/embed/Tweet.html?id=20" width="550" height="400" title="Post on X"></iframe>`,
  instagram: `<iframe src="https://www.instagram.com/p/CxYzAbC/embed" width="400" height="480" title="Instagram post"></iframe>`,
};

/** A tweet's quote and link, which the sanitised policy keeps, and the script its embed code comes with. */
export const TWEET_QUOTE = `<blockquote class="twitter-tweet"><p lang="en">A post.</p><a href="https://twitter.com/jack/status/20">March 21, 2006</a></blockquote>`;
export const TWEET_SCRIPT = `<script async src="https://platform.twitter.com/widgets.js"></script>`;

function yamlString(value: string): string {
  // A JSON string is a valid YAML double-quoted scalar, whatever it holds.
  return JSON.stringify(value);
}

/** The malicious-content fixture: one article with payloads in every front-matter field, one per body payload, one of embeds and a tweet's embed code. */
export function maliciousArticles(): Record<string, string> {
  const articles: Record<string, string> = {};
  articles["fields.md"] = [
    "---",
    `headline: ${yamlString(longFieldPayload("headline"))}`,
    "bullets:",
    `  - ${yamlString(longFieldPayload("bullet"))}`,
    `  - ${yamlString(fieldPayload("bullet-2"))}`,
    "date: 2026-01-05T10:00:00+05:00",
    "section: world",
    `dateline: ${yamlString(fieldPayload("dateline"))}`,
    `tags: [${yamlString(fieldPayload("tag"))}, ${yamlString(longFieldPayload("tag-2"))}]`,
    `author: [${yamlString(longFieldPayload("author"))}]`,
    "image:",
    "  src: /images/placeholder-lead.svg",
    `  alt: ${yamlString(longFieldPayload("alt"))}`,
    `  caption: ${yamlString(longFieldPayload("caption"))}`,
    `  credit: ${yamlString(longFieldPayload("credit"))}`,
    "---",
    "",
    "A story whose every field was written by an attacker.",
    "",
  ].join("\n");
  let minute = 0;
  for (const [name, payload] of Object.entries(BODY_PAYLOADS)) {
    minute++;
    articles[`body-${name}.md`] = [
      "---",
      `headline: Payload ${name}`,
      `date: 2026-01-04T10:${String(minute).padStart(2, "0")}:00+05:00`,
      "section: world",
      "---",
      "",
      "Before the payload.",
      "",
      payload,
      "",
      `After the payload ${name}.`,
      "",
    ].join("\n");
  }
  articles["embeds.md"] = [
    "---",
    "headline: Embeds from the allowed hosts",
    "date: 2026-01-03T10:00:00+05:00",
    "section: world",
    "---",
    "",
    "The players below come from hosts on the allow-list.",
    "",
    ...Object.values(ALLOWED_EMBEDS).flatMap((embed) => [embed, ""]),
    TWEET_QUOTE,
    "",
  ].join("\n");
  // A tweet's embed code as X gives it: under `sanitized` its script is refused, and the editor told.
  articles["tweet-embed-code.md"] = [
    "---",
    "headline: A tweet's embed code, script and all",
    "date: 2026-01-03T09:00:00+05:00",
    "section: world",
    "---",
    "",
    `${TWEET_QUOTE}${TWEET_SCRIPT}`,
    "",
  ].join("\n");
  return articles;
}
