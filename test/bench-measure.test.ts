// How the benchmark measures a builder's memory (bench/measure.ts): the process tree's summed resident memory.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { measure } from "../bench/measure.ts";
import { PROJECT_ROOT } from "./helpers/site.ts";

const python = (() => {
  try {
    execFileSync("python3", ["-c", "pass"]);
    return undefined;
  } catch {
    return "needs python3, to fork a process without starting another program";
  }
})();

test("a process forked and not yet turned into another program is its parent's memory, counted once", { skip: python }, async () => {
  // 200 MiB written, then a fork that stays a copy for 1.5 s: the copy's resident pages are the parent's.
  const program = [
    "import os, time",
    "held = b'x' * (200 << 20)",
    "pid = os.fork()",
    "time.sleep(1.5)",
    "os._exit(0) if pid == 0 else os.waitpid(pid, 0)",
  ].join("\n");
  const measured = await measure({ command: "python3", args: ["-c", program], cwd: PROJECT_ROOT, sampleMs: 50 });
  assert.equal(measured.exitCode, 0, measured.stderrTail);
  assert.ok(measured.peakProcessRssMiB >= 200, `the process held ${measured.peakProcessRssMiB} MiB`);
  assert.ok(measured.peakTreeRssMiB < measured.peakProcessRssMiB * 1.2, `the tree's peak was ${measured.peakTreeRssMiB.toFixed(0)} MiB for one process of ${measured.peakProcessRssMiB.toFixed(0)}`);
});

test("a child that has become a program of its own is counted beside its parent", async () => {
  // Node holding 100 MiB starts another Node holding 100 MiB (a different command line): both count.
  const hold = (then: string) => `const held = Buffer.alloc(100 << 20, 1); ${then}`;
  const inner = hold("setTimeout(() => {}, 1500);");
  const outer = hold(`require("node:child_process").execFileSync(process.execPath, ["-e", ${JSON.stringify(inner)}]);`);
  const measured = await measure({ command: process.execPath, args: ["-e", outer], cwd: PROJECT_ROOT, sampleMs: 50 });
  assert.equal(measured.exitCode, 0, measured.stderrTail);
  assert.ok(measured.peakTreeRssMiB >= 200, `the tree's peak was ${measured.peakTreeRssMiB.toFixed(0)} MiB`);
});
