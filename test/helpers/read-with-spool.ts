// Run as a child process by test/article-workers.test.ts, under a file-size limit (ulimit -f) that
// stands for a disk filling up: reads the articles of a folder on two threads, the bodies going into a
// spool file there, and prints each story's body and whether it is held in memory or in the file.
import settingsInput from "../../site.config.ts";
import { findArticleFiles } from "../../src/article-loader.ts";
import { readArticlesInWorkers } from "../../src/article-workers.ts";
import { keptBody } from "../../src/compact-html.ts";
import { resolveSettings } from "../../src/settings.ts";

const [articlesDir, spoolDir] = process.argv.slice(2) as [string, string];
const results = await readArticlesInWorkers(await findArticleFiles(articlesDir), { settings: resolveSettings(settingsInput), articlesDir, publicDir: "public" }, 2, { spoolDir });
const stories = results.flatMap((result) => ("article" in result ? [result.article] : []));
console.log(JSON.stringify(stories.map((story) => ({ source: story.sourcePath, held: keptBody(story).held, html: story.html }))));
