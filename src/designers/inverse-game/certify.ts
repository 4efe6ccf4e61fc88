// Certification by the independent exact evaluator (src/evaluation): the designer's own
// numbers come from its training adversary; these come from exact best responses by backward
// induction, never seen by the gradient. Also picks which kept candidate is reported.
import { evaluate, type EvaluationReport } from "../../evaluation/evaluate.js";
import { NeuralMechanism } from "../../mechanisms/neural/mechanism.js";
import type { ParamValue } from "../../core/spec.js";
import type { DynamicProblem } from "../../problems/types.js";
import type { Candidate, Tolerances } from "./designer.js";

export interface Certified {
  candidate: Candidate;
  mechanism: NeuralMechanism;
  report: EvaluationReport;
  seconds: number;
}

export function certify(
  problem: DynamicProblem,
  mechParams: Record<string, ParamValue>,
  candidate: Candidate,
): Certified {
  const t0 = performance.now();
  const mechanism = new NeuralMechanism(problem, mechParams, candidate.theta);
  const report = evaluate(problem, mechanism, { mode: "exact" });
  return { candidate, mechanism, report, seconds: (performance.now() - t0) / 1000 };
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
