// Certifying a run's kept candidates, in turn: each one's mechanism (with the participation
// rebate first, when the run pays one), then its certificate — both on a worker thread when
// the run has a signal (the CLI's Ctrl-C), which an abort ends at once. The stages go to the progress
// callback as they run; certifying a T = 5 candidate takes minutes. Also one mechanism's
// certificate likewise (the warm start's).
import type { EvaluationReport } from "../../evaluation/evaluate.js";
import type { ResidualMechanism } from "../../mechanisms/neural/residual.js";
import type { Mechanism } from "../../mechanisms/types.js";
import type { DynamicProblem } from "../../problems/types.js";
import {
  certificate,
  type Certified,
  type CertifyProgress,
  type SampledCertificate,
} from "./certify.js";
import { CertificationAborted, CertifyThread } from "./certify-thread.js";
import type { Candidate } from "./designer.js";
import { participationRebate, type RebateInfo } from "./participation-rebate.js";

/** One mechanism's certificate, on a thread that an abort of `signal` ends (then undefined). */
export async function certifyMechanism(
  problem: DynamicProblem,
  mechanism: Mechanism,
  sampled: SampledCertificate | undefined,
  opts: { signal?: AbortSignal; onProgress?: CertifyProgress },
): Promise<EvaluationReport | undefined> {
  if (!opts.signal) return certificate(problem, mechanism, sampled, opts.onProgress);
  const thread = new CertifyThread(opts.signal);
  try {
    return await thread.certify(problem, mechanism, sampled, opts.onProgress);
  } catch (e) {
    if (e instanceof CertificationAborted) return undefined;
    throw e;
  } finally {
    thread.close();
  }
}

export type { RebateInfo };

export interface CandidateCertification {
  /** Candidate → its mechanism (without a rebate). */
  mechanismOf: (theta: Float32Array[]) => Mechanism;
  /** With a rebate: candidate → the residual mechanism it is paid on, and the rebate's draws. */
  rebate?: {
    residualOf: (theta: Float32Array[]) => ResidualMechanism;
    samples: number;
    seed: number;
  };
  /** Absent: the exact certificate. */
  sampled?: SampledCertificate;
  signal?: AbortSignal;
  /** Candidate k of `count`'s progress within `stage`. */
  onProgress: (k: number, count: number) => CertifyProgress;
}

/** The certified candidates and the rebate paid on each; undefined when aborted (Ctrl-C). */
export async function certifyCandidates(
  problem: DynamicProblem,
  candidates: Candidate[],
  opts: CandidateCertification,
): Promise<{ certified: Certified[]; rebates: Map<Candidate, RebateInfo> } | undefined> {
  const certified: Certified[] = [];
  const rebates = new Map<Candidate, RebateInfo>();
  const thread = opts.signal ? new CertifyThread(opts.signal) : undefined;
  try {
    for (const [k, c] of candidates.entries()) {
      const onProgress = opts.onProgress(k, candidates.length);
      const t = performance.now();
      let mechanism: Mechanism;
      let report;
      try {
        if (!opts.rebate) {
          mechanism = opts.mechanismOf(c.theta);
          report = thread
            ? await thread.certify(problem, mechanism, opts.sampled, onProgress)
            : certificate(problem, mechanism, opts.sampled, onProgress);
        } else {
          const residual = opts.rebate.residualOf(c.theta);
          const draws = { samples: opts.rebate.samples, seed: opts.rebate.seed };
          let info: RebateInfo;
          if (thread) {
            // On the thread (a Ctrl-C ends it at once); the rebated mechanism rebuilt here.
            const r = await thread.rebateAndCertify(
              problem,
              residual,
              draws,
              opts.sampled,
              onProgress,
            );
            info = r.rebate!;
            report = r.report;
            mechanism = residual.withRebate(problem, info.rebate);
          } else {
            const r = participationRebate(problem, residual, {
              ...draws,
              onProgress: (done, total) => onProgress(done, total, "participation rebate"),
            });
            ({ mechanism, ...info } = r);
            report = certificate(problem, mechanism, opts.sampled, onProgress);
          }
          rebates.set(c, info);
        }
      } catch (e) {
        if (e instanceof CertificationAborted) return undefined;
        throw e;
      }
      certified.push({ candidate: c, mechanism, report, seconds: (performance.now() - t) / 1000 });
    }
  } finally {
    thread?.close();
  }
  return { certified, rebates };
}
