// Worker threads do not inherit tsx's module hooks from the main thread (Node 20), so a worker
// starts here, in plain JavaScript, registers tsx, then loads its TypeScript module (workerData.entry).
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
