// src/pagefind-process.ts wraps child_process.spawn for the thread that loads it, as a search thread does;
// here that thread is this file's (and a background part lowers its niceness, as it does a search thread's).
import { test } from "node:test";
import assert from "node:assert/strict";
import childProcess from "node:child_process";
import { existsSync } from "node:fs";
import { holdBackgroundPagefind, watchPagefind } from "../src/pagefind-process.ts";
import { processState } from "./helpers/process-state.ts";
import { eventually } from "./helpers/site.ts";

test("a background part's process is stopped while held, and let go (continued, held no more) once the part is done; a build's is never held", { skip: existsSync("/proc/self/stat") ? false : "needs /proc" }, async () => {
  const reports: string[] = [];
  const report = (pid: number, stopped: boolean) => reports.push(`${pid} ${stopped ? "stopped" : "continued"}`);
  const build = watchPagefind("/site/pagefind-1/", { background: false });
  const buildProcess = childProcess.spawn("sleep", ["30"]);
  const preview = watchPagefind("/site/pagefind/", { background: true });
  const previewProcess = childProcess.spawn("sleep", ["30"]);
  try {
    holdBackgroundPagefind(true, report);
    assert.ok(await eventually(async () => (await processState(previewProcess.pid!)) === "T"), "the background part's process is stopped");
    assert.notEqual(await processState(buildProcess.pid!), "T", "a build's is not");
    // As the search thread does before it closes Pagefind: a process on its way out must not be left stopped.
    preview.finish();
    assert.ok(await eventually(async () => (await processState(previewProcess.pid!)) !== "T"), "continued once the part is done");
    holdBackgroundPagefind(true, report);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.notEqual(await processState(previewProcess.pid!), "T", "and held no more");
    assert.deepEqual(reports, [`${previewProcess.pid} stopped`, `${previewProcess.pid} continued`]);
  } finally {
    holdBackgroundPagefind(false, report);
    build.finish();
    for (const child of [buildProcess, previewProcess]) child.kill("SIGKILL");
  }
});
