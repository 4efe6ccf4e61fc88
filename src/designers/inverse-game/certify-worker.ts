// Worker thread of certify-thread.ts: for each job, rebuild the problem and the saved
// mechanism, certify it, post the evaluator's progress as it goes and the report at the end.
import { parentPort } from "node:worker_threads";
import { UsageError } from "../../core/errors.js";
import { initEngine } from "../../engine/jax.js";
import type { EvaluationReport } from "../../evaluation/evaluate.js";
import { loadMechanism } from "../../mechanisms/saved.js";
import { buildProblem } from "../../problems/registry.js";
import { certificate, type SampledCertificate } from "./certify.js";

export interface CertifyJob {
  /** The problem's name, as buildProblem reads it. */
  problem: string;
  /** The mechanism's saved file (saveMechanism). */
  mechanism: string;
  /** The sampled certificate's sizes; absent: exact. */
  sampled?: SampledCertificate;
}

export type CertifyReply =
  | { progress: { done: number; total: number; stage: string } }
  | { report: EvaluationReport }
  | { error: string }
  /** A refusal of the input: rethrown as the same UsageError (exit 2, the field named). */
  | { usage: { field: string; message: string } };

// Only as a worker thread (the types above are imported by certify-thread.ts).
if (parentPort) {
  const port = parentPort;
  const reply = (m: CertifyReply) => port.postMessage(m);
  const ready = initEngine();
  port.on("message", async (job: CertifyJob) => {
    try {
      await ready;
      const problem = buildProblem(job.problem);
      const mechanism = loadMechanism(job.mechanism, problem, "certified mechanism");
      const report = certificate(problem, mechanism, job.sampled, (done, total, stage) =>
        reply({ progress: { done, total, stage } }),
      );
      reply({ report });
    } catch (e) {
      if (e instanceof UsageError)
        // e.message is "<field>: <message>"; the thread rebuilds it from the parts.
        reply({ usage: { field: e.field, message: e.message.slice(e.field.length + 2) } });
      else reply({ error: (e as Error).stack ?? String(e) });
    }
  });
}
