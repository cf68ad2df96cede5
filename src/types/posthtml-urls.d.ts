// A PostHTML plugin (Eleventy's fork of posthtml-urls) that calls `eachURL` for every URL-holding attribute.
declare module "@11ty/posthtml-urls" {
  import type { Plugin } from "posthtml";
  export default function urls(options: { eachURL: (url: string, attribute: string, tag: string) => string | Promise<string> }): Plugin<unknown>;
}
