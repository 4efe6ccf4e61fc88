// The certificate of one mechanism by the independent evaluators: exact (discrete types: exact
// best responses by backward induction, exact interim utilities) or sampled (continuous types: a
// fresh sample with the structured deviations and a deviation policy trained from scratch — a
// lower bound with its standard error — and interim utilities on a grid of initial types). The
// SGDA designers certify their candidates with it and the handicap designer its design.
import { evaluate, type EvaluationReport } from "./evaluate.js";
import { INTERIM_QUANTILES, interimUtilityGrid } from "./interim-grid.js";
import type { Mechanism } from "../mechanisms/types.js";
import type { DynamicProblem } from "../problems/types.js";

/** The evaluator's progress: `done` of `total` within `stage`. */
export type CertifyProgress = (done: number, total: number, stage: string) => void;

/** What the sampled certificate (continuous types) spends. */
export interface SampledCertificate {
  /** Trajectories for revenue and the structured deviations. */
  samples: number;
  /** Fresh adversary: REINFORCE iterations (0 = structured deviations only) and batch. */
  adversary: number;
  adversaryBatch: number;
  /** The fresh adversary's update (fresh-adversary.ts): Adam (default) or the natural-gradient step. */
  certifyUpdate?: "adam" | "npg";
  /** Trajectories per point of the interim grid. */
  interimSamples: number;
  seed: number;
}

/**
 * The certificate of one mechanism: exact (discrete types, `sampled` absent) or sampled with
 * the interim grid. The same on a worker thread (certify-thread.ts).
 */
export function certificate(
  problem: DynamicProblem,
  mechanism: Mechanism,
  sampled?: SampledCertificate,
  onProgress?: CertifyProgress,
): EvaluationReport {
  if (!sampled) return evaluate(problem, mechanism, { mode: "exact", onProgress });
  const report = evaluate(problem, mechanism, {
    mode: "sampled",
    onProgress,
    samples: sampled.samples,
    seed: sampled.seed,
    adversary:
      sampled.adversary > 0
        ? {
            iterations: sampled.adversary,
            batch: sampled.adversaryBatch,
            update: sampled.certifyUpdate,
          }
        : undefined,
  });
  // Minutes at 50 000 trajectories per point: its points go to the progress bar too.
  let points = 0;
  const total = problem.agents * INTERIM_QUANTILES.length;
  const grid = interimUtilityGrid(problem, mechanism, {
    samples: sampled.interimSamples,
    seed: sampled.seed + 1,
    onPoint: () => onProgress?.(++points, total, "interim grid"),
  });
  report.minInterimUtility = grid.min;
  report.agents.forEach((a, i) => (a.utilityByInitialType = grid.byAgent[i]));
  return report;
}
