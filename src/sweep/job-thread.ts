// Worker thread of JobThreads: run the jobs it is sent, one at a time.
import { parentPort } from "node:worker_threads";
import { runJob } from "./run-job.js";
import type { JobSpec } from "./job-spec.js";

parentPort!.on("message", (spec: JobSpec) => {
  runJob(spec).then(
    (output) => parentPort!.postMessage({ output }),
    (e: unknown) => parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) }),
  );
});
