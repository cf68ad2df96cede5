/**
 * Scripts as a reader's browser is sent them: without their comments, as src/stylesheet-comments.ts sends the
 * stylesheet. Our scripts explain themselves where they stand, and that was two fifths of what the pages load
 * of them gzipped (relative-time.js 1,644 B, 998 without). Only a parser knows where a comment is in
 * JavaScript (`//` in a string, a regular expression or a template is none), so esbuild, which compiles the
 * build's own code, prints each script again, as it is but for its comments and its spacing: no syntax is
 * lowered, nothing is renamed or joined, a module stays a module, and a licence comment (`/*!`, `@license`)
 * stays. A script esbuild cannot read is published as written: it cost bytes, not a working page.
 */
export async function scriptsWithoutComments(scripts: readonly string[]): Promise<string[]> {
  if (scripts.length === 0) return [];
  // Imported here, as src/cli/compiled.mjs does: a build that publishes no script need not start esbuild.
  const { transform, stop } = await import("esbuild");
  try {
    return await Promise.all(
      scripts.map((script) =>
        transform(script, { loader: "js", legalComments: "inline", logLevel: "silent" }).then(
          (result) => result.code,
          () => script,
        ),
      ),
    );
  } finally {
    // esbuild's service process would otherwise stay beside the build (about 30 MiB) until it ends.
    await stop();
  }
}
