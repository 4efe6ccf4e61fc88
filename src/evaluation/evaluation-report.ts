// What the evaluator reports (evaluate.ts); its own module so that the exact evaluators it
// dispatches to (exact-report.ts, per-good-exact.ts) can build one without importing it.
import type { Measured } from "../core/measured.js";
import type { DeviationStep } from "./best-response-exact.js";
import type { ParticipationReport } from "./participation-exact.js";

export interface InitialTypeUtility {
  type: number[];
  probability?: number;
  /** Continuous types: the prior quantile the type sits at (interim-grid.ts). */
  quantile?: number;
  utility: Measured;
  /** Best deviation's gain for this initial type (exact mode). */
  exploitability?: Measured;
}

export interface AgentReport {
  agent: number;
  utility: Measured;
  utilityByInitialType?: InitialTypeUtility[];
  exploitability: Measured;
  /** Exact mode: where the best deviation departs from truth. Sampled: the deviation found. */
  bestDeviation: DeviationStep[] | string;
}

export interface EvaluationReport {
  problem: string;
  mechanism: string;
  mode: "exact" | "sampled";
  /** Mode auto: why it chose sampled evaluation. */
  modeNote?: string;
  seed: number;
  samples?: number;
  revenue: Measured;
  profit: Measured;
  welfare: Measured;
  exploitability: Measured & { lowerBound: boolean };
  /** What the deviator is assumed to know, and what kind of bound the number is. */
  exploitabilityNote: string;
  irNotion: "interim";
  /** The smallest truthful utility over agents and initial types (interim IR holds iff ≥ 0). */
  minInterimUtility?: Measured;
  /** Periodic and ex-post participation, subsidies and walking away (participation-exact.ts). */
  participation?: ParticipationReport;
  agents: AgentReport[];
}
