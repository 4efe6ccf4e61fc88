// Reusable PPO callbacks: periodic evaluation on fresh samples with a best-so-far checkpoint,
// and early stopping when the evaluation has not improved for a number of evaluations.
import type { Measured } from "../core/measured.js";
import type { IterationInfo, PpoCallback, PpoLearner } from "./ppo.js";

export interface EvalPoint {
  iteration: number;
  steps: number;
  value: number;
  stderr: number;
}

/**
 * Every `every` iterations (and at the last one) evaluate the learner; keep the curve and a
 * checkpoint of the best parameters. `evaluate` must use fresh samples each call.
 */
export class EvaluationCallback implements PpoCallback {
  readonly curve: EvalPoint[] = [];
  best:
    { iteration: number; value: number; params: { shape: number[]; data: number[] }[] } | undefined;

  constructor(
    readonly every: number,
    readonly lastIteration: number,
    readonly evaluate: (learner: PpoLearner) => Measured,
    readonly onEval?: (p: EvalPoint) => void,
  ) {}

  onIteration(info: IterationInfo, learner: PpoLearner): void {
    if (info.iteration % this.every !== 0 && info.iteration !== this.lastIteration) return;
    const m = this.evaluate(learner);
    const p = {
      iteration: info.iteration,
      steps: info.steps,
      value: m.value,
      stderr: m.stderr ?? 0,
    };
    this.curve.push(p);
    if (!this.best || m.value > this.best.value) {
      this.best = { iteration: info.iteration, value: m.value, params: learner.checkpoint() };
    }
    this.onEval?.(p);
  }
}

/** Stop when `source`'s best value has not improved by `minDelta` for `patience` evaluations. */
export class EarlyStopping implements PpoCallback {
  private seen = 0;
  private bestValue = -Infinity;
  private since = 0;

  constructor(
    readonly source: EvaluationCallback,
    readonly patience: number,
    readonly minDelta = 0,
  ) {}

  onIteration(): void | "stop" {
    if (this.source.curve.length === this.seen) return;
    this.seen = this.source.curve.length;
    const v = this.source.curve[this.seen - 1].value;
    if (v > this.bestValue + this.minDelta) {
      this.bestValue = v;
      this.since = 0;
    } else if (++this.since >= this.patience) return "stop";
  }
}

/** Progress reporting as a callback. */
export function progressCallback(f: (info: IterationInfo) => void): PpoCallback {
  return { onIteration: (info) => f(info) };
}
