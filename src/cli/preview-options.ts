import { PREVIEW_HOST } from "../preview-listen-address.ts";
import { commandOptions } from "./command-options.ts";
import { portOption } from "./port-option.ts";

/**
 * Where the preview writes when no --output is given: a folder of its own, not the build's _site, which holds
 * the last site `npm run build` made. The preview publishes drafts and stories not yet due, and empties its
 * folder when it starts, so in _site it would take the place of the last good build, and a deploy from that
 * folder would publish them.
 */
export const PREVIEW_OUTPUT = "_preview";

export interface PreviewOptions {
  port?: number;
  /** The address to listen on (src/preview-listen-address.ts): 127.0.0.1 unless given. */
  host: string;
  /** The folder the preview writes its pages to: PREVIEW_OUTPUT unless given. */
  output: string;
  incremental: boolean;
  keepPort: boolean;
}

/**
 * npm start's options, which it hands on to each run of the preview (src/cli/start.ts, src/cli/preview.ts).
 * A --port that is not a port number ends the process with the reason.
 */
export function previewOptions(args = process.argv.slice(2)): PreviewOptions {
  const { values } = commandOptions(
    {
      args,
      options: {
        port: { type: "string" },
        host: { type: "string", default: PREVIEW_HOST },
        output: { type: "string", default: PREVIEW_OUTPUT },
        // Eleventy's own incremental mode, for npm run bench:preview -- --incremental to compare.
        incremental: { type: "boolean", default: false },
        // A run after the first (npm start gives it): the port is the one the browser has open, and taking the
        // next free one, as Eleventy's server does when a port is taken, would leave the browser on a dead one.
        "keep-port": { type: "boolean", default: false },
      },
    },
    "npm start [-- --port 8081] [--host 0.0.0.0] [--output DIR]",
  );
  try {
    return { port: portOption(values.port), host: values.host, output: values.output, incremental: values.incremental, keepPort: values["keep-port"] };
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

/** The options for a run of the preview; on `port` and keeping it when given (every run after the first). */
export function previewArgs(options: PreviewOptions, keptPort?: number): string[] {
  const port = keptPort ?? options.port;
  return [...(port ? [`--port=${port}`] : []), `--host=${options.host}`, ...(keptPort ? ["--keep-port"] : []), `--output=${options.output}`, ...(options.incremental ? ["--incremental"] : [])];
}
