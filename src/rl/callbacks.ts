// PPO's callbacks on the shared lifecycle (core/callbacks.ts): periodic evaluation on fresh
// samples, and iteration hooks. Keeping the best parameters and early stopping are the shared
// KeepBest / EarlyStop on the metric `evaluation` that the evaluation callback adds to the
// record (so it must come before them in the list).
import type { StepRecord } from "../core/callbacks.js";
import type { Measured } from "../core/measured.js";
import type { IterationInfo, PpoCallback, PpoLearner } from "./ppo.js";

/** The metric name EvaluationCallback writes into the record of an evaluated iteration. */
export const EVALUATION = "evaluation";

/** One evaluation, with the PPO diagnostics of its iteration. */
export interface EvalPoint {
  iteration: number;
  steps: number;
  value: number;
  stderr: number;
  approxKl: number;
  clipFraction: number;
  entropy: number;
  explainedVariance: number;
}

/** The iteration's IterationInfo back from its record. */
export function iterationInfo(record: StepRecord): IterationInfo {
  return { ...(record.metrics as Omit<IterationInfo, "iteration">), iteration: record.step };
}

/**
 * Every `every` iterations (and at the last one) evaluate the learner, keep the curve, and set
 * `record.metrics.evaluation` for the callbacks after it. `evaluate` must use fresh samples.
 */
export class EvaluationCallback implements PpoCallback {
  readonly name = "evaluation";
  readonly curve: EvalPoint[] = [];

  constructor(
    readonly every: number,
    readonly lastIteration: number,
    readonly evaluate: (learner: PpoLearner) => Measured,
    readonly onEval?: (p: EvalPoint) => void,
  ) {}

  onStep(record: StepRecord, learner: PpoLearner): void {
    if (record.step % this.every !== 0 && record.step !== this.lastIteration) return;
    const m = this.evaluate(learner);
    const info = iterationInfo(record);
    const p: EvalPoint = {
      iteration: record.step,
      steps: info.steps,
      value: m.value,
      stderr: m.stderr ?? 0,
      approxKl: info.approxKl,
      clipFraction: info.clipFraction,
      entropy: info.entropy,
      explainedVariance: info.explainedVariance,
    };
    record.metrics[EVALUATION] = m.value;
    this.curve.push(p);
    this.onEval?.(p);
  }
}

/** Calls `f` with every iteration's IterationInfo (progress bars, logs). */
export function onIteration(f: (info: IterationInfo) => void): PpoCallback {
  return { onStep: (record) => f(iterationInfo(record)) };
}
