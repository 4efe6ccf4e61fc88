// Worker thread of train-jobs.ts: initialise the engine once, then run the jobs it is sent.
import { parentPort } from "node:worker_threads";
import { initEngine } from "../engine/jax.js";
import { runJobSync, type TrainJob } from "./train-jobs.js";

await initEngine();
parentPort!.on("message", ({ k, job }: { k: number; job: TrainJob }) => {
  try {
    parentPort!.postMessage({ k, result: runJobSync(job) });
  } catch (e) {
    parentPort!.postMessage({ k, error: e instanceof Error ? e.message : String(e) });
  }
});
parentPort!.postMessage({ ready: true });
