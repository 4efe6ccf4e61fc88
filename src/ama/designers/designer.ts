// A designer searches the AMA class for the best principal objective (Curry et al. 2024 §4,
// Algorithm 1). Designers score candidates with the exact evaluator (evaluate.ts) or the
// smoothed twin (smooth-objective.ts); they never re-implement the model.
import { CallbackList, type Callback, type StepRecord } from "../../core/callbacks.js";
import type { AmaEnvironment } from "../environment.js";
import type { AmaParams } from "../params.js";

export interface DesignOptions {
  seed: number;
  /** Starting parameter vector θ (boosts, then log-weights); VCG (θ = 0) when omitted. */
  start?: Float64Array;
  /**
   * The shared loop callbacks (src/core/callbacks.ts): a record per validation (gradient
   * designers) or per 100 grid points, metric `validation` or `best`; "stop" ends the search
   * early (EarlyStop, Ctrl-C) and the best so far is returned.
   */
  callbacks?: Callback[];
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

/** The designer's callbacks as one list, started with the planned number of steps. */
export function startCallbacks(opts: DesignOptions, total: number): CallbackList {
  const list = new CallbackList(opts.callbacks);
  list.onStart({ total, firstStep: 1 });
  return list;
}

/** Report a step; true when a callback asked to stop (the list is ended then). */
export function stepAndCheck(list: CallbackList, record: StepRecord): boolean {
  if (list.onStep(record, undefined) !== "stop") return false;
  list.onEnd({ step: record.step, stoppedBy: list.stoppedBy });
  return true;
}

/** +1 when the objective is maximized (revenue), −1 when minimized (loss). */
export const scoreSign = (env: AmaEnvironment): number => (env.objective === "revenue" ? 1 : -1);
