// Certification by the independent evaluators (src/evaluation): the designer's own numbers come
// from its training adversary; these come from exact best responses by backward induction
// (discrete types) or, for continuous types, from a fresh sample with the structured deviations
// and a deviation policy trained from scratch (a lower bound with its standard error) and
// interim utilities on a grid of initial types — never seen by the gradient. Also picks which
// kept candidate is reported.
import { evaluate, type EvaluationReport } from "../../evaluation/evaluate.js";
import { INTERIM_QUANTILES, interimUtilityGrid } from "../../evaluation/interim-grid.js";
import type { Mechanism } from "../../mechanisms/types.js";
import type { DynamicProblem } from "../../problems/types.js";
import type { Candidate, Tolerances } from "./designer.js";

export interface Certified {
  candidate: Candidate;
  mechanism: Mechanism;
  report: EvaluationReport;
  seconds: number;
}

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

/** Certified feasible (exploitability and IR within tolerance) with the highest revenue; else
 * the one closest to feasibility. */
export function choose(certified: Certified[], tol: Tolerances): Certified {
  const viol = (c: Certified) =>
    Math.max(0, c.report.exploitability.value - tol.regret) +
    Math.max(0, -(c.report.minInterimUtility?.value ?? 0) - tol.ir);
  const feasible = certified.filter((c) => viol(c) === 0);
  if (feasible.length > 0)
    return feasible.reduce((a, b) => (b.report.revenue.value > a.report.revenue.value ? b : a));
  return certified.reduce((a, b) => (viol(b) < viol(a) ? b : a));
}
