// Worker thread of certify-thread.ts: rebuild the problem and the saved mechanism, certify it,
// post the evaluator's progress as it goes and the report at the end.
import { parentPort, workerData } from "node:worker_threads";
import { initEngine } from "../../engine/jax.js";
import { loadMechanism } from "../../mechanisms/saved.js";
import { buildProblem } from "../../problems/registry.js";
import { certificate, type SampledCertificate } from "./certify.js";

const job = workerData as { problem: string; mechanism: string; sampled?: SampledCertificate };
try {
  await initEngine();
  const problem = buildProblem(job.problem);
  const mechanism = loadMechanism(job.mechanism, problem, "certified mechanism");
  const report = certificate(problem, mechanism, job.sampled, (done, total, stage) =>
    parentPort!.postMessage({ progress: { done, total, stage } }),
  );
  parentPort!.postMessage({ report });
} catch (e) {
  parentPort!.postMessage({ error: (e as Error).stack ?? String(e) });
}
