import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { whenParentGone } from "../src/processes.ts";
import { processState } from "./helpers/process-state.ts";
import { PROJECT_ROOT } from "./helpers/site.ts";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("whenParentGone tells nothing while the parent is there, and at once of a process that is not this one's parent", async () => {
  let parentGone = false;
  whenParentGone(process.ppid, () => (parentGone = true), 10);
  let othersGone = 0;
  // Running, but not the parent: npm run build's rendering process was started by its parent, so this is one it does not render for.
  whenParentGone(process.pid, () => othersGone++, 10);
  await pause(200);
  assert.equal(parentGone, false);
  assert.equal(othersGone, 1, "told once");
});

test("whenParentGone tells a process whose parent was killed outright, which it could not pass on", { skip: existsSync("/proc/self/stat") ? false : "needs /proc" }, async () => {
  // A parent that starts a watching child, says its pid, and is then killed by SIGKILL; the child ends when told.
  const child = `import { whenParentGone } from ${JSON.stringify(path.join(PROJECT_ROOT, "src/processes.ts"))}; whenParentGone(Number(process.env.WATCHED), () => process.exit(0)); setTimeout(() => process.exit(3), 60_000);`;
  const parent = `const { spawn } = require("node:child_process"); const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", ${JSON.stringify(child)}], { stdio: "ignore", env: { ...process.env, WATCHED: String(process.pid) } }); console.log(child.pid);`;
  const started = spawn(process.execPath, ["-e", `${parent} setInterval(() => undefined, 1000);`], { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "inherit"] });
  const childPid = Number(await new Promise<string>((resolve) => started.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString()))));
  assert.notEqual(await processState(childPid), undefined, "the child runs while its parent does");
  started.kill("SIGKILL");
  let state = await processState(childPid);
  for (let waited = 0; waited < 10_000 && state !== undefined && state !== "Z"; waited += 100) {
    await pause(100);
    state = await processState(childPid);
  }
  assert.ok(state === undefined || state === "Z", `the child has ended (state ${state})`);
});
