// Certification by the independent evaluators (src/evaluation): the designer's own numbers come
// from its training adversary; these come from exact best responses by backward induction
// (discrete types) or, for continuous types, from a fresh sample with the structured deviations
// and a deviation policy trained from scratch (a lower bound with its standard error) and
// interim utilities on a grid of initial types — never seen by the gradient. Also picks which
// kept candidate is reported.
import type { EvaluationReport } from "../../evaluation/evaluate.js";
import type { Mechanism } from "../../mechanisms/types.js";
import type { Candidate, Tolerances } from "./designer.js";

// The certificate itself lives with the evaluators (the handicap designer uses it too).
export {
  certificate,
  type CertifyProgress,
  type SampledCertificate,
} from "../../evaluation/certificate.js";

/** The sampled certificate's seed is the run's plus this (its interim grid: plus this + 1). */
export const CERTIFICATE_SEED_OFFSET = 104_729;

export interface Certified {
  candidate: Candidate;
  mechanism: Mechanism;
  report: EvaluationReport;
  seconds: number;
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
