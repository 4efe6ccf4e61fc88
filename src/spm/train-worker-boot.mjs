// Worker threads do not inherit tsx's loader from the main thread: when the entry point
// (train-jobs.ts passes its URL) is TypeScript, register tsx first; compiled JS loads as is.
import { workerData } from "node:worker_threads";

if (workerData.entry.endsWith(".ts")) {
  const { register } = await import("tsx/esm/api");
  register();
}
await import(workerData.entry);
