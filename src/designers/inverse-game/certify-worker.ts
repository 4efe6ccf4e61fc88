// Worker thread of certify-thread.ts: for each job, rebuild the problem and the saved
// mechanism, pay it the participation rebate first when the job asks (participation-rebate.ts),
// certify it, post the progress as it goes and the report (and the rebate) at the end.
import { parentPort } from "node:worker_threads";
import { UsageError } from "../../core/errors.js";
import { initEngine } from "../../engine/jax.js";
import type { EvaluationReport } from "../../evaluation/evaluate.js";
import { ResidualMechanism } from "../../mechanisms/neural/residual.js";
import { loadMechanism } from "../../mechanisms/saved.js";
import { buildProblem } from "../../problems/registry.js";
import { certificate, type SampledCertificate } from "./certify.js";
import { participationRebate, type RebateInfo } from "./participation-rebate.js";

export interface CertifyJob {
  /** The problem's name, as buildProblem reads it. */
  problem: string;
  /** The mechanism's saved file (saveMechanism). */
  mechanism: string;
  /** The sampled certificate's sizes; absent: exact. */
  sampled?: SampledCertificate;
  /** Pay the participation rebate on these draws first (a start=handicap design). */
  rebate?: { samples: number; seed: number };
}

export type CertifyReply =
  | { progress: { done: number; total: number; stage: string } }
  | { report: EvaluationReport; rebate?: RebateInfo }
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
      let mechanism = loadMechanism(job.mechanism, problem, "certified mechanism");
      let rebate: RebateInfo | undefined;
      if (job.rebate) {
        if (!(mechanism instanceof ResidualMechanism))
          throw new Error(`a rebate needs a start=handicap design, not ${mechanism.name}`);
        const { mechanism: rebated, ...info } = participationRebate(problem, mechanism, {
          ...job.rebate,
          onProgress: (done, total) =>
            reply({ progress: { done, total, stage: "participation rebate" } }),
        });
        mechanism = rebated;
        rebate = info;
      }
      const report = certificate(problem, mechanism, job.sampled, (done, total, stage) =>
        reply({ progress: { done, total, stage } }),
      );
      reply({ report, ...(rebate ? { rebate } : {}) });
    } catch (e) {
      if (e instanceof UsageError)
        // e.message is "<field>: <message>"; the thread rebuilds it from the parts.
        reply({ usage: { field: e.field, message: e.message.slice(e.field.length + 2) } });
      else reply({ error: (e as Error).stack ?? String(e) });
    }
  });
}
