import { readFile } from "node:fs/promises";

/** A process's state as Linux's /proc gives it ("T" when stopped, "Z" when ended but not yet reaped), or undefined once it has gone. */
export async function processState(pid: number): Promise<string | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  // The command name, in parentheses, may hold spaces: the state follows its closing one.
  return stat?.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
}
