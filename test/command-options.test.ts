// Every command names an option it does not know, or one given without its value, in one line with how
// the command is run (src/cli/command-options.ts), where node's parseArgs threw a stack trace of its own.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { runCli } from "./helpers/site.ts";

describe("the commands' options", () => {
  test("an option a command does not know, or one without its value, is named in a line with how to run the command", async () => {
    for (const [command, args, reason, usage] of [
      ["start", ["--prot", "8081"], "Unknown option '--prot'", "npm start [-- --port 8081] [--host 0.0.0.0]"],
      ["start", ["--port"], "Option '--port <value>' argument missing", "npm start [-- --port 8081] [--host 0.0.0.0]"],
      ["check", ["--artciles", "articles"], "Unknown option '--artciles'", "npm run check [-- --articles DIR]"],
      ["build", ["--sektion", "world"], "Unknown option '--sektion'", "npm run build [-- --articles DIR]"],
      ["build", ["--output"], "Option '--output <value>' argument missing", "npm run build [-- --articles DIR]"],
      ["build-sharded", ["--jobs"], "Option '--jobs <value>' argument missing", "npm run build:sharded [-- --jobs N]"],
      ["audit", ["--mn", "90"], "Unknown option '--mn'", "npm run audit [-- --min SCORE]"],
    ] as const) {
      const result = await runCli(command, [...args]);
      assert.equal(result.code, 1, `${command} ${args.join(" ")}`);
      assert.ok(result.stderr.startsWith(reason), result.stderr);
      assert.ok(result.stderr.includes(`\nUsage: ${usage}`), result.stderr);
      assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
    }
  });
});
