// The peers every figure is compared with, generated into a scratch folder for each run: a bare
// Eleventy project (the naive floor), the same pages from data read once (the design's floor), a
// minimal news-shaped Hugo site, and the same Hugo site with the search a Hugo site is given
// (Pagefind's command over its output, indexing the article pages).
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { RunSpec } from "./measure.ts";

const PACKAGE_JSON = fileURLToPath(new URL("../package.json", import.meta.url));

/**
 * Bare Eleventy: the corpus folder is the input, every Markdown file is its own template (Eleventy's
 * defaults, Liquid preprocessing included), one trivial layout. Nothing else.
 */
export async function writeBareEleventyProject(dir: string, corpusDir: string): Promise<string> {
  const includes = path.join(dir, "_includes");
  await mkdir(includes, { recursive: true });
  await writeFile(
    path.join(includes, "base.njk"),
    `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>{{ headline }}</title></head>\n<body>\n<h1>{{ headline }}</h1>\n{{ content | safe }}\n</body>\n</html>\n`,
  );
  const config = path.join(dir, "eleventy.config.mjs");
  await writeFile(
    config,
    `export default function (eleventyConfig) {\n  eleventyConfig.addGlobalData("layout", "base.njk");\n}\n` +
      `export const config = { dir: { includes: ${JSON.stringify(path.relative(corpusDir, includes))} }, templateFormats: ["md"] };\n`,
  );
  return config;
}

/**
 * The "Eleventy paginating one template over data parsed once (article pages only)": every
 * Markdown file read and rendered once, on one thread, into one array (gray-matter and markdown-it,
 * as our loader uses), and one template paginated over it into the bare peer's page. No sections,
 * listings, feeds or checks: what the design starts from, so our build's cost beyond it shows.
 */
export async function writeDataDrivenEleventyProject(dir: string, corpusDir: string): Promise<string> {
  const input = path.join(dir, "input");
  await mkdir(path.join(input, "_includes"), { recursive: true });
  await mkdir(path.join(input, "_data"), { recursive: true });
  await writeFile(
    path.join(input, "_includes", "base.njk"),
    `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>{{ article.headline }}</title></head>\n<body>\n<h1>{{ article.headline }}</h1>\n{{ content | safe }}\n</body>\n</html>\n`,
  );
  await writeFile(
    path.join(input, "article.njk"),
    `---\npagination:\n  data: articles\n  size: 1\n  alias: article\npermalink: "/{{ article.slug }}/index.html"\nlayout: base.njk\n---\n{{ article.body | safe }}\n`,
  );
  // The project's own gray-matter and markdown-it, found from its package.json: the scratch folder has none.
  await writeFile(
    path.join(input, "_data", "articles.cjs"),
    `const { readdirSync, readFileSync } = require("node:fs");
const path = require("node:path");
const projectRequire = require("node:module").createRequire(${JSON.stringify(PACKAGE_JSON)});
const matter = projectRequire("gray-matter");
const MarkdownIt = projectRequire("markdown-it");
const corpus = ${JSON.stringify(corpusDir)};
module.exports = function () {
  const markdown = new MarkdownIt({ html: true });
  return readdirSync(corpus, { recursive: true })
    .filter((file) => file.endsWith(".md"))
    .sort()
    .map((file) => {
      const { data, content } = matter(readFileSync(path.join(corpus, file), "utf8"));
      return { slug: file.slice(0, -3).split(path.sep).join("/"), headline: data.headline, body: markdown.render(content) };
    });
};
`,
  );
  return input;
}

/**
 * A minimal news-shaped Hugo site over the same corpus: article pages, a paginated front page,
 * section and tag pages (paginated) with their feeds, the sitemap. Sections are a taxonomy over the
 * `section` field, as in our site; the year folders become Hugo sections of their own. With `search`,
 * each article page marks its story as what Pagefind indexes (hugoWithSearch), so listings are not.
 */
export async function writeHugoSite(dir: string, corpusDir: string, sections: string[], { search = false } = {}): Promise<void> {
  const layouts = path.join(dir, "layouts", "_default");
  await mkdir(layouts, { recursive: true });
  await writeFile(
    path.join(dir, "config.toml"),
    [
      `baseURL = "https://news.example.com/"`,
      `languageCode = "en"`,
      `title = "Bench News"`,
      `contentDir = ${JSON.stringify(corpusDir)}`,
      `paginate = 20`,
      `rssLimit = 20`,
      `disableHugoGeneratorInject = true`,
      `enableRobotsTXT = false`,
      `[params]`,
      `sections = ${JSON.stringify(sections)}`,
      `[taxonomies]`,
      `tag = "tags"`,
      `desk = "section"`,
      `[frontmatter]`,
      `lastmod = ["updated", ":default"]`,
      "",
    ].join("\n"),
  );
  const files: Record<string, string> = {
    "baseof.html": `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ block "title" . }}{{ .Site.Title }}{{ end }}</title></head>
<body>
<header><a href="/">{{ .Site.Title }}</a>
<nav><ul>{{ range .Site.Params.sections }}<li><a href="/section/{{ . }}/">{{ . }}</a></li>{{ end }}</ul></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
`,
    "single.html": `{{ define "title" }}{{ .Params.headline }} | {{ .Site.Title }}{{ end }}
{{ define "main" }}<article${search ? " data-pagefind-body" : ""}>
<h1>{{ .Params.headline }}</h1>
{{ with .Params.bullets }}<ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
{{ with .Params.author }}<p>By {{ . }}</p>{{ end }}
<time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2 January 2006 15:04" }}</time>
<div>{{ .Content }}</div>
{{ with .Params.tags }}<ul>{{ range . }}<li><a href="/tags/{{ . | urlize }}/">{{ . }}</a></li>{{ end }}</ul>{{ end }}
</article>{{ end }}
`,
    "list.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages }}{{ range $pager.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ or .Params.headline .Title }}</a></h2><time>{{ .Date.Format "2 Jan 2006" }}</time></article>
{{ end }}{{ template "_internal/pagination.html" . }}{{ end }}
`,
  };
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(layouts, name), text);
  await writeFile(
    path.join(dir, "layouts", "index.html"),
    `{{ define "main" }}{{ $pager := .Paginate .Site.RegularPages }}{{ range $pager.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Params.headline }}</a></h2>{{ with .Params.bullets }}<p>{{ index . 0 }}</p>{{ end }}<time>{{ .Date.Format "2 Jan 2006" }}</time></article>
{{ end }}{{ template "_internal/pagination.html" . }}{{ end }}
`,
  );
}

/** Hugo's build of the site writeHugoSite wrote in `dir`, into `output`. */
export function hugoBuild(dir: string, output: string): RunSpec {
  return { command: "hugo", args: ["--quiet", "--source", dir, "--destination", output, "--cacheDir", path.join(dir, "cache")], cwd: dir };
}

/**
 * Hugo's build, then Pagefind's command over what it wrote (as a Hugo site adds search: the same
 * Pagefind version as ours, indexing each story's page as ours indexes the story), timed as one command.
 */
export function hugoWithSearch(dir: string, output: string, pagefind: string): RunSpec {
  const script = 'hugo --quiet --source "$1" --destination "$2" --cacheDir "$3" && "$4" --site "$2" >/dev/null';
  return { command: "/bin/sh", args: ["-c", script, "sh", dir, output, path.join(dir, "cache"), pagefind], cwd: dir };
}
