// A designer searches the AMA class for the best principal objective (Curry et al. 2024 §4,
// Algorithm 1). Designers score candidates with the exact evaluator (evaluate.ts) or the
// smoothed twin (smooth-objective.ts); they never re-implement the model.
import type { AmaEnvironment } from "../environment.js";
import type { AmaParams } from "../params.js";

export interface DesignOptions {
  seed: number;
  /** Starting parameter vector θ (boosts, then log-weights); VCG (θ = 0) when omitted. */
  start?: Float64Array;
  onProgress?: (done: number, total: number, info?: Record<string, string | number>) => void;
}

export interface DesignTracePoint {
  step: number;
  /** Validation score (objective, exact evaluation) of the iterate at this step. */
  validation: number;
}

export interface DesignResult {
  params: AmaParams;
  /** The designer with its resolved settings, e.g. "smooth(alpha=0.01,...)". */
  designer: string;
  trace: DesignTracePoint[];
}

export interface AmaDesigner {
  design(env: AmaEnvironment, opts: DesignOptions): DesignResult;
}

/** +1 when the objective is maximized (revenue), −1 when minimized (loss). */
export const scoreSign = (env: AmaEnvironment): number => (env.objective === "revenue" ? 1 : -1);
