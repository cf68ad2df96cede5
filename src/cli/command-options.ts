import { parseArgs, type ParseArgsConfig } from "node:util";

/**
 * node's parseArgs, save that an option it does not know, or one given without its value, ends the command
 * with node's one-line reason and how the command is run, where it threw a TypeError whose stack trace of
 * node's internals buried the reason: `npm run new -- "Harbour reopens" --section`, the section forgotten,
 * printed twenty lines, and so did a mistyped `--sektion` or `npm start -- --prot 8081`.
 */
export function commandOptions<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    if (!isParseArgsError(error)) throw error;
    console.error(`${error.message}\nUsage: ${usage}`);
    process.exit(1);
  }
}

function isParseArgsError(error: unknown): error is Error {
  return error instanceof Error && String((error as NodeJS.ErrnoException).code).startsWith("ERR_PARSE_ARGS_");
}
